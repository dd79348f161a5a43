/* store-hindex-table.c - the per-case history index: the lines of many
 * commits gathered case by case (a rebuild, a merge catch-up), and which
 * bucket file a case's lines live in (the format is in store-hindex-int.h) */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/id.h"
#include "store-hindex-int.h"

size_t cc__hx_bucket_of(const char *id)
{
	const char *a = strchr(cc_id_alphabet, id[2]), *b = strchr(cc_id_alphabet, id[3]);

	return (size_t)(a - cc_id_alphabet) * 32 + (size_t)(b - cc_id_alphabet);
}

static size_t id_hash(const char *id, size_t cap)
{
	size_t h = 1469598103934665603u;

	while (*id)
		h = (h ^ (unsigned char)*id++) * 1099511628211u;
	return h & (cap - 1);
}

static cc__hx_slot *table_get(cc__hx_table *t, const char *id)
{
	size_t k, i;

	if (t->used * 2 >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		cc__hx_slot *nt = calloc(cap, sizeof(*nt));
		if (!nt)
			return NULL;
		for (i = 0; i < t->cap; i++)
			if (t->t[i].id[0]) {
				for (k = id_hash(t->t[i].id, cap); nt[k].id[0]; k = (k + 1) & (cap - 1))
					;
				nt[k] = t->t[i];
			}
		free(t->t);
		t->t = nt;
		t->cap = cap;
	}
	for (k = id_hash(id, t->cap); t->t[k].id[0]; k = (k + 1) & (t->cap - 1))
		if (!strcmp(t->t[k].id, id))
			return &t->t[k];
	memcpy(t->t[k].id, id, CC_ID_LEN + 1);
	t->used++;
	return &t->t[k];
}

int cc__hx_collect(const char *id, const git_tree_entry *nw, const git_tree_entry *old,
	void *payload)
{
	cc__hx_table *t = payload;
	cc__hx_slot *sl = table_get(t, id);

	if (!sl)
		return -1;
	if (sl->n == sl->cap) {
		size_t cap = sl->cap ? sl->cap * 2 : 4;
		cc__hx_line *nv = realloc(sl->v, cap * sizeof(*nv));
		if (!nv)
			return -1;
		sl->v = nv;
		sl->cap = cap;
	}
	if (cc__hx_describe(t->tc, t->cur, id, nw, old, &sl->v[sl->n]))
		return -1;
	sl->n++;
	return 0;
}

void cc__hx_table_free(cc__hx_table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->t[i].v);
	free(t->t);
}
