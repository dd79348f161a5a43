/* consent.c - the client's consents: grant and withdraw events */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "casectl/model/action.h"
#include "casectl/ops/consent.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/model/validate.h"
#include "../doc/json-int.h"
#include "../model/record-io-int.h"
#include "../util/table-int.h"

const char *cc_consent_state_name(cc_consent_state st)
{
	return st == CC_CONSENT_ACTIVE ? "active" :
	       st == CC_CONSENT_EXPIRED ? "expired" : "withdrawn";
}

void cc_consents_free(cc_consent *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].by);
		free(v[i].to);
		free(v[i].what);
	}
	free(v);
}

static void copy_date(char dst[CC_DATE_STRLEN], const char *src)
{
	snprintf(dst, CC_DATE_STRLEN, "%s", src ? src : "");
}

static cc_consent *find(cc_consent *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].id, id))
			return &v[i];
	return NULL;
}

/* Read and check one event file. */
static int read_event(cc_store *s, const char *path, cc_doc **doc)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	int err;

	if ((err = cc_rio_doc(s, path, 0, doc)))
		return err;
	if (!(err = cc_validate_doc(path, *doc, &probs)))
		err = cc_problems_raise(&probs);
	cc_problems_free(&probs);
	if (err) {
		cc_doc_free(*doc);
		*doc = NULL;
	}
	return err;
}

static int add_grant(cc_consent **v, size_t *n, const cc_node *r)
{
	cc_consent *nv = realloc(*v, (*n + 1) * sizeof(**v)), *c;

	if (!nv)
		return cc_error_set(CC_ENOMEM, "out of memory");
	*v = nv;
	c = &nv[*n];
	memset(c, 0, sizeof(*c));
	snprintf(c->id, sizeof(c->id), "%s", cc_map_str(r, "id"));
	copy_date(c->date, cc_map_str(r, "date"));
	copy_date(c->expires, cc_map_str(r, "expires"));
	c->by = strdup(cc_map_str(r, "by") ? cc_map_str(r, "by") : "");
	c->to = strdup(cc_map_str(r, "to"));
	c->what = strdup(cc_map_str(r, "what"));
	(*n)++;
	if (!c->by || !c->to || !c->what)
		return cc_error_set(CC_ENOMEM, "out of memory");
	return 0;
}

int cc_consents_load(cc_store *s, const char *case_dir, cc_date today,
	cc_consent **out, size_t *n)
{
	char dir[256], path[512], **names = NULL;
	cc_consent *v = NULL;
	size_t count = 0, nn = 0, i, pass;
	int err;

	*out = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "%s/%s", case_dir, CC_DIR_CONSENT);
	if ((err = cc_store_list(s, dir, &names, &nn)))
		return err;
	/* grants first, then the withdrawals that name them */
	for (pass = 0; !err && pass < 2; pass++)
		for (i = 0; !err && i < nn; i++) {
			cc_doc *doc = NULL;
			const cc_node *r;
			const char *act;
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			if ((err = read_event(s, path, &doc)))
				break;
			r = cc_doc_root(doc);
			act = cc_map_str(r, "action");
			if (pass == 0 && !strcmp(act, "grant")) {
				if (find(v, count, cc_map_str(r, "id")))
					err = cc_error_set(CC_EINVALID, "%s: consent '%s' is "
						"granted twice; run 'casectl check'", path,
						cc_map_str(r, "id"));
				else
					err = add_grant(&v, &count, r);
			} else if (pass == 1 && !strcmp(act, "withdraw")) {
				cc_consent *c = find(v, count, cc_map_str(r, "consent"));
				if (c && (!*c->withdrawn ||
					  strcmp(cc_map_str(r, "date"), c->withdrawn) < 0))
					copy_date(c->withdrawn, cc_map_str(r, "date"));
			}
			cc_doc_free(doc);
		}
	cc_strv_free(names, nn);
	if (err) {
		cc_consents_free(v, count);
		return err;
	}
	for (i = 0; i < count; i++) {
		cc_date exp;
		if (*v[i].withdrawn)
			v[i].state = CC_CONSENT_WITHDRAWN;
		else if (*v[i].expires && !cc_date_parse_iso(v[i].expires, &exp) &&
			 cc_date_cmp(exp, today) < 0)
			v[i].state = CC_CONSENT_EXPIRED;
		else
			v[i].state = CC_CONSENT_ACTIVE;
	}
	*out = v;
	*n = count;
	return 0;
}

/* A and B equal ignoring ASCII case and surrounding blanks. */
static int same_name(const char *a, const char *b)
{
	size_t la, lb;

	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la && isspace((unsigned char)a[la - 1]))
		la--;
	while (lb && isspace((unsigned char)b[lb - 1]))
		lb--;
	return la && la == lb && !strncasecmp(a, b, la);
}

const cc_consent *cc_consent_covering(const cc_consent *v, size_t n,
	const char *const *names, size_t nnames)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		if (v[i].state == CC_CONSENT_ACTIVE)
			for (k = 0; k < nnames; k++)
				if (names[k] && same_name(v[i].to, names[k]))
					return &v[i];
	return NULL;
}

/* A new event file name whose suffix (and so the grant's ID) no other
 * event of the case uses, on any day. */
static int fresh_name(cc_action *a, char *name, size_t size)
{
	char dir[256], **names = NULL;
	size_t n = 0, i, len;
	int err, tries, taken;

	cc_case_path(cc_action_case(a), CC_DIR_CONSENT, dir, sizeof(dir));
	if ((err = cc_store_list(cc_action_store(a), dir, &names, &n)))
		return err;
	for (tries = 0; tries < 16; tries++) {
		if ((err = cc_action_event_name(a, CC_DIR_CONSENT, name, size)))
			break;
		len = strlen(name);
		for (taken = 0, i = 0; !taken && i < n; i++) {
			size_t k = strlen(names[i]);
			taken = k >= 7 && !strcmp(names[i] + k - 7, name + len - 7);
		}
		if (!taken)
			break;
	}
	if (!err && tries == 16)
		err = cc_error_set(CC_ERROR, "cannot find a free consent ID");
	cc_strv_free(names, n);
	return err;
}

int cc_consent_grant(cc_store *s, const char *case_input, const char *to,
	const char *what, const char *expires, char id[8])
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_node *r;
	cc_date today, exp;
	char name[96], day[CC_DATE_STRLEN], exps[CC_DATE_STRLEN], *by = NULL;
	const char *suffix;
	int err, i;

	if (!to || !*to || !what || !*what)
		return cc_error_set(CC_EUSAGE, "a consent needs --to ORGANISATION_OR_ROLE and "
			"--what SCOPE");
	if ((err = cc_action_begin(&a, s, case_input, 0)) ||
	    (err = cc_action_phase(a, "consent", NULL, NULL)))
		goto out;
	today = cc_action_today(a);
	if (expires) {
		if (cc_date_parse(expires, today, &exp)) {
			err = cc_error_prefix("--expires");
			goto out;
		}
		if (cc_date_cmp(exp, today) < 0) {
			cc_date_format(exp, exps);
			err = cc_error_set(CC_EINVALID, "--expires: '%s' lies in the past", exps);
			goto out;
		}
		cc_date_format(exp, exps);
	}
	if ((err = cc_rio_worker(s, &by)) || (err = fresh_name(a, name, sizeof(name))))
		goto out;
	/* "consent/YYYY-MM-DD-xxxx.md" */
	suffix = name + strlen(name) - 7;
	id[0] = 'C';
	for (i = 0; i < 4; i++)
		id[i + 1] = (char)toupper((unsigned char)suffix[i]);
	id[5] = '\0';
	cc_date_format(today, day);
	if ((err = cc_doc_new(&doc)))
		goto out;
	r = cc_doc_root(doc);
	if ((err = cc_map_set_plain(r, "id", id)) ||
	    (err = cc_map_set_plain(r, "action", "grant")) ||
	    (err = cc_map_set_plain(r, "date", day)) ||
	    (err = cc_map_set_str(r, "by", by)) ||
	    (err = cc_map_set_str(r, "to", to)) ||
	    (err = cc_map_set_str(r, "what", what)) ||
	    (expires && (err = cc_map_set_plain(r, "expires", exps))))
		goto out;
	err = cc_action_put_doc(a, name, doc);
	doc = NULL;
	if (!err)
		err = cc_action_commit(a, "consent", "consent %s granted", id);
out:
	free(by);
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}

int cc_consent_withdraw(cc_store *s, const char *case_input, const char *cid)
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_consent *v = NULL, *c;
	cc_node *r;
	size_t n = 0, i;
	char id[8], name[96], day[CC_DATE_STRLEN], *by = NULL;
	int err;

	if (strlen(cid) >= sizeof(id) || (cid[0] != 'C' && cid[0] != 'c'))
		return cc_error_set(CC_EUSAGE, "'%s' is not a consent ID (C and four "
			"characters, as 'casectl consent CASE' lists them)", cid);
	for (i = 0; cid[i]; i++)
		id[i] = (char)toupper((unsigned char)cid[i]);
	id[i] = '\0';
	if ((err = cc_action_begin(&a, s, case_input, 0)) ||
	    (err = cc_action_phase(a, "consent", NULL, NULL)) ||
	    (err = cc_consents_load(s, cc_case_dir(cc_action_case(a)), cc_action_today(a),
		    &v, &n)))
		goto out;
	if (!(c = find(v, n, id))) {
		err = cc_error_set(CC_ENOTFOUND, "case '%s' has no consent '%s'; run "
			"'casectl consent %s' to list them", cc_action_id(a), id,
			cc_action_id(a));
		goto out;
	}
	if (*c->withdrawn) {
		err = cc_error_set(CC_EREFUSED, "consent '%s' was already withdrawn on %s",
			id, c->withdrawn);
		goto out;
	}
	cc_date_format(cc_action_today(a), day);
	if ((err = cc_rio_worker(s, &by)) ||
	    (err = cc_action_event_name(a, CC_DIR_CONSENT, name, sizeof(name))) ||
	    (err = cc_doc_new(&doc)))
		goto out;
	r = cc_doc_root(doc);
	if ((err = cc_map_set_plain(r, "action", "withdraw")) ||
	    (err = cc_map_set_plain(r, "consent", id)) ||
	    (err = cc_map_set_plain(r, "date", day)) ||
	    (err = cc_map_set_str(r, "by", by)))
		goto out;
	err = cc_action_put_doc(a, name, doc);
	doc = NULL;
	if (!err)
		err = cc_action_commit(a, "consent", "consent %s withdrawn", id);
out:
	free(by);
	cc_doc_free(doc);
	cc_consents_free(v, n);
	cc_action_free(a);
	return err;
}

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
		if (!(err = cc_json_dump(j, &text)))
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

	if ((err = cc_date_today(&today)) || (err = cc_rio_case(s, case_input, &c)) ||
	    (err = cc_consents_load(s, cc_case_dir(c), today, &v, &n)))
		goto out;
	err = f == CC_FMT_JSON ? print_json(v, n, out) : print_text(v, n, out);
out:
	cc_consents_free(v, n);
	cc_case_free(c);
	return err;
}
