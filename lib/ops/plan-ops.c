/* plan-ops.c - changing the plan from the command line, item by item */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/model/field.h"
#include "casectl/ops/plan.h"
#include "../model/plan-int.h"

/* --- ids -------------------------------------------------------------- */

/* User input "g1.2" -> "G1.2", checked against the forms. */
static int norm_id(const char *in, int crisis, char out[16])
{
	int major, minor;
	size_t n = strlen(in);

	if (n >= 16)
		goto bad;
	memcpy(out, in, n + 1);
	out[0] = (char)toupper((unsigned char)out[0]);
	if (crisis ? cc__plan_crisis_num(out) > 0
		   : cc__plan_id_level(out, &major, &minor) != CC_GOAL_BAD)
		return 0;
bad:
	return cc_error_set(CC_EUSAGE, crisis ? "'%s' is not a crisis item id (K1, K2 ...)"
		: "'%s' is not a goal id (G0, G1, G1.1 ...)", in);
}

static cc_node *find(const cc_node *list, const char *id, size_t *index)
{
	size_t i;

	for (i = 0; i < cc_node_count(list); i++) {
		cc_node *it = cc_node_at(list, i);
		const char *v = cc_node_kind(it) == CC_NODE_MAP ? cc_map_str(it, "id") : NULL;
		if (v && !strcmp(v, id)) {
			if (index)
				*index = i;
			return it;
		}
	}
	return NULL;
}

static int not_found(cc_plan_ctx *p, const char *what, const char *id)
{
	return cc_error_set(CC_ENOTFOUND, "the plan of case '%s' has no %s '%s'; "
		"see 'casectl plan %s'", cc_action_id(p->a), what, id, cc_action_id(p->a));
}

/* The next number: one more than the highest in use (so only the
 * highest id, once removed, can be given again; --status dropped keeps
 * a goal that notes refer to).
 * MAJOR > 0: the steps under G<MAJOR>; 0: meso goals; -1: crisis. */
static int next_number(const cc_node *list, int major)
{
	int max = 0, ma, mi, n;
	size_t i;

	for (i = 0; i < cc_node_count(list); i++) {
		cc_node *it = cc_node_at(list, i);
		const char *v = cc_node_kind(it) == CC_NODE_MAP ? cc_map_str(it, "id") : NULL;
		if (major < 0) {
			n = cc__plan_crisis_num(v);
		} else {
			cc_goal_level l = cc__plan_id_level(v, &ma, &mi);
			if (major == 0)
				n = l == CC_GOAL_BAD ? 0 : ma;
			else
				n = l == CC_GOAL_MICRO && ma == major ? mi : 0;
		}
		if (n > max)
			max = n;
	}
	return max + 1;
}

/* --- fields ----------------------------------------------------------- */

enum { F_TEXT, F_REQUIRED, F_DATE, F_COST, F_STATUS, F_DOMAIN };

static int set_field(cc_plan_ctx *p, cc_node *m, const char *key, const char *opt,
	const char *v, int kind)
{
	char day[CC_DATE_STRLEN];
	cc_date d;

	if (!v)
		return 0;
	switch (kind) {
	case F_DATE:
		if (cc_date_parse(v, cc_action_today(p->a), &d))
			return cc_error_prefix("--%s", opt);
		cc_date_format(d, day);
		return cc_map_set_plain(m, key, day);
	case F_COST:
		if (!*v)
			return cc_map_remove(m, key);
		if (!cc__plan_cost_valid(v))
			return cc_error_set(CC_EINVALID, "--cost must be a number such as 120 "
				"or 49.50, not '%s'", v);
		return cc_map_set_plain(m, key, v);
	case F_STATUS:
		if (!cc__plan_status_valid(v))
			return cc_error_set(CC_EINVALID, "--status must be one of open, "
				"achieved, partly, not-achieved, dropped, not '%s'", v);
		return cc_map_set_plain(m, key, v);
	case F_DOMAIN:
		if (cc_field_domain("--domain", v))
			return CC_EUSAGE;
		return cc_map_set_str(m, key, v);
	case F_REQUIRED:
		if (!*v)
			return cc_error_set(CC_EINVALID, "--%s must not be empty", opt);
		return cc_map_set_str(m, key, v);
	default:
		return cc_map_set_str(m, key, *v ? v : NULL);
	}
}

/* The fields of a goal, in the order records.h gives. */
static int goal_fields(cc_plan_ctx *p, cc_node *m, const cc_plan_op *op, const char *text_opt)
{
	int err;

	if ((err = set_field(p, m, "domain", "domain", op->domain, F_DOMAIN)) ||
	    (err = set_field(p, m, "text", text_opt, op->text, F_REQUIRED)) ||
	    (err = set_field(p, m, "measure", "measure", op->measure, F_REQUIRED)) ||
	    (err = set_field(p, m, "due", "due", op->due, F_DATE)) ||
	    (err = set_field(p, m, "responsible", "responsible", op->responsible, F_TEXT)) ||
	    (err = set_field(p, m, "checks", "checks", op->checks, F_TEXT)) ||
	    (err = set_field(p, m, "cost", "cost", op->cost, F_COST)) ||
	    (err = set_field(p, m, "payer", "payer", op->payer, F_TEXT)))
		return err;
	return set_field(p, m, "status", "status", op->status, F_STATUS);
}

/* Refuse the fields that do not belong to a goal of LEVEL. */
static int fields_fit(const cc_plan_op *op, cc_goal_level level, const char *id)
{
	const char *wrong = NULL;

	if (op->domain && level != CC_GOAL_MESO)
		wrong = "--domain";
	else if (level != CC_GOAL_MICRO)
		wrong = op->checks ? "--checks" : op->cost ? "--cost" : op->payer ? "--payer" : NULL;
	if (!wrong)
		return 0;
	return cc_error_set(CC_EUSAGE, "%s does not fit goal '%s': %s", wrong, id,
		!strcmp(wrong, "--domain") ? "only meso goals (G1, G2 ...) have a domain"
					   : "only steps (G1.1, G1.2 ...) have it");
}

static int new_goal(cc_plan_ctx *p, const cc_plan_op *op, const char *id, const char *level,
	const char *text_opt)
{
	cc_node *m;
	int err;

	if ((err = cc_list_append_map(p->goals, &m)) ||
	    (err = cc_map_set_plain(m, "id", id)) ||
	    (err = cc_map_set_plain(m, "level", level)) ||
	    (err = goal_fields(p, m, op, text_opt)))
		return err;
	if (!op->status && (err = cc_map_set_plain(m, "status", "open")))
		return err;
	if ((err = cc_buf_printf(&p->added, "%s\n", id)))
		return err;
	return cc__plan_note(p, "goal %s added", id);
}

/* --- the changes ------------------------------------------------------ */

static int op_macro(cc_plan_ctx *p, const cc_plan_op *op)
{
	cc_node *m = find(p->goals, "G0", NULL);
	int err;

	if ((err = fields_fit(op, CC_GOAL_MACRO, "G0")))
		return err;
	if (!m)
		return new_goal(p, op, "G0", "macro", "macro");
	if ((err = goal_fields(p, m, op, "macro")))
		return err;
	return cc__plan_note(p, "goal %s changed", "G0");
}

static int op_goal(cc_plan_ctx *p, const cc_plan_op *op)
{
	char id[16];
	int err;

	snprintf(id, sizeof(id), "G%d", next_number(p->goals, 0));
	if ((err = fields_fit(op, CC_GOAL_MESO, id)))
		return err;
	return new_goal(p, op, id, "meso", "goal");
}

static int op_step(cc_plan_ctx *p, const cc_plan_op *op)
{
	char parent[16], id[32];
	int major, minor, err;

	if (!op->id)
		return cc_error_set(CC_EUSAGE, "--step needs --under GOAL: the meso goal "
			"(G1, G2 ...) the step serves");
	if ((err = norm_id(op->id, 0, parent)))
		return err;
	if (cc__plan_id_level(parent, &major, &minor) != CC_GOAL_MESO)
		return cc_error_set(CC_EUSAGE, "--under needs a meso goal (G1, G2 ...), "
			"not '%s'", parent);
	if (!find(p->goals, parent, NULL))
		return not_found(p, "goal", parent);
	snprintf(id, sizeof(id), "%s.%d", parent, next_number(p->goals, major));
	if ((err = fields_fit(op, CC_GOAL_MICRO, id)))
		return err;
	return new_goal(p, op, id, "micro", "step");
}

static int op_set(cc_plan_ctx *p, const cc_plan_op *op)
{
	char id[16];
	cc_node *m;
	int major, minor, err;

	if ((err = norm_id(op->id, 0, id)))
		return err;
	if (!(m = find(p->goals, id, NULL)))
		return not_found(p, "goal", id);
	if ((err = fields_fit(op, cc__plan_id_level(id, &major, &minor), id)) ||
	    (err = goal_fields(p, m, op, "text")))
		return err;
	if (op->status && !op->text && !op->domain && !op->measure && !op->due &&
	    !op->responsible && !op->checks && !op->cost && !op->payer) {
		return cc__plan_note(p, "goal %s %s", id, op->status);
	}
	return cc__plan_note(p, "goal %s changed", id);
}

static int op_remove(cc_plan_ctx *p, const cc_plan_op *op)
{
	char id[16];
	cc_buf steps = CC_BUF_INIT;
	size_t index, i;
	int major, minor, ma, mi, err = 0;

	if ((err = norm_id(op->id, 0, id)))
		return err;
	if (!find(p->goals, id, &index))
		return not_found(p, "goal", id);
	if (cc__plan_id_level(id, &major, &minor) == CC_GOAL_MESO) {
		for (i = 0; !err && i < cc_node_count(p->goals); i++) {
			cc_node *it = cc_node_at(p->goals, i);
			const char *v = cc_node_kind(it) == CC_NODE_MAP ? cc_map_str(it, "id") : NULL;
			if (cc__plan_id_level(v, &ma, &mi) == CC_GOAL_MICRO && ma == major)
				err = cc_buf_printf(&steps, "%s%s", steps.len ? ", " : "", v);
		}
		if (!err && steps.len)
			err = cc_error_set(CC_EREFUSED, "goal '%s' still has steps (%s); remove "
				"them first, or keep the goal and give it --set %s --status dropped",
				id, steps.ptr, id);
		cc_buf_free(&steps);
		if (err)
			return err;
	}
	if ((err = cc_list_remove_at(p->goals, index)))
		return err;
	return cc__plan_note(p, "goal %s removed", id);
}

static int op_crisis(cc_plan_ctx *p, const cc_plan_op *op)
{
	char id[16];
	cc_node *m;
	size_t index;
	int err;

	if (op->kind == CC_PLAN_CRISIS) {
		snprintf(id, sizeof(id), "K%d", next_number(p->crisis, -1));
		if ((err = cc_list_append_map(p->crisis, &m)) ||
		    (err = cc_map_set_plain(m, "id", id)) ||
		    (err = cc_buf_printf(&p->added, "%s\n", id)))
			return err;
	} else {
		if ((err = norm_id(op->id, 1, id)))
			return err;
		if (!(m = find(p->crisis, id, &index)))
			return not_found(p, "crisis item", id);
		if (op->kind == CC_PLAN_REMOVE_CRISIS) {
			if ((err = cc_list_remove_at(p->crisis, index)))
				return err;
			return cc__plan_note(p, "crisis item %s removed", id);
		}
	}
	if ((err = set_field(p, m, "situation", op->kind == CC_PLAN_CRISIS ? "crisis" :
			"situation", op->situation, F_REQUIRED)) ||
	    (err = set_field(p, m, "contact", "contact", op->contact, F_REQUIRED)) ||
	    (err = set_field(p, m, "action", "action", op->action, F_REQUIRED)))
		return err;
	return cc__plan_note(p, "crisis item %s %s", id, op->kind == CC_PLAN_CRISIS ? "added"
		: "changed");
}

static int apply_op(cc_plan_ctx *p, const cc_plan_op *op)
{
	switch (op->kind) {
	case CC_PLAN_MACRO: return op_macro(p, op);
	case CC_PLAN_GOAL: return op_goal(p, op);
	case CC_PLAN_STEP: return op_step(p, op);
	case CC_PLAN_SET: return op_set(p, op);
	case CC_PLAN_REMOVE: return op_remove(p, op);
	default: return op_crisis(p, op);
	}
}

int cc_plan_apply(cc_store *s, const char *input, const cc_plan_change *ch, char **added)
{
	cc_plan_ctx p;
	char *old_review = NULL;
	size_t i, len;
	int err;

	memset(&p, 0, sizeof(p));
	if (added)
		*added = NULL;
	if ((err = cc__plan_begin(s, input, ch->force, 1, &p)) || (err = cc__plan_lists(&p)))
		goto out;
	old_review = cc__plan_strdup(p.created ? NULL : cc_map_str(cc_doc_root(p.doc), "review"));
	for (i = 0; i < ch->n_ops; i++)
		if ((err = apply_op(&p, &ch->ops[i])))
			goto out;
	if (ch->agreed) {
		if ((err = set_field(&p, cc_doc_root(p.doc), "agreed", "agreed", ch->agreed,
				F_DATE)) || (err = cc__plan_note(&p, "%s", "agreement recorded")))
			goto out;
	}
	if (ch->review) {
		if ((err = set_field(&p, cc_doc_root(p.doc), "review", "review", ch->review,
				F_DATE)) || (err = cc__plan_note(&p, "%s", "review date set")))
			goto out;
	}
	if (ch->message) {
		cc_buf b = CC_BUF_INIT;
		len = strlen(ch->message);
		if (!(err = cc_buf_put(&b, ch->message, len)) && len && ch->message[len - 1] != '\n')
			err = cc_buf_putc(&b, '\n');
		if (!err)
			err = cc_doc_set_body(p.doc, cc_buf_cstr(&b), b.len);
		cc_buf_free(&b);
		if (err || (err = cc__plan_note(&p, "%s", "plan text changed")))
			goto out;
	}
	if ((err = cc__plan_finish(&p, old_review)))
		goto out;
	if (added && !(*added = cc_buf_detach(&p.added)))
		err = cc_error_set(CC_ENOMEM, "out of memory");
out:
	free(old_review);
	cc__plan_end(&p);
	return err;
}
