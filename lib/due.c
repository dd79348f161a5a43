/* due.c - what is due or overdue, across the store */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "casectl/due.h"
#include "casectl/error.h"
#include "casectl/settings.h"
#include "casectl/summary.h"
#include "json-internal.h"

typedef struct {
	cc_due_item *v;
	size_t n, cap;
	cc_date today, horizon;
	const cc_settings *st;
	const cc_due_filter *f;
} collector;

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Add an item for case ID (NULL: caseload) due on DUE (ISO) if it falls
 * on or before the horizon. */
static int add(collector *col, const char *kind, const char *id, const cc_sum_case *c,
	const char *mname, const char *memail, const char *due, const char *what)
{
	cc_date d;
	cc_due_item *it;

	if (cc_date_parse_iso(due, &d)) {
		cc_error_clear();
		return 0; /* 'check' reports bad dates; due skips them */
	}
	if (cc_date_cmp(d, col->horizon) > 0)
		return 0;
	if (col->n == col->cap) {
		size_t ncap = col->cap ? col->cap * 2 : 32;
		cc_due_item *nv = realloc(col->v, ncap * sizeof(*nv));
		if (!nv)
			return cc_error_set(CC_ENOMEM, "out of memory");
		col->v = nv;
		col->cap = ncap;
	}
	it = &col->v[col->n];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	if (id) {
		memcpy(it->case_id, id, CC_ID_LEN + 1);
		it->ref = dup_or_null(c->field[CC_SUM_REF]);
	}
	it->manager = strdup(mname && *mname ? mname : "(no manager)");
	it->email = dup_or_null(memail);
	cc_date_format(d, it->due);
	it->days = (long)(cc_date_to_days(d) - cc_date_to_days(col->today));
	it->what = dup_or_null(what);
	if (!it->manager)
		return cc_error_set(CC_ENOMEM, "out of memory");
	col->n++;
	return 0;
}

#define CASE_ADD(kind, due, what) add(col, kind, id, c, c->field[CC_SUM_MANAGER_NAME], \
	c->field[CC_SUM_MANAGER_EMAIL], due, what)

static int is(const char *s, const char *a, const char *b, const char *c3)
{
	return s && (!strcmp(s, a) || !strcmp(s, b) || (c3 && !strcmp(s, c3)));
}

/* An open case's plan review, goals, waiting links (proposed, referred
 * or accepted since their last change), last contact (the newest
 * journal file, else the opening) and consents about to expire. */
static int work_items(collector *col, const char *id, const cc_sum_case *c,
	const cc_sum_work *w)
{
	const char *review = c->field[CC_SUM_REVIEW], *opened = c->field[CC_SUM_OPENED];
	char due[CC_DATE_STRLEN], last[CC_DATE_STRLEN] = "";
	cc_date d;
	size_t i;
	int err = 0;

	/* the plan's review usually is the case's: say it once */
	if (w->plan_review && !(review && !strcmp(w->plan_review, review)))
		err = CASE_ADD("plan-review", w->plan_review, NULL);
	for (i = 0; !err && i < w->ngoals; i++)
		if (!is(w->goals[i].status, "achieved", "dropped", NULL))
			err = CASE_ADD("goal", w->goals[i].due, w->goals[i].id);
	for (i = 0; !err && i < w->nlinks; i++) {
		const cc_sum_link *l = &w->links[i];
		if (is(l->status, "proposed", "referred", "accepted") &&
		    !cc_date_parse_iso(l->date, &d)) {
			cc_date_format(cc_date_add_duration(d, col->st->link_wait_limit, 1), due);
			err = CASE_ADD("link", due, l->label);
		}
		cc_error_clear();
	}
	if (err)
		return err;
	snprintf(last, sizeof(last), "%s", w->last_journal ? w->last_journal :
		opened ? opened : "");
	if (*last && !cc_date_parse_iso(last, &d)) {
		cc_date_format(cc_date_add_duration(d, col->st->contact_gap_limit, 1), due);
		err = CASE_ADD("contact", due, last);
	}
	cc_error_clear();
	/* active: not withdrawn and not expired before today (consent.h) */
	for (i = 0; !err && i < w->nconsents; i++) {
		const cc_sum_consent *k = &w->consents[i];
		if (k->withdrawn || (!cc_date_parse_iso(k->expires, &d) &&
				     cc_date_cmp(d, col->today) < 0))
			continue;
		cc_error_clear();
		err = CASE_ADD("consent", k->expires, k->id);
	}
	cc_error_clear();
	return err;
}

static int is_manager(const cc_sum_case *c, const char *who)
{
	const char *name = c->field[CC_SUM_MANAGER_NAME];
	const char *email = c->field[CC_SUM_MANAGER_EMAIL];

	return (name && !strcasecmp(name, who)) || (email && !strcasecmp(email, who));
}

typedef struct {
	char *name, *email;
	int open;
} load_row;

static int count_load(load_row **rows, size_t *n, const cc_sum_case *c)
{
	const char *name = c->field[CC_SUM_MANAGER_NAME];
	const char *email = c->field[CC_SUM_MANAGER_EMAIL];
	size_t i;
	load_row *nr;

	for (i = 0; i < *n; i++)
		if ((email && (*rows)[i].email && !strcasecmp(email, (*rows)[i].email)) ||
		    (!email && name && !(*rows)[i].email && !strcmp(name, (*rows)[i].name))) {
			(*rows)[i].open++;
			return 0;
		}
	if (!(nr = realloc(*rows, (*n + 1) * sizeof(*nr))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	*rows = nr;
	nr[*n].name = strdup(name ? name : "(no manager)");
	nr[*n].email = dup_or_null(email);
	nr[*n].open = 1;
	(*n)++;
	return nr[*n - 1].name ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

/* Groups by manager, the group with the most urgent item first; items
 * by urgency inside.  group_days holds each item's group minimum. */
static const long *group_days;
static const cc_due_item *group_base;

static int cmp_item(const void *a, const void *b)
{
	const cc_due_item *x = a, *y = b;
	long gx = group_days[x - group_base], gy = group_days[y - group_base];
	int r;

	if (gx != gy)
		return gx < gy ? -1 : 1;
	if ((r = strcasecmp(x->manager, y->manager)))
		return r;
	if (x->days != y->days)
		return x->days < y->days ? -1 : 1;
	if ((r = strcmp(x->kind, y->kind)))
		return r;
	return strcmp(x->case_id, y->case_id);
}

int cc_due_collect(cc_store *s, const cc_due_filter *f, cc_due_item **items, size_t *n)
{
	collector colv, *col = &colv;
	cc_settings st;
	load_row *load = NULL;
	cc_summary *sm;
	size_t nload = 0, i;
	char today_s[CC_DATE_STRLEN], count[32];
	int err;

	memset(col, 0, sizeof(*col));
	*items = NULL;
	*n = 0;
	if ((err = cc_settings_load(s, &st)) || (err = cc_date_today(&col->today)))
		return err;
	col->st = &st;
	col->f = f;
	col->horizon = cc_date_add_duration(col->today, f->within, 1);
	if ((err = cc_summary_open(s, &sm)))
		return err;
	cc_date_format(col->today, today_s);
	for (i = 0; !err && i < cc_summary_count(sm); i++) {
		const char *id = cc_summary_id(sm, i);
		const cc_sum_case *c;
		const cc_sum_work *w;

		if (cc_summary_case(sm, i, &c)) {
			cc_warn("%s; skipped (see 'casectl check')", cc_error_msg());
			continue;
		}
		if (!c->closed)
			err = count_load(&load, &nload, c);
		if (err || (f->manager && !is_manager(c, f->manager)))
			continue;
		if (c->conflicted)   /* a sync left a conflict */
			err = CASE_ADD("conflict", today_s, NULL);
		if (err)
			continue;
		if (c->closed) {
			if (c->field[CC_SUM_FOLLOW_UP])
				err = CASE_ADD("follow-up", c->field[CC_SUM_FOLLOW_UP], NULL);
		} else {
			if (c->field[CC_SUM_REVIEW])
				err = CASE_ADD("review", c->field[CC_SUM_REVIEW], NULL);
			if (!err && !(err = cc_summary_work(sm, i, &w)))
				err = work_items(col, id, c, w);
		}
	}
	if (!err)
		cc_summary_save(sm);
	cc_summary_free(sm);
	for (i = 0; i < nload; i++) {
		if (!err && load[i].open > st.caseload_limit &&
		    (!f->manager || !strcasecmp(f->manager, load[i].name) ||
		     (load[i].email && !strcasecmp(f->manager, load[i].email)))) {
			snprintf(count, sizeof(count), "%d/%d", load[i].open, st.caseload_limit);
			err = add(col, "caseload", NULL, NULL, load[i].name, load[i].email, today_s, count);
		}
		free(load[i].name);
		free(load[i].email);
	}
	free(load);
	if (err) {
		cc_due_free(col->v, col->n);
		return err;
	}
	if (col->n > 1) {
		/* Each item's group (manager) gets its earliest day: a table of
		 * the few managers, not every pair of items (10,000 cases give
		 * 50,000 items; pairs took minutes). */
		long *g = malloc(col->n * sizeof(*g)), *md = malloc(col->n * sizeof(*md));
		const char **mn = malloc(col->n * sizeof(*mn));
		size_t *gi = malloc(col->n * sizeof(*gi));
		size_t k = 0, nm = 0;
		if (!g || !md || !mn || !gi) {
			free(g);
			free(md);
			free(mn);
			free(gi);
			cc_due_free(col->v, col->n);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		for (i = 0; i < col->n; i++) {
			/* a case's items come together: try the last manager first */
			if (!nm || strcasecmp(mn[k], col->v[i].manager))
				for (k = 0; k < nm && strcasecmp(mn[k], col->v[i].manager); k++)
					;
			if (k == nm) {
				mn[nm] = col->v[i].manager;
				md[nm++] = col->v[i].days;
			} else if (col->v[i].days < md[k]) {
				md[k] = col->v[i].days;
			}
			gi[i] = k;
		}
		for (i = 0; i < col->n; i++)
			g[i] = md[gi[i]];
		free(md);
		free(mn);
		free(gi);
		group_days = g;
		group_base = col->v;
		qsort(col->v, col->n, sizeof(*col->v), cmp_item);
		free(g);
	}
	*items = col->v;
	*n = col->n;
	return 0;
}

void cc_due_free(cc_due_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].ref);
		free(items[i].manager);
		free(items[i].email);
		free(items[i].what);
	}
	free(items);
}

static void describe(const cc_due_item *it, char *out, size_t size)
{
	const char *w = it->what ? it->what : "";

	if (!strcmp(it->kind, "review"))
		snprintf(out, size, "case review");
	else if (!strcmp(it->kind, "plan-review"))
		snprintf(out, size, "plan review");
	else if (!strcmp(it->kind, "goal"))
		snprintf(out, size, "goal %s is not achieved", w);
	else if (!strcmp(it->kind, "follow-up"))
		snprintf(out, size, "follow-up contact after closing");
	else if (!strcmp(it->kind, "consent"))
		snprintf(out, size, "consent %s expires", w);
	else if (!strcmp(it->kind, "link"))
		snprintf(out, size, "link to %s is still waiting", w);
	else if (!strcmp(it->kind, "contact"))
		snprintf(out, size, "no contact since %s", w);
	else if (!strcmp(it->kind, "conflict"))
		snprintf(out, size, "sync conflict: run 'casectl resolve %s'", it->case_id);
	else if (!strcmp(it->kind, "caseload"))
		snprintf(out, size, "%s open cases: over the caseload limit", w);
	else
		snprintf(out, size, "%s", it->kind);
}

static void when_text(long days, char out[32])
{
	if (days < 0)
		snprintf(out, 32, "overdue %ldd", -days);
	else if (days == 0)
		snprintf(out, 32, "due today");
	else
		snprintf(out, 32, "due in %ldd", days);
}

int cc_due_print(const cc_due_item *items, size_t n, cc_format f, FILE *out)
{
	char text[256], when[32];
	size_t i;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		const cc_due_item *it = &items[i];
		describe(it, text, sizeof(text));
		if (f == CC_FMT_JSON) {
			json_t *j = json_object(), *m = json_object();
			char *s;
			json_object_set_new(m, "name", json_string(it->manager));
			json_object_set_new(m, "email", it->email ? json_string(it->email) : json_null());
			json_object_set_new(j, "manager", m);
			json_object_set_new(j, "case", it->case_id[0] ? json_string(it->case_id) : json_null());
			json_object_set_new(j, "ref", it->ref ? json_string(it->ref) : json_null());
			json_object_set_new(j, "kind", json_string(it->kind));
			json_object_set_new(j, "due", json_string(it->due));
			json_object_set_new(j, "days", json_integer(it->days));
			json_object_set_new(j, "what", it->what ? json_string(it->what) : json_null());
			json_object_set_new(j, "message", json_string(text));
			if (!(err = cc_json_dump(j, &s))) {
				fprintf(out, "%s\n", s);
				free(s);
			}
			json_decref(j);
			continue;
		}
		if (i == 0 || strcasecmp(items[i - 1].manager, it->manager))
			fprintf(out, "%s%s%s%s%s\n", i ? "\n" : "", it->manager,
				it->email ? " <" : "", it->email ? it->email : "", it->email ? ">" : "");
		when_text(it->days, when);
		fprintf(out, "  %-12s %-10s  %s  %s%s%s%s\n", when,
			it->case_id[0] ? it->case_id : "-", it->due, text,
			it->ref ? " (ref " : "", it->ref ? it->ref : "", it->ref ? ")" : "");
	}
	return err;
}
