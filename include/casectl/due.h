/*
 * casectl/due.h - what needs doing: the morning cron job.
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

#include "casectl/date.h"
#include "casectl/id.h"
#include "casectl/store.h"
#include "casectl/view.h"

typedef struct {
	const char *kind;            /* static: "review", "goal", ... */
	char case_id[CC_ID_LEN + 1]; /* "" for caseload */
	char *ref;                   /* the agency's number, or NULL */
	char *manager;               /* name, malloc'd */
	char *email;                 /* or NULL */
	char due[CC_DATE_STRLEN];    /* when it is or was due */
	long days;                   /* due - today: negative = overdue */
	char *what;                  /* goal id, consent id, service, count; or NULL */
} cc_due_item;

typedef struct {
	cc_duration within;          /* look ahead; {0,'d'} = due today or overdue */
	const char *manager;         /* a name or an email, or NULL for all */
} cc_due_filter;

int cc_due_collect(cc_store *s, const cc_due_filter *f, cc_due_item **items, size_t *n);
void cc_due_free(cc_due_item *items, size_t n);

/* Text: a heading per manager, one line per item.  JSON: one object per
 * line.  Nothing at all when there are no items. */
int cc_due_print(const cc_due_item *items, size_t n, cc_format f, FILE *out);

#endif
