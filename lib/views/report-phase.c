/* report-phase.c - days in each phase, from the history of case.md
 *
 * Every change of a case.md with the phase it records, each case's
 * oldest first (cc_store_phase_changes: from the history index, without
 * diffing the trees of the history).  A case's stay in a phase starts on
 * the date of the commit that set "phase" to it and ends on the date of
 * the commit that set another phase (or removed the file: that stay is
 * not counted; a case.md that records no valid phase changes nothing).
 * Dates are each commit's own local date (author time and zone), so a
 * stay is a whole number of days; a commit dated before the one that
 * started the stay gives 0, never a negative number.
 *
 * A stay ending in the period is "completed".  A stay still running at
 * the end of the period (until, or today; the earlier of the two) is
 * "ongoing", measured up to then.  The closed phase is not a working
 * phase and is not measured.
 */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "report-int.h"

/* Per case (rtab row keyed by the ID): n[0] phase + 1 (0: none),
 * n[1] the day the stay began. */
typedef struct {
	cc_rdata *d;
	cc_rtab cases;
	long end_day;        /* the end of the period for ongoing stays */
} phase_ctx;

/* A stay in PHASE from day START ended on day END (or runs on: END < 0). */
static int stay(phase_ctx *x, int phase, long start, long end)
{
	cc_rdata *d = x->d;
	long days;

	if (phase == CC_PHASE_CLOSED)
		return 0;
	if (end >= 0 && cc__rdata_in(d, end)) {
		days = end > start ? end - start : 0;
		return cc__rvec_add(&d->phases[phase].done, (double)days);
	}
	/* running at the end of the period */
	if (start <= x->end_day && (end < 0 || end > x->end_day)) {
		days = x->end_day - start;
		return cc__rvec_add(&d->phases[phase].ongoing, (double)days);
	}
	return 0;
}

static long floor_div(int64_t a, int64_t b)
{
	return (long)(a / b - (a % b < 0));
}

static int on_change(const cc_phase_change *ch, void *payload)
{
	phase_ctx *x = payload;
	long day = floor_div(ch->time + (int64_t)ch->tz_minutes * 60, 86400);
	cc_rrow *r;
	int err;

	if ((err = cc__rtab_get(&x->cases, ch->case_id, NULL, &r)))
		return err;
	if (ch->phase == CC_CASEMD_GONE) {
		r->n[0] = 0;     /* the case is gone; its stay is not measured */
		return 0;
	}
	if (ch->phase < 0 || ch->phase + 1 == r->n[0])
		return 0;
	if (r->n[0] && (err = stay(x, (int)r->n[0] - 1, r->n[1], day)))
		return err;
	r->n[0] = ch->phase + 1;
	r->n[1] = day;
	return 0;
}

int cc__report_phases(cc_store *s, cc_rdata *d)
{
	phase_ctx x;
	long today = (long)cc_date_to_days(d->today);
	size_t i;
	int err;

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.end_day = d->until_day < today ? d->until_day : today;
	err = cc_store_phase_changes(s, on_change, &x);
	for (i = 0; !err && i < x.cases.n; i++) {
		const cc_rrow *r = &x.cases.rows[i];
		if (r->n[0])
			err = stay(&x, (int)r->n[0] - 1, r->n[1], -1);
	}
	cc__rtab_free(&x.cases);
	return err;
}
