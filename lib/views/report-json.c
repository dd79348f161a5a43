/* report-json.c - the report as one JSON object (schema: casectl-report(1)) */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casectl/util/error.h"
#include "../doc/json-int.h"
#include "report-int.h"

/* Whole numbers as integers, others as reals. */
static json_t *num(double x)
{
	long long i = (long long)x;

	if ((double)i == x)
		return json_integer(i);
	return json_real(x);
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *date_or_null(int has, cc_date d)
{
	char s[CC_DATE_STRLEN];

	if (!has)
		return json_null();
	cc_date_format(d, s);
	return json_string(s);
}

/* set_new that remembers a failure in *bad */
static void put(json_t *o, const char *key, json_t *v, int *bad)
{
	if (!o || !v) {
		json_decref(v);
		*bad = 1;
	} else if (json_object_set_new(o, key, v)) {
		*bad = 1;
	}
}

static void push(json_t *a, json_t *v, int *bad)
{
	if (!a || !v) {
		json_decref(v);
		*bad = 1;
	} else if (json_array_append_new(a, v)) {
		*bad = 1;
	}
}

static json_t *stats(const cc_rstats *s, int *bad)
{
	cc_rstats st = *s;
	json_t *o = json_object();

	put(o, "count", json_integer((json_int_t)st.count), bad);
	put(o, "min", st.count ? num(st.min) : json_null(), bad);
	put(o, "q1", st.count ? num(st.q1) : json_null(), bad);
	put(o, "median", st.count ? num(st.median) : json_null(), bad);
	put(o, "q3", st.count ? num(st.q3) : json_null(), bad);
	put(o, "max", st.count ? num(st.max) : json_null(), bad);
	return o;
}

static json_t *cases(const cc_rdata *d, int *bad)
{
	json_t *o = json_object(), *reasons = json_array();
	size_t i;

	put(o, "total", json_integer(d->total), bad);
	put(o, "active", json_integer(d->active), bad);
	put(o, "open", json_integer(d->open_now), bad);
	put(o, "opened", json_integer(d->opened), bad);
	put(o, "closed", json_integer(d->closed), bad);
	put(o, "reopened", json_integer(d->reopened), bad);
	for (i = 0; i < d->reasons.n; i++) {
		json_t *r = json_object();
		put(r, "reason", str_or_null(d->reasons.rows[i].a), bad);
		put(r, "count", json_integer(d->reasons.rows[i].n[0]), bad);
		push(reasons, r, bad);
	}
	put(o, "close_reasons", reasons, bad);
	return o;
}

static json_t *phases(const cc_rdata *d, int *bad)
{
	json_t *a = json_array();
	int p;

	for (p = 0; p < CC_PHASE_CLOSED; p++) {
		json_t *o = json_object();
		put(o, "phase", json_string(cc_phase_name((cc_phase)p)), bad);
		put(o, "completed", stats(&d->phases[p].done_st, bad), bad);
		put(o, "ongoing", stats(&d->phases[p].ongoing_st, bad), bad);
		push(a, o, bad);
	}
	return a;
}

/* { macro: {status: n, ..., total}, meso, micro, all } from counts */
static json_t *by_level(const long (*c)[CC_NGSTATUS], int first, int *bad)
{
	json_t *o = json_object(), *all = json_object();
	long sum[CC_NGSTATUS] = { 0 }, t, total = 0;
	int l, k;

	for (l = 0; l < CC_NLEVEL; l++) {
		json_t *lv = json_object();
		for (t = 0, k = first; k < CC_NGSTATUS; k++) {
			put(lv, cc__rgstatus[k], json_integer(c[l][k]), bad);
			t += c[l][k];
			sum[k] += c[l][k];
		}
		put(lv, "total", json_integer(t), bad);
		put(o, cc__rlevels[l], lv, bad);
	}
	for (k = first; k < CC_NGSTATUS; k++) {
		put(all, cc__rgstatus[k], json_integer(sum[k]), bad);
		total += sum[k];
	}
	put(all, "total", json_integer(total), bad);
	put(o, "all", all, bad);
	return o;
}

static json_t *decisions(const cc_rdata *d, int *bad)
{
	json_t *o = json_object();
	long t = 0;
	int k;

	for (k = 0; k < CC_NDECISION; k++) {
		put(o, cc__rdecisions[k], json_integer(d->decisions[k]), bad);
		t += d->decisions[k];
	}
	put(o, "total", json_integer(t), bad);
	return o;
}

/* Links, status counts, decided, accepted, declined, acceptance_rate. */
static void link_counts(json_t *o, const long *n, int *bad)
{
	json_t *st = json_object();
	long links = 0, yes = n[CC_LS_ACCEPTED] + n[CC_LS_ACTIVE] + n[CC_LS_ENDED];
	long no = n[CC_LS_DECLINED];
	int k;

	for (k = 0; k < CC_NLSTATUS; k++) {
		put(st, cc__rlstatus[k], json_integer(n[k]), bad);
		links += n[k];
	}
	put(o, "links", json_integer(links), bad);
	put(o, "status", st, bad);
	put(o, "decided", json_integer(yes + no), bad);
	put(o, "accepted", json_integer(yes), bad);
	put(o, "declined", json_integer(no), bad);
	put(o, "acceptance_rate", yes + no ? json_real((double)yes / (double)(yes + no))
					   : json_null(), bad);
}

static json_t *referrals(const cc_rdata *d, int *bad)
{
	json_t *o = json_object(), *a = json_array(), *tot = json_object();
	long sum[CC_NLSTATUS] = { 0 };
	size_t i;
	int k;

	for (i = 0; i < d->services.n; i++) {
		const cc_rrow *r = &d->services.rows[i];
		json_t *s = json_object();
		put(s, "service", str_or_null(r->a), bad);
		put(s, "name", str_or_null(r->b), bad);
		put(s, "informal", json_boolean(!*r->a), bad);
		link_counts(s, r->n, bad);
		push(a, s, bad);
		for (k = 0; k < CC_NLSTATUS; k++)
			sum[k] += r->n[k];
	}
	link_counts(tot, sum, bad);
	put(o, "services", a, bad);
	put(o, "total", tot, bad);
	return o;
}

static json_t *contacts(const cc_rdata *d, int *bad)
{
	json_t *a = json_array();
	size_t i;
	int k;

	for (i = 0; i < d->contacts.n; i++) {
		const cc_rrow *r = &d->contacts.rows[i];
		json_t *o = json_object(), *kinds = json_object();
		put(o, "month", json_string(r->a), bad);
		put(o, "worker", str_or_null(r->b), bad);
		put(o, "contacts", json_integer(r->n[0]), bad);
		put(o, "minutes", json_integer(r->n[1]), bad);
		for (k = 0; k < CC_NKIND; k++)
			put(kinds, cc__rkinds[k], json_integer(r->n[2 + k]), bad);
		put(o, "kinds", kinds, bad);
		push(a, o, bad);
	}
	return a;
}

static json_t *costs(const cc_rdata *d, int *bad)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < d->payers.n; i++) {
		const cc_rrow *r = &d->payers.rows[i];
		json_t *o = json_object();
		put(o, "payer", str_or_null(r->a), bad);
		put(o, "steps", json_integer(r->n[0]), bad);
		put(o, "cost", num(r->sum), bad);
		push(a, o, bad);
	}
	return a;
}

static json_t *caseload(const cc_rdata *d, int *bad)
{
	json_t *o = json_object(), *a = json_array();
	size_t i;

	put(o, "limit", json_integer(d->caseload_limit), bad);
	for (i = 0; i < d->managers.n; i++) {
		const cc_rrow *r = &d->managers.rows[i];
		json_t *m = json_object();
		put(m, "name", str_or_null(r->a), bad);
		put(m, "email", str_or_null(r->b), bad);
		put(m, "open", json_integer(r->n[0]), bad);
		put(m, "over", json_boolean(r->n[0] > d->caseload_limit), bad);
		push(a, m, bad);
	}
	put(o, "managers", a, bad);
	return o;
}

int cc__report_json(const cc_rdata *d, cc_buf *out)
{
	json_t *o = json_object(), *period = json_object(), *goals = json_object();
	char *text = NULL, today[CC_DATE_STRLEN];
	int bad = 0, err;

	cc_date_format(d->today, today);
	put(o, "report", json_integer(1), &bad);
	put(period, "since", date_or_null(d->has_since, d->since), &bad);
	put(period, "until", date_or_null(d->has_until, d->until), &bad);
	put(period, "today", json_string(today), &bad);
	put(o, "period", period, &bad);
	put(o, "cases", cases(d, &bad), &bad);
	put(o, "phases", phases(d, &bad), &bad);
	put(goals, "status", by_level((const long (*)[CC_NGSTATUS])d->goal_status,
		CC_GS_OPEN, &bad), &bad);
	put(goals, "outcomes", by_level((const long (*)[CC_NGSTATUS])d->outcomes,
		CC_GS_ACHIEVED, &bad), &bad);
	put(o, "goals", goals, &bad);
	put(o, "decisions", decisions(d, &bad), &bad);
	put(o, "referrals", referrals(d, &bad), &bad);
	put(o, "contacts", contacts(d, &bad), &bad);
	put(o, "costs", costs(d, &bad), &bad);
	put(o, "caseload", caseload(d, &bad), &bad);
	if (bad) {
		json_decref(o);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	err = cc__json_dump(o, &text);
	json_decref(o);
	if (err)
		return err;
	if (!(err = cc_buf_puts(out, text)))
		err = cc_buf_putc(out, '\n');
	free(text);
	return err;
}
