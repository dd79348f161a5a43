/* records-journey.c - the record checks of assessments, journal
 * entries, evaluations, and of the state closure and handover leave in
 * case.md */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/model/field.h"
#include "casectl/model/vocab.h"
#include "mandate-int.h"
#include "plan-int.h"
#include "validate-rules-int.h"

const char *const cc_journal_kinds[] = {
	"visit", "phone", "message", "consultation", "conference", "feedback", NULL
};
const char *const cc_progress_states[] = {
	"not-started", "on-track", "behind", "blocked", "done", NULL
};
const char *const cc_eval_decisions[] = {
	"continue", "replan", "step-down", "refer", "close", NULL
};
const char *const cc_eval_outcomes[] = {
	"achieved", "partly", "not-achieved", "dropped", NULL
};

#define MAX_MINUTES 1440

/* "PATH:LINE: MSG", without the line when it is unknown (0). */
static int problem(cc_problems *out, const char *path, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int problem(cc_problems *out, const char *path, size_t line, const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	int err;

	err = line ? cc_buf_printf(&b, "%s:%zu: ", path, line) : cc_buf_printf(&b, "%s: ", path);
	if (err)
		return err;
	va_start(ap, fmt);
	err = cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!err)
		err = cc_problems_add(out, "%s", cc_buf_cstr(&b));
	cc_buf_free(&b);
	return err;
}

static size_t line_or(const cc_node *n, const cc_node *fallback)
{
	size_t l = n ? cc_node_line(n) : 0;
	return l ? l : cc_node_line(fallback);
}

/* Every item of the list at KEY is a non-empty single value; with
 * DASHED, lowercase ASCII words joined by '-'. */
static int check_strings(const char *path, const cc_node *map, const char *key,
	int dashed, cc_problems *out)
{
	const cc_node *list = cc_map_get(map, key), *it;
	const char *v;
	size_t i;
	int err = 0;

	if (!list || cc_node_kind(list) != CC_NODE_LIST)
		return 0; /* absent, or reported by the rule table */
	for (i = 0; !err && i < cc_node_count(list); i++) {
		it = cc_node_at(list, i);
		v = cc_node_value(it);
		if (!v) {
			err = problem(out, path, line_or(it, list),
				"'%s' item %zu must be a single value", key, i + 1);
			continue;
		}
		if (!*v) {
			err = problem(out, path, line_or(it, list), "'%s' item %zu is empty",
				key, i + 1);
			continue;
		}
		if (!dashed)
			continue;
		if (!cc_field_keyword_valid(v))
			err = problem(out, path, line_or(it, list), "'%s' item '%s' must be "
				"lowercase words joined by '-' (for example daily-living)", key, v);
	}
	return err;
}

/* The items of the list KEY are maps {GOAL_KEY: goal id, VKEY: one of
 * VALUES}, each goal at most once. */
static int check_goal_items(const char *path, const cc_node *map, const char *key,
	const char *vkey, const char *const *values, cc_problems *out)
{
	const cc_node *list = cc_map_get(map, key), *it;
	const cc_rule rules[] = {
		{ "goal", CC_RULE_STR, 1, NULL },
		{ vkey, CC_RULE_ENUM, 1, values },
		{ NULL, 0, 0, NULL }
	};
	const char *g;
	size_t i, k;
	int err = 0;

	if (!list || cc_node_kind(list) != CC_NODE_LIST)
		return 0;
	for (i = 0; !err && i < cc_node_count(list); i++) {
		it = cc_node_at(list, i);
		if (cc_node_kind(it) != CC_NODE_MAP) {
			err = problem(out, path, line_or(it, list), "'%s' item %zu must be a map "
				"with 'goal' and '%s'", key, i + 1, vkey);
			continue;
		}
		if ((err = cc__rules_check(path, it, rules, out)))
			break;
		g = cc_map_str(it, "goal");
		if (!g || !*g)
			continue;
		if (!cc__ev_goal_id_valid(g)) {
			err = problem(out, path, line_or(cc_map_get(it, "goal"), it),
				"'goal' '%s' is not a goal ID (G0, G1, G1.2, ...)", g);
			continue;
		}
		for (k = 0; k < i; k++) {
			const char *h = cc_map_str(cc_node_at(list, k), "goal");
			if (h && !strcmp(g, h)) {
				err = problem(out, path, line_or(cc_map_get(it, "goal"), it),
					"goal '%s' appears twice in '%s'", g, key);
				break;
			}
		}
	}
	return err;
}

static const cc_rule assessment_rules[] = {
	{ "date", CC_RULE_DATE, 1, NULL },
	{ "by", CC_RULE_STR, 1, NULL },
	{ "with-client", CC_RULE_BOOL, 0, NULL },
	{ "needs", CC_RULE_MAP, 1, NULL },
	{ "needs.client", CC_RULE_LIST, 0, NULL },
	{ "needs.professional", CC_RULE_LIST, 0, NULL },
	{ "resources", CC_RULE_MAP, 0, NULL },
	{ "resources.personal", CC_RULE_LIST, 0, NULL },
	{ "resources.social", CC_RULE_LIST, 0, NULL },
	{ "resources.community", CC_RULE_LIST, 0, NULL },
	{ "strengths", CC_RULE_LIST, 0, NULL },
	{ "works", CC_RULE_LIST, 0, NULL },
	{ "risks", CC_RULE_LIST, 0, NULL },
	{ "domains", CC_RULE_LIST, 0, NULL },
	{ NULL, 0, 0, NULL }
};

static size_t list_len(const cc_node *map, const char *key)
{
	const cc_node *l = map && cc_node_kind(map) == CC_NODE_MAP ? cc_map_get(map, key) : NULL;
	return l && cc_node_kind(l) == CC_NODE_LIST ? cc_node_count(l) : 0;
}

int cc__check_assessment(const char *path, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc), *needs, *res;
	size_t before = out->n;
	int err;

	if ((err = cc__rules_check(path, root, assessment_rules, out)))
		return err;
	needs = cc_map_get(root, "needs");
	res = cc_map_get(root, "resources");
	if ((needs && cc_node_kind(needs) == CC_NODE_MAP &&
	     ((err = check_strings(path, needs, "client", 0, out)) ||
	      (err = check_strings(path, needs, "professional", 0, out)))) ||
	    (res && cc_node_kind(res) == CC_NODE_MAP &&
	     ((err = check_strings(path, res, "personal", 0, out)) ||
	      (err = check_strings(path, res, "social", 0, out)) ||
	      (err = check_strings(path, res, "community", 0, out)))) ||
	    (err = check_strings(path, root, "strengths", 0, out)) ||
	    (err = check_strings(path, root, "works", 0, out)) ||
	    (err = check_strings(path, root, "risks", 0, out)) ||
	    (err = check_strings(path, root, "domains", 1, out)))
		return err;
	if (out->n == before && needs &&
	    !list_len(needs, "client") && !list_len(needs, "professional"))
		return problem(out, path, line_or(needs, root), "no need recorded: an "
			"assessment needs at least one under 'needs.client' (as the client "
			"sees them) or 'needs.professional'");
	return 0;
}

static const cc_rule journal_rules[] = {
	{ "date", CC_RULE_DATE, 1, NULL },
	{ "kind", CC_RULE_ENUM, 1, cc_journal_kinds },
	{ "by", CC_RULE_STR, 1, NULL },
	{ "with", CC_RULE_LIST, 0, NULL },
	{ "minutes", CC_RULE_INT, 0, NULL },
	{ "client-present", CC_RULE_BOOL, 0, NULL },
	{ "absent-reason", CC_RULE_STR, 0, NULL },
	{ "progress", CC_RULE_LIST, 0, NULL },
	{ "next-review", CC_RULE_DATE, 0, NULL },
	{ NULL, 0, 0, NULL }
};

int cc__check_journal(const char *path, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc);
	const char *kind, *present, *reason, *min;
	size_t before = out->n;
	int err;

	if ((err = cc__rules_check(path, root, journal_rules, out)) ||
	    (err = check_strings(path, root, "with", 0, out)) ||
	    (err = check_goal_items(path, root, "progress", "state", cc_progress_states, out)))
		return err;
	if (out->n != before)
		return 0;
	min = cc_map_str(root, "minutes");
	if (min && *min && strtol(min, NULL, 10) > MAX_MINUTES)
		return problem(out, path, line_or(cc_map_get(root, "minutes"), root),
			"'minutes' must be at most %d (one day), not '%s'", MAX_MINUTES, min);
	kind = cc_map_str(root, "kind");
	present = cc_map_str(root, "client-present");
	reason = cc_map_str(root, "absent-reason");
	if (present && !strcmp(present, "true") && reason && *reason)
		return problem(out, path, line_or(cc_map_get(root, "absent-reason"), root),
			"'absent-reason' given but 'client-present' is true");
	if (kind && !strcmp(kind, "conference") && !(present && !strcmp(present, "true")) &&
	    !(reason && *reason))
		return problem(out, path, line_or(cc_map_get(root, "kind"), root),
			"a case conference is always with the client: set 'client-present: "
			"true', or say why the client was absent in 'absent-reason'");
	return 0;
}

static const cc_rule evaluation_rules[] = {
	{ "date", CC_RULE_DATE, 1, NULL },
	{ "by", CC_RULE_STR, 1, NULL },
	{ "decision", CC_RULE_ENUM, 1, cc_eval_decisions },
	{ "outcomes", CC_RULE_LIST, 0, NULL },
	{ "client-view", CC_RULE_STR, 0, NULL },
	{ "worker-view", CC_RULE_STR, 0, NULL },
	{ NULL, 0, 0, NULL }
};

int cc__check_evaluation(const char *path, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc);
	int err;

	if ((err = cc__rules_check(path, root, evaluation_rules, out)))
		return err;
	return check_goal_items(path, root, "outcomes", "outcome", cc_eval_outcomes, out);
}

static const cc_rule handover_rules[] = {
	{ "date", CC_RULE_DATE, 1, NULL },
	{ "from", CC_RULE_STR, 1, NULL },
	{ "to", CC_RULE_STR, 1, NULL },
	{ "reason", CC_RULE_STR, 1, NULL },
	{ NULL, 0, 0, NULL }
};

/* What closure and handover leave in case.md, beyond cc__rules_case. */
int cc__check_case_state(const char *path, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc), *list, *it;
	const char *status = cc_map_str(root, "status"), *phase = cc_map_str(root, "phase");
	size_t i;
	int err = 0;

	if (status && phase && (!strcmp(status, "closed") != !strcmp(phase, "closed")))
		err = problem(out, path, line_or(cc_map_get(root, "status"), root),
			"'status' is '%s' but 'phase' is '%s'; a case is closed in both or in "
			"neither (use 'casectl close' and 'casectl reopen')", status, phase);
	else if (status && !strcmp(status, "closed") && !cc_map_get(root, "closed"))
		err = problem(out, path, line_or(cc_map_get(root, "status"), root),
			"a closed case needs the date it was closed in 'closed'");
	if (err || (err = cc__mandate_valid(path, root, out)))
		return err;
	list = cc_map_get(root, "handovers");
	if (!list || cc_node_kind(list) != CC_NODE_LIST)
		return 0;
	for (i = 0; !err && i < cc_node_count(list); i++) {
		it = cc_node_at(list, i);
		if (cc_node_kind(it) != CC_NODE_MAP)
			err = problem(out, path, line_or(it, list), "'handovers' item %zu must be "
				"a map with date, from, to and reason", i + 1);
		else
			err = cc__rules_check(path, it, handover_rules, out);
	}
	return err;
}

int cc__mandate_valid(const char *path, const cc_node *root, cc_problems *out)
{
	const cc_node *m = cc_map_get(root, "mandate");
	const char *const keys[] = { "text", "holder" };
	const char *v;
	size_t i;
	int err = 0;

	if (!m || cc_node_kind(m) != CC_NODE_MAP)
		return 0;       /* the rules report a mandate that is no map */
	for (i = 0; !err && i < 2; i++)
		if (!(v = cc_map_str(m, keys[i])) || !*v)
			err = cc_problems_add(out, "%s:%zu: the mandate needs '%s' (%s)", path,
				cc_node_line(m) ? cc_node_line(m) : 1, keys[i], i ? "the case "
				"manager it was given to" : "what the case manager may do");
	return err;
}
