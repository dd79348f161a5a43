/* plan-check.c - the record check of plan.md: ids, levels, SMART goals */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/model/field.h"
#include "plan-int.h"
#include "validate-rules-int.h"

const char *const cc__plan_statuses[] = {
	"open", "achieved", "partly", "not-achieved", "dropped", NULL
};
static const char *const levels[] = { "macro", "meso", "micro", NULL };

static const cc_rule plan_rules[] = {
	{ "agreed", CC_RULE_DATE, 0, NULL },
	{ "review", CC_RULE_DATE, 0, NULL },
	{ "goals", CC_RULE_LIST, 0, NULL },
	{ "crisis", CC_RULE_LIST, 0, NULL },
	{ NULL, 0, 0, NULL }
};

/* n: 1..9999 without a leading zero; returns the end or NULL */
static const char *number(const char *s, int *out)
{
	int n = 0, digits = 0;

	if (*s < '1' || *s > '9')
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 4)
			return NULL;
		n = n * 10 + (*s - '0');
	}
	*out = n;
	return s;
}

cc_goal_level cc__plan_id_level(const char *id, int *major, int *minor)
{
	const char *p;

	*major = *minor = 0;
	if (!id || id[0] != 'G')
		return CC_GOAL_BAD;
	if (!strcmp(id, "G0"))
		return CC_GOAL_MACRO;
	if (!(p = number(id + 1, major)))
		return CC_GOAL_BAD;
	if (!*p)
		return CC_GOAL_MESO;
	if (*p != '.' || !(p = number(p + 1, minor)) || *p)
		return CC_GOAL_BAD;
	return CC_GOAL_MICRO;
}

int cc__plan_crisis_num(const char *id)
{
	const char *p;
	int n;

	if (!id || id[0] != 'K' || !(p = number(id + 1, &n)) || *p)
		return -1;
	return n;
}

int cc__plan_cost_valid(const char *v)
{
	size_t i = 0, frac = 0;

	if (!v)
		return 0;
	while (v[i] >= '0' && v[i] <= '9')
		i++;
	if (!i || i > 12)
		return 0;
	if (v[i] == '.') {
		for (i++; v[i] >= '0' && v[i] <= '9'; i++)
			frac++;
		if (frac < 1 || frac > 2)
			return 0;
	}
	return v[i] == '\0';
}

int cc__plan_status_valid(const char *v)
{
	size_t i;

	for (i = 0; v && cc__plan_statuses[i]; i++)
		if (!strcmp(v, cc__plan_statuses[i]))
			return 1;
	return 0;
}

/* --- problems --------------------------------------------------------- */

typedef struct {
	const char *path;
	cc_problems *out;
} ctx;

/* "PATH:LINE: " when the line is known; nodes set by a command (line
 * 0) are reported without, with the option that sets them instead. */
static int problem(ctx *c, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int problem(ctx *c, size_t line, const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	int err;

	if (line && (err = cc_buf_printf(&b, "%s:%zu: ", c->path, line)))
		return err;
	va_start(ap, fmt);
	err = cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!err)
		err = cc_problems_add(c->out, "%s", cc_buf_cstr(&b));
	cc_buf_free(&b);
	return err;
}

/* The scalar text of KEY in ITEM, or NULL.  When KEY holds a map or a
 * list the problem is reported and *err set to 1 (or to a negative
 * code if that failed): the caller stops checking the item, and
 * returns DONE(err). */
#define DONE(e) ((e) < 0 ? (e) : 0)
static const char *scalar(ctx *c, const cc_node *item, const char *what,
	const char *id, const char *key, int *err)
{
	cc_node *n = cc_map_get(item, key);

	if (!n)
		return NULL;
	if (cc_node_kind(n) != CC_NODE_SCALAR) {
		if (!*err) {
			int e = problem(c, cc_node_line(n),
				"%s '%s': '%s' must be a single value", what, id, key);
			*err = e ? e : 1;
		}
		return NULL;
	}
	return cc_node_value(n);
}

static size_t line_of(const cc_node *item, const char *key)
{
	size_t l = cc_node_line(cc_map_get(item, key));
	return l ? l : cc_node_line(item);
}

/* A required text; ADVICE says what it is for, OPT the option that
 * gives it.  Returns 0 or a negative code; a problem is not an error. */
static int need(ctx *c, const cc_node *item, const char *what, const char *id,
	const char *key, const char *noun, const char *advice, const char *opt)
{
	int stop = 0;
	const char *v = scalar(c, item, what, id, key, &stop);
	size_t line = line_of(item, key);

	if (stop || (v && *v))
		return DONE(stop);
	return problem(c, line, "%s '%s' has no %s; %s%s%s%s", what, id, noun, advice,
		line ? "" : " (", line ? "" : opt, line ? "" : ")");
}

static int check_date(ctx *c, const cc_node *item, const char *what, const char *id,
	const char *key)
{
	int stop = 0;
	const char *v = scalar(c, item, what, id, key, &stop);
	cc_date d;

	if (stop || !v || !*v || !cc_date_parse_iso(v, &d))
		return DONE(stop);
	return problem(c, line_of(item, key), "%s '%s': '%s' is not a date (YYYY-MM-DD): '%s'",
		what, id, key, v);
}

/* The id of item I; a problem (and NULL) when it has none or repeats
 * an earlier one.  KIND is "goal" or "crisis item". */
static const char *item_id(ctx *c, const cc_node *list, size_t i, const char *kind,
	const char *forms, int *stop)
{
	const cc_node *item = cc_node_at(list, i), *o;
	const char *id = scalar(c, item, kind, "?", "id", stop), *v;
	size_t k;
	int e;

	if (*stop)
		return NULL;
	if (!id || !*id) {
		e = problem(c, cc_node_line(item), "%s %zu has no 'id' (%s)", kind, i + 1, forms);
		*stop = e ? e : 1;
		return NULL;
	}
	for (k = 0; k < i; k++) {
		o = cc_node_at(list, k);
		v = cc_node_kind(o) == CC_NODE_MAP ? cc_map_str(o, "id") : NULL;
		if (v && !strcmp(v, id)) {
			e = problem(c, line_of(item, "id"), "%s '%s' appears twice "
				"(first on line %zu)", kind, id, cc_node_line(o));
			*stop = e ? e : 1;
			return NULL;
		}
	}
	return id;
}

/* --- goals ------------------------------------------------------------ */

static const char *const step_keys[] = { "checks", "cost", "payer", NULL };
static const char *const text_keys[] = { "responsible", "checks", "payer", NULL };

/* id, level and the level's own keys */
static int goal_shape(ctx *c, const cc_node *goals, const cc_node *item, const char *id,
	cc_goal_level want, int major)
{
	const char *level, *v;
	char parent[16];
	int stop = 0;
	size_t k;

	level = scalar(c, item, "goal", id, "level", &stop);
	if (stop)
		return DONE(stop);
	if (!level || !*level)
		return problem(c, line_of(item, "level"), "goal '%s' has no level; it must "
			"be '%s'", id, levels[want]);
	if (strcmp(level, levels[want]))
		return problem(c, line_of(item, "level"), "goal '%s' must have level '%s' "
			"(G0 is the macro goal, G1 ... meso goals, G1.1 ... steps), not '%s'",
			id, levels[want], level);
	if (want != CC_GOAL_MESO && cc_map_get(item, "domain"))
		return problem(c, line_of(item, "domain"), "goal '%s': 'domain' belongs to "
			"meso goals (G1, G2 ...) only", id);
	for (k = 0; want != CC_GOAL_MICRO && step_keys[k]; k++)
		if (cc_map_get(item, step_keys[k]))
			return problem(c, line_of(item, step_keys[k]), "goal '%s': '%s' "
				"belongs to steps (G1.1, G1.2 ...) only", id, step_keys[k]);
	if (want == CC_GOAL_MICRO) {
		snprintf(parent, sizeof(parent), "G%d", major);
		v = NULL;
		for (k = 0; !v && k < cc_node_count(goals); k++) {
			const cc_node *o = cc_node_at(goals, k);
			if (cc_node_kind(o) == CC_NODE_MAP && (v = cc_map_str(o, "id")) &&
			    strcmp(v, parent))
				v = NULL;
		}
		if (!v)
			return problem(c, cc_node_line(item), "step '%s' belongs under goal "
				"'%s', which is not in the plan", id, parent);
	}
	return 0;
}

static int check_goal(ctx *c, const cc_node *goals, size_t i)
{
	const cc_node *item = cc_node_at(goals, i);
	const char *id, *v;
	cc_goal_level want;
	int major, minor, stop = 0, err;
	size_t k;

	if (cc_node_kind(item) != CC_NODE_MAP)
		return problem(c, cc_node_line(item), "goal %zu must be a map of keys "
			"(id, level, text, measure, due, ...)", i + 1);
	if (!(id = item_id(c, goals, i, "goal", "G0, G1, G1.1 ...", &stop)))
		return DONE(stop);
	want = cc__plan_id_level(id, &major, &minor);
	if (want == CC_GOAL_BAD)
		return problem(c, line_of(item, "id"), "'%s' is not a goal id; use G0 for the "
			"macro goal, G1, G2 ... for meso goals and G1.1, G1.2 ... for steps", id);
	if ((err = goal_shape(c, goals, item, id, want, major)) ||
	    (err = need(c, item, "goal", id, "text", "text",
			"say what should be reached", "--macro, --goal, --step or --text")) ||
	    (err = need(c, item, "goal", id, "measure", "measure",
			"a SMART goal says how its success is measured", "--measure")) ||
	    (err = need(c, item, "goal", id, "due", "due date",
			"a SMART goal says by when it is reached", "--due")) ||
	    (err = check_date(c, item, "goal", id, "due")))
		return err;
	if (want == CC_GOAL_MESO && (err = need(c, item, "goal", id, "domain", "domain",
			"a meso goal names the life domain it is for", "--domain")))
		return err;
	if ((v = scalar(c, item, "goal", id, "domain", &stop)) && *v &&
	    !cc_field_keyword_valid(v))
		return problem(c, line_of(item, "domain"), "goal '%s': 'domain' must be "
			"lowercase words joined by '-' (for example daily-living), not '%s'",
			id, v);
	if (stop)
		return DONE(stop);
	if ((v = scalar(c, item, "goal", id, "cost", &stop)) && *v && !cc__plan_cost_valid(v))
		return problem(c, line_of(item, "cost"), "goal '%s': 'cost' must be a number "
			"such as 120 or 49.50, not '%s'", id, v);
	if (stop)
		return DONE(stop);
	if ((v = scalar(c, item, "goal", id, "status", &stop)) && *v &&
	    !cc__plan_status_valid(v))
		return problem(c, line_of(item, "status"), "goal '%s': 'status' must be one of "
			"open, achieved, partly, not-achieved, dropped, not '%s'", id, v);
	for (k = 0; !stop && text_keys[k]; k++)
		scalar(c, item, "goal", id, text_keys[k], &stop);
	return DONE(stop);
}

static int check_crisis(ctx *c, const cc_node *list, size_t i)
{
	const cc_node *item = cc_node_at(list, i);
	const char *id;
	int stop = 0, err;

	if (cc_node_kind(item) != CC_NODE_MAP)
		return problem(c, cc_node_line(item), "crisis item %zu must be a map of keys "
			"(id, situation, contact, action)", i + 1);
	if (!(id = item_id(c, list, i, "crisis item", "K1, K2 ...", &stop)))
		return DONE(stop);
	if (cc__plan_crisis_num(id) < 0)
		return problem(c, line_of(item, "id"), "'%s' is not a crisis item id; "
			"use K1, K2 ...", id);
	if ((err = need(c, item, "crisis item", id, "situation", "situation",
			"say which situation it is for", "--crisis or --situation")) ||
	    (err = need(c, item, "crisis item", id, "contact", "contact",
			"say who is contacted", "--contact")))
		return err;
	return need(c, item, "crisis item", id, "action", "action",
		"say what is done", "--action");
}

int cc_check_plan(const char *relpath, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc), *list;
	ctx c = { relpath, out };
	size_t i;
	int err;

	if ((err = cc__rules_check(relpath, root, plan_rules, out)))
		return err;
	list = cc_map_get(root, "goals");
	for (i = 0; list && cc_node_kind(list) == CC_NODE_LIST && i < cc_node_count(list); i++)
		if ((err = check_goal(&c, list, i)))
			return err;
	list = cc_map_get(root, "crisis");
	for (i = 0; list && cc_node_kind(list) == CC_NODE_LIST && i < cc_node_count(list); i++)
		if ((err = check_crisis(&c, list, i)))
			return err;
	return 0;
}

/* One rule for goal ids: the plan's. */
int cc__ev_goal_id_valid(const char *v)
{
	int major, minor;

	return cc__plan_id_level(v, &major, &minor) != CC_GOAL_BAD;
}
