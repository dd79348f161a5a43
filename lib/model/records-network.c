/* records-network.c - rules for the records of the client's network:
 * team.md, consent/, links/ and the service directory */
#include <stdio.h>
#include <string.h>

#include "casectl/util/id.h"
#include "casectl/model/link.h"
#include "casectl/model/service-dir.h"
#include "validate-rules-int.h"

static const char *const consent_actions[] = { "grant", "withdraw", NULL };

static const cc_rule member_rules[] = {
	{ "id", CC_RULE_STR, 1, NULL },
	{ "name", CC_RULE_STR, 1, NULL },
	{ "role", CC_RULE_STR, 0, NULL },
	{ "organisation", CC_RULE_STR, 0, NULL },
	{ "contact", CC_RULE_STR, 0, NULL },
	{ "topics", CC_RULE_LIST, 0, NULL },
	{ "informal", CC_RULE_BOOL, 0, NULL },
	{ "guardian", CC_RULE_BOOL, 0, NULL },
	{ NULL, 0, 0, NULL }
};

static const cc_rule grant_rules[] = {
	{ "id", CC_RULE_STR, 1, NULL },
	{ "action", CC_RULE_ENUM, 1, consent_actions },
	{ "date", CC_RULE_DATE, 1, NULL },
	{ "by", CC_RULE_STR, 1, NULL },
	{ "to", CC_RULE_STR, 1, NULL },
	{ "what", CC_RULE_STR, 1, NULL },
	{ "expires", CC_RULE_DATE, 0, NULL },
	{ NULL, 0, 0, NULL }
};

static const cc_rule withdraw_rules[] = {
	{ "action", CC_RULE_ENUM, 1, consent_actions },
	{ "consent", CC_RULE_STR, 1, NULL },
	{ "date", CC_RULE_DATE, 1, NULL },
	{ "by", CC_RULE_STR, 1, NULL },
	{ NULL, 0, 0, NULL }
};

static const cc_rule link_rules[] = {
	{ "service", CC_RULE_STR, 0, NULL },
	{ "name", CC_RULE_STR, 0, NULL },
	{ "informal", CC_RULE_BOOL, 0, NULL },
	{ "goal", CC_RULE_STR, 0, NULL },
	{ "status", CC_RULE_ENUM, 1, cc_link_status_names },
	{ "waitlist", CC_RULE_BOOL, 0, NULL },
	{ "legal-basis", CC_RULE_STR, 0, NULL },
	{ "round", CC_RULE_INT, 0, NULL },
	{ "history", CC_RULE_LIST, 0, NULL },
	{ NULL, 0, 0, NULL }
};

static const cc_rule history_rules[] = {
	{ "status", CC_RULE_ENUM, 1, cc_link_status_names },
	{ "date", CC_RULE_DATE, 1, NULL },
	{ "by", CC_RULE_STR, 0, NULL },
	{ "round", CC_RULE_INT, 0, NULL },
	{ NULL, 0, 0, NULL }
};

static const cc_rule service_rules[] = {
	{ "name", CC_RULE_STR, 1, NULL },
	{ "organisation", CC_RULE_STR, 0, NULL },
	{ "contact", CC_RULE_STR, 0, NULL },
	{ "area", CC_RULE_STR, 0, NULL },
	{ "offers", CC_RULE_LIST, 0, NULL },
	{ "capacity", CC_RULE_MAP, 0, NULL },
	{ NULL, 0, 0, NULL }
};

static const cc_rule capacity_rules[] = {
	{ "capacity.places", CC_RULE_INT, 1, NULL },
	{ "capacity.updated", CC_RULE_DATE, 1, NULL },
	{ NULL, 0, 0, NULL }
};

/* The file name of RELPATH without folders. */
static const char *base(const char *relpath)
{
	const char *s = strrchr(relpath, '/');
	return s ? s + 1 : relpath;
}

/* Every item of the list at KEY must be a single value. */
static int scalar_items(const char *path, const cc_node *map, const char *key,
	cc_problems *out)
{
	const cc_node *l = cc_map_get(map, key);
	size_t i;
	int err = 0;

	for (i = 0; !err && l && cc_node_kind(l) == CC_NODE_LIST && i < cc_node_count(l); i++) {
		const cc_node *it = cc_node_at(l, i);
		if (cc_node_kind(it) != CC_NODE_SCALAR)
			err = cc_problems_add(out, "%s:%zu: each item of '%s' must be a single value",
				path, cc_node_line(it), key);
	}
	return err;
}

/* Each item of the list at KEY must be a map passing RULES. */
static int map_items(const char *path, const cc_node *map, const char *key,
	const cc_rule *rules, cc_problems *out)
{
	const cc_node *l = cc_map_get(map, key);
	size_t i;
	int err = 0;

	for (i = 0; !err && l && cc_node_kind(l) == CC_NODE_LIST && i < cc_node_count(l); i++) {
		const cc_node *it = cc_node_at(l, i);
		if (cc_node_kind(it) != CC_NODE_MAP)
			err = cc_problems_add(out, "%s:%zu: each item of '%s' must be a map of keys",
				path, cc_node_line(it), key);
		else
			err = cc__rules_check(path, it, rules, out);
	}
	return err;
}

/* "T" and a number without leading zero. */
static int member_id_valid(const char *v)
{
	size_t i, n = strlen(v);

	if (n < 2 || n > 10 || v[0] != 'T' || v[1] == '0')
		return 0;
	for (i = 1; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return 1;
}

int cc__check_team(const char *path, const cc_doc *doc, cc_problems *out)
{
	static const cc_rule top[] = { { "members", CC_RULE_LIST, 1, NULL }, { NULL, 0, 0, NULL } };
	const cc_node *root = cc_doc_root(doc), *l;
	size_t i, j;
	int err;

	if ((err = cc__rules_check(path, root, top, out)) ||
	    (err = map_items(path, root, "members", member_rules, out)))
		return err;
	l = cc_map_get(root, "members");
	for (i = 0; l && cc_node_kind(l) == CC_NODE_LIST && i < cc_node_count(l); i++) {
		const cc_node *m = cc_node_at(l, i);
		const char *id = cc_map_str(m, "id");
		if (cc_node_kind(m) != CC_NODE_MAP)
			continue;
		if ((err = scalar_items(path, m, "topics", out)))
			return err;
		if (!id || !*id)
			continue;
		if (!member_id_valid(id)) {
			if ((err = cc_problems_add(out, "%s:%zu: 'id' must be T1, T2, ..., not '%s'",
					path, cc_node_line(cc_map_get(m, "id")), id)))
				return err;
			continue;
		}
		for (j = 0; j < i; j++) {
			const char *o = cc_map_str(cc_node_at(l, j), "id");
			if (o && !strcmp(o, id) &&
			    (err = cc_problems_add(out, "%s:%zu: team member ID '%s' is used twice",
				    path, cc_node_line(cc_map_get(m, "id")), id)))
				return err;
		}
	}
	return 0;
}

/* "C" and four characters of the ID alphabet, upper case. */
static int consent_id_valid(const char *v)
{
	int i;

	if (strlen(v) != 5 || v[0] != 'C')
		return 0;
	for (i = 1; i < 5; i++) {
		char c = v[i] >= 'A' && v[i] <= 'Z' ? (char)(v[i] - 'A' + 'a') : v[i];
		if (!strchr(cc_id_alphabet, c) || !c)
			return 0;
	}
	return 1;
}

int cc__check_consent(const char *path, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc);
	const char *act = cc_map_str(root, "action"), *id, *b = base(path);
	char want[8];
	int err, i;

	if (act && !strcmp(act, "withdraw")) {
		if ((err = cc__rules_check(path, root, withdraw_rules, out)))
			return err;
		id = cc_map_str(root, "consent");
		if (id && *id && !consent_id_valid(id))
			return cc_problems_add(out, "%s:%zu: 'consent' must name a consent ID "
				"(C and four characters), not '%s'", path,
				cc_node_line(cc_map_get(root, "consent")), id);
		return 0;
	}
	if ((err = cc__rules_check(path, root, grant_rules, out)))
		return err;
	id = cc_map_str(root, "id");
	if (!id || !*id)
		return 0;
	if (!consent_id_valid(id))
		return cc_problems_add(out, "%s:%zu: 'id' must be C and four characters, not '%s'",
			path, cc_node_line(cc_map_get(root, "id")), id);
	/* DATE-xxxx.md: the ID is C + the suffix */
	if (strlen(b) == 18 && b[10] == '-' && !strcmp(b + 15, ".md")) {
		want[0] = 'C';
		for (i = 0; i < 4; i++)
			want[i + 1] = b[11 + i] >= 'a' && b[11 + i] <= 'z' ?
				(char)(b[11 + i] - 'a' + 'A') : b[11 + i];
		want[5] = '\0';
		if (strcmp(want, id))
			return cc_problems_add(out, "%s:%zu: 'id' of this file must be '%s', not '%s'",
				path, cc_node_line(cc_map_get(root, "id")), want, id);
	}
	return 0;
}

static size_t line_of(const cc_node *root, const char *key)
{
	const cc_node *n = cc_map_get(root, key);
	return n ? cc_node_line(n) : 1;
}

int cc__check_link(const char *path, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc);
	const char *b = base(path), *svc = cc_map_str(root, "service");
	const char *name = cc_map_str(root, "name"), *inf = cc_map_str(root, "informal");
	char stem[CC_SLUG_MAX + 16];
	size_t n = strlen(b);
	int err;

	if ((err = cc__rules_check(path, root, link_rules, out)) ||
	    (err = map_items(path, root, "history", history_rules, out)))
		return err;
	if (n < 4 || n - 3 >= sizeof(stem))
		return cc_problems_add(out, "%s: a link file is named SLUG.md or informal-xxxx.md",
			path);
	memcpy(stem, b, n - 3);
	stem[n - 3] = '\0';
	if (!strncmp(stem, "informal-", 9)) {
		if (!name || !*name)
			return cc_problems_add(out, "%s:%zu: an informal link needs 'name' (the "
				"person or group who helps)", path, cc_node_line(root) ? cc_node_line(root) : 1);
		if (!inf || strcmp(inf, "true"))
			return cc_problems_add(out, "%s:%zu: 'informal' must be true in an "
				"informal link", path, line_of(root, "informal"));
		if (cc_map_get(root, "service"))
			return cc_problems_add(out, "%s:%zu: an informal link has no 'service'",
				path, line_of(root, "service"));
		return 0;
	}
	if (!cc_service_slug_valid(stem))
		return cc_problems_add(out, "%s: a link file is named SLUG.md (a service of "
			"the directory) or informal-xxxx.md", path);
	if (!svc || strcmp(svc, stem))
		return cc_problems_add(out, "%s:%zu: 'service' must be '%s', the file's name",
			path, line_of(root, "service"), stem);
	if (inf && !strcmp(inf, "true"))
		return cc_problems_add(out, "%s:%zu: a link to a directory service is not "
			"informal; informal links are named informal-xxxx.md", path,
			line_of(root, "informal"));
	return 0;
}

int cc__check_service(const char *path, const cc_doc *doc, cc_problems *out)
{
	const cc_node *root = cc_doc_root(doc), *cap;
	const char *b = base(path);
	char stem[CC_SLUG_MAX + 8];
	size_t n = strlen(b);
	int err;

	if ((err = cc__rules_check(path, root, service_rules, out)) ||
	    (err = scalar_items(path, root, "offers", out)))
		return err;
	cap = cc_map_get(root, "capacity");
	if (cap && cc_node_kind(cap) == CC_NODE_MAP &&
	    (err = cc__rules_check(path, root, capacity_rules, out)))
		return err;
	if (n > 3 && n - 3 < sizeof(stem)) {
		memcpy(stem, b, n - 3);
		stem[n - 3] = '\0';
		if (cc_service_slug_valid(stem))
			return 0;
	}
	return cc_problems_add(out, "%s: a service file is named SLUG.md: lowercase "
		"letters, digits and single '-' inside", path);
}
