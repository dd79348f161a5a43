/* monitor.c - monitoring: one journal entry per contact or meeting */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/ops/monitor.h"
#include "casectl/model/records.h"
#include "casectl/store/sync.h"
#include "casectl/model/validate.h"
#include "../model/event-int.h"
#include "../model/record-io-int.h"

#define MAX_MINUTES 1440

static int check_opts(const cc_monitor_opts *o, int need_presence)
{
	const char *p;
	char gi[16], gk[16];
	size_t i, k;
	int err;

	if (o->kind && (err = cc__ev_enum("--kind", o->kind, cc_journal_kinds)))
		return err;
	if (o->minutes) {
		for (p = o->minutes; *p >= '0' && *p <= '9'; p++)
			;
		if (!*o->minutes || *p || p - o->minutes > 4 || atoi(o->minutes) > MAX_MINUTES)
			return cc_error_set(CC_EUSAGE, "--minutes must be a whole number from 0 "
				"to %d, not '%s'", MAX_MINUTES, o->minutes);
	}
	for (i = 0; i < o->with.n; i++)
		if (!*o->with.v[i])
			return cc_error_set(CC_EUSAGE, "--with must not be empty");
	for (i = 0; i < o->n_progress; i++) {
		if ((err = cc__ev_goal_id("--goal", o->progress[i].goal, gi)) ||
		    (err = cc__ev_enum("--progress", o->progress[i].state, cc_progress_states)))
			return err;
		for (k = 0; k < i; k++)
			if (!cc__ev_goal_id("--goal", o->progress[k].goal, gk) && !strcmp(gi, gk))
				return cc_error_set(CC_EUSAGE, "--goal %s is given twice", gi);
	}
	if (o->client_present == 0 && (!o->absent_reason || !*o->absent_reason))
		return cc_error_set(CC_EUSAGE, "--client-absent needs the reason the client "
			"was absent");
	if (need_presence && o->kind && !strcmp(o->kind, "conference") && o->client_present < 0)
		return cc_error_set(CC_EUSAGE, "a case conference is always with the client: "
			"give --client-present, or --client-absent REASON");
	return 0;
}

static int build(cc_action *a, const cc_monitor_opts *o, int editor, cc_doc **out)
{
	cc_doc *doc = NULL;
	cc_node *root, *list, *item;
	char day[CC_DATE_STRLEN], review[CC_DATE_STRLEN], gid[16], *by = NULL;
	size_t i;
	int err;

	*out = NULL;
	if ((err = cc__ev_date("--date", o->date ? o->date : "today", cc_action_today(a),
		     CC_EV_NOT_AFTER, day)) ||
	    (o->next_review && (err = cc__ev_date("--next-review", o->next_review,
		     cc_action_today(a), CC_EV_NOT_BEFORE, review))) ||
	    (err = cc__rio_worker(cc_action_store(a), &by)) ||
	    (err = cc__ev_template(cc_action_settings(a), "journal.md", &doc)))
		goto out;
	root = cc_doc_root(doc);
	if ((err = cc_map_set_plain(root, "date", day)) ||
	    (err = cc_map_set_plain(root, "kind", o->kind ? o->kind : "visit")) ||
	    (err = cc_map_set_str(root, "by", by)) ||
	    (err = cc__ev_list_add(root, "with", &o->with)) ||
	    (o->minutes && (err = cc_map_set_plain(root, "minutes", o->minutes))) ||
	    (o->client_present >= 0 && (err = cc_map_set_plain(root, "client-present",
		     o->client_present ? "true" : "false"))) ||
	    (o->client_present == 0 &&
		    (err = cc_map_set_str(root, "absent-reason", o->absent_reason))) ||
	    (err = cc_map_child_list(root, "progress", &list)))
		goto out;
	for (i = 0; i < o->n_progress; i++)
		if ((err = cc__ev_goal_id("--goal", o->progress[i].goal, gid)) ||
		    (err = cc_list_append_map(list, &item)) ||
		    (err = cc_map_set_plain(item, "goal", gid)) ||
		    (err = cc_map_set_plain(item, "state", o->progress[i].state)))
			goto out;
	if (o->next_review && (err = cc_map_set_plain(root, "next-review", review)))
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

/* Every progress goal of DOC is a goal of the plan. */
static int check_goals(cc_action *a, const cc_doc *doc)
{
	const cc_node *list = cc_map_get(cc_doc_root(doc), "progress");
	cc_doc *plan = NULL;
	cc_node *g;
	size_t i;
	int err = 0;

	if (!list || !cc_node_count(list))
		return 0;
	if ((err = cc__ev_plan(a, &plan)))
		return err;
	for (i = 0; !err && i < cc_node_count(list); i++)
		err = cc__ev_goal(a, plan, cc_map_str(cc_node_at(list, i), "goal"), &g);
	cc_doc_free(plan);
	return err;
}

static const char *kind_label(const char *kind)
{
	static const char *const labels[][2] = {
		{ "visit", "visit" }, { "phone", "phone contact" }, { "message", "message" },
		{ "consultation", "case consultation" }, { "conference", "case conference" },
		{ "feedback", "written feedback" }
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(kind, labels[i][0]))
			return labels[i][1];
	return "contact";
}

/* "phone contact, 20 minutes, progress on G1, G1.2" */
static int summary(const cc_doc *doc, cc_buf *b)
{
	const cc_node *root = cc_doc_root(doc), *list = cc_map_get(root, "progress");
	const char *min = cc_map_str(root, "minutes");
	size_t i;
	int err;

	if ((err = cc_buf_puts(b, kind_label(cc_map_str(root, "kind")))))
		return err;
	if (min && *min &&
	    (err = cc_buf_printf(b, ", %s minute%s", min, strcmp(min, "1") ? "s" : "")))
		return err;
	for (i = 0; !err && list && i < cc_node_count(list); i++)
		err = cc_buf_printf(b, "%s%s", i ? ", " : ", progress on ",
			cc_map_str(cc_node_at(list, i), "goal"));
	return err;
}

static int begin(cc_store *s, const char *input, const cc_monitor_opts *o,
	int need_presence, cc_action **a)
{
	int err;

	if ((err = check_opts(o, need_presence)) ||
	    (err = cc_action_begin(a, s, input, 0)))
		return err;
	/* an entry in a phase that stays leaves case.md as it is, so its
	 * commit would not check it: refuse here an unresolved sync conflict
	 * in it, as a command that changes case.md does */
	if (cc_doc_conflicted(cc_case_doc(cc_action_case(*a)))) {
		cc_problems p = CC_PROBLEMS_INIT;
		char path[256];
		cc_case_path(cc_action_case(*a), CC_CASE_FILE, path, sizeof(path));
		if (!(err = cc_check_conflicts(path, cc_action_id(*a),
			      cc_case_doc(cc_action_case(*a)), &p)))
			err = cc_problems_raise(&p);
		cc_problems_free(&p);
		if (err)
			return err;
	}
	return cc_action_phase(*a, "monitor", NULL, o->force);
}

int cc_monitor_draft(cc_store *s, const char *input, const cc_monitor_opts *o,
	char **text, size_t *len)
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	int err;

	*text = NULL;
	if ((err = begin(s, input, o, 0, &a)) ||
	    (err = build(a, o, 1, &doc)) ||
	    (err = check_goals(a, doc)))
		goto out;
	err = cc__ev_emit(doc, text, len);
out:
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}

int cc_monitor_commit(cc_store *s, const char *input, const cc_monitor_opts *o,
	const char *text, size_t len, char file[CC_EVENT_NAME_MAX])
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_buf sum = CC_BUF_INIT;
	const char *review;
	int err;

	if (!text && (!o->message || !*o->message))
		return cc_error_set(CC_EUSAGE, "a journal entry needs a note; give it with -m");
	if ((err = begin(s, input, o, !text, &a)) ||
	    (err = cc_action_event_name(a, CC_DIR_JOURNAL, file, CC_EVENT_NAME_MAX)))
		goto out;
	if (text) {
		if ((err = cc__ev_parse(a, file, text, len, &doc)) ||
		    (err = cc__ev_check_date_key(a, file, doc, "date", CC_EV_NOT_AFTER)) ||
		    (err = cc__ev_check_date_key(a, file, doc, "next-review", CC_EV_NOT_BEFORE)))
			goto out;
	} else if ((err = build(a, o, 0, &doc)) || (err = cc__ev_validate(a, file, doc))) {
		goto out;
	}
	if ((err = check_goals(a, doc)) || (err = summary(doc, &sum)))
		goto out;
	review = cc_map_str(cc_doc_root(doc), "next-review");
	if (review && *review &&
	    (err = cc_map_set_plain(cc_case_root(cc_action_case(a)), "review", review)))
		goto out;
	err = cc_action_put_doc(a, file, doc);
	doc = NULL;
	if (!err)
		err = cc_action_commit(a, "monitor", "%s", sum.ptr);
out:
	cc_buf_free(&sum);
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}
