/*
 * casectl/ops/closure.h - closing a case, reopening it, handing it over.
 *
 * Close: only after an evaluation decided so (the latest evaluation, by
 * its date and then its file name, has decision: close), unless forced
 * with a reason ("Forced: REASON" in the commit body).  case.md gets
 * status: closed, phase: closed, closed (today), close-reason,
 * close-note (-m) and follow-up (an aftercare contact, today or later).
 * A closed case refuses every change but reopen (action.h) and hand
 * edits (handedit.h).
 *
 * Reopen: status open, phase assessment, reopened (today) and
 * reopen-reason (-m, optional); closed, close-reason, close-note and
 * follow-up are removed (the history keeps them).
 *
 * Handover: a new case manager.  manager {name, email} is replaced and
 * the handover appended to the list handovers: [{date, from, to,
 * reason}] in case.md.  Allowed in every phase of an open case.  The
 * mandate (case.md "mandate: {text, holder, agreed}") names the manager
 * it was given to; a handover renews it or leaves it to be renewed.
 *
 * Each is one commit with a summary free of names: "case closed",
 * "case reopened", "case handed over".
 */
#ifndef CASECTL_CLOSURE_H
#define CASECTL_CLOSURE_H

#include "casectl/store/store.h"

typedef struct {
	const char *reason;     /* required */
	const char *follow_up;  /* a date, or NULL */
	const char *message;    /* close-note, or NULL */
	const char *force;      /* close without a close decision */
} cc_close_opts;

int cc_case_close(cc_store *s, const char *input, const cc_close_opts *o);

/* MESSAGE (may be NULL) becomes reopen-reason. */
int cc_case_reopen(cc_store *s, const char *input, const char *message);

/* TO: "Name <email>", a name, or an email (then also the name).
 * REASON required.  MANDATE, when not NULL, is the mandate the client
 * agreed with the new manager (case.md "mandate:", held by TO).  Without
 * it, an existing mandate stays as it was, naming the old manager: then
 * *STALE receives its holder (malloc'd; else NULL), for a warning. */
int cc_case_handover(cc_store *s, const char *input, const char *to,
	const char *reason, const char *mandate, char **stale);

/* Record the mandate TEXT the client agreed with the case's current
 * manager (a renewal after a handover, or a first one): one commit,
 * action "mandate", summary "mandate agreed". */
int cc_case_mandate(cc_store *s, const char *input, const char *text);

#endif
