/* rules.c - the rule engine: check a map of front matter against a
 * table of rules (validate-rules.h) */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/util/id.h"
#include "validate-rules-int.h"

/* The node at a dotted path, or NULL. */
static cc_node *lookup(cc_node *n, const char *path)
{
	char key[128];
	const char *dot;

	while (n && (dot = strchr(path, '.')) != NULL) {
		size_t k = (size_t)(dot - path);
		if (k >= sizeof(key) || cc_node_kind(n) != CC_NODE_MAP)
			return NULL;
		memcpy(key, path, k);
		key[k] = '\0';
		n = cc_map_get(n, key);
		path = dot + 1;
	}
	return n && cc_node_kind(n) == CC_NODE_MAP ? cc_map_get(n, path) : NULL;
}

static int in_list(const char *v, const char *const *vals)
{
	for (; *vals; vals++)
		if (!strcmp(v, *vals))
			return 1;
	return 0;
}

static int join(cc_buf *b, const char *const *vals)
{
	int err = 0;
	for (; !err && *vals; vals++)
		err = cc_buf_printf(b, "%s%s", b->len ? ", " : "", *vals);
	return err;
}

/* Check one value against RULE; LINE_OF is the line to blame. */
int cc__rule_check_value(const char *path, const cc_rule *r, const cc_node *n,
	size_t line, cc_problems *out)
{
	const char *v;
	cc_date d;
	char *end;
	cc_buf b = CC_BUF_INIT;
	int err = 0;

	if (r->kind == CC_RULE_MAP || r->kind == CC_RULE_LIST) {
		if (cc_node_kind(n) != (r->kind == CC_RULE_MAP ? CC_NODE_MAP : CC_NODE_LIST))
			return cc_problems_add(out, "%s:%zu: '%s' must be a %s", path, line,
				r->key, r->kind == CC_RULE_MAP ? "map of keys" : "list");
		return 0;
	}
	v = cc_node_value(n);
	if (!v)
		return cc_problems_add(out, "%s:%zu: '%s' must be a single value", path,
			line, r->key);
	if (r->required && !*v)
		return cc_problems_add(out, "%s:%zu: '%s' must not be empty", path, line,
			r->key);
	if (!*v)
		return 0;
	switch (r->kind) {
	case CC_RULE_DATE:
		if (cc_date_parse_iso(v, &d))
			return cc_problems_add(out, "%s:%zu: '%s' is not a date (YYYY-MM-DD): '%s'",
				path, line, r->key, v);
		break;
	case CC_RULE_INT:
		if (strtol(v, &end, 10) < 0 || *end)
			return cc_problems_add(out, "%s:%zu: '%s' must be a whole number, not '%s'",
				path, line, r->key, v);
		break;
	case CC_RULE_BOOL:
		if (strcmp(v, "true") && strcmp(v, "false"))
			return cc_problems_add(out, "%s:%zu: '%s' must be true or false, not '%s'",
				path, line, r->key, v);
		break;
	case CC_RULE_ENUM:
		if (!in_list(v, r->values)) {
			if ((err = join(&b, r->values)) == 0)
				err = cc_problems_add(out, "%s:%zu: '%s' must be one of %s, not '%s'",
					path, line, r->key, cc_buf_cstr(&b), v);
			cc_buf_free(&b);
			return err;
		}
		break;
	case CC_RULE_ID:
		if (!cc_id_valid(v))
			return cc_problems_add(out, "%s:%zu: '%s' is not a case ID: '%s'", path,
				line, r->key, v);
		break;
	default:
		break;
	}
	return 0;
}

int cc__rules_check(const char *path, const cc_node *map, const cc_rule *rules,
	cc_problems *out)
{
	const cc_rule *r;
	cc_node *n;
	int err = 0;

	for (r = rules; !err && r->key; r++) {
		n = lookup((cc_node *)map, r->key);
		if (!n) {
			if (r->required)
				err = cc_problems_add(out, "%s:%zu: missing required key '%s'",
					path, cc_node_line(map) ? cc_node_line(map) : 1, r->key);
			continue;
		}
		err = cc__rule_check_value(path, r, n, cc_node_line(n), out);
	}
	return err;
}
