/* event.c - what the journey modules share: dates, templates, plan
 * goals and the reading of event folders */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/doc/template.h"
#include "casectl/model/validate.h"
#include "event-int.h"
#include "plan-int.h"

int cc__ev_date(const char *opt, const char *input, cc_date today, int when,
	char out[CC_DATE_STRLEN])
{
	cc_date d;
	char t[CC_DATE_STRLEN];

	if (cc_date_parse(input, today, &d))
		return cc_error_prefix("%s", opt);
	cc_date_format(d, out);
	cc_date_format(today, t);
	if (when == CC_EV_NOT_AFTER && cc_date_cmp(d, today) > 0)
		return cc_error_set(CC_EINVALID, "%s: %s is in the future (today is %s)",
			opt, out, t);
	if (when == CC_EV_NOT_BEFORE && cc_date_cmp(d, today) < 0)
		return cc_error_set(CC_EINVALID, "%s: %s is in the past (today is %s)",
			opt, out, t);
	return 0;
}

int cc__ev_enum(const char *opt, const char *v, const char *const *values)
{
	const char *const *p;
	cc_buf b = CC_BUF_INIT;
	int err;

	for (p = values; *p; p++)
		if (!strcmp(v, *p))
			return 0;
	for (p = values, err = 0; !err && *p; p++)
		err = cc_buf_printf(&b, "%s%s", p == values ? "" : ", ", *p);
	if (!err)
		err = cc_error_set(CC_EUSAGE, "'%s' is not a valid %s; use one of %s", v, opt,
			cc_buf_cstr(&b));
	cc_buf_free(&b);
	return err;
}

int cc__ev_template(const cc_settings *st, const char *name, cc_doc **doc)
{
	const char *text;
	int err;

	if ((err = cc_template_get(st->language, name, &text)))
		return err;
	return cc_doc_parse(doc, text, strlen(text), name);
}

int cc__ev_list_add(cc_node *map, const char *key, const cc_strlist *l)
{
	cc_node *list;
	size_t i;
	int err;

	if ((err = cc_map_child_list(map, key, &list)))
		return err;
	for (i = 0; i < l->n; i++) {
		if (!*l->v[i])
			continue;
		if ((err = cc_list_append_str(list, l->v[i])))
			return err;
	}
	return 0;
}

int cc__ev_prune(cc_node *map)
{
	size_t i = cc_node_count(map);
	cc_node *n;
	const char *v;
	int err;

	while (i-- > 0) {
		n = cc_node_at(map, i);
		if (cc_node_kind(n) == CC_NODE_MAP) {
			if ((err = cc__ev_prune(n)))
				return err;
			continue;
		}
		v = cc_node_value(n);
		if (v && !*v && (err = cc_map_remove(map, cc_node_key(n))))
			return err;
	}
	return 0;
}

int cc__ev_body(cc_doc *doc, const char *message)
{
	cc_buf b = CC_BUF_INIT;
	size_t n;
	int err;

	if (!message || !*message)
		return cc_doc_set_body(doc, "", 0);
	n = strlen(message);
	if ((err = cc_buf_put(&b, message, n)) ||
	    (message[n - 1] != '\n' && (err = cc_buf_putc(&b, '\n'))))
		goto out;
	err = cc_doc_set_body(doc, b.ptr, b.len);
out:
	cc_buf_free(&b);
	return err;
}

int cc__ev_emit(cc_doc *doc, char **text, size_t *len)
{
	return cc_doc_emit(doc, text, len);
}

int cc__ev_validate(cc_action *a, const char *name, const cc_doc *doc)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	char path[256];
	int err;

	cc_case_path(cc_action_case(a), name, path, sizeof(path));
	if (!(err = cc_validate_doc(path, doc, &probs)))
		err = cc_problems_raise(&probs);
	cc_problems_free(&probs);
	return err;
}

int cc__ev_parse(cc_action *a, const char *name, const char *text, size_t len,
	cc_doc **doc)
{
	char path[256];
	int err;

	*doc = NULL;
	cc_case_path(cc_action_case(a), name, path, sizeof(path));
	if ((err = cc_doc_parse(doc, text, len, path)))
		return err;
	/* keys the worker left empty are left out, as from the options */
	if ((err = cc__ev_prune(cc_doc_root(*doc))) || (err = cc__ev_validate(a, name, *doc))) {
		cc_doc_free(*doc);
		*doc = NULL;
	}
	return err;
}

int cc__ev_plan(cc_action *a, cc_doc **plan)
{
	int err = cc_action_read_doc(a, CC_PLAN_FILE, 1, plan);

	if (!err && !*plan)
		err = cc_error_set(CC_ENOTFOUND, "case '%s' has no plan yet; run 'casectl "
			"plan %s' first", cc_action_id(a), cc_action_id(a));
	return err;
}

int cc__ev_goal_id(const char *opt, const char *in, char out[16])
{
	size_t n = strlen(in);

	if (n > 0 && n < 16) {
		memcpy(out, in, n + 1);
		if (out[0] == 'g')
			out[0] = 'G';
		if (cc__ev_goal_id_valid(out))
			return 0;
	}
	return cc_error_set(CC_EUSAGE, "%s: '%s' is not a goal ID (G0, G1, G1.2, ...)",
		opt, in);
}

int cc__ev_goal(cc_action *a, const cc_doc *plan, const char *goal, cc_node **out)
{
	cc_node *goals = cc_map_get(cc_doc_root(plan), "goals");
	cc_buf b = CC_BUF_INIT;
	const char *v;
	size_t i;
	int err = 0;

	*out = NULL;
	if (goals && cc_node_kind(goals) == CC_NODE_LIST)
		*out = cc_list_find(goals, "id", goal);
	if (*out)
		return 0;
	for (i = 0; !err && goals && cc_node_kind(goals) == CC_NODE_LIST &&
		    i < cc_node_count(goals); i++)
		if ((v = cc_map_str(cc_node_at(goals, i), "id")))
			err = cc_buf_printf(&b, "%s%s", b.len ? ", " : "", v);
	if (err)
		return err;
	if (!b.len)
		err = cc_error_set(CC_ENOTFOUND, "goal '%s' is not in the plan of case '%s': "
			"the plan has no goals yet; add them with 'casectl plan %s'", goal,
			cc_action_id(a), cc_action_id(a));
	else
		err = cc_error_set(CC_ENOTFOUND, "goal '%s' is not in the plan of case '%s' "
			"(its goals: %s)", goal, cc_action_id(a), b.ptr);
	cc_buf_free(&b);
	return err;
}

int cc__ev_person(const cc_node *m, char **out)
{
	const char *name = m ? cc_map_str(m, "name") : NULL;
	const char *email = m ? cc_map_str(m, "email") : NULL;
	cc_buf b = CC_BUF_INIT;
	int err;

	if (name && *name && email && *email && strcmp(name, email))
		err = cc_buf_printf(&b, "%s <%s>", name, email);
	else
		err = cc_buf_puts(&b, name && *name ? name : email ? email : "");
	if (err)
		return err;
	*out = cc_buf_detach(&b);
	return *out ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

int cc__ev_check_date_key(cc_action *a, const char *name, const cc_doc *doc,
	const char *key, int when)
{
	const cc_node *n = cc_map_get(cc_doc_root(doc), key);
	const char *v = n ? cc_node_value(n) : NULL;
	char path[256], t[CC_DATE_STRLEN];
	cc_date d, today = cc_action_today(a);
	int c;

	if (!v || !*v || cc_date_parse_iso(v, &d))
		return 0; /* absent, or already reported by the record check */
	c = cc_date_cmp(d, today);
	if ((when == CC_EV_NOT_AFTER && c <= 0) || (when == CC_EV_NOT_BEFORE && c >= 0) ||
	    when == CC_EV_ANY)
		return 0;
	cc_case_path(cc_action_case(a), name, path, sizeof(path));
	cc_date_format(today, t);
	return cc_error_set(CC_EINVALID, "%s:%zu: '%s' %s is in the %s (today is %s)", path,
		cc_node_line(n), key, v, when == CC_EV_NOT_AFTER ? "future" : "past", t);
}
