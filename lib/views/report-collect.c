/* report-collect.c - the report's figures from the records of every case
 *
 * One pass over the cases of the working tree: case.md, plan.md and
 * the files in links/, journal/ and evaluations/.  Files that cannot be
 * parsed are skipped with a warning.  See report.h for what counts in a
 * period.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/util/id.h"
#include "casectl/model/records.h"
#include "report-int.h"
#include "../model/record-io-int.h"

#define PATH_MAX_LEN 512


/* A scalar value that is not empty, or NULL. */
static const char *val(const cc_node *m, const char *key)
{
	const char *v = m && cc_node_kind(m) == CC_NODE_MAP ? cc_map_str(m, key) : NULL;

	return v && *v ? v : NULL;
}

static const cc_node *sub(const cc_node *m, const char *key, cc_node_type kind)
{
	const cc_node *n = m && cc_node_kind(m) == CC_NODE_MAP ? cc_map_get(m, key) : NULL;

	return n && cc_node_kind(n) == kind ? n : NULL;
}

static long day_of(const char *s, int *ok)
{
	cc_date d;

	*ok = s && !cc_date_parse_iso(s, &d);
	if (!*ok) {
		cc_error_clear();
		return 0;
	}
	return (long)cc_date_to_days(d);
}

/* --- case.md ------------------------------------------------------------ */

/* One outcome of one evaluation of the case being read. */
typedef struct {
	char date[CC_DATE_STRLEN];
	char file[64];
	char goal[32];
	int outcome;
} outcome_item;

typedef struct {
	outcome_item *v;
	size_t n, cap;
} outcome_list;

typedef struct {
	cc_rdata *d;
	cc_store *s;
	const char *id;
	char dir[CC_ID_DIR_MAX];
	int active;          /* open at some time in the period */
	const cc_node *plan; /* plan.md front matter, or NULL */
	outcome_list outcomes;
} case_ctx;

static int lowercase(const char *s, char *out, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
	return 0;
}

static int case_facts(case_ctx *c, const cc_node *root)
{
	cc_rdata *d = c->d;
	const char *status = val(root, "status"), *v;
	const cc_node *mgr = sub(root, "manager", CC_NODE_MAP);
	long opened, closed;
	int has_opened, has_closed, is_open = !status || strcmp(status, "closed");
	cc_rrow *r;
	int err;

	d->total++;
	opened = day_of(val(root, "opened"), &has_opened);
	closed = day_of(val(root, "closed"), &has_closed);
	if (has_opened && cc__rdata_in(d, opened))
		d->opened++;
	if (!is_open && has_closed && cc__rdata_in(d, closed)) {
		d->closed++;
		if ((err = cc__rtab_get(&d->reasons, val(root, "close-reason"), NULL, &r)))
			return err;
		r->n[0]++;
	}
	if (cc__rdata_in_str(d, val(root, "reopened")))
		d->reopened++;
	c->active = (!has_opened || opened <= d->until_day) &&
		(is_open || !has_closed || closed >= d->since_day);
	d->active += c->active;
	if (is_open) {
		char email[256] = "";
		d->open_now++;
		if ((v = val(mgr, "email")))
			lowercase(v, email, sizeof(email));
		v = val(mgr, "name");
		if ((err = cc__rtab_get(&d->managers, v ? v : "", *email ? email : NULL, &r)))
			return err;
		r->n[0]++;
	}
	return 0;
}

/* --- plan.md ------------------------------------------------------------ */

/* The level of goal ID: the plan's "level" if it has the goal, else
 * from the ID's form (G0 macro, Gn meso, Gn.m micro); -1 if neither. */
static int goal_level(const cc_node *plan, const char *id)
{
	const cc_node *goals = sub(plan, "goals", CC_NODE_LIST);
	const cc_node *g = goals && id ? cc_list_find(goals, "id", id) : NULL;
	int l = g ? cc__rindex(cc__rlevels, CC_NLEVEL, val(g, "level")) : -1;

	if (l >= 0 || !id || id[0] != 'G' || !isdigit((unsigned char)id[1]))
		return l;
	if (!strcmp(id, "G0"))
		return CC_LVL_MACRO;
	return strchr(id, '.') ? CC_LVL_MICRO : CC_LVL_MESO;
}

static int plan_facts(case_ctx *c)
{
	const cc_node *goals = sub(c->plan, "goals", CC_NODE_LIST);
	size_t i, n = goals ? cc_node_count(goals) : 0;
	int err;

	for (i = 0; i < n; i++) {
		const cc_node *g = cc_node_at(goals, i);
		int l = cc__rindex(cc__rlevels, CC_NLEVEL, val(g, "level"));
		const char *st = val(g, "status"), *cost;
		int k = st ? cc__rindex(cc__rgstatus, CC_NGSTATUS, st) : CC_GS_OPEN;
		cc_rrow *r;

		if (cc_node_kind(g) != CC_NODE_MAP || l < 0)
			continue;
		if (k >= 0)
			c->d->goal_status[l][k]++;
		if (l != CC_LVL_MICRO || k == CC_GS_DROPPED || !(cost = val(g, "cost")))
			continue;
		if ((err = cc__rtab_get(&c->d->payers, val(g, "payer"), NULL, &r)))
			return err;
		r->n[0]++;
		r->sum += strtod(cost, NULL);
	}
	return 0;
}

/* --- the folders of accumulating records ------------------------------ */

typedef int (*file_fn)(case_ctx *c, const char *name, const cc_node *root);

static int each_file(case_ctx *c, const char *folder, file_fn fn)
{
	char dir[96], path[PATH_MAX_LEN], **names = NULL;
	size_t i, n = 0;
	int err;

	snprintf(dir, sizeof(dir), "%s/%s", c->dir, folder);
	if ((err = cc_store_list(c->s, dir, &names, &n))) {
		if (err == CC_ENOMEM)
			return err;
		cc_warn("%s; skipped (see 'casectl check')", cc_error_msg());
		cc_error_clear();
		return 0;
	}
	for (i = 0; !err && i < n; i++) {
		cc_doc *doc = NULL;
		size_t l = strlen(names[i]);
		if (l < 4 || strcmp(names[i] + l - 3, ".md"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!(err = cc__rio_doc_lenient(c->s, path, &doc, NULL)) && doc)
			err = fn(c, names[i], cc_doc_root(doc));
		cc_doc_free(doc);
	}
	cc_strv_free(names, n);
	return err;
}

/* journal/: the monthly contact sheet */
static int journal_fn(case_ctx *c, const char *name, const cc_node *root)
{
	const char *date = val(root, "date"), *by = val(root, "by"), *min;
	char month[8];
	cc_rrow *r;
	int k, err;
	long m;

	(void)name;
	if (!cc__rdata_in_str(c->d, date))
		return 0;
	memcpy(month, date, 7);
	month[7] = '\0';
	if ((err = cc__rtab_get(&c->d->contacts, month, by ? by : "", &r)))
		return err;
	r->n[0]++;
	if ((min = val(root, "minutes")) && (m = strtol(min, NULL, 10)) > 0 && m <= 1440)
		r->n[1] += m;
	if ((k = cc__rindex(cc__rkinds, CC_NKIND, val(root, "kind"))) >= 0)
		r->n[2 + k]++;
	return 0;
}

/* links/: referrals per service, status at the end of the period */
static int link_fn(case_ctx *c, const char *name, const cc_node *root)
{
	const cc_node *hist = sub(root, "history", CC_NODE_LIST);
	const char *slug = val(root, "service"), *st = NULL, *v;
	const char *informal = val(root, "informal");
	int in = 0, dated = 0, k, ok, err;
	size_t i, n = hist ? cc_node_count(hist) : 0;
	cc_rrow *r;

	(void)name;
	for (i = 0; i < n; i++) {
		const cc_node *h = cc_node_at(hist, i);
		long day = day_of(val(h, "date"), &ok);
		if (!ok || !(v = val(h, "status")))
			continue;
		dated = 1;
		in |= cc__rdata_in(c->d, day);
		if (day <= c->d->until_day)
			st = v;
	}
	if (!dated) {            /* no history: counts only without a period */
		if (c->d->has_since || c->d->has_until)
			return 0;
		in = 1;
		st = val(root, "status");
	}
	if (!in || (k = cc__rindex(cc__rlstatus, CC_NLSTATUS, st)) < 0)
		return 0;
	if ((informal && !strcmp(informal, "true")) || !slug)
		slug = "";
	if ((err = cc__rtab_get(&c->d->services, slug, NULL, &r)))
		return err;
	r->n[k]++;
	return 0;
}

/* evaluations/: decisions, and each goal's latest outcome */

static int eval_fn(case_ctx *c, const char *name, const cc_node *root)
{
	const char *date = val(root, "date");
	const cc_node *outs = sub(root, "outcomes", CC_NODE_LIST);
	size_t i, n = outs ? cc_node_count(outs) : 0;
	outcome_list *L = &c->outcomes;
	int k;

	if (!cc__rdata_in_str(c->d, date))
		return 0;
	if ((k = cc__rindex(cc__rdecisions, CC_NDECISION, val(root, "decision"))) >= 0)
		c->d->decisions[k]++;
	for (i = 0; i < n; i++) {
		const cc_node *o = cc_node_at(outs, i);
		const char *goal = val(o, "goal");
		int oc = cc__rindex(cc__rgstatus, CC_NGSTATUS, val(o, "outcome"));
		outcome_item *it;
		if (!goal || oc <= CC_GS_OPEN || strlen(goal) >= sizeof(it->goal))
			continue;
		if (L->n == L->cap) {
			size_t ncap = L->cap ? L->cap * 2 : 16;
			outcome_item *nv = realloc(L->v, ncap * sizeof(*nv));
			if (!nv)
				return cc_error_set(CC_ENOMEM, "out of memory");
			L->v = nv;
			L->cap = ncap;
		}
		it = &L->v[L->n++];
		snprintf(it->date, sizeof(it->date), "%s", date);
		snprintf(it->file, sizeof(it->file), "%s", name);
		snprintf(it->goal, sizeof(it->goal), "%s", goal);
		it->outcome = oc;
	}
	return 0;
}

/* By goal, then the latest last (date, then file name). */
static int cmp_outcome(const void *x, const void *y)
{
	const outcome_item *a = x, *b = y;
	int r;

	if ((r = strcmp(a->goal, b->goal)) || (r = strcmp(a->date, b->date)))
		return r;
	return strcmp(a->file, b->file);
}

static int evaluations(case_ctx *c)
{
	outcome_list L;
	size_t i;
	int err, l;

	err = each_file(c, CC_DIR_EVALUATIONS, eval_fn);
	L = c->outcomes;
	if (!err && L.n > 1)
		qsort(L.v, L.n, sizeof(*L.v), cmp_outcome);
	for (i = 0; !err && i < L.n; i++) {
		if (i + 1 < L.n && !strcmp(L.v[i].goal, L.v[i + 1].goal))
			continue;        /* a later outcome of the same goal follows */
		if ((l = goal_level(c->plan, L.v[i].goal)) >= 0)
			c->d->outcomes[l][L.v[i].outcome]++;
	}
	free(L.v);
	return err;
}

/* --- one case, all cases ------------------------------------------------ */

static int one_case(cc_store *s, cc_rdata *d, const char *id)
{
	case_ctx c;
	char path[PATH_MAX_LEN];
	cc_doc *casedoc = NULL, *plan = NULL;
	int err;

	memset(&c, 0, sizeof(c));
	c.d = d;
	c.s = s;
	c.id = id;
	if ((err = cc_id_dir(id, c.dir)))
		return err;
	snprintf(path, sizeof(path), "%s/%s", c.dir, CC_CASE_FILE);
	if ((err = cc__rio_doc_lenient(s, path, &casedoc, NULL)) || !casedoc)
		return err;
	if ((err = case_facts(&c, cc_doc_root(casedoc))))
		goto out;
	snprintf(path, sizeof(path), "%s/%s", c.dir, CC_PLAN_FILE);
	if ((err = cc__rio_doc_lenient(s, path, &plan, NULL)))
		goto out;
	c.plan = plan ? cc_doc_root(plan) : NULL;
	if (c.active && (err = plan_facts(&c)))
		goto out;
	if (!(err = each_file(&c, CC_DIR_JOURNAL, journal_fn)) &&
	    !(err = each_file(&c, CC_DIR_LINKS, link_fn)))
		err = evaluations(&c);
out:
	cc_doc_free(plan);
	cc_doc_free(casedoc);
	return err;
}

/* The directory name of each service row (b), from services/SLUG.md. */
static int service_names(cc_store *s, cc_rdata *d)
{
	char path[PATH_MAX_LEN];
	size_t i;
	int err = 0;

	for (i = 0; !err && i < d->services.n; i++) {
		cc_rrow *r = &d->services.rows[i];
		cc_doc *doc = NULL;
		const char *name;
		if (!*r->a || strlen(r->a) > 200)
			continue;
		snprintf(path, sizeof(path), "%s/%s.md", CC_DIR_SERVICES, r->a);
		if (!cc_path_valid(path) || (err = cc__rio_doc_lenient(s, path, &doc, NULL)) || !doc)
			continue;
		if ((name = val(cc_doc_root(doc), "name")) && !(r->b = strdup(name)))
			err = cc_error_set(CC_ENOMEM, "out of memory");
		cc_doc_free(doc);
	}
	return err;
}

int cc__report_collect(cc_store *s, cc_rdata *d)
{
	char **ids = NULL;
	size_t i, n = 0;
	int err;

	if ((err = cc_case_ids(s, &ids, &n)))
		return err;
	for (i = 0; !err && i < n; i++)
		err = one_case(s, d, ids[i]);
	cc_strv_free(ids, n);
	if (!err)
		err = service_names(s, d);
	return err;
}
