/* consent-view.c - the consents of a case, as 'casectl consent ID' prints them */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "casectl/model/consent-record.h"
#include "casectl/views/consent-view.h"
#include "../doc/json-int.h"
#include "../model/record-io-int.h"
#include "../util/table-int.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static int print_json(const cc_consent *v, size_t n, FILE *out)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < n; i++) {
		json_t *j = json_object();
		char *text = NULL;
		if (j) {
			json_object_set_new(j, "id", json_string(v[i].id));
			json_object_set_new(j, "state", json_string(cc_consent_state_name(v[i].state)));
			json_object_set_new(j, "date", json_string(v[i].date));
			json_object_set_new(j, "by", json_string(v[i].by));
			json_object_set_new(j, "to", json_string(v[i].to));
			json_object_set_new(j, "what", json_string(v[i].what));
			json_object_set_new(j, "expires", str_or_null(v[i].expires));
			json_object_set_new(j, "withdrawn", str_or_null(v[i].withdrawn));
		}
		if (!(err = cc__json_dump(j, &text)))
			fprintf(out, "%s\n", text);
		free(text);
		json_decref(j);
	}
	return err;
}

static int print_text(const cc_consent *v, size_t n, FILE *out)
{
	static const char *const head[] = { "ID", "STATE", "GRANTED", "EXPIRES",
		"WITHDRAWN", "TO", "WHAT" };
	cc_table t = CC_TABLE_INIT(7);
	size_t i;
	int err;

	if ((err = cc__table_add(&t, head)))
		return err;
	for (i = 0; !err && i < n; i++) {
		const char *row[7] = { v[i].id, cc_consent_state_name(v[i].state),
			v[i].date, v[i].expires, v[i].withdrawn, v[i].to, v[i].what };
		err = cc__table_add(&t, row);
	}
	if (!err && n)
		err = cc__table_print(&t, out);
	cc__table_free(&t);
	return err;
}

int cc_consent_print(cc_store *s, const char *case_input, cc_format f, FILE *out)
{
	cc_case *c = NULL;
	cc_consent *v = NULL;
	cc_date today;
	size_t n = 0;
	int err;

	if ((err = cc_date_today(&today)) || (err = cc__rio_case(s, case_input, &c)) ||
	    (err = cc_consents_load(s, cc_case_dir(c), today, &v, &n)))
		goto out;
	err = f == CC_FMT_JSON ? print_json(v, n, out) : print_text(v, n, out);
out:
	cc_consents_free(v, n);
	cc_case_free(c);
	return err;
}
