/* due.c - what is due or overdue, across the store */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/util/error.h"
#include "casectl/model/settings.h"
#include "casectl/views/summary.h"
#include "due-int.h"

typedef struct {
	cc_due *d;
	size_t i;                /* the case being looked at */
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
static int add(collector *col, unsigned kind, const char *id, const cc_sum_case *c,
	const char *mname, const char *memail, const char *due, const char *what)
{
	cc_date d;
	int err;

	if (cc_date_parse_iso(due, &d)) {
		cc_error_clear();
		return 0; /* 'check' reports bad dates; due skips them */
	}
	if (cc_date_cmp(d, col->horizon) > 0)
		return 0;
	if (id && (err = cc__due_case(col->d, col->i, id, c->field[CC_SUM_REF])))
		return err;
	return cc__due_add(col->d, id != NULL, kind, mname && *mname ? mname : "(no manager)",
		memail, cc_date_to_days(d), what);
}

#define CASE_ADD(kind, due, what) add(col, kind, id, c, c->field[CC_SUM_MANAGER_NAME], \
	c->field[CC_SUM_MANAGER_EMAIL], due, what)

static int is(const char *s, const char *a, const char *b, const char *c3)
{
	return s && (!strcmp(s, a) || !strcmp(s, b) || (c3 && !strcmp(s, c3)));
}

/* An open case's plan review, goals, waiting links (proposed, referred
 * or accepted since their last change), last contact (the newest
 * journal file, else the opening) and consents about to expire or
 * expired and neither renewed nor withdrawn. */
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
		err = CASE_ADD(K_PLAN_REVIEW, w->plan_review, NULL);
	for (i = 0; !err && i < w->ngoals; i++)
		if (!is(w->goals[i].status, "achieved", "dropped", NULL))
			err = CASE_ADD(K_GOAL, w->goals[i].due, w->goals[i].id);
	for (i = 0; !err && i < w->nlinks; i++) {
		const cc_sum_link *l = &w->links[i];
		if (is(l->status, "proposed", "referred", "accepted") &&
		    !cc_date_parse_iso(l->date, &d)) {
			cc_date_format(cc_date_add_duration(d, col->st->link_wait_limit, 1), due);
			err = CASE_ADD(K_LINK, due, l->label);
		}
		cc_error_clear();
	}
	if (err)
		return err;
	snprintf(last, sizeof(last), "%s", w->last_journal ? w->last_journal :
		opened ? opened : "");
	if (*last && !cc_date_parse_iso(last, &d)) {
		cc_date_format(cc_date_add_duration(d, col->st->contact_gap_limit, 1), due);
		err = CASE_ADD(K_CONTACT, due, last);
	}
	cc_error_clear();
	/* a consent stays due, overdue once it expired, until it is
	 * withdrawn or renewed (a later grant to the same recipient) */
	for (i = 0; !err && i < w->nconsents; i++) {
		const cc_sum_consent *k = &w->consents[i];
		if (k->withdrawn)
			continue;
		err = CASE_ADD(K_CONSENT, k->expires, k->id);
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

typedef struct {
	load_row *v;
	size_t n, cap, last;     /* last: the row counted last */
} load_table;

/* Whether case C (NAME, EMAIL) counts for row R: the same email (any
 * case), or no email and the same name. */
static int load_match(const load_row *r, const char *name, const char *email)
{
	return (email && r->email && !strcasecmp(email, r->email)) ||
	       (!email && name && !r->email && !strcmp(name, r->name));
}

static int count_load(load_table *t, const cc_sum_case *c)
{
	const char *name = c->field[CC_SUM_MANAGER_NAME];
	const char *email = c->field[CC_SUM_MANAGER_EMAIL];
	size_t i;
	load_row *r;

	/* at most one row matches (rows are made for what matched none):
	 * a manager's cases often come in a run, so try the last one first */
	if (t->last < t->n && load_match(&t->v[t->last], name, email)) {
		t->v[t->last].open++;
		return 0;
	}
	for (i = 0; i < t->n; i++)
		if (load_match(&t->v[i], name, email)) {
			t->v[i].open++;
			t->last = i;
			return 0;
		}
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		if (!(r = realloc(t->v, ncap * sizeof(*r))))
			return cc_error_set(CC_ENOMEM, "out of memory");
		t->v = r;
		t->cap = ncap;
	}
	r = &t->v[t->n];
	r->name = strdup(name ? name : "(no manager)");
	r->email = dup_or_null(email);
	r->open = 1;
	t->last = t->n++;
	return r->name ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

/* The items of every case, through the summary cache. */
static int walk(cc_store *s, collector *col, load_table *load, const char *today_s)
{
	const cc_due_filter *f = col->f;
	cc_summary *sm;
	size_t i;
	int err;

	if ((err = cc_summary_open(s, &sm)))
		return err;
	for (i = 0; !err && i < cc_summary_count(sm); i++) {
		const char *id = cc_summary_id(sm, i);
		const cc_sum_case *c;
		const cc_sum_work *w;

		col->i = i;
		if (cc_summary_case(sm, i, &c)) {
			cc_warn("%s; skipped (see 'casectl check')", cc_error_msg());
			continue;
		}
		if (!c->closed)
			err = count_load(load, c);
		if (err || (f->manager && !is_manager(c, f->manager)))
			continue;
		if (c->conflicted)   /* a sync left a conflict */
			err = CASE_ADD(K_CONFLICT, today_s, NULL);
		if (err)
			continue;
		if (c->closed) {
			if (c->field[CC_SUM_FOLLOW_UP])
				err = CASE_ADD(K_FOLLOW_UP, c->field[CC_SUM_FOLLOW_UP], NULL);
		} else {
			if (c->field[CC_SUM_REVIEW])
				err = CASE_ADD(K_REVIEW, c->field[CC_SUM_REVIEW], NULL);
			if (!err && !(err = cc_summary_work(sm, i, &w)))
				err = work_items(col, id, c, w);
		}
	}
	if (!err)
		cc_summary_save(sm);
	cc_summary_free(sm);
	return err;
}

int cc_due_collect(cc_store *s, const cc_due_filter *f, cc_due **out)
{
	collector colv, *col = &colv;
	cc_settings st;
	load_table load = { NULL, 0, 0, 0 };
	size_t i;
	char today_s[CC_DATE_STRLEN], count[32];
	int err;

	memset(col, 0, sizeof(*col));
	*out = NULL;
	if ((err = cc_settings_load(s, &st)) || (err = cc_date_today(&col->today)))
		return err;
	col->st = &st;
	col->f = f;
	col->horizon = cc_date_add_duration(col->today, f->within, 1);
	if (!(col->d = cc__due_new()))
		return cc_error_set(CC_ENOMEM, "out of memory");
	col->d->today = cc_date_to_days(col->today);
	cc_date_format(col->today, today_s);
	err = walk(s, col, &load, today_s);
	for (i = 0; i < load.n; i++) {
		if (!err && load.v[i].open > st.caseload_limit &&
		    (!f->manager || !strcasecmp(f->manager, load.v[i].name) ||
		     (load.v[i].email && !strcasecmp(f->manager, load.v[i].email)))) {
			snprintf(count, sizeof(count), "%d/%d", load.v[i].open, st.caseload_limit);
			err = add(col, K_CASELOAD, NULL, NULL, load.v[i].name, load.v[i].email,
				today_s, count);
		}
		free(load.v[i].name);
		free(load.v[i].email);
	}
	free(load.v);
	if (err || (err = cc__due_sort(col->d))) {
		cc_due_free(col->d);
		return err;
	}
	*out = col->d;
	return 0;
}
