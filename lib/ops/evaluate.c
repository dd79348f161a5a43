/* evaluate.c - evaluation: outcomes of the goals and the decision */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/ops/evaluate.h"
#include "casectl/model/records.h"
#include "../model/event-int.h"
#include "../model/record-io-int.h"

int cc_outcome_parse(char *arg, cc_outcome *o)
{
	char *eq = strrchr(arg, '=');

	if (!eq || eq == arg || !eq[1])
		return cc_error_set(CC_EUSAGE, "--goal needs GOAL=OUTCOME (for example "
			"G1=achieved), not '%s'", arg);
	*eq = '\0';
	o->goal = arg;
	o->outcome = eq + 1;
	return 0;
}

static int check_opts(const cc_evaluate_opts *o)
{
	char gi[16], gk[16];
	size_t i, k;
	int err;

	if (!o->decision)
		return cc_error_set(CC_EUSAGE, "an evaluation needs a decision: give --decision "
			"continue, replan, step-down, refer or close");
	if ((err = cc__ev_enum("--decision", o->decision, cc_eval_decisions)))
		return err;
	for (i = 0; i < o->n_outcomes; i++) {
		if ((err = cc__ev_goal_id("--goal", o->outcomes[i].goal, gi)) ||
		    (err = cc__ev_enum("outcome", o->outcomes[i].outcome, cc_eval_outcomes)))
			return err;
		for (k = 0; k < i; k++)
			if (!cc__ev_goal_id("--goal", o->outcomes[k].goal, gk) && !strcmp(gi, gk))
				return cc_error_set(CC_EUSAGE, "--goal %s is given twice", gi);
	}
	return 0;
}

static int set_text(cc_node *m, const char *key, const char *v)
{
	return v && *v ? cc_map_set_str(m, key, v) : 0;
}

static int build(cc_action *a, const cc_evaluate_opts *o, int editor, cc_doc **out)
{
	cc_doc *doc = NULL;
	cc_node *root, *list, *item;
	char day[CC_DATE_STRLEN], gid[16], *by = NULL;
	size_t i;
	int err;

	*out = NULL;
	if ((err = cc__ev_date("--date", o->date ? o->date : "today", cc_action_today(a),
		     CC_EV_NOT_AFTER, day)) ||
	    (err = cc__rio_worker(cc_action_store(a), &by)) ||
	    (err = cc__ev_template(cc_action_settings(a), "evaluation.md", &doc)))
		goto out;
	root = cc_doc_root(doc);
	if ((err = cc_map_set_plain(root, "date", day)) ||
	    (err = cc_map_set_str(root, "by", by)) ||
	    (err = cc_map_set_plain(root, "decision", o->decision)) ||
	    (err = cc_map_child_list(root, "outcomes", &list)))
		goto out;
	for (i = 0; i < o->n_outcomes; i++)
		if ((err = cc__ev_goal_id("--goal", o->outcomes[i].goal, gid)) ||
		    (err = cc_list_append_map(list, &item)) ||
		    (err = cc_map_set_plain(item, "goal", gid)) ||
		    (err = cc_map_set_plain(item, "outcome", o->outcomes[i].outcome)))
			goto out;
	if ((err = set_text(root, "client-view", o->client_view)) ||
	    (err = set_text(root, "worker-view", o->worker_view)))
		goto out;
	if (!editor && ((err = cc__ev_body(doc, o->message)) || (err = cc__ev_prune(root))))
		goto out;
	*out = doc;
	doc = NULL;
out:
	free(by);
	cc_doc_free(doc);
	return err;
}

/* Check the outcomes' goals against the plan and, with WRITE, set each
 * goal's status and stage plan.md. */
static int outcomes_to_plan(cc_action *a, const cc_doc *doc, int write)
{
	const cc_node *list = cc_map_get(cc_doc_root(doc), "outcomes"), *it;
	cc_doc *plan = NULL;
	cc_node *g;
	size_t i;
	int err = 0;

	if (!list || !cc_node_count(list))
		return 0;
	if ((err = cc__ev_plan(a, &plan)))
		return err;
	for (i = 0; !err && i < cc_node_count(list); i++) {
		it = cc_node_at(list, i);
		if (!(err = cc__ev_goal(a, plan, cc_map_str(it, "goal"), &g)) && write)
			err = cc_map_set_plain(g, "status", cc_map_str(it, "outcome"));
	}
	if (!err && write) {
		err = cc_action_put_doc(a, CC_PLAN_FILE, plan);
		plan = NULL;
	}
	cc_doc_free(plan);
	return err;
}

static int phase(cc_action *a, const char *decision, const char *force)
{
	char move[64];

	snprintf(move, sizeof(move), "evaluate:%s", decision);
	return cc_action_phase(a, "evaluate", move, force);
}

int cc_evaluate_draft(cc_store *s, const char *input, const cc_evaluate_opts *o,
	char **text, size_t *len)
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	int err;

	*text = NULL;
	if ((err = check_opts(o)) ||
	    (err = cc_action_begin(&a, s, input, 0)) ||
	    (err = phase(a, o->decision, o->force)) ||
	    (err = build(a, o, 1, &doc)) ||
	    (err = outcomes_to_plan(a, doc, 0)))
		goto out;
	err = cc__ev_emit(doc, text, len);
out:
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}

int cc_evaluate_commit(cc_store *s, const char *input, const cc_evaluate_opts *o,
	const char *text, size_t len, char file[CC_EVENT_NAME_MAX])
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	char decision[32];
	int err;

	if ((err = check_opts(o)) ||
	    (err = cc_action_begin(&a, s, input, 0)))
		goto out;
	/* from the options the phase is checked before anything is read;
	 * from the editor the decision is the one in the text */
	if ((!text && (err = phase(a, o->decision, o->force))) ||
	    (err = cc_action_event_name(a, CC_DIR_EVALUATIONS, file, CC_EVENT_NAME_MAX)))
		goto out;
	if (text) {
		if ((err = cc__ev_parse(a, file, text, len, &doc)) ||
		    (err = cc__ev_check_date_key(a, file, doc, "date", CC_EV_NOT_AFTER)) ||
		    (err = phase(a, cc_map_str(cc_doc_root(doc), "decision"), o->force)))
			goto out;
	} else if ((err = build(a, o, 0, &doc)) || (err = cc__ev_validate(a, file, doc))) {
		goto out;
	}
	snprintf(decision, sizeof(decision), "%s", cc_map_str(cc_doc_root(doc), "decision"));
	if ((err = outcomes_to_plan(a, doc, 1)))
		goto out;
	err = cc_action_put_doc(a, file, doc);
	doc = NULL;
	if (!err)
		err = cc_action_commit(a, "evaluate", "evaluation added, decision %s", decision);
out:
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}
