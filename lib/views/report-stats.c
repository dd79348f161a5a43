/* report-stats.c - tallies, duration summaries and the report's names */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "report-int.h"

const char *const cc__rlevels[CC_NLEVEL] = { "macro", "meso", "micro" };
const char *const cc__rgstatus[CC_NGSTATUS] = {
	"open", "achieved", "partly", "not-achieved", "dropped"
};
const char *const cc__rdecisions[CC_NDECISION] = {
	"continue", "replan", "step-down", "refer", "close"
};
const char *const cc__rlstatus[CC_NLSTATUS] = {
	"proposed", "referred", "accepted", "active", "ended", "declined"
};
const char *const cc__rkinds[CC_NKIND] = {
	"visit", "phone", "message", "consultation", "conference", "feedback"
};

int cc__rindex(const char *const *names, int n, const char *s)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* --- tallies ------------------------------------------------------------ */

static uint64_t hash2(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211ULL;
	h = (h ^ 0x1f) * 1099511628211ULL;
	for (; b && *b; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211ULL;
	return h;
}

static int same(const cc_rrow *r, const char *a, const char *b)
{
	return !strcmp(r->a, a) && !strcmp(r->b ? r->b : "", b ? b : "");
}

static int rehash(cc_rtab *t, size_t nslots)
{
	size_t *slots = calloc(nslots, sizeof(*slots)), i, k;

	if (!slots)
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; i < t->n; i++) {
		k = (size_t)(hash2(t->rows[i].a, t->rows[i].b) & (nslots - 1));
		while (slots[k])
			k = (k + 1) & (nslots - 1);
		slots[k] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

int cc__rtab_get(cc_rtab *t, const char *a, const char *b, cc_rrow **out)
{
	size_t k;
	cc_rrow *r;
	int err;

	if (!a)
		a = "";
	if (t->nslots) {
		k = (size_t)(hash2(a, b) & (t->nslots - 1));
		for (; t->slots[k]; k = (k + 1) & (t->nslots - 1))
			if (same(&t->rows[t->slots[k] - 1], a, b)) {
				*out = &t->rows[t->slots[k] - 1];
				return 0;
			}
	}
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		cc_rrow *nr = realloc(t->rows, ncap * sizeof(*nr));
		if (!nr)
			return cc_error_set(CC_ENOMEM, "out of memory");
		t->rows = nr;
		t->cap = ncap;
	}
	r = &t->rows[t->n];
	memset(r, 0, sizeof(*r));
	if (!(r->a = strdup(a)) || (b && !(r->b = strdup(b)))) {
		free(r->a);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	t->n++;
	if (t->n * 2 > t->nslots) {
		if ((err = rehash(t, t->nslots ? t->nslots * 2 : 64))) {
			t->n--;
			free(r->a);
			free(r->b);
			return err;
		}
	} else {
		k = (size_t)(hash2(a, b) & (t->nslots - 1));
		while (t->slots[k])
			k = (k + 1) & (t->nslots - 1);
		t->slots[k] = t->n;
	}
	*out = r;
	return 0;
}

static int cmp_row(const void *x, const void *y)
{
	const cc_rrow *p = x, *q = y;
	int c;

	if (!*p->a != !*q->a)
		return *p->a ? -1 : 1;
	if ((c = strcmp(p->a, q->a)))
		return c;
	return strcmp(p->b ? p->b : "", q->b ? q->b : "");
}

void cc__rtab_sort(cc_rtab *t)
{
	if (t->n > 1)
		qsort(t->rows, t->n, sizeof(*t->rows), cmp_row);
	free(t->slots);
	t->slots = NULL;
	t->nslots = 0;
}

void cc__rtab_free(cc_rtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->rows[i].a);
		free(t->rows[i].b);
	}
	free(t->rows);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* --- durations ---------------------------------------------------------- */

int cc__rvec_add(cc_rvec *v, double x)
{
	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 16;
		double *nv = realloc(v->v, ncap * sizeof(*nv));
		if (!nv)
			return cc_error_set(CC_ENOMEM, "out of memory");
		v->v = nv;
		v->cap = ncap;
	}
	v->v[v->n++] = x;
	return 0;
}

void cc__rvec_free(cc_rvec *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* The P-quantile of sorted V (type 7). */
static double quantile(const double *v, size_t n, double p)
{
	double h = (double)(n - 1) * p;   /* >= 0: truncation is floor */
	size_t i = (size_t)h;
	double lo = (double)i;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (h - lo) * (v[i + 1] - v[i]);
}

void cc__rstats_of(cc_rvec *v, cc_rstats *out)
{
	memset(out, 0, sizeof(*out));
	out->count = v->n;
	if (!v->n)
		return;
	qsort(v->v, v->n, sizeof(*v->v), cmp_double);
	out->min = v->v[0];
	out->q1 = quantile(v->v, v->n, 0.25);
	out->median = quantile(v->v, v->n, 0.5);
	out->q3 = quantile(v->v, v->n, 0.75);
	out->max = v->v[v->n - 1];
}

/* --- the whole --------------------------------------------------------- */

void cc__rdata_free(cc_rdata *d)
{
	int p;

	cc__rtab_free(&d->reasons);
	cc__rtab_free(&d->services);
	cc__rtab_free(&d->contacts);
	cc__rtab_free(&d->payers);
	cc__rtab_free(&d->managers);
	for (p = 0; p < CC_PHASE_COUNT; p++) {
		cc__rvec_free(&d->phases[p].done);
		cc__rvec_free(&d->phases[p].ongoing);
	}
}

int cc__rdata_in(const cc_rdata *d, long day)
{
	return day >= d->since_day && day <= d->until_day;
}

int cc__rdata_in_str(const cc_rdata *d, const char *date)
{
	cc_date x;

	if (!date || cc_date_parse_iso(date, &x)) {
		cc_error_clear();
		return 0;
	}
	return cc__rdata_in(d, (long)cc_date_to_days(x));
}

void cc__report_period_text(const cc_rdata *d, char *out, size_t size)
{
	char a[CC_DATE_STRLEN], b[CC_DATE_STRLEN];

	cc_date_format(d->since, a);
	cc_date_format(d->until, b);
	if (d->has_since && d->has_until)
		snprintf(out, size, "%s to %s", a, b);
	else if (d->has_since)
		snprintf(out, size, "from %s", a);
	else if (d->has_until)
		snprintf(out, size, "until %s", b);
	else
		snprintf(out, size, "all time");
}

void cc__report_num(double x, char *out, size_t size)
{
	size_t n;

	snprintf(out, size, "%.2f", x);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	if (!strcmp(out, "-0"))
		snprintf(out, size, "0");
}
