/* report-html.c - the report as one self-contained HTML document
 *
 * templates/report.html with its {{placeholders}} replaced by tables
 * and inline SVG charts (report-svg.c).  Every value that comes from
 * the store goes through cc_html_escape (E below); no JavaScript, no
 * external resources.
 */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/doc/render.h"
#include "casectl/doc/template.h"
#include "report-int.h"

static int M(cc_buf *b, const char *s)
{
	return cc_buf_puts(b, s);
}

static int E(cc_buf *b, const char *s)
{
	return cc_html_escape(b, s);
}

/* <td>value</td>, escaped; "-" for NULL or "" */
static int td(cc_buf *b, const char *v)
{
	int err = M(b, "<td>");

	if (!err)
		err = E(b, v && *v ? v : "-");
	return err ? err : M(b, "</td>");
}

static int td_long(cc_buf *b, long v)
{
	return cc_buf_printf(b, "<td class=\"num\">%ld</td>", v);
}

static int td_num(cc_buf *b, double v)
{
	char t[32];

	cc__report_num(v, t, sizeof(t));
	return cc_buf_printf(b, "<td class=\"num\">%s</td>", t);
}

/* <table><thead>...</thead><tbody>; headers are constants; a leading
 * '#' marks a numeric column. */
static int thead(cc_buf *b, const char *const *h, int n)
{
	int i, err = M(b, "<div class=\"scroll\"><table><thead><tr>");

	for (i = 0; !err && i < n; i++)
		err = h[i][0] == '#' ? cc_buf_printf(b, "<th class=\"num\">%s</th>", h[i] + 1)
				     : cc_buf_printf(b, "<th>%s</th>", h[i]);
	return err ? err : M(b, "</tr></thead><tbody>\n");
}

static int tend(cc_buf *b)
{
	return M(b, "</tbody></table></div>\n");
}

static int none(cc_buf *b, const char *what)
{
	return cc_buf_printf(b, "<p class=\"note\">%s</p>\n", what);
}

/* --- sections -------------------------------------------------------- */

static int ph_title(const cc_rdata *d, cc_buf *b)
{
	char p[64];

	cc__report_period_text(d, p, sizeof(p));
	return cc_buf_printf(b, "Programme report: %s", p);
}

static int ph_period(const cc_rdata *d, cc_buf *b)
{
	char p[64], t[CC_DATE_STRLEN];

	cc__report_period_text(d, p, sizeof(p));
	cc_date_format(d->today, t);
	return cc_buf_printf(b, "Period: %s &middot; made on %s", p, t);
}

static int card(cc_buf *b, long n, const char *what)
{
	return cc_buf_printf(b, "<div class=\"card\"><span class=\"n\">%ld</span>"
		"<span class=\"l\">%s</span></div>", n, what);
}

static int ph_cases(const cc_rdata *d, cc_buf *b)
{
	static const char *const h[] = { "Close reason", "#Cases" };
	size_t i;
	int err = M(b, "<h2>Cases</h2>\n<div class=\"cards\">");

	if (!err && !(err = card(b, d->opened, "opened")) && !(err = card(b, d->closed, "closed")) &&
	    !(err = card(b, d->reopened, "reopened")) &&
	    !(err = card(b, d->active, "active in the period")) &&
	    !(err = card(b, d->open_now, "open now")) &&
	    !(err = card(b, d->total, "in the store")))
		err = M(b, "</div>\n");
	if (err)
		return err;
	if (!d->reasons.n)
		return none(b, "No case was closed in the period.");
	err = thead(b, h, 2);
	for (i = 0; !err && i < d->reasons.n; i++) {
		const cc_rrow *r = &d->reasons.rows[i];
		if (!(err = M(b, "<tr>")) && !(err = td(b, *r->a ? r->a : "(no reason)")) &&
		    !(err = td_long(b, r->n[0])))
			err = M(b, "</tr>\n");
	}
	return err ? err : tend(b);
}

static int stats_tds(cc_buf *b, const cc_rstats *s, int full)
{
	int err = td_long(b, (long)s->count), k;

	if (!s->count) {
		for (k = 0; !err && k < (full ? 5 : 1); k++)
			err = M(b, "<td class=\"num\">-</td>");
		return err;
	}
	if (!err && full && !(err = td_num(b, s->min)))
		err = td_num(b, s->q1);
	if (!err)
		err = td_num(b, s->median);
	if (!err && full && !(err = td_num(b, s->q3)))
		err = td_num(b, s->max);
	return err;
}

static int ph_phases(const cc_rdata *d, cc_buf *b)
{
	static const char *const h[] = { "Phase", "#Stays", "#Min", "#Q1", "#Median", "#Q3",
		"#Max", "#Ongoing", "#Median so far" };
	int p, err = M(b, "<h2>Days in each phase</h2>\n<p class=\"note\">From the dates of "
		"the commits that changed each case's phase. Stays that ended in the period; "
		"stays still running at its end are counted apart as ongoing, measured up to "
		"then.</p>\n");

	if (!err)
		err = cc__svg_phases(b, d);
	if (!err)
		err = thead(b, h, 9);
	for (p = 0; !err && p < CC_PHASE_CLOSED; p++) {
		if (!(err = M(b, "<tr>")) && !(err = td(b, cc_phase_name((cc_phase)p))) &&
		    !(err = stats_tds(b, &d->phases[p].done_st, 1)) &&
		    !(err = stats_tds(b, &d->phases[p].ongoing_st, 0)))
			err = M(b, "</tr>\n");
	}
	return err ? err : tend(b);
}

static int goal_block(cc_buf *b, const char *title, const long (*c)[CC_NGSTATUS], int first)
{
	const char *h[CC_NGSTATUS + 2];
	cc_rbar rows[CC_NLEVEL];
	long sum[CC_NGSTATUS] = { 0 }, t;
	int l, k, n = 0, err;

	for (l = 0; l < CC_NLEVEL; l++) {
		rows[l].label = cc__rlevels[l];
		rows[l].n = c[l] + first;
	}
	if ((err = cc_buf_printf(b, "<h3>%s</h3>\n", title)) ||
	    (err = cc__svg_bars(b, title, rows, CC_NLEVEL, cc__rgstatus + first,
		    CC_NGSTATUS - first, 1, 0)))
		return err;
	h[n++] = "Level";
	for (k = first; k < CC_NGSTATUS; k++)
		h[n++] = cc__rgstatus[k];
	h[n++] = "#Total";
	err = thead(b, h, n);
	for (l = 0; !err && l <= CC_NLEVEL; l++) {
		err = M(b, l < CC_NLEVEL ? "<tr>" : "<tr class=\"total\">");
		if (!err)
			err = td(b, l < CC_NLEVEL ? cc__rlevels[l] : "all");
		for (t = 0, k = first; !err && k < CC_NGSTATUS; k++) {
			long v = l < CC_NLEVEL ? c[l][k] : sum[k];
			if (l < CC_NLEVEL)
				sum[k] += v;
			t += v;
			err = td_long(b, v);
		}
		if (!err && !(err = td_long(b, t)))
			err = M(b, "</tr>\n");
	}
	return err ? err : tend(b);
}

static int ph_goals(const cc_rdata *d, cc_buf *b)
{
	int err = M(b, "<h2>Goals</h2>\n");

	if (!err)
		err = goal_block(b, "Status in the plans of the cases active in the period",
			(const long (*)[CC_NGSTATUS])d->goal_status, CC_GS_OPEN);
	if (!err)
		err = goal_block(b, "Outcomes of the evaluations in the period (latest per goal)",
			(const long (*)[CC_NGSTATUS])d->outcomes, CC_GS_ACHIEVED);
	return err;
}

static int ph_decisions(const cc_rdata *d, cc_buf *b)
{
	static const char *const h[] = { "Decision", "#Evaluations" };
	cc_rbar rows[CC_NDECISION];
	int k, err = M(b, "<h2>Evaluation decisions</h2>\n");

	for (k = 0; k < CC_NDECISION; k++) {
		rows[k].label = cc__rdecisions[k];
		rows[k].n = &d->decisions[k];
	}
	if (!err)
		err = cc__svg_bars(b, "Evaluation decisions in the period", rows, CC_NDECISION,
			NULL, 1, 0, 0);
	if (!err)
		err = thead(b, h, 2);
	for (k = 0; !err && k < CC_NDECISION; k++)
		if (!(err = M(b, "<tr>")) && !(err = td(b, cc__rdecisions[k])) &&
		    !(err = td_long(b, d->decisions[k])))
			err = M(b, "</tr>\n");
	return err ? err : tend(b);
}

static int link_tr(cc_buf *b, const char *cls, const char *slug, const char *name,
	const long *n)
{
	long links = 0, yes = n[CC_LS_ACCEPTED] + n[CC_LS_ACTIVE] + n[CC_LS_ENDED];
	long no = n[CC_LS_DECLINED];
	int k, err = cc_buf_printf(b, "<tr%s>", cls);

	if (!err && !(err = td(b, slug)))
		err = td(b, name);
	for (k = 0; k < CC_NLSTATUS; k++)
		links += n[k];
	if (!err)
		err = td_long(b, links);
	for (k = 0; !err && k < CC_NLSTATUS; k++)
		err = td_long(b, n[k]);
	if (!err)
		err = yes + no ? td_num(b, 100.0 * (double)yes / (double)(yes + no))
			       : M(b, "<td class=\"num\">-</td>");
	return err ? err : M(b, "</tr>\n");
}

static int ph_referrals(const cc_rdata *d, cc_buf *b)
{
	const char *h[CC_NLSTATUS + 4];
	cc_rbar *rows;
	long sum[CC_NLSTATUS] = { 0 };
	size_t i;
	int k, n = 0, err = M(b, "<h2>Referrals per service</h2>\n<p class=\"note\">Links with "
		"a change in the period, by their status at its end. Acceptance: accepted, active "
		"or ended, among those accepted or declined.</p>\n");

	if (err)
		return err;
	if (!d->services.n)
		return none(b, "No referral in the period.");
	if (!(rows = calloc(d->services.n, sizeof(*rows))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; i < d->services.n; i++) {
		const cc_rrow *r = &d->services.rows[i];
		rows[i].label = !*r->a ? "(informal)" : r->b ? r->b : r->a;
		rows[i].n = r->n;
	}
	err = cc__svg_bars(b, "Links per service by status", rows, d->services.n,
		cc__rlstatus, CC_NLSTATUS, 0, 0);
	free(rows);
	h[n++] = "Service";
	h[n++] = "Name";
	h[n++] = "#Links";
	for (k = 0; k < CC_NLSTATUS; k++)
		h[n++] = cc__rlstatus[k];   /* left aligned headers over numbers are fine */
	h[n++] = "#Accepted %";
	if (!err)
		err = thead(b, h, n);
	for (i = 0; !err && i < d->services.n; i++) {
		const cc_rrow *r = &d->services.rows[i];
		err = link_tr(b, "", *r->a ? r->a : "(informal)", r->b, r->n);
		for (k = 0; k < CC_NLSTATUS; k++)
			sum[k] += r->n[k];
	}
	if (!err)
		err = link_tr(b, " class=\"total\"", "(total)", NULL, sum);
	return err ? err : tend(b);
}

static int contact_chart(const cc_rdata *d, cc_buf *b)
{
	const char **months = calloc(d->contacts.n + 1, sizeof(*months));
	long *v = calloc(d->contacts.n + 1, sizeof(*v));
	size_t i, n = 0;
	int err;

	if (!months || !v) {
		free(months);
		free(v);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	for (i = 0; i < d->contacts.n; i++) {        /* rows are sorted by month */
		const cc_rrow *r = &d->contacts.rows[i];
		if (!n || strcmp(months[n - 1], r->a))
			months[n++] = r->a;
		v[n - 1] += r->n[0];
	}
	err = cc__svg_months(b, "Contacts per month, all workers", months, v, n);
	free(months);
	free(v);
	return err;
}

static int ph_contacts(const cc_rdata *d, cc_buf *b)
{
	const char *h[CC_NKIND + 4];
	size_t i;
	int k, n = 0, err = M(b, "<h2>Monthly contact sheet</h2>\n");

	if (err)
		return err;
	if (!d->contacts.n)
		return none(b, "No contact in the period.");
	if ((err = contact_chart(d, b)))
		return err;
	h[n++] = "Month";
	h[n++] = "Worker";
	h[n++] = "#Contacts";
	h[n++] = "#Minutes";
	for (k = 0; k < CC_NKIND; k++)
		h[n++] = cc__rkinds[k];
	err = thead(b, h, n);
	for (i = 0; !err && i < d->contacts.n; i++) {
		const cc_rrow *r = &d->contacts.rows[i];
		if (!(err = M(b, "<tr>")) && !(err = td(b, r->a)) && !(err = td(b, r->b)) &&
		    !(err = td_long(b, r->n[0])))
			err = td_long(b, r->n[1]);
		for (k = 0; !err && k < CC_NKIND; k++)
			err = td_long(b, r->n[2 + k]);
		if (!err)
			err = M(b, "</tr>\n");
	}
	return err ? err : tend(b);
}

static int ph_costs(const cc_rdata *d, cc_buf *b)
{
	static const char *const h[] = { "Payer", "#Steps", "#Cost" };
	cc_rbar *rows;
	long *v;
	size_t i;
	int err = M(b, "<h2>Planned costs per payer</h2>\n<p class=\"note\">Steps (micro goals) "
		"of the cases active in the period, except dropped ones.</p>\n");

	if (err)
		return err;
	if (!d->payers.n)
		return none(b, "No step with a cost.");
	rows = calloc(d->payers.n, sizeof(*rows));
	v = calloc(d->payers.n, sizeof(*v));
	if (!rows || !v) {
		free(rows);
		free(v);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	for (i = 0; i < d->payers.n; i++) {
		v[i] = (long)(d->payers.rows[i].sum + 0.5);
		rows[i].label = *d->payers.rows[i].a ? d->payers.rows[i].a : "(no payer)";
		rows[i].n = &v[i];
	}
	err = cc__svg_bars(b, "Planned cost per payer", rows, d->payers.n, NULL, 1, 0, 0);
	free(rows);
	free(v);
	if (!err)
		err = thead(b, h, 3);
	for (i = 0; !err && i < d->payers.n; i++) {
		const cc_rrow *r = &d->payers.rows[i];
		if (!(err = M(b, "<tr>")) && !(err = td(b, *r->a ? r->a : "(no payer)")) &&
		    !(err = td_long(b, r->n[0])) && !(err = td_num(b, r->sum)))
			err = M(b, "</tr>\n");
	}
	return err ? err : tend(b);
}

static int ph_caseload(const cc_rdata *d, cc_buf *b)
{
	static const char *const h[] = { "Manager", "Email", "#Open cases", "State" };
	cc_rbar *rows;
	size_t i;
	int err = cc_buf_printf(b, "<h2>Caseload now</h2>\n<p class=\"note\">Open cases per "
		"manager against the store's caseload limit of %d.</p>\n", d->caseload_limit);

	if (err)
		return err;
	if (!d->managers.n)
		return none(b, "No open case.");
	if (!(rows = calloc(d->managers.n, sizeof(*rows))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; i < d->managers.n; i++) {
		rows[i].label = *d->managers.rows[i].a ? d->managers.rows[i].a : "(no manager)";
		rows[i].n = d->managers.rows[i].n;
	}
	err = cc__svg_bars(b, "Open cases per manager, dashed: the caseload limit", rows,
		d->managers.n, NULL, 1, 0, d->caseload_limit > 0 ? d->caseload_limit : 0);
	free(rows);
	if (!err)
		err = thead(b, h, 4);
	for (i = 0; !err && i < d->managers.n; i++) {
		const cc_rrow *r = &d->managers.rows[i];
		int over = r->n[0] > d->caseload_limit;
		if (!(err = M(b, over ? "<tr class=\"over\">" : "<tr>")) &&
		    !(err = td(b, *r->a ? r->a : "(no manager)")) && !(err = td(b, r->b)) &&
		    !(err = td_long(b, r->n[0])) && !(err = td(b, over ? "over the limit" : "ok")))
			err = M(b, "</tr>\n");
	}
	return err ? err : tend(b);
}

/* --- the template -------------------------------------------------------- */

static const struct {
	const char *name;
	int (*fn)(const cc_rdata *d, cc_buf *b);
} placeholders[] = {
	{ "title", ph_title }, { "period", ph_period }, { "cases", ph_cases },
	{ "phases", ph_phases }, { "goals", ph_goals }, { "decisions", ph_decisions },
	{ "referrals", ph_referrals }, { "contacts", ph_contacts }, { "costs", ph_costs },
	{ "caseload", ph_caseload }, { NULL, NULL }
};

/* The section for placeholder NAME, from the table above. */
static int expand(void *ctx, const char *name, size_t n, cc_buf *b)
{
	const cc_rdata *d = ctx;
	size_t i;

	for (i = 0; placeholders[i].name; i++)
		if (strlen(placeholders[i].name) == n && !strncmp(placeholders[i].name, name, n))
			return placeholders[i].fn(d, b);
	return CC_ENOTFOUND;
}

int cc__report_html(const cc_rdata *d, cc_buf *b)
{
	return cc_template_fill("report.html", expand, (void *)d, b);
}
