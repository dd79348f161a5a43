/* intake.c - opening a case */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/date.h"
#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/ops/intake.h"
#include "casectl/model/settings.h"
#include "casectl/doc/template.h"
#include "casectl/model/validate.h"
#include "../model/mandate-int.h"

static int set_date(cc_node *map, const char *key, const char *input, cc_date today)
{
	cc_date d;
	char s[CC_DATE_STRLEN];
	int err;

	if ((err = cc_date_parse(input, today, &d)) != 0)
		return cc_error_prefix("--%s", key);
	cc_date_format(d, s);
	return cc_map_set_plain(map, key, s);
}

static int set_opt(cc_node *map, const char *key, const char *v)
{
	return v && *v ? cc_map_set_str(map, key, v) : 0;
}

int cc_intake_draft(cc_store *s, const cc_open_opts *o, char **out, size_t *len)
{
	cc_settings st;
	cc_doc *doc = NULL;
	cc_node *root, *m;
	cc_date today, review;
	char id[CC_ID_LEN + 1], day[CC_DATE_STRLEN], *wname = NULL, *wmail = NULL;
	char *mname = NULL, *mmail = NULL;
	const char *body;
	cc_buf b = CC_BUF_INIT;
	int64_t now;
	int err;

	if ((err = cc_settings_load(s, &st)) || (err = cc_date_today(&today)) ||
	    (err = cc_now(&now)) || (err = cc_id_generate(id, now)))
		return err;
	if (o->manager) {
		if ((err = cc_person_split(o->manager, &mname, &mmail)))
			return err;
		if (!mname && !(mname = strdup(mmail))) {
			free(mmail);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
	} else if ((err = cc_store_identity(s, &wname, &wmail))) {
		return err;
	}
	if ((err = cc_doc_new(&doc)))
		goto out;
	root = cc_doc_root(doc);
	cc_date_format(today, day);
	if ((err = cc_map_set_plain(root, "id", id)) ||
	    (err = set_opt(root, "ref", o->ref)) ||
	    (err = cc_map_set_plain(root, "status", "open")) ||
	    (err = cc_map_set_plain(root, "phase", "intake")) ||
	    (err = cc_map_set_plain(root, "opened", day)) ||
	    (err = cc_map_child_map(root, "manager", &m)) ||
	    (err = cc_map_set_str(m, "name", o->manager ? mname : wname)) ||
	    (err = set_opt(m, "email", o->manager ? mmail : wmail)) ||
	    (err = cc_map_child_map(root, "client", &m)) ||
	    (err = cc_map_set_str(m, "name", o->client ? o->client : "")))
		goto out;
	/* empty placeholders only help in the editor; -m leaves them out */
	if (o->birth_date && (err = set_date(m, "birth-date", o->birth_date, today)))
		goto out;
	if ((err = set_opt(m, "contact", o->contact)) ||
	    (err = cc_map_child_map(root, "referral", &m)) ||
	    (err = (o->referral || !o->message) ?
		    cc_map_set_str(m, "source", o->referral ? o->referral : "") : 0) ||
	    (err = set_date(m, "date", o->referral_date ? o->referral_date : "today", today)) ||
	    (err = set_opt(m, "reason", o->reason)))
		goto out;
	if (o->mandate &&
	    (err = cc__mandate_set(root, o->mandate, cc_map_get(root, "manager"), day)))
		goto out;
	if (o->review) {
		if ((err = set_date(root, "review", o->review, today)))
			goto out;
	} else {
		review = cc_date_add_duration(today, st.review_interval, 1);
		cc_date_format(review, day);
		if ((err = cc_map_set_plain(root, "review", day)))
			goto out;
	}
	if ((err = cc_template_get(st.language, "case.md", &body)))
		goto out;
	if (o->message) {
		/* the first section of the template is "why case management":
		 * the message goes there; the other headings stay, hints go */
		const char *nl = strchr(body, '\n');
		const char *next = nl ? strstr(nl, "\n## ") : NULL;
		size_t msg_len = strlen(o->message);
		if ((err = cc_buf_put(&b, body, nl ? (size_t)(nl - body) + 1 : strlen(body))) ||
		    (err = cc_buf_printf(&b, "\n%s%s", o->message,
			    msg_len && o->message[msg_len - 1] == '\n' ? "" : "\n")) ||
		    (next && (err = cc_buf_puts(&b, next))))
			goto out;
		b.len = cc_editor_strip_hints(b.ptr, b.len);
		body = b.ptr;
	}
	if ((err = cc_doc_set_body(doc, body, strlen(body))))
		goto out;
	err = cc_doc_emit(doc, out, len);
out:
	cc_buf_free(&b);
	cc_doc_free(doc);
	free(wname);
	free(wmail);
	free(mname);
	free(mmail);
	return err;
}

int cc_intake_commit(cc_store *s, const char *text, size_t len, char id[CC_ID_LEN + 1])
{
	cc_doc *doc = NULL;
	cc_txn *t = NULL;
	cc_problems probs = CC_PROBLEMS_INIT;
	char dir[CC_ID_DIR_MAX], path[CC_ID_DIR_MAX + 16], *out = NULL;
	const char *v;
	size_t out_len;
	int64_t now;
	int err, tries;

	if ((err = cc_doc_parse(&doc, text, len, "case.md")))
		return err;
	v = cc_map_str(cc_doc_root(doc), "id");
	if (!v || !cc_id_valid(v)) {
		err = cc_error_set(CC_EINVALID, "case.md: 'id' must stay the ID casectl gave");
		goto out;
	}
	memcpy(id, v, CC_ID_LEN + 1);
	if ((err = cc_txn_begin(&t, s)))
		goto out;
	for (tries = 0; ; tries++) {
		if ((err = cc_id_dir(id, dir)))
			goto out;
		err = cc_store_exists(s, dir);
		if (err < 0)
			goto out;
		if (err == 0)
			break;
		if (tries > 8) {
			err = cc_error_set(CC_ERROR, "cannot find a free case ID");
			goto out;
		}
		if ((err = cc_now(&now)) || (err = cc_id_generate(id, now)) ||
		    (err = cc_map_set_plain(cc_doc_root(doc), "id", id)))
			goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, CC_CASE_FILE);
	if ((err = cc_validate_doc(path, doc, &probs)) || (err = cc_problems_raise(&probs)))
		goto out;
	if ((err = cc_doc_emit(doc, &out, &out_len)) ||
	    (err = cc_txn_put(t, path, out, out_len)))
		goto out;
	{
		cc_commit_info info = { "open", id, "case opened", NULL };
		err = cc_txn_commit(t, &info, NULL);
	}
out:
	cc_txn_free(t);
	cc_problems_free(&probs);
	free(out);
	cc_doc_free(doc);
	return err;
}
