/* report.c - casectl report: the period, then collect and write */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/model/settings.h"
#include "report-int.h"

int cc_report_format_parse(const char *s, cc_report_format *out)
{
	if (!strcmp(s, "text"))
		*out = CC_REPORT_TEXT;
	else if (!strcmp(s, "json"))
		*out = CC_REPORT_JSON;
	else if (!strcmp(s, "html"))
		*out = CC_REPORT_HTML;
	else
		return cc_error_set(CC_EUSAGE, "unknown format '%s'; use text, json or html", s);
	return 0;
}

static int period_end(const char *s, const char *what, int *has, cc_date *out)
{
	if (!s)
		return 0;
	if (cc_date_parse_iso(s, out))
		return cc_error_set(CC_EINVALID, "%s date '%s' is not YYYY-MM-DD", what, s);
	*has = 1;
	return 0;
}

static int setup(cc_store *s, const cc_report_period *p, cc_rdata *d)
{
	cc_settings st;
	int err;

	if ((err = cc_date_today(&d->today)))
		return err;
	d->since = d->until = d->today;
	if (p && ((err = period_end(p->since, "since", &d->has_since, &d->since)) ||
		  (err = period_end(p->until, "until", &d->has_until, &d->until))))
		return err;
	if (d->has_since && d->has_until && cc_date_cmp(d->since, d->until) > 0)
		return cc_error_set(CC_EUSAGE, "the period starts after it ends (since %s, "
			"until %s); swap them", p->since, p->until);
	d->since_day = d->has_since ? (long)cc_date_to_days(d->since) : -100000000L;
	d->until_day = d->has_until ? (long)cc_date_to_days(d->until) : 100000000L;
	if ((err = cc_settings_load(s, &st)))
		return err;
	d->caseload_limit = st.caseload_limit;
	return 0;
}

int cc_report(cc_store *s, const cc_report_period *period, cc_report_format f,
	char **out, size_t *len)
{
	cc_rdata d;
	cc_buf b = CC_BUF_INIT;
	size_t n;
	int err, p;

	*out = NULL;
	if (len)
		*len = 0;
	memset(&d, 0, sizeof(d));
	if (!(err = setup(s, period, &d)) &&
	    !(err = cc__report_collect(s, &d)) &&
	    !(err = cc__report_phases(s, &d))) {
		for (p = 0; p < CC_PHASE_COUNT; p++) {
			cc__rstats_of(&d.phases[p].done, &d.phases[p].done_st);
			cc__rstats_of(&d.phases[p].ongoing, &d.phases[p].ongoing_st);
		}
		cc__rtab_sort(&d.reasons);
		cc__rtab_sort(&d.services);
		cc__rtab_sort(&d.contacts);
		cc__rtab_sort(&d.payers);
		cc__rtab_sort(&d.managers);
		switch (f) {
		case CC_REPORT_JSON: err = cc__report_json(&d, &b); break;
		case CC_REPORT_HTML: err = cc__report_html(&d, &b); break;
		default: err = cc__report_text(&d, &b); break;
		}
	}
	cc__rdata_free(&d);
	n = b.len;
	if (!err && !(*out = cc_buf_detach(&b)))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	if (err) {
		cc_buf_free(&b);
		return err;
	}
	if (len)
		*len = n;
	return 0;
}
