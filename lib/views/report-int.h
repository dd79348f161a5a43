/* report-int.h - what lib/report*.c share (private to lib)
 *
 * report-collect.c reads the records into a cc_rdata, report-phase.c
 * adds the phase stays from the history, report-stats.c holds the
 * tallies and the quartiles, and report-text.c, report-json.c and
 * report-html.c write it.  A cc_rdata owns everything in it.
 */
#ifndef CASECTL_REPORT_INT_H
#define CASECTL_REPORT_INT_H

#include <stddef.h>

#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/model/phase.h"
#include "casectl/views/report.h"
#include "casectl/store/store.h"

/* --- tallies: rows keyed by one or two strings ------------------------- */

#define CC_RROW_N 8

typedef struct {
	char *a, *b;          /* the key (b may be NULL); malloc'd */
	long n[CC_RROW_N];    /* counters; their meaning is the table's */
	double sum;
} cc_rrow;

typedef struct {
	cc_rrow *rows;
	size_t n, cap;
	size_t *slots;        /* hash of row index + 1; 0 = empty */
	size_t nslots;
} cc_rtab;

/* The row for (A, B), added with zero counters if new.  B may be NULL
 * (then it equals "" for the key).  *out stays valid until the next
 * add. */
int cc__rtab_get(cc_rtab *t, const char *a, const char *b, cc_rrow **out);
/* Sort rows by (a, b) bytewise, empty a last.  Lookups are not
 * possible afterwards. */
void cc__rtab_sort(cc_rtab *t);
void cc__rtab_free(cc_rtab *t);

/* --- summaries of a set of durations ----------------------------------- */

typedef struct {
	double *v;
	size_t n, cap;
} cc_rvec;

int cc__rvec_add(cc_rvec *v, double x);
void cc__rvec_free(cc_rvec *v);

typedef struct {
	size_t count;
	double min, q1, median, q3, max;   /* meaningful when count > 0 */
} cc_rstats;

/* Sorts V and summarises it (quartiles by linear interpolation
 * between closest ranks, as R type 7). */
void cc__rstats_of(cc_rvec *v, cc_rstats *out);

/* --- the enumerations a report counts ---------------------------------- */

enum { CC_LVL_MACRO, CC_LVL_MESO, CC_LVL_MICRO, CC_NLEVEL };
enum { CC_GS_OPEN, CC_GS_ACHIEVED, CC_GS_PARTLY, CC_GS_NOT, CC_GS_DROPPED, CC_NGSTATUS };
enum { CC_NDECISION = 5, CC_NLSTATUS = 6, CC_NKIND = 6 };

extern const char *const cc__rlevels[CC_NLEVEL];       /* macro, meso, micro */
extern const char *const cc__rgstatus[CC_NGSTATUS];    /* open, achieved, ... */
extern const char *const cc__rdecisions[CC_NDECISION]; /* continue, ... close */
extern const char *const cc__rlstatus[CC_NLSTATUS];    /* proposed ... declined */
extern const char *const cc__rkinds[CC_NKIND];         /* visit ... feedback */

/* The index of S in NAMES (N of them), or -1. */
int cc__rindex(const char *const *names, int n, const char *s);

/* Link status indexes that count as a yes to a referral, and a no. */
#define CC_LS_ACCEPTED 2
#define CC_LS_ACTIVE 3
#define CC_LS_ENDED 4
#define CC_LS_DECLINED 5

/* --- the collected figures --------------------------------------------- */

typedef struct {
	cc_rvec done, ongoing;      /* days */
	cc_rstats done_st, ongoing_st; /* their summaries (cc_report fills them) */
} cc_rphase;

typedef struct {
	cc_date today;
	int has_since, has_until;
	cc_date since, until;
	long since_day, until_day;   /* days since the epoch; open ends: extremes */

	long total, active, open_now, opened, closed, reopened;
	cc_rtab reasons;     /* a: close-reason ("" none); n[0]: cases */
	cc_rphase phases[CC_PHASE_COUNT];
	long goal_status[CC_NLEVEL][CC_NGSTATUS];
	long outcomes[CC_NLEVEL][CC_NGSTATUS];   /* CC_GS_OPEN unused */
	long decisions[CC_NDECISION];
	cc_rtab services;    /* a: slug ("" informal), b: directory name; n[status]; sum unused */
	cc_rtab contacts;    /* a: YYYY-MM, b: worker; n[0] contacts, n[1] minutes, n[2+kind] */
	cc_rtab payers;      /* a: payer ("" none); n[0] steps; sum: cost */
	cc_rtab managers;    /* a: name, b: email; n[0] open cases */
	int caseload_limit;
} cc_rdata;

void cc__rdata_free(cc_rdata *d);

/* 1 if DAY (days since the epoch) lies in the period. */
int cc__rdata_in(const cc_rdata *d, long day);
/* The same for a YYYY-MM-DD string; 0 for NULL or a malformed date. */
int cc__rdata_in_str(const cc_rdata *d, const char *date);

/* report-collect.c: the records of the working tree. */
int cc__report_collect(cc_store *s, cc_rdata *d);

/* report-phase.c: the phase stays from the history. */
int cc__report_phases(cc_store *s, cc_rdata *d);

/* The writers.  They append to OUT. */
int cc__report_text(const cc_rdata *d, cc_buf *out);
int cc__report_json(const cc_rdata *d, cc_buf *out);
int cc__report_html(const cc_rdata *d, cc_buf *out);

/* report-svg.c: inline SVG charts (a <figure> each), labels escaped. */
typedef struct {
	const char *label;   /* from the store; shortened and escaped */
	const long *n;       /* one count per category */
} cc_rbar;

/* Box plots of the completed stays of each phase. */
int cc__svg_phases(cc_buf *b, const cc_rdata *d);
/* One bar per month (N months, values V). */
int cc__svg_months(cc_buf *b, const char *title, const char *const *months,
	const long *v, size_t n);
/* One horizontal bar per row, stacked by NCATS categories; PERCENT
 * scales each row to 100%; LIMIT > 0 draws a dashed line there and
 * marks single-category bars over it. */
int cc__svg_bars(cc_buf *b, const char *title, const cc_rbar *rows, size_t nrows,
	const char *const *cats, int ncats, int percent, long limit);

/* Shared by the writers: the period in words ("all time", "from X",
 * "X to Y"), and a number with at most one decimal ("3", "2.5"). */
void cc__report_period_text(const cc_rdata *d, char *out, size_t size);
void cc__report_num(double x, char *out, size_t size);

#endif
