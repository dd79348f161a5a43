/* store-changes.c - a list of uncommitted changes: its kinds, its
 * order, freeing it */
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

cc_change_kind cc__change_kind(unsigned int st)
{
	int deleted = (st & (GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_DELETED)) != 0;
	int added = (st & (GIT_STATUS_INDEX_NEW | GIT_STATUS_WT_NEW)) != 0;

	if (deleted && !(st & GIT_STATUS_WT_NEW))
		return CC_CHANGE_DELETED;
	if (added && !(st & GIT_STATUS_INDEX_DELETED))
		return CC_CHANGE_ADDED;
	return CC_CHANGE_MODIFIED;
}

static int cmp_change(const void *a, const void *b)
{
	return strcmp(((const cc_change *)a)->path, ((const cc_change *)b)->path);
}

int cc__changes_finish(cc_change *v, size_t cnt, int err, cc_change **out, size_t *n)
{
	if (err) {
		cc_changes_free(v, cnt);
		return err;
	}
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), cmp_change);
	if (!cnt) {
		free(v);
		v = NULL;
	}
	*out = v;
	*n = cnt;
	return 0;
}

void cc_changes_free(cc_change *c, size_t n)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < n; i++)
		free(c[i].path);
	free(c);
}
