/* store-oidmap.c - a map from commit id to commit id (open addressing) */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "store-oidmap-int.h"

static size_t slot(const cc__oidmap *m, const git_oid *k)
{
	size_t h;

	memcpy(&h, k->id, sizeof(h));
	h &= m->cap - 1;
	while (m->used[h] && !git_oid_equal(&m->keys[h], k))
		h = (h + 1) & (m->cap - 1);
	return h;
}

int cc__oidmap_put(cc__oidmap *m, const git_oid *k, const git_oid *v)
{
	size_t i, h;

	if ((m->n + 1) * 2 > m->cap) {
		cc__oidmap nm = { 0 };
		nm.cap = m->cap ? m->cap * 2 : 1024;
		nm.keys = calloc(nm.cap, sizeof(git_oid));
		nm.vals = calloc(nm.cap, sizeof(git_oid));
		nm.used = calloc(nm.cap, 1);
		if (!nm.keys || !nm.vals || !nm.used) {
			free(nm.keys); free(nm.vals); free(nm.used);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		for (i = 0; i < m->cap; i++)
			if (m->used[i])
				cc__oidmap_put(&nm, &m->keys[i], &m->vals[i]);
		free(m->keys); free(m->vals); free(m->used);
		*m = nm;
	}
	h = slot(m, k);
	if (!m->used[h])
		m->n++;
	m->used[h] = 1;
	git_oid_cpy(&m->keys[h], k);
	git_oid_cpy(&m->vals[h], v);
	return 0;
}

const git_oid *cc__oidmap_get(const cc__oidmap *m, const git_oid *k)
{
	size_t h;

	if (!m->cap)
		return NULL;
	h = slot(m, k);
	return m->used[h] ? &m->vals[h] : NULL;
}

void cc__oidmap_free(cc__oidmap *m)
{
	free(m->keys); free(m->vals); free(m->used);
	memset(m, 0, sizeof(*m));
}
