/* report-text.c - the report as aligned tables for people */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "report-int.h"
#include "../util/table-int.h"

#define CELLS 12
#define CELL 48

/* A row of up to CELLS cells being filled. */
typedef struct {
	char v[CELLS][CELL];
	const char *p[CELLS];
	int n;
} row;

static void row_start(row *r)
{
	r->n = 0;
}

static void cell_str(row *r, const char *s)
{
	r->p[r->n++] = s;         /* borrowed; NULL and "" print as "-" */
}

static void cell_long(row *r, long x)
{
	snprintf(r->v[r->n], CELL, "%ld", x);
	r->p[r->n] = r->v[r->n];
	r->n++;
}

static void cell_num(row *r, double x)
{
	cc__report_num(x, r->v[r->n], CELL);
	r->p[r->n] = r->v[r->n];
	r->n++;
}

static void cell_rate(row *r, long yes, long no)
{
	if (yes + no) {
		cc__report_num(100.0 * (double)yes / (double)(yes + no), r->v[r->n], CELL - 1);
		strcat(r->v[r->n], "%");
		r->p[r->n] = r->v[r->n];
	} else {
		r->p[r->n] = NULL;
	}
	r->n++;
}

/* Print T under HEADING, or "(none)" when it has only its header. */
static int section(FILE *f, const char *heading, cc_table *t)
{
	int err = 0;

	fprintf(f, "\n%s\n", heading);
	if (t->nrows <= 1)
		fputs("  (none)\n", f);
	else
		err = cc__table_print(t, f);
	cc__table_free(t);
	return err;
}

static int add(cc_table *t, row *r)
{
	return cc__table_add(t, r->p);
}

static int cases(FILE *f, const cc_rdata *d)
{
	static const char *const head[] = { "REASON", "CASES" };
	cc_table t = CC_TABLE_INIT(2);
	row r;
	size_t i;
	int err;

	fprintf(f, "\nCases\n");
	fprintf(f, "  in the store       %ld\n", d->total);
	fprintf(f, "  active in period   %ld\n", d->active);
	fprintf(f, "  open now           %ld\n", d->open_now);
	fprintf(f, "  opened             %ld\n", d->opened);
	fprintf(f, "  closed             %ld\n", d->closed);
	fprintf(f, "  reopened           %ld\n", d->reopened);
	err = cc__table_add(&t, head);
	for (i = 0; !err && i < d->reasons.n; i++) {
		row_start(&r);
		cell_str(&r, *d->reasons.rows[i].a ? d->reasons.rows[i].a : "(no reason)");
		cell_long(&r, d->reasons.rows[i].n[0]);
		err = add(&t, &r);
	}
	if (err) {
		cc__table_free(&t);
		return err;
	}
	return section(f, "Close reasons", &t);
}

static void stats_cells(row *r, const cc_rstats *s, int full)
{
	cell_long(r, (long)s->count);
	if (!s->count) {
		int k;
		for (k = 0; k < (full ? 5 : 1); k++)
			cell_str(r, NULL);
		return;
	}
	if (full) {
		cell_num(r, s->min);
		cell_num(r, s->q1);
	}
	cell_num(r, s->median);
	if (full) {
		cell_num(r, s->q3);
		cell_num(r, s->max);
	}
}

static int phases(FILE *f, const cc_rdata *d)
{
	static const char *const head[] = { "PHASE", "STAYS", "MIN", "Q1", "MEDIAN", "Q3",
		"MAX", "ONGOING", "MEDIAN SO FAR" };
	cc_table t = CC_TABLE_INIT(9);
	row r;
	int p, err = cc__table_add(&t, head);

	for (p = 0; !err && p < CC_PHASE_CLOSED; p++) {
		row_start(&r);
		cell_str(&r, cc_phase_name((cc_phase)p));
		stats_cells(&r, &d->phases[p].done_st, 1);
		stats_cells(&r, &d->phases[p].ongoing_st, 0);
		err = add(&t, &r);
	}
	if (err) {
		cc__table_free(&t);
		return err;
	}
	fprintf(f, "\nDays in each phase (stays that ended in the period; ongoing: still "
		"running at its end)\n");
	err = cc__table_print(&t, f);
	cc__table_free(&t);
	return err;
}

static int goals(FILE *f, const char *heading, const long (*c)[CC_NGSTATUS], int first)
{
	cc_table t = CC_TABLE_INIT((size_t)(CC_NGSTATUS - first + 2));
	const char *head[CC_NGSTATUS + 2];
	long sum[CC_NGSTATUS] = { 0 }, tot, all = 0;
	row r;
	int l, k, n = 0, err;

	head[n++] = "LEVEL";
	for (k = first; k < CC_NGSTATUS; k++)
		head[n++] = cc__rgstatus[k];
	head[n++] = "total";
	err = cc__table_add(&t, head);
	for (l = 0; !err && l <= CC_NLEVEL; l++) {
		row_start(&r);
		cell_str(&r, l < CC_NLEVEL ? cc__rlevels[l] : "all");
		for (tot = 0, k = first; k < CC_NGSTATUS; k++) {
			long v = l < CC_NLEVEL ? c[l][k] : sum[k];
			cell_long(&r, v);
			tot += v;
			if (l < CC_NLEVEL)
				sum[k] += v;
		}
		cell_long(&r, l < CC_NLEVEL ? tot : all);
		if (l < CC_NLEVEL)
			all += tot;
		err = add(&t, &r);
	}
	if (err) {
		cc__table_free(&t);
		return err;
	}
	fprintf(f, "\n%s\n", heading);
	err = cc__table_print(&t, f);
	cc__table_free(&t);
	return err;
}

static int decisions(FILE *f, const cc_rdata *d)
{
	static const char *const head[] = { "DECISION", "COUNT" };
	cc_table t = CC_TABLE_INIT(2);
	row r;
	int k, err = cc__table_add(&t, head);

	for (k = 0; !err && k < CC_NDECISION; k++) {
		row_start(&r);
		cell_str(&r, cc__rdecisions[k]);
		cell_long(&r, d->decisions[k]);
		err = add(&t, &r);
	}
	if (err) {
		cc__table_free(&t);
		return err;
	}
	fprintf(f, "\nEvaluation decisions\n");
	err = cc__table_print(&t, f);
	cc__table_free(&t);
	return err;
}

static int link_row(cc_table *t, const char *slug, const char *name, const long *n)
{
	row r;
	long links = 0, yes = n[CC_LS_ACCEPTED] + n[CC_LS_ACTIVE] + n[CC_LS_ENDED];
	int k;

	row_start(&r);
	cell_str(&r, slug);
	cell_str(&r, name);
	for (k = 0; k < CC_NLSTATUS; k++)
		links += n[k];
	cell_long(&r, links);
	for (k = 0; k < CC_NLSTATUS; k++)
		cell_long(&r, n[k]);
	cell_rate(&r, yes, n[CC_LS_DECLINED]);
	return add(t, &r);
}

static int referrals(FILE *f, const cc_rdata *d)
{
	const char *head[CC_NLSTATUS + 4];
	cc_table t = CC_TABLE_INIT(CC_NLSTATUS + 4);
	long sum[CC_NLSTATUS] = { 0 };
	size_t i;
	int k, n = 0, err;

	head[n++] = "SERVICE";
	head[n++] = "NAME";
	head[n++] = "LINKS";
	for (k = 0; k < CC_NLSTATUS; k++)
		head[n++] = cc__rlstatus[k];
	head[n++] = "ACCEPTED";
	err = cc__table_add(&t, head);
	for (i = 0; !err && i < d->services.n; i++) {
		const cc_rrow *r = &d->services.rows[i];
		err = link_row(&t, *r->a ? r->a : "(informal)", r->b, r->n);
		for (k = 0; k < CC_NLSTATUS; k++)
			sum[k] += r->n[k];
	}
	if (!err && d->services.n)
		err = link_row(&t, "(total)", NULL, sum);
	if (err) {
		cc__table_free(&t);
		return err;
	}
	return section(f, "Referrals per service (status at the end of the period; "
		"accepted = accepted, active or ended among those decided)", &t);
}

static int contacts(FILE *f, const cc_rdata *d)
{
	const char *head[CC_NKIND + 4];
	cc_table t = CC_TABLE_INIT(CC_NKIND + 4);
	size_t i;
	row r;
	int k, n = 0, err;

	head[n++] = "MONTH";
	head[n++] = "WORKER";
	head[n++] = "CONTACTS";
	head[n++] = "MINUTES";
	for (k = 0; k < CC_NKIND; k++)
		head[n++] = cc__rkinds[k];
	err = cc__table_add(&t, head);
	for (i = 0; !err && i < d->contacts.n; i++) {
		const cc_rrow *c = &d->contacts.rows[i];
		row_start(&r);
		cell_str(&r, c->a);
		cell_str(&r, c->b);
		cell_long(&r, c->n[0]);
		cell_long(&r, c->n[1]);
		for (k = 0; k < CC_NKIND; k++)
			cell_long(&r, c->n[2 + k]);
		err = add(&t, &r);
	}
	if (err) {
		cc__table_free(&t);
		return err;
	}
	return section(f, "Monthly contact sheet", &t);
}

static int costs(FILE *f, const cc_rdata *d)
{
	static const char *const head[] = { "PAYER", "STEPS", "COST" };
	cc_table t = CC_TABLE_INIT(3);
	size_t i;
	row r;
	int err = cc__table_add(&t, head);

	for (i = 0; !err && i < d->payers.n; i++) {
		row_start(&r);
		cell_str(&r, *d->payers.rows[i].a ? d->payers.rows[i].a : "(no payer)");
		cell_long(&r, d->payers.rows[i].n[0]);
		cell_num(&r, d->payers.rows[i].sum);
		err = add(&t, &r);
	}
	if (err) {
		cc__table_free(&t);
		return err;
	}
	return section(f, "Planned costs per payer (steps of active cases, not dropped)", &t);
}

static int caseload(FILE *f, const cc_rdata *d)
{
	static const char *const head[] = { "MANAGER", "EMAIL", "OPEN", "STATE" };
	cc_table t = CC_TABLE_INIT(4);
	char heading[96];
	size_t i;
	row r;
	int err = cc__table_add(&t, head);

	for (i = 0; !err && i < d->managers.n; i++) {
		const cc_rrow *m = &d->managers.rows[i];
		row_start(&r);
		cell_str(&r, m->a);
		cell_str(&r, m->b);
		cell_long(&r, m->n[0]);
		cell_str(&r, m->n[0] > d->caseload_limit ? "OVER LIMIT" : "ok");
		err = add(&t, &r);
	}
	if (err) {
		cc__table_free(&t);
		return err;
	}
	snprintf(heading, sizeof(heading), "Caseload now: open cases per manager (limit %d)",
		d->caseload_limit);
	return section(f, heading, &t);
}

int cc__report_text(const cc_rdata *d, cc_buf *out)
{
	char period[64], today[CC_DATE_STRLEN], *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int err;

	if (!f)
		return cc_error_set(CC_ENOMEM, "out of memory");
	cc__report_period_text(d, period, sizeof(period));
	cc_date_format(d->today, today);
	fprintf(f, "Programme report: %s (today %s)\n", period, today);
	if (!(err = cases(f, d)) && !(err = phases(f, d)) &&
	    !(err = goals(f, "Goals: status in the plans of active cases",
		    (const long (*)[CC_NGSTATUS])d->goal_status, CC_GS_OPEN)) &&
	    !(err = goals(f, "Goal outcomes of evaluations in the period (latest per goal)",
		    (const long (*)[CC_NGSTATUS])d->outcomes, CC_GS_ACHIEVED)) &&
	    !(err = decisions(f, d)) && !(err = referrals(f, d)) &&
	    !(err = contacts(f, d)) && !(err = costs(f, d)))
		err = caseload(f, d);
	if (fclose(f) && !err)
		err = cc_error_set(CC_ENOMEM, "out of memory");
	if (!err)
		err = cc_buf_put(out, text, len);
	free(text);
	return err;
}
