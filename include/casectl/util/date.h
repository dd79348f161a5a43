/*
 * casectl/util/date.h - calendar dates and durations.
 *
 * Dates are civil dates without a time zone, written ISO 8601
 * (YYYY-MM-DD).  Where a user gives a date, relative forms are accepted
 * too: "today", "+14d", "-2w", "+3m", "+1y" (days, weeks, months,
 * years from today; a month step keeps the day or clamps it to the end
 * of the month).  "Today" is $CASECTL_NOW when set (YYYY-MM-DD or a full
 * ISO 8601 time, whose date part is used), else the local date.
 * cc_date is a plain value; nothing here allocates.
 */
#ifndef CASECTL_DATE_H
#define CASECTL_DATE_H

#include <stdint.h>

typedef struct {
	int y, m, d;
} cc_date;

#define CC_DATE_STRLEN 11 /* "YYYY-MM-DD" + NUL */

/* Today (see above). CC_EINVALID if $CASECTL_NOW is malformed. */
int cc_date_today(cc_date *out);

/* The current time as seconds since the epoch: $CASECTL_NOW if set (a
 * bare date is that day at 12:00 UTC), else the clock. */
int cc_now(int64_t *out);

/* Parse an ISO date or a relative form, relative to TODAY.  CC_EINVALID
 * with a message quoting S when it is neither. */
int cc_date_parse(const char *s, cc_date today, cc_date *out);

/* Parse only a strict ISO date (YYYY-MM-DD, a real calendar day). */
int cc_date_parse_iso(const char *s, cc_date *out);

void cc_date_format(cc_date d, char out[CC_DATE_STRLEN]);
int cc_date_cmp(cc_date a, cc_date b);

/* Days since 1970-01-01 and back. */
int64_t cc_date_to_days(cc_date d);
cc_date cc_date_from_days(int64_t days);

cc_date cc_date_add_days(cc_date d, int64_t n);
cc_date cc_date_add_months(cc_date d, int n);

/* A duration such as "14d", "2w", "6m", "1y" (also "30" = days).  Stored
 * as a count and a unit 'd', 'w', 'm' or 'y'. */
typedef struct {
	int n;
	char unit;
} cc_duration;

int cc_duration_parse(const char *s, cc_duration *out);
cc_date cc_date_add_duration(cc_date d, cc_duration dur, int sign);

/* Seconds on the monotonic clock (for time limits and pauses; not a
 * date). */
double cc_clock_s(void);

#endif
