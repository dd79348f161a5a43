/* date.c - civil dates, relative dates and durations */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casectl/util/date.h"
#include "casectl/util/error.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* days from civil, H. Hinnant's algorithm */
int64_t cc_date_to_days(cc_date d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

cc_date cc_date_from_days(int64_t z)
{
	cc_date r;
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

cc_date cc_date_add_days(cc_date d, int64_t n)
{
	return cc_date_from_days(cc_date_to_days(d) + n);
}

cc_date cc_date_add_months(cc_date d, int n)
{
	int64_t total = (int64_t)d.y * 12 + (d.m - 1) + n;
	cc_date r;

	r.y = (int)(total / 12);
	r.m = (int)(total % 12) + 1;
	r.d = d.d;
	if (r.d > month_days(r.y, r.m))
		r.d = month_days(r.y, r.m);
	return r;
}

int cc_date_cmp(cc_date a, cc_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

void cc_date_format(cc_date d, char out[CC_DATE_STRLEN])
{
	unsigned y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : (unsigned)d.y;
	unsigned m = (unsigned)d.m % 100, dd = (unsigned)d.d % 100;

	snprintf(out, CC_DATE_STRLEN, "%04u-%02u-%02u", y, m, dd);
}

static int digits(const char *s, int n)
{
	int i, v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parse YYYY-MM-DD at the start of S; *end points after it. */
static int parse_ymd(const char *s, cc_date *out, const char **end)
{
	cc_date d;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	d.y = digits(s, 4);
	d.m = digits(s + 5, 2);
	d.d = digits(s + 8, 2);
	if (d.y < 1000 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > month_days(d.y, d.m))
		return -1;
	*out = d;
	*end = s + 10;
	return 0;
}

int cc_date_parse_iso(const char *s, cc_date *out)
{
	const char *end;

	if (!s || parse_ymd(s, out, &end) || *end)
		return cc_error_set(CC_EINVALID,
			"'%.40s' is not a date; use YYYY-MM-DD", s ? s : "");
	return 0;
}

/* Parse $CASECTL_NOW into a date and a time. */
static int parse_now(const char *s, cc_date *d, int64_t *unix_time)
{
	const char *p;
	int hh = 12, mm = 0, ss = 0, off = 0;

	if (parse_ymd(s, d, &p))
		goto bad;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (strlen(p) < 8 || p[2] != ':' || p[5] != ':')
			goto bad;
		hh = digits(p, 2);
		mm = digits(p + 3, 2);
		ss = digits(p + 6, 2);
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
			goto bad;
		p += 8;
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh = digits(p + 1, 2), om;
			if (oh < 0 || p[3] != ':' || (om = digits(p + 4, 2)) < 0)
				goto bad;
			off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
			p += 6;
		}
	}
	if (*p)
		goto bad;
	if (unix_time)
		*unix_time = cc_date_to_days(*d) * 86400 + hh * 3600 + mm * 60 + ss - off * 60;
	return 0;
bad:
	return cc_error_set(CC_EINVALID,
		"CASECTL_NOW='%.40s' is not a date or an ISO 8601 time", s);
}

int cc_date_today(cc_date *out)
{
	const char *env = getenv("CASECTL_NOW");
	time_t t;
	struct tm tm;

	if (env && *env)
		return parse_now(env, out, NULL);
	t = time(NULL);
	localtime_r(&t, &tm);
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	return 0;
}

int cc_now(int64_t *out)
{
	const char *env = getenv("CASECTL_NOW");
	cc_date d;

	if (env && *env)
		return parse_now(env, &d, out);
	*out = (int64_t)time(NULL);
	return 0;
}

int cc_duration_parse(const char *s, cc_duration *out)
{
	char *end;
	long n;

	if (!s || !isdigit((unsigned char)*s))
		goto bad;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || n < 0 || n > 100000)
		goto bad;
	if (*end == '\0') {
		out->unit = 'd';
	} else if (strchr("dwmy", *end) && end[1] == '\0') {
		out->unit = *end;
	} else {
		goto bad;
	}
	out->n = (int)n;
	return 0;
bad:
	return cc_error_set(CC_EINVALID,
		"'%.40s' is not a duration; use a number and d, w, m or y (e.g. 14d, 6m)",
		s ? s : "");
}

cc_date cc_date_add_duration(cc_date d, cc_duration dur, int sign)
{
	switch (dur.unit) {
	case 'w':
		return cc_date_add_days(d, (int64_t)sign * dur.n * 7);
	case 'm':
		return cc_date_add_months(d, sign * dur.n);
	case 'y':
		return cc_date_add_months(d, sign * dur.n * 12);
	default:
		return cc_date_add_days(d, (int64_t)sign * dur.n);
	}
}

int cc_date_parse(const char *s, cc_date today, cc_date *out)
{
	cc_duration dur;

	if (!s)
		return cc_error_set(CC_EINVALID, "missing date");
	if (!strcmp(s, "today")) {
		*out = today;
		return 0;
	}
	if ((s[0] == '+' || s[0] == '-') && s[1]) {
		if (cc_duration_parse(s + 1, &dur))
			return cc_error_set(CC_EINVALID,
				"'%.40s' is not a date; use YYYY-MM-DD or a relative "
				"form such as +14d, +2w, +3m, +1y", s);
		*out = cc_date_add_duration(today, dur, s[0] == '+' ? 1 : -1);
		return 0;
	}
	if (cc_date_parse_iso(s, out))
		return cc_error_set(CC_EINVALID,
			"'%.40s' is not a date; use YYYY-MM-DD or a relative form "
			"such as +14d, +2w, +3m, +1y", s);
	return 0;
}

double cc_clock_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
