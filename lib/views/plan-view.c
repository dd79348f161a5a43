/* plan-view.c - reading the plan: text, JSON, and the printable plan */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casectl/util/error.h"
#include "casectl/views/plan-view.h"
#include "casectl/model/records.h"
#include "casectl/model/settings.h"
#include "../doc/json-int.h"
#include "../model/plan-int.h"
#include "../model/record-io-int.h"

/* The case and its plan (CC_ENOTFOUND with the way out when none). */
static int load(cc_store *s, const char *input, cc_case **cs, cc_doc **plan)
{
	char path[256];
	int err;

	*plan = NULL;
	if ((err = cc__rio_case(s, input, cs)))
		return err;
	cc_case_path(*cs, CC_PLAN_FILE, path, sizeof(path));
	if ((err = cc__rio_doc(s, path, 1, plan)))
		return err;
	if (!*plan)
		return cc_error_set(CC_ENOTFOUND, "case '%s' has no plan yet; run "
			"'casectl plan %s --macro GOAL ...' or 'casectl plan %s' on a terminal",
			cc_case_id(*cs), cc_case_id(*cs), cc_case_id(*cs));
	return 0;
}

/* --- text --------------------------------------------------------------- */

static const char *val(const cc_node *m, const char *key)
{
	const char *v = cc_map_str(m, key);
	return v && *v ? v : NULL;
}

static void detail(FILE *out, const char *indent, const cc_node *g)
{
	const char *v;

	fprintf(out, "%smeasure: %s\n", indent, val(g, "measure") ? val(g, "measure") : "-");
	fprintf(out, "%sdue %s", indent, val(g, "due") ? val(g, "due") : "-");
	if ((v = val(g, "responsible")))
		fprintf(out, "; responsible: %s", v);
	if ((v = val(g, "checks")))
		fprintf(out, "; checks: %s", v);
	if ((v = val(g, "cost"))) {
		fprintf(out, "; cost %s", v);
		if ((v = val(g, "payer")))
			fprintf(out, " (paid by %s)", v);
	} else if ((v = val(g, "payer"))) {
		fprintf(out, "; paid by %s", v);
	}
	fputc('\n', out);
}

static void goal_line(FILE *out, const char *indent, const cc_node *g)
{
	const char *id = val(g, "id"), *level = val(g, "level"), *domain = val(g, "domain");

	fprintf(out, "%s%-6s [%s] ", indent, id ? id : "?", val(g, "status") ? val(g, "status")
		: "open");
	if (level && !strcmp(level, "meso") && domain)
		fprintf(out, "(%s) ", domain);
	fprintf(out, "%s\n", val(g, "text") ? val(g, "text") : "-");
}

static int is_level(const cc_node *g, const char *level)
{
	const char *v = cc_node_kind(g) == CC_NODE_MAP ? cc_map_str(g, "level") : NULL;
	return v && !strcmp(v, level);
}

static void print_text(const cc_case *cs, const cc_doc *plan, FILE *out)
{
	const cc_node *root = cc_doc_root(plan), *goals = cc_map_get(root, "goals"),
		*crisis = cc_map_get(root, "crisis"), *g, *st;
	const char *body, *id, *v;
	size_t i, k, n = cc_node_count(goals), blen;
	int any = 0, major, minor, ma, mi;

	fprintf(out, "plan of case %s\n", cc_case_id(cs));
	fprintf(out, "agreed:    %s\n", val(root, "agreed") ? val(root, "agreed")
		: "not yet agreed with the client");
	fprintf(out, "review:    %s\n", val(root, "review") ? val(root, "review") : "-");
	for (i = 0; i < n; i++) {
		g = cc_node_at(goals, i);
		if (!is_level(g, "macro"))
			continue;
		fprintf(out, "\nmacro goal (impact):\n");
		goal_line(out, "  ", g);
		detail(out, "         ", g);
		any = 1;
	}
	for (i = 0; i < n; i++) {
		g = cc_node_at(goals, i);
		if (!is_level(g, "meso"))
			continue;
		if (!(any & 2))
			fprintf(out, "\ngoals by domain, with their steps:\n");
		any |= 3;
		goal_line(out, "  ", g);
		detail(out, "         ", g);
		id = val(g, "id");
		if (cc__plan_id_level(id, &major, &minor) != CC_GOAL_MESO)
			continue;
		for (k = 0; k < n; k++) {
			st = cc_node_at(goals, k);
			v = cc_node_kind(st) == CC_NODE_MAP ? val(st, "id") : NULL;
			if (!is_level(st, "micro") ||
			    cc__plan_id_level(v, &ma, &mi) != CC_GOAL_MICRO || ma != major)
				continue;
			goal_line(out, "    ", st);
			detail(out, "             ", st);
		}
	}
	if (!any)
		fprintf(out, "\nno goals yet\n");
	for (any = 0, i = 0; i < cc_node_count(crisis); i++) {
		g = cc_node_at(crisis, i);
		if (cc_node_kind(g) != CC_NODE_MAP)
			continue;
		if (!any++)
			fprintf(out, "\ncrisis plan:\n");
		fprintf(out, "  %-6s %s\n         -> contact %s\n         -> %s\n",
			val(g, "id") ? val(g, "id") : "?",
			val(g, "situation") ? val(g, "situation") : "-",
			val(g, "contact") ? val(g, "contact") : "-",
			val(g, "action") ? val(g, "action") : "-");
	}
	body = cc_doc_body(plan, &blen);
	if (blen) {
		fputc('\n', out);
		fwrite(body, 1, blen, out);
		if (body[blen - 1] != '\n')
			fputc('\n', out);
	}
}

/* A cost such as 49.50 is a number in JSON too (whole numbers already
 * are). */
static int costs_as_numbers(json_t *j)
{
	json_t *goals = json_object_get(j, "goals"), *g, *cost;
	size_t i;

	json_array_foreach(goals, i, g) {
		cost = json_object_get(g, "cost");
		if (json_is_string(cost) && cc__plan_cost_valid(json_string_value(cost)) &&
		    json_object_set_new(g, "cost", json_real(strtod(json_string_value(cost), NULL))))
			return cc_error_set(CC_ENOMEM, "out of memory");
	}
	return 0;
}

int cc_plan_view(cc_store *s, const char *input, cc_format f, FILE *out)
{
	cc_case *cs = NULL;
	cc_doc *plan = NULL;
	json_t *j = NULL;
	const char *body;
	char *text = NULL;
	size_t blen;
	int err;

	if ((err = load(s, input, &cs, &plan)))
		goto out;
	if (f == CC_FMT_TEXT) {
		print_text(cs, plan, out);
		goto out;
	}
	body = cc_doc_body(plan, &blen);
	if ((j = cc__json_from_node(cc_doc_root(plan))) && (err = costs_as_numbers(j)))
		goto out;
	if (!j ||
	    json_object_set_new(j, "case", json_string(cc_case_id(cs))) ||
	    json_object_set_new(j, "body", json_stringn(body, blen))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (!(err = cc__json_dump(j, &text)))
		fprintf(out, "%s\n", text);
out:
	free(text);
	json_decref(j);
	cc_doc_free(plan);
	cc_case_free(cs);
	return err;
}

/* --- the printable plan -------------------------------------------------- */

/* Read NAME of case CS as it was in revision REV; *doc NULL if absent. */
static int read_at(cc_store *s, const char *rev, const cc_case *cs, const char *name,
	cc_doc **doc)
{
	char path[256], *buf;
	size_t len;
	int err;

	*doc = NULL;
	cc_case_path(cs, name, path, sizeof(path));
	err = cc_store_read_at(s, rev, path, &buf, &len);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		return 0;
	}
	if (err)
		return err;
	err = cc_doc_parse(doc, buf, len, path);
	free(buf);
	return err;
}

typedef struct {
	const char *oid;
	int64_t day;            /* days since the epoch, local to the commit */
	int found;
} commit_day;

static int find_commit(const cc_log_entry *e, void *payload)
{
	commit_day *c = payload;

	if (strcmp(e->oid, c->oid))
		return 0;
	c->day = (e->time + (int64_t)e->tz_minutes * 60) / 86400;
	if ((e->time + (int64_t)e->tz_minutes * 60) % 86400 < 0)
		c->day--;
	c->found = 1;
	return 1;
}

/* The day a plan rendered --at AT shows, into OUT: AT's date when AT is
 * a date ("2026-03-12", "-2w"), else the day of commit REV with AT
 * beside it ("2026-03-12 (HEAD~5)"). */
static int as_of_day(cc_store *s, const char *at, const char *rev, char *out, size_t size)
{
	char day[CC_DATE_STRLEN];
	commit_day c = { rev, 0, 0 };
	cc_date today, d;
	int err;

	if ((err = cc_date_today(&today)))
		return err;
	if (!cc_date_parse(at, today, &d)) {
		cc_date_format(d, day);
		snprintf(out, size, "%s", day);
		return 0;
	}
	cc_error_clear();
	if ((err = cc_store_log(s, NULL, find_commit, &c)) < 0)
		return err;
	if (!c.found) {
		snprintf(out, size, "%.60s (%.7s)", at, rev);
		return 0;
	}
	cc_date_format(cc_date_from_days(c.day), day);
	snprintf(out, size, "%s (%.60s)", day, at);
	return 0;
}

int cc_plan_render_at(cc_store *s, const char *input, const char *at,
	cc_render_format f, char **out, size_t *len)
{
	cc_case *now = NULL;
	cc_doc *casedoc = NULL, *plan = NULL, *team = NULL;
	cc_settings st;
	char rev[41], path[256], day[96];
	int err;

	*out = NULL;
	if ((err = cc_settings_load(s, &st)) || (err = cc__rio_case(s, input, &now)) ||
	    (err = cc_store_resolve_rev(s, at, rev)) ||
	    (err = as_of_day(s, at, rev, day, sizeof(day))) ||
	    (err = read_at(s, rev, now, CC_CASE_FILE, &casedoc)))
		goto out;
	if (!casedoc) {
		err = cc_error_set(CC_ENOTFOUND, "case '%s' did not exist yet at '%s'",
			cc_case_id(now), at);
		goto out;
	}
	if ((err = read_at(s, rev, now, CC_PLAN_FILE, &plan)))
		goto out;
	if (!plan) {
		err = cc_error_set(CC_ENOTFOUND, "case '%s' had no plan yet at '%s'",
			cc_case_id(now), at);
		goto out;
	}
	cc_case_path(now, CC_PLAN_FILE, path, sizeof(path));
	if ((err = cc__plan_check_raise(path, plan)) ||
	    (err = read_at(s, rev, now, CC_TEAM_FILE, &team)))
		goto out;
	{
		cc_render_input in = { cc_case_id(now), casedoc, plan, team, st.language, day };
		err = cc_render_plan(&in, f, out, len);
	}
out:
	cc_doc_free(casedoc);
	cc_doc_free(plan);
	cc_doc_free(team);
	cc_case_free(now);
	return err;
}

int cc_plan_render(cc_store *s, const char *input, cc_render_format f,
	char **out, size_t *len)
{
	cc_case *cs = NULL;
	cc_doc *plan = NULL, *team = NULL;
	cc_settings st;
	char path[256];
	int err;

	*out = NULL;
	if ((err = cc_settings_load(s, &st)) || (err = load(s, input, &cs, &plan)))
		goto out;
	cc_case_path(cs, CC_PLAN_FILE, path, sizeof(path));
	if ((err = cc__plan_check_raise(path, plan)))
		goto out;
	cc_case_path(cs, CC_TEAM_FILE, path, sizeof(path));
	if ((err = cc__rio_doc(s, path, 1, &team)))
		goto out;
	{
		cc_render_input in = { cc_case_id(cs), cc_case_doc(cs), plan, team,
			st.language, NULL };
		err = cc_render_plan(&in, f, out, len);
	}
out:
	cc_doc_free(team);
	cc_doc_free(plan);
	cc_case_free(cs);
	return err;
}
