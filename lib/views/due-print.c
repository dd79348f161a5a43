/* due-print.c - due's items as text and as JSON */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "due-int.h"
#include "../doc/json-int.h"

static void describe(const cc_due_item *it, char *out, size_t size)
{
	const char *w = it->what ? it->what : "";

	if (!strcmp(it->kind, "review"))
		snprintf(out, size, "case review");
	else if (!strcmp(it->kind, "plan-review"))
		snprintf(out, size, "plan review");
	else if (!strcmp(it->kind, "goal"))
		snprintf(out, size, "goal %s is not achieved", w);
	else if (!strcmp(it->kind, "follow-up"))
		snprintf(out, size, "follow-up contact after closing");
	else if (!strcmp(it->kind, "consent") && it->days < 0)
		snprintf(out, size, "consent %s expired: renew or withdraw it", w);
	else if (!strcmp(it->kind, "consent"))
		snprintf(out, size, "consent %s expires", w);
	else if (!strcmp(it->kind, "link"))
		snprintf(out, size, "link to %s is still waiting", w);
	else if (!strcmp(it->kind, "contact"))
		snprintf(out, size, "no contact since %s", w);
	else if (!strcmp(it->kind, "conflict"))
		snprintf(out, size, "sync conflict: run 'casectl resolve %s'", it->case_id);
	else if (!strcmp(it->kind, "caseload"))
		snprintf(out, size, "%s open cases: over the caseload limit", w);
	else
		snprintf(out, size, "%s", it->kind);
}

static void when_text(long days, char out[32])
{
	if (days < 0)
		snprintf(out, 32, "overdue %ldd", -days);
	else if (days == 0)
		snprintf(out, 32, "due today");
	else
		snprintf(out, 32, "due in %ldd", days);
}

int cc_due_print(const cc_due *d, cc_format f, FILE *out)
{
	char text[256], when[32];
	cc_due_item item, *it = &item;
	size_t i, n = cc_due_count(d);
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		cc_due_get(d, i, it);
		describe(it, text, sizeof(text));
		if (f == CC_FMT_JSON) {
			json_t *j = json_object(), *m = json_object();
			char *s;
			json_object_set_new(m, "name", json_string(it->manager));
			json_object_set_new(m, "email", it->email ? json_string(it->email) : json_null());
			json_object_set_new(j, "manager", m);
			json_object_set_new(j, "case", it->case_id[0] ? json_string(it->case_id) : json_null());
			json_object_set_new(j, "ref", it->ref ? json_string(it->ref) : json_null());
			json_object_set_new(j, "kind", json_string(it->kind));
			json_object_set_new(j, "due", json_string(it->due));
			json_object_set_new(j, "days", json_integer(it->days));
			json_object_set_new(j, "what", it->what ? json_string(it->what) : json_null());
			json_object_set_new(j, "message", json_string(text));
			if (!(err = cc__json_dump(j, &s))) {
				fprintf(out, "%s\n", s);
				free(s);
			}
			json_decref(j);
			continue;
		}
		/* a heading for each manager (cc__due_sort: equal but for case) */
		if (i == 0 || cc__due_class(d, i - 1) != cc__due_class(d, i))
			fprintf(out, "%s%s%s%s%s\n", i ? "\n" : "", it->manager,
				it->email ? " <" : "", it->email ? it->email : "", it->email ? ">" : "");
		when_text(it->days, when);
		fprintf(out, "  %-12s %-10s  %s  %s%s%s%s\n", when,
			it->case_id[0] ? it->case_id : "-", it->due, text,
			it->ref ? " (ref " : "", it->ref ? it->ref : "", it->ref ? ")" : "");
	}
	return err;
}
