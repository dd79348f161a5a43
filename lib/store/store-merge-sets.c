/* store-merge-sets.c - what the merge files share: sets of case IDs,
 * and reading a blob to merge */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "store-net-int.h"

/* --- sets of case IDs -------------------------------------------------- */

static int strset_add(strset *set, const char *s, size_t len)
{
	char **nv;
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strlen(set->v[i]) == len && !strncmp(set->v[i], s, len))
			return 0;
	if (!(nv = realloc(set->v, (set->n + 1) * sizeof(*nv))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	set->v = nv;
	if (!(set->v[set->n] = strndup(s, len)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	set->n++;
	return 0;
}

/* The case ID of "cases/A/B/ID/...", or the whole path for other files
 * when ALL is set. */
int cc__add_case_of(strset *set, const char *path, int all)
{
	const char *p, *e;

	if (!strncmp(path, "cases/", 6) && (p = strchr(path + 6, '/')) &&
	    (p = strchr(p + 1, '/')) && (e = strchr(p + 1, '/')))
		return strset_add(set, p + 1, (size_t)(e - p - 1));
	return all ? strset_add(set, path, strlen(path)) : 0;
}

int cc__read_blob(cc_store *s, const git_oid *id, git_blob **out)
{
	if (git_blob_lookup(out, s->repo, id) < 0)
		return cc__git_error(CC_EIO, "cannot read a file to merge");
	return 0;
}
