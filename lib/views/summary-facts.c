/* summary-facts.c - computing a part of the summary from the case's
 * files, with the key of every file read (taken before reading it) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/case.h"
#include "casectl/model/consent-record.h"
#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/model/records.h"
#include "casectl/store/sync.h"
#include "casectl/views/view.h"
#include "summary-int.h"
#include "../model/record-io-int.h"

/* The key being built: a growing array, copied into the summary at the end. */
typedef struct {
	cc_summary *sm;
	const char *id;
	cc__sum_stat *v;
	size_t n, cap;
} keybuf;

static int key_add(keybuf *k, const char *name)
{
	if (k->n == k->cap) {
		size_t ncap = k->cap ? k->cap * 2 : 8;
		cc__sum_stat *nv = realloc(k->v, ncap * sizeof(*nv));
		if (!nv)
			return cc_error_set(CC_ENOMEM, "out of memory");
		k->v = nv;
		k->cap = ncap;
	}
	if (!(k->v[k->n].name = cc__sum_strdup(k->sm, name)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	cc__sum_stat_take(k->sm, k->id, name, &k->v[k->n]);
	k->n++;
	return 0;
}

static int key_finish(keybuf *k, cc__sum_key *out)
{
	out->start = k->sm->start;
	out->n = k->n;
	out->v = cc__sum_alloc(k->sm, (k->n ? k->n : 1) * sizeof(*out->v));
	if (!out->v)
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (k->n)
		memcpy(out->v, k->v, k->n * sizeof(*out->v));
	return 0;
}

/* *DST = a copy of SRC (NULL stays NULL). */
static int dup(cc_summary *sm, const char *src, const char **dst)
{
	*dst = cc__sum_strdup(sm, src);
	return src && !*dst ? cc_error_set(CC_ENOMEM, "out of memory") : 0;
}

int cc__sum_case_compute(cc_summary *sm, const char *id, cc_sum_case *out, cc__sum_key *key,
	int *clean)
{
	static const char *const keys[CC_SUM_NFIELDS] = {
		[CC_SUM_STATUS] = "status", [CC_SUM_PHASE] = "phase",
		[CC_SUM_OPENED] = "opened", [CC_SUM_REVIEW] = "review",
		[CC_SUM_REF] = "ref", [CC_SUM_FOLLOW_UP] = "follow-up",
		[CC_SUM_MANAGER_NAME] = "manager.name", [CC_SUM_MANAGER_EMAIL] = "manager.email",
		[CC_SUM_CLIENT_NAME] = "client.name"
	};
	keybuf k = { sm, id, NULL, 0, 0 };
	cc_case *c = NULL;
	char *json = NULL;
	int err, k2, listed = 0;

	memset(out, 0, sizeof(*out));
	/* the folder (its names go into the JSON), then case.md */
	if ((err = key_add(&k, "")) || (err = key_add(&k, CC_CASE_FILE)) ||
	    (err = cc_case_load(sm->s, id, &c)))
		goto out;
	for (k2 = 0; !err && k2 < CC_SUM_NFIELDS; k2++)
		err = dup(sm, cc_case_get(c, keys[k2]), &out->field[k2]);
	if (err)
		goto out;
	out->closed = cc_case_is_closed(c);
	out->conflicted = cc_doc_conflicted(cc_case_doc(c));
	if ((err = cc_view_case_json(sm->s, c, &json, &listed)) ||
	    (err = dup(sm, json, &out->json)) || (err = key_finish(&k, key)))
		goto out;
	if (!listed)
		*clean = 0;
out:
	free(json);
	free(k.v);
	cc_case_free(c);
	return err;
}


static int plan_facts(keybuf *k, const char *dir, cc_sum_work *w, int *clean)
{
	cc_summary *sm = k->sm;
	char path[256];
	cc_doc *plan;
	cc_node *goals, *g;
	cc_sum_goal *v;
	const char *due;
	size_t i, n;
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, CC_PLAN_FILE);
	if ((err = key_add(k, CC_PLAN_FILE)) || (err = cc__rio_doc_lenient(sm->s, path, &plan, clean)) ||
	    !plan)
		return err;
	err = dup(sm, cc_map_str(cc_doc_root(plan), "review"), &w->plan_review);
	goals = cc_map_get(cc_doc_root(plan), "goals");
	n = goals ? cc_node_count(goals) : 0;
	if (!err && n && !(w->goals = v = cc__sum_alloc(sm, n * sizeof(*v))))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; !err && i < n; i++) {
		g = cc_node_at(goals, i);
		if (cc_node_kind(g) != CC_NODE_MAP || !(due = cc_map_str(g, "due")))
			continue;
		if (!(err = dup(sm, due, &v[w->ngoals].due)) &&
		    !(err = dup(sm, cc_map_str(g, "status"), &v[w->ngoals].status)) &&
		    !(err = dup(sm, cc_map_str(g, "id"), &v[w->ngoals].id)))
			w->ngoals++;
	}
	cc_doc_free(plan);
	return err;
}

/* The names in DIR/SUB, each added to the key after the folder. */
static int list_keyed(keybuf *k, const char *dir, const char *sub, int each,
	char ***names, size_t *n)
{
	char rel[256], name[512];
	size_t i;
	int err;

	snprintf(rel, sizeof(rel), "%s/%s", dir, sub);
	if ((err = key_add(k, sub)) || (err = cc_store_list(k->sm->s, rel, names, n)))
		return err;
	for (i = 0; each && !err && i < *n; i++) {
		snprintf(name, sizeof(name), "%s/%s", sub, (*names)[i]);
		err = key_add(k, name);
	}
	return err;
}

static int link_facts(keybuf *k, const char *dir, cc_sum_work *w, int *clean)
{
	cc_summary *sm = k->sm;
	char path[512], **names = NULL;
	size_t n = 0, i;
	cc_sum_link *v = NULL;
	cc_doc *doc;
	cc_node *hist, *last;
	const char *st, *when, *svc;
	int err;

	if ((err = list_keyed(k, dir, CC_DIR_LINKS, 1, &names, &n)))
		goto out;
	if (n && !(w->links = v = cc__sum_alloc(sm, n * sizeof(*v)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; !err && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", dir, CC_DIR_LINKS, names[i]);
		if ((err = cc__rio_doc_lenient(sm->s, path, &doc, clean)) || !doc)
			continue;
		st = cc_map_str(cc_doc_root(doc), "status");
		hist = cc_map_get(cc_doc_root(doc), "history");
		last = hist && cc_node_count(hist) ? cc_node_at(hist, cc_node_count(hist) - 1) : NULL;
		when = last && cc_node_kind(last) == CC_NODE_MAP ? cc_map_str(last, "date") : NULL;
		svc = cc_map_str(cc_doc_root(doc), "service");
		if (st && when && !(err = dup(sm, svc ? svc : names[i], &v[w->nlinks].label)) &&
		    !(err = dup(sm, st, &v[w->nlinks].status)) &&
		    !(err = dup(sm, when, &v[w->nlinks].date)))
			w->nlinks++;
		cc_error_clear();
		cc_doc_free(doc);
	}
out:
	cc_strv_free(names, n);
	return err;
}

/* The newest journal file's date: the names start with it. */
static int journal_facts(keybuf *k, const char *dir, cc_sum_work *w)
{
	char last[CC_DATE_STRLEN] = "", **names;
	size_t n, i;
	int err;

	if ((err = list_keyed(k, dir, CC_DIR_JOURNAL, 0, &names, &n)))
		return err;
	for (i = 0; i < n; i++)
		if (strlen(names[i]) >= 10 && strncmp(names[i], last, 10) > 0) {
			memcpy(last, names[i], 10);
			last[10] = '\0';
		}
	cc_strv_free(names, n);
	return *last ? dup(k->sm, last, &w->last_journal) : 0;
}

static int consent_facts(keybuf *k, const char *dir, cc_sum_work *w)
{
	static const cc_date dawn = { 1, 1, 1 };   /* so that none has expired */
	cc_summary *sm = k->sm;
	char **names;
	cc_consent *c;
	cc_sum_consent *v = NULL;
	size_t nn, n, i;
	int err;

	if ((err = list_keyed(k, dir, CC_DIR_CONSENT, 1, &names, &nn)))
		return err;
	cc_strv_free(names, nn);
	if ((err = cc_consents_load(sm->s, dir, dawn, &c, &n)))
		return err;
	if (n && !(w->consents = v = cc__sum_alloc(sm, n * sizeof(*v))))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; !err && i < n; i++) {
		if (!c[i].expires[0])
			continue;
		/* renewed: a later grant to the same recipient stands */
		v[w->nconsents].withdrawn = c[i].state == CC_CONSENT_WITHDRAWN ||
			cc_consent_covering(c + i + 1, n - i - 1,
				(const char *const *)&c[i].to, 1) != NULL;
		if (!(err = dup(sm, c[i].id, &v[w->nconsents].id)) &&
		    !(err = dup(sm, c[i].expires, &v[w->nconsents].expires)))
			w->nconsents++;
	}
	cc_consents_free(c, n);
	return err;
}

int cc__sum_work_compute(cc_summary *sm, const char *id, cc_sum_work *w, cc__sum_key *key,
	int *clean)
{
	keybuf k = { sm, id, NULL, 0, 0 };
	char dir[CC_ID_DIR_MAX];
	int err;

	memset(w, 0, sizeof(*w));
	if (!(err = cc_id_dir(id, dir)) && !(err = plan_facts(&k, dir, w, clean)) &&
	    !(err = link_facts(&k, dir, w, clean)) &&
	    !(err = journal_facts(&k, dir, w)) && !(err = consent_facts(&k, dir, w)))
		err = key_finish(&k, key);
	free(k.v);
	return err;
}
