/* plan-int.h - what the plan module's files share (private to lib) */
#ifndef CASECTL_PLAN_INT_H
#define CASECTL_PLAN_INT_H

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/model/validate.h"

/* The goal statuses, NULL-terminated (open first). */
extern const char *const cc__plan_statuses[];

typedef enum {
	CC_GOAL_BAD = -1,
	CC_GOAL_MACRO,
	CC_GOAL_MESO,
	CC_GOAL_MICRO
} cc_goal_level;

/* The level an id's form says: G0 macro, G<n> meso, G<n>.<m> micro
 * (n, m from 1, no leading zeros, at most 4 digits each); *major and
 * *minor receive n and m (0 when absent).  CC_GOAL_BAD otherwise. */
cc_goal_level cc__plan_id_level(const char *id, int *major, int *minor);

/* Whether V has the form of a goal id (G0, G3, G3.12). */
int cc__ev_goal_id_valid(const char *v);

/* K<n> -> n (1..9999), or -1. */
int cc__plan_crisis_num(const char *id);

/* Whether V is a cost: digits, optionally '.' and one or two digits. */
int cc__plan_cost_valid(const char *v);

/* Whether V is a goal status. */
int cc__plan_status_valid(const char *v);

/* Validate DOC as the plan RELPATH and raise every problem as one
 * error (CC_EINVALID), or return 0. */
int cc__plan_check_raise(const char *relpath, const cc_doc *doc);

/* --- one change to the plan (plan.c) ---------------------------------- */

/* What one command changes: the action, the plan and what to report.
 * Owned by the caller; release with cc__plan_end. */
typedef struct {
	cc_action *a;
	cc_doc *doc;            /* the plan (NULL: none yet, editor path) */
	cc_node *goals, *crisis;
	int created;            /* plan.md did not exist */
	int whole;              /* the whole file from the editor */
	cc_buf added;           /* new ids, one a line */
	cc_buf changes;         /* summaries, one a line */
	size_t nchanges;
} cc_plan_ctx;

/* Begin the action on case INPUT, check the phase (FORCE overrides),
 * read the plan; a case without one gets a new plan from the template
 * when NEW is set. */
int cc__plan_begin(cc_store *s, const char *input, const char *force, int new,
	cc_plan_ctx *p);
void cc__plan_end(cc_plan_ctx *p);

/* Find (or add) the goals and crisis lists. */
int cc__plan_lists(cc_plan_ctx *p);

/* Record one change for the commit summary. */
int cc__plan_note(cc_plan_ctx *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "cases/.../plan.md" of the action's case; OUT holds 256 bytes. */
void cc__plan_relpath(cc_action *a, char out[256]);

/* strdup of a non-empty S, else NULL. */
char *cc__plan_strdup(const char *s);

/* Validate the plan, make the case's review follow the plan's (when it
 * changed from OLD_REVIEW), stage and commit. */
int cc__plan_finish(cc_plan_ctx *p, const char *old_review);

#endif
