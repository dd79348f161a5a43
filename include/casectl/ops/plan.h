/*
 * casectl/ops/plan.h - the individual (service) plan of a case: plan.md.
 *
 * The plan holds the goals in three levels (records.h): G0 the macro
 * (impact) goal, G1, G2 ... meso goals, one per life domain, and
 * G1.1, G1.2 ... micro goals, the steps under a meso goal; a crisis
 * plan K1, K2 ...; the date the client agreed and the next review; and
 * a Markdown body.  Every goal is SMART: it has a text, a measure and
 * a due date, and the record check (cc_check_plan) refuses a goal
 * without them, with the goal's id and the reason.
 *
 * Three ways in, each one commit "plan ID: SUMMARY":
 *
 *   cc_plan_apply()        a list of changes from the command line
 *   cc_plan_draft() +      the whole plan.md in the editor: the draft
 *   cc_plan_commit_text()  is the current plan or a new one from
 *                          templates/LANG/plan.md
 *
 * and two read-only views: cc_plan_view() (text or JSON) and
 * cc_plan_render() (the printable plan, render.h).
 *
 * The plan needs the case to have reached the assessment phase; the
 * first plan moves it to planning, and a plan from evaluation is a
 * replan (back to planning).  Strings in the structures below are
 * borrowed from the caller.
 */
#ifndef CASECTL_PLAN_H
#define CASECTL_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/doc/frontmatter.h"
#include "casectl/util/id.h"
#include "casectl/doc/render.h"
#include "casectl/store/store.h"
#include "casectl/util/format.h"

typedef enum {
	CC_PLAN_MACRO,         /* set G0 (added when absent): text */
	CC_PLAN_GOAL,          /* add the next meso goal: text, domain */
	CC_PLAN_STEP,          /* add the next step under goal ID: text */
	CC_PLAN_SET,           /* change goal ID */
	CC_PLAN_REMOVE,        /* remove goal ID (a meso goal without steps) */
	CC_PLAN_CRISIS,        /* add the next crisis item: situation, contact, action */
	CC_PLAN_SET_CRISIS,    /* change crisis item ID */
	CC_PLAN_REMOVE_CRISIS  /* remove crisis item ID */
} cc_plan_op_kind;

/* One change.  NULL fields are left alone; "" removes an optional
 * field (responsible, checks, cost, payer). */
typedef struct {
	cc_plan_op_kind kind;
	const char *id;        /* SET, REMOVE, *_CRISIS: the item; STEP: its meso goal */
	const char *text, *domain, *measure, *due, *responsible;
	const char *checks, *cost, *payer, *status;  /* checks, cost, payer: steps only */
	const char *situation, *contact, *action;    /* crisis items */
} cc_plan_op;

typedef struct {
	const cc_plan_op *ops;
	size_t n_ops;
	const char *agreed;    /* date the client agreed (ISO or relative) */
	const char *review;    /* next review; a new plan gets today + review-interval */
	const char *message;   /* the new body */
	const char *force;     /* --force REASON, or NULL */
} cc_plan_change;

/* Apply CH to the plan of case INPUT (an ID or a prefix) and commit.
 * *added (may be NULL) receives the ids of new goals and crisis items,
 * one a line (malloc'd, "" when none).  CC_EREFUSED for a goal that is
 * not SMART or a meso goal that still has steps; CC_EINVALID for a bad
 * value, CC_ENOTFOUND for an unknown goal. */
int cc_plan_apply(cc_store *s, const char *input, const cc_plan_change *ch,
	char **added);

/* The text the editor starts from: the case's plan.md, or a new plan
 * from the template.  Checks everything cc_plan_commit_text will
 * (closed case, phase unless FORCE) so the editor is not opened in
 * vain.  ID receives the full case ID; *text malloc'd; *existed says
 * whether plan.md existed. */
int cc_plan_draft(cc_store *s, const char *input, const char *force,
	char id[CC_ID_LEN + 1], char **text, size_t *len, int *existed);

/* Validate TEXT (a whole plan.md, hints already stripped) and commit
 * it.  ORIG/ORIG_LEN is the draft's plan.md (NULL when there was none):
 * if plan.md changed meanwhile, CC_ECONFLICT and nothing is written. */
int cc_plan_commit_text(cc_store *s, const char *id, const char *orig,
	size_t orig_len, const char *text, size_t len, const char *force);

#endif
