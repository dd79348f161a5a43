/* team.c - the responsibility group and contact overview (team.md) */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/ops/team.h"
#include "../model/record-io-int.h"

/* "t2" -> "T2"; CC_EINVALID unless T followed by digits. */
static int member_id(const char *in, char out[16])
{
	size_t i, n = strlen(in);

	if (n < 2 || n > 10 || (in[0] != 'T' && in[0] != 't'))
		goto bad;
	for (i = 1; i < n; i++)
		if (!isdigit((unsigned char)in[i]))
			goto bad;
	out[0] = 'T';
	memcpy(out + 1, in + 1, n);
	return 0;
bad:
	return cc_error_set(CC_EUSAGE, "'%s' is not a team member ID (T1, T2, ...)", in);
}

static int set_text(cc_node *m, const char *key, const char *v)
{
	if (!v)
		return 0;
	return cc_map_set_str(m, key, *v ? v : NULL);
}

static int apply(cc_node *m, const cc_team_opts *o)
{
	cc_node *list;
	size_t i;
	int err;

	if (o->name && !*o->name)
		return cc_error_set(CC_EUSAGE, "a team member's name must not be empty");
	if ((err = set_text(m, "name", o->name)) ||
	    (err = set_text(m, "role", o->role)) ||
	    (err = set_text(m, "organisation", o->organisation)) ||
	    (err = set_text(m, "contact", o->contact)))
		return err;
	if (o->set_topics) {
		if ((err = cc_map_child_list(m, "topics", &list)) || (err = cc_list_clear(list)))
			return err;
		for (i = 0; i < o->ntopics; i++)
			if (*o->topics[i] && (err = cc_list_append_str(list, o->topics[i])))
				return err;
	}
	if (o->informal >= 0 &&
	    (err = cc_map_set_plain(m, "informal", o->informal ? "true" : "false")))
		return err;
	if (o->guardian >= 0 &&
	    (err = cc_map_set_plain(m, "guardian", o->guardian ? "true" : "false")))
		return err;
	return 0;
}

/* Begin the action and read team.md (a new one when missing). */
static int begin(cc_store *s, const char *case_input, cc_action **a, cc_doc **doc,
	cc_node **members)
{
	int err;

	*doc = NULL;
	if ((err = cc_action_begin(a, s, case_input, 0)) ||
	    (err = cc_action_phase(*a, "team", NULL, NULL)) ||
	    (err = cc_action_read_doc(*a, CC_TEAM_FILE, 1, doc)))
		return err;
	if (!*doc && (err = cc_doc_new(doc)))
		return err;
	err = cc_map_child_list(cc_doc_root(*doc), "members", members);
	if (err)
		cc_error_set(CC_EINVALID, "%s/%s: 'members' must be a list; fix it with "
			"'casectl edit %s %s'", cc_case_dir(cc_action_case(*a)), CC_TEAM_FILE,
			cc_action_id(*a), CC_TEAM_FILE);
	return err;
}

/* Stage team.md and commit "team member ID WHAT". */
static int finish(cc_action *a, cc_doc *doc, const char *what, const char *id)
{
	int err = cc_action_put_doc(a, CC_TEAM_FILE, doc);
	return err ? err : cc_action_commit(a, "team", "team member %s %s", id, what);
}

/* Append member O with the next free ID. */
static int add_one(cc_node *members, const cc_team_opts *o, char id[16])
{
	cc_team_opts full = *o;
	cc_node *m;
	int max = 0, err;
	size_t i;

	for (i = 0; i < cc_node_count(members); i++) {
		const char *v = cc_map_str(cc_node_at(members, i), "id");
		long k = v && (v[0] == 'T' || v[0] == 't') ? strtol(v + 1, NULL, 10) : 0;
		if (k > max && k < 100000000)
			max = (int)k;
	}
	snprintf(id, 16, "T%d", max + 1);
	if (full.informal < 0)
		full.informal = 0;
	if (full.guardian < 0)
		full.guardian = 0;
	full.set_topics = 1;
	if ((err = cc_list_append_map(members, &m)) ||
	    (err = cc_map_set_plain(m, "id", id)) ||
	    (err = apply(m, &full)))
		return err;
	/* an empty topic list says nothing; leave it out */
	if (!cc_node_count(cc_map_get(m, "topics")) && (err = cc_map_remove(m, "topics")))
		return err;
	return 0;
}

int cc_team_add_many(cc_store *s, const char *case_input, const cc_team_opts *o,
	size_t n, char (*ids)[16])
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_node *members;
	cc_buf what = CC_BUF_INIT;
	size_t i;
	int err = 0;

	if (!n)
		return cc_error_set(CC_EUSAGE, "no team member to add");
	for (i = 0; i < n; i++)
		if (!o[i].name || !*o[i].name)
			return cc_error_set(CC_EUSAGE, "a team member needs a name");
	if ((err = begin(s, case_input, &a, &doc, &members)))
		goto out;
	for (i = 0; !err && i < n; i++)
		if (!(err = add_one(members, &o[i], ids[i])) && i)
			err = cc_buf_printf(&what, "%s%s", i + 1 < n ? ", " : " and ", ids[i]);
	if (err)
		goto out;
	err = cc_action_put_doc(a, CC_TEAM_FILE, doc);
	doc = NULL;
	if (err)
		goto out;
	err = n == 1 ? cc_action_commit(a, "team", "team member %s added", ids[0])
		     : cc_action_commit(a, "team", "team members %s%s added", ids[0],
			       cc_buf_cstr(&what));
out:
	cc_buf_free(&what);
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}

int cc_team_add(cc_store *s, const char *case_input, const cc_team_opts *o, char id[16])
{
	char ids[1][16];
	int err = cc_team_add_many(s, case_input, o, 1, ids);

	if (!err)
		memcpy(id, ids[0], 16);
	return err;
}

static int find_member(cc_action *a, cc_node *members, const char *input, char id[16],
	size_t *index)
{
	size_t i;
	int err;

	if ((err = member_id(input, id)))
		return err;
	for (i = 0; i < cc_node_count(members); i++) {
		const char *v = cc_map_str(cc_node_at(members, i), "id");
		if (v && !strcmp(v, id)) {
			*index = i;
			return 0;
		}
	}
	return cc_error_set(CC_ENOTFOUND, "case '%s' has no team member '%s'; run "
		"'casectl team %s' to see the team", cc_action_id(a), id, cc_action_id(a));
}

int cc_team_set(cc_store *s, const char *case_input, const char *member,
	const cc_team_opts *o)
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_node *members, *m;
	char id[16];
	size_t i;
	int err;

	if ((err = begin(s, case_input, &a, &doc, &members)) ||
	    (err = find_member(a, members, member, id, &i)))
		goto out;
	m = cc_node_at(members, i);
	if (cc_node_kind(m) != CC_NODE_MAP) {
		err = cc_error_set(CC_EINVALID, "team member '%s' is not a map of keys", id);
		goto out;
	}
	if ((err = apply(m, o)))
		goto out;
	if (o->set_topics && !o->ntopics && (err = cc_map_remove(m, "topics")))
		goto out;
	if (!cc_doc_modified(doc)) {
		err = cc_error_set(CC_EINVALID, "nothing changed for team member '%s'", id);
		goto out;
	}
	err = finish(a, doc, "changed", id);
	doc = NULL;
out:
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}

int cc_team_remove(cc_store *s, const char *case_input, const char *member)
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_node *members;
	char id[16];
	size_t i;
	int err;

	if ((err = begin(s, case_input, &a, &doc, &members)) ||
	    (err = find_member(a, members, member, id, &i)) ||
	    (err = cc_list_remove_at(members, i)))
		goto out;
	err = finish(a, doc, "removed", id);
	doc = NULL;
out:
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}
