/* event-read.c - the records of an event folder of a case, newest first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "event-read-int.h"
#include "record-io-int.h"

void cc__ev_records_free(cc_ev_record *r, size_t n)
{
	size_t i;

	for (i = 0; r && i < n; i++) {
		free(r[i].name);
		cc_doc_free(r[i].doc);
	}
	free(r);
}

static const char *date_of(const cc_ev_record *r)
{
	const char *d = cc_map_str(cc_doc_root(r->doc), "date");
	return d ? d : "";
}

static int newest_first(const void *x, const void *y)
{
	const cc_ev_record *a = x, *b = y;
	int r = strcmp(date_of(b), date_of(a));

	if (r)
		return r;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return strcmp(b->name, a->name);
}

/* Walking the folder's history newest first: which record each commit
 * added. */
struct order {
	cc_store *s;
	const char *dir, *folder;
	cc_ev_record *r;
	size_t n, left;
	long seq;
};

static int added_by(const cc_log_entry *e, void *payload)
{
	struct order *o = payload;
	char parent[48], path[512], **now = NULL, **before = NULL;
	size_t nn = 0, nb = 0, i, k;
	int err;

	if ((err = cc_store_list_at(o->s, e->oid, o->dir, &now, &nn)))
		return err;
	if (e->parents) {
		snprintf(parent, sizeof(parent), "%s^", e->oid);
		if ((err = cc_store_list_at(o->s, parent, o->dir, &before, &nb)))
			goto out;
	}
	for (i = 0; i < nn; i++) {
		for (k = 0; k < nb && strcmp(now[i], before[k]); k++)
			;
		if (k < nb)
			continue;
		snprintf(path, sizeof(path), "%s/%s", o->folder, now[i]);
		for (k = 0; k < o->n; k++)
			if (o->r[k].seq < 0 && !strcmp(o->r[k].name, path)) {
				o->r[k].seq = o->seq;
				o->left--;
			}
	}
	o->seq++;
	err = o->left ? 0 : 1;
out:
	cc_strv_free(now, nn);
	cc_strv_free(before, nb);
	return err;
}

/* Give the records their commit order when two share a date. */
static int order_by_history(cc_store *s, const char *dir, const char *folder,
	cc_ev_record *r, size_t n)
{
	struct order o = { s, dir, folder, r, n, n, 0 };
	size_t i, k;
	int err, tie = 0;

	for (i = 0; !tie && i < n; i++)
		for (k = i + 1; !tie && k < n; k++)
			tie = !strcmp(date_of(&r[i]), date_of(&r[k]));
	if (!tie)
		return 0;
	err = cc_store_log(s, dir, added_by, &o);
	return err < 0 ? err : 0;
}

int cc__ev_read_all(cc_store *s, const char *case_dir, const char *folder,
	cc_ev_record **out, size_t *n)
{
	char dir[256], path[512], **names = NULL;
	cc_ev_record *r = NULL;
	size_t nn = 0, i, k = 0;
	int err;

	*out = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "%s/%s", case_dir, folder);
	if ((err = cc_store_list(s, dir, &names, &nn)))
		return err;
	if (nn && !(r = calloc(nn, sizeof(*r)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < nn; i++) {
		size_t l = strlen(names[i]);
		if (l < 3 || strcmp(names[i] + l - 3, ".md"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		r[k].seq = -1;
		if ((err = cc__rio_doc(s, path, 0, &r[k].doc)))
			goto out;
		snprintf(path, sizeof(path), "%s/%s", folder, names[i]);
		if (!(r[k++].name = strdup(path))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (k > 1 && (err = order_by_history(s, dir, folder, r, k)))
		goto out;
	if (k > 1)
		qsort(r, k, sizeof(*r), newest_first);
	*out = r;
	*n = k;
	r = NULL;
out:
	cc__ev_records_free(r, k);
	cc_strv_free(names, nn);
	return err;
}
