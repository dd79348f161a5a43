/*
 * casectl/ops/evaluate.h - evaluation: what changed, and what next.
 *
 * Each evaluation is one new file evaluations/DATE-xxxx.md (records.h):
 * the decision (continue, replan, step-down, refer, close), the outcome
 * of goals of the plan (achieved, partly, not-achieved, dropped), the
 * client's view and the worker's view, and free text as the body.  Each
 * outcome is also written to that goal's status in plan.md, in the same
 * commit.  The decision moves the phase (phase.c): continue and
 * step-down back to monitoring, replan to planning, refer to linking,
 * close stays in evaluation until 'casectl close'.
 *
 * Needs the case to have reached linking (else CC_EPHASE, unless
 * forced).  One commit "evaluate ID: evaluation added, decision D".
 * Two steps around the editor as in event.h.
 */
#ifndef CASECTL_EVALUATE_H
#define CASECTL_EVALUATE_H

#include <stddef.h>

#include "casectl/model/event.h"
#include "casectl/model/vocab.h"
#include "casectl/store/store.h"

typedef struct {
	const char *goal;     /* a goal of plan.md */
	const char *outcome;  /* achieved|partly|not-achieved|dropped */
} cc_outcome;

typedef struct {
	const char *decision;       /* required */
	const cc_outcome *outcomes;
	size_t n_outcomes;
	const char *client_view, *worker_view;
	const char *date;           /* default today; not in the future */
	const char *message;        /* the body */
	const char *force;
} cc_evaluate_opts;

/* The decisions and outcomes are in casectl/model/vocab.h. */

/* Split "G1=achieved" into O (pointing into ARG, which is changed). */
int cc_outcome_parse(char *arg, cc_outcome *o);

int cc_evaluate_draft(cc_store *s, const char *input, const cc_evaluate_opts *o,
	char **text, size_t *len);

int cc_evaluate_commit(cc_store *s, const char *input, const cc_evaluate_opts *o,
	const char *text, size_t len, char file[CC_EVENT_NAME_MAX]);

#endif
