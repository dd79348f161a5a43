/*
 * casectl/ops/monitor.h - monitoring and coordination: the case journal.
 *
 * Every contact or meeting is one new file journal/DATE-xxxx.md
 * (records.h): its kind, who took part, how long, whether the client
 * was there, progress on goals of the plan, the next review, and the
 * note as the body.  Kinds: visit (the default), phone, message,
 * consultation (a case consultation among the professionals, may be
 * without the client), conference (a case conference: always with the
 * client, so it needs client-present or the reason the client was
 * absent), feedback (written feedback from a provider).
 *
 * Needs the case to have reached planning (else CC_EPHASE, unless
 * forced); from planning or linking the case moves to monitoring.
 * Every progress goal must be a goal of plan.md.  A next review also
 * becomes case.md's review.  One commit "monitor ID: SUMMARY" where
 * the summary says the kind and the minutes ("phone contact, 20
 * minutes").  Two steps around the editor as in event.h.
 */
#ifndef CASECTL_MONITOR_H
#define CASECTL_MONITOR_H

#include <stddef.h>

#include "casectl/model/event.h"
#include "casectl/model/vocab.h"
#include "casectl/store/store.h"

typedef struct {
	const char *goal;    /* a goal of plan.md: G0, G1, G1.2 */
	const char *state;   /* not-started|on-track|behind|blocked|done */
} cc_progress;

typedef struct {
	const char *kind;           /* NULL: visit */
	cc_strlist with;            /* who else took part */
	const char *minutes;        /* a whole number 0..1440, or NULL */
	const char *date;           /* default today; not in the future */
	const cc_progress *progress;
	size_t n_progress;
	int client_present;         /* -1 not said, 0 absent, 1 present */
	const char *absent_reason;  /* with client_present 0 */
	const char *next_review;    /* today or later */
	const char *message;        /* the note */
	const char *force;          /* --force REASON, or NULL */
} cc_monitor_opts;


int cc_monitor_draft(cc_store *s, const char *input, const cc_monitor_opts *o,
	char **text, size_t *len);

/* From O with its message (TEXT NULL), or from the edited TEXT. */
int cc_monitor_commit(cc_store *s, const char *input, const cc_monitor_opts *o,
	const char *text, size_t len, char file[CC_EVENT_NAME_MAX]);

#endif
