/*
 * casectl/views/due.h - what needs doing: the morning cron job.
 *
 * cc_due_collect walks every case once and gathers what is due or
 * overdue today, or within a look-ahead:
 *   review       case.md review date
 *   plan-review  plan.md review date
 *   goal         a plan goal past its due date, not achieved or dropped
 *   follow-up    a closed case's agreed follow-up contact
 *   consent      an active consent about to expire
 *   link         a link proposed, referred or accepted, waiting longer
 *                than the store's link-wait-limit since its last change
 *   contact      an open case without a journal entry for longer than
 *                the store's contact-gap-limit (since opening if none)
 *   caseload     a manager with more open cases than caseload-limit
 * Items carry no client names: the output goes into cron mail.
 * Items are sorted by manager, then by urgency (most overdue first).
 */
#ifndef CASECTL_DUE_H
#define CASECTL_DUE_H

#include <stdio.h>

#include "casectl/util/date.h"
#include "casectl/util/id.h"
#include "casectl/store/store.h"
#include "casectl/views/view.h"

typedef struct {
	const char *kind;            /* static: "review", "goal", ... */
	const char *case_id;         /* "" for caseload */
	const char *ref;             /* the agency's number, or NULL */
	const char *manager;         /* name */
	const char *email;           /* or NULL */
	char due[CC_DATE_STRLEN];    /* when it is or was due */
	long days;                   /* due - today: negative = overdue */
	const char *what;            /* goal id, consent id, service, count; or NULL */
} cc_due_item;

typedef struct {
	cc_duration within;          /* look ahead; {0,'d'} = due today or overdue */
	const char *manager;         /* a name or an email, or NULL for all */
} cc_due_filter;

/* The items found, sorted, kept compactly (a few dozen bytes an item,
 * strings shared), so a store of 100,000 cases fits in little memory. */
typedef struct cc_due cc_due;

/* Walk every case; *out is freed with cc_due_free (NULL on error). */
int cc_due_collect(cc_store *s, const cc_due_filter *f, cc_due **out);
size_t cc_due_count(const cc_due *d);
/* Item I (< cc_due_count) in order; the strings belong to D. */
void cc_due_get(const cc_due *d, size_t i, cc_due_item *out);
void cc_due_free(cc_due *d);

/* Text: a heading per manager, one line per item.  JSON: one object per
 * line.  Nothing at all when there are no items. */
int cc_due_print(const cc_due *d, cc_format f, FILE *out);

#endif
