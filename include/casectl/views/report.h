/*
 * casectl/views/report.h - programme evaluation: the figures of the whole
 * store.
 *
 * A report is computed from the working tree (the records) and, for the
 * time spent in each phase, from the git history of every case.md (one
 * walk, cc_store_file_changes).  It never changes the store.  The full
 * description of every figure and the JSON schema are in
 * casectl-report(1); in short, for the period [since, until] (either end
 * open when not given):
 *
 *   cases      opened (case.md "opened" in the period), closed ("closed"
 *              in the period) with close-reason counts, reopened
 *              ("reopened" in the period), open now, and "active": cases
 *              open at some time in the period (opened on or before
 *              until, and not closed before since).
 *   phases     days spent in each phase (intake .. evaluation) from the
 *              commit dates at which case.md's "phase" changed: a stay
 *              that ENDED in the period is "completed"; a stay still
 *              running at the end of the period (until, or today) is
 *              "ongoing" and measured up to then, and is kept out of the
 *              completed figures.  Each stay counts on its own (a case
 *              back in monitoring twice gives two).  min, quartiles
 *              (linear interpolation between ranks), median, max.
 *   goals      current status of the goals of active cases' plans, by
 *              level; evaluation outcomes dated in the period, the latest
 *              per case and goal, by level.
 *   decisions  evaluation decisions dated in the period.
 *   referrals  links with a history entry in the period, by service and
 *              by their status at the end of the period; acceptance rate
 *              = (accepted + active + ended) / those plus declined.
 *   contacts   journal entries dated in the period, per month and worker
 *              ("by"): count, minutes, count per kind.
 *   costs      planned cost of the steps of active cases, per payer.
 *   caseload   open cases per manager now, against caseload-limit.
 *
 * Labels are English in every format.
 */
#ifndef CASECTL_REPORT_H
#define CASECTL_REPORT_H

#include <stddef.h>

#include "casectl/store/store.h"

typedef enum {
	CC_REPORT_TEXT,   /* aligned tables for people (may change) */
	CC_REPORT_JSON,   /* one JSON object, schema in casectl-report(1) */
	CC_REPORT_HTML    /* one self-contained HTML file with SVG charts */
} cc_report_format;

/* "text", "json" or "html"; CC_EUSAGE otherwise. */
int cc_report_format_parse(const char *s, cc_report_format *out);

typedef struct {
	const char *since;   /* YYYY-MM-DD, or NULL for no lower bound */
	const char *until;   /* YYYY-MM-DD, or NULL for no upper bound */
} cc_report_period;

/* Compute the report of store S for PERIOD and write it as F.  *out is
 * malloc'd and NUL-terminated (the caller frees it), *len without the
 * NUL.  CC_EUSAGE when since is after until, CC_EINVALID for a date
 * that is not YYYY-MM-DD.  Files that cannot be read or parsed are
 * skipped with a warning (cc_warn) naming them; 'casectl check' tells
 * what is wrong with them. */
int cc_report(cc_store *s, const cc_report_period *period, cc_report_format f,
	char **out, size_t *len);

#endif
