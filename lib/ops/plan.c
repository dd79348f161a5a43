/* plan.c - the plan file: a new one from the template, the shared path
 * of a change (begin, validate, commit), and the whole file from the
 * editor */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/ops/plan.h"
#include "casectl/model/records.h"
#include "casectl/doc/template.h"
#include "../model/plan-int.h"

int cc__plan_note(cc_plan_ctx *p, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = cc_buf_vprintf(&p->changes, fmt, ap);
	va_end(ap);
	if (!err)
		err = cc_buf_putc(&p->changes, '\n');
	p->nchanges++;
	return err;
}

void cc__plan_relpath(cc_action *a, char out[256])
{
	cc_case_path(cc_action_case(a), CC_PLAN_FILE, out, 256);
}

/* --- the plan file ---------------------------------------------------- */

/* The template templates/LANG/plan.md with the review date filled in
 * (the store's review-interval from today).  *out malloc'd. */
static int template_text(cc_action *a, char **out, size_t *len)
{
	const cc_settings *st = cc_action_settings(a);
	const char *tmpl, *at;
	char day[CC_DATE_STRLEN];
	cc_buf b = CC_BUF_INIT;
	int err;

	if ((err = cc_template_get(st->language, CC_PLAN_FILE, &tmpl)))
		return err;
	cc_date_format(cc_date_add_duration(cc_action_today(a), st->review_interval, 1), day);
	if ((at = strstr(tmpl, "\nreview:\n")) != NULL) {
		err = cc_buf_put(&b, tmpl, (size_t)(at - tmpl));
		if (!err)
			err = cc_buf_printf(&b, "\nreview: %s\n%s", day, at + 9);
	} else {
		err = cc_buf_puts(&b, tmpl);
	}
	*len = b.len;
	if (!err && !(*out = cc_buf_detach(&b)))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	cc_buf_free(&b);
	return err;
}

/* Write DOC's front matter canonically from now on (the template's
 * comments are hints, not content). */
static int canonical(cc_doc *doc)
{
	int err = cc_map_set_plain(cc_doc_root(doc), "x-casectl-canonical", "1");
	return err ? err : cc_map_remove(cc_doc_root(doc), "x-casectl-canonical");
}

/* A new plan for the options: the template's keys, an empty body. */
static int new_plan(cc_action *a, cc_doc **doc)
{
	char *text = NULL, path[256];
	size_t len;
	int err;

	if ((err = template_text(a, &text, &len)))
		return err;
	snprintf(path, sizeof(path), "templates/%s/%s", cc_action_settings(a)->language,
		CC_PLAN_FILE);
	err = cc_doc_parse(doc, text, len, path);
	free(text);
	if (!err)
		err = cc_doc_set_body(*doc, "", 0);
	return err ? err : canonical(*doc);
}

/* Begin the action on the case, check the phase, read the plan; a
 * case without one gets a new plan when NEW is set. */
int cc__plan_begin(cc_store *s, const char *input, const char *force, int new,
	cc_plan_ctx *p)
{
	int err;

	if ((err = cc_action_begin(&p->a, s, input, 0)) ||
	    (err = cc_action_phase(p->a, "plan", NULL, force)) ||
	    (err = cc_action_read_doc(p->a, CC_PLAN_FILE, 1, &p->doc)))
		return err;
	if (!p->doc) {
		p->created = 1;
		return new ? new_plan(p->a, &p->doc) : 0;
	}
	return 0;
}

void cc__plan_end(cc_plan_ctx *p)
{
	cc_doc_free(p->doc);
	cc_action_free(p->a);
	cc_buf_free(&p->added);
	cc_buf_free(&p->changes);
}

int cc__plan_lists(cc_plan_ctx *p)
{
	char path[256];
	cc_node *root = cc_doc_root(p->doc);

	if (!cc_map_child_list(root, "goals", &p->goals) &&
	    !cc_map_child_list(root, "crisis", &p->crisis))
		return 0;
	cc__plan_relpath(p->a, path);
	return cc_error_set(CC_EINVALID, "%s: 'goals' and 'crisis' must be lists; fix it "
		"with 'casectl edit %s %s'", path, cc_action_id(p->a), CC_PLAN_FILE);
}

char *cc__plan_strdup(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* The next review of the case follows the plan's. */
static int sync_review(cc_plan_ctx *p, const char *old)
{
	const char *now = cc_map_str(cc_doc_root(p->doc), "review");

	if (!now || !*now || (old && !strcmp(old, now)))
		return 0;
	return cc_map_set_plain(cc_case_root(cc_action_case(p->a)), "review", now);
}

/* Validate, stage and commit; the summary names ids only. */
int cc__plan_finish(cc_plan_ctx *p, const char *old_review)
{
	char path[256];
	cc_doc *doc = p->doc;
	int err;

	cc__plan_relpath(p->a, path);
	if ((err = sync_review(p, old_review)) || (err = cc__plan_check_raise(path, doc)))
		return err;
	if (!p->created && !p->whole && !cc_doc_modified(doc) &&
	    !cc_doc_modified(cc_case_doc(cc_action_case(p->a))))
		return cc_error_set(CC_EINVALID, "nothing to change: the plan of case '%s' "
			"already says that", cc_action_id(p->a));
	p->doc = NULL;
	if ((err = cc_action_put_doc(p->a, CC_PLAN_FILE, doc)))
		return err;
	if (!p->whole && (p->created || p->nchanges > 1) && p->nchanges &&
	    (err = cc_action_note(p->a, "%.*s", (int)p->changes.len - 1,
			p->changes.ptr)))
		return err;
	if (p->created)
		return cc_action_commit(p->a, "plan", "plan created");
	if (p->nchanges == 1) {
		p->changes.ptr[p->changes.len - 1] = '\0';
		return cc_action_commit(p->a, "plan", "%s", p->changes.ptr);
	}
	return cc_action_commit(p->a, "plan", "plan changed (%zu changes)", p->nchanges);
}

/* --- the whole file in the editor ------------------------------------- */

int cc_plan_draft(cc_store *s, const char *input, const char *force,
	char id[CC_ID_LEN + 1], char **text, size_t *len, int *existed)
{
	cc_plan_ctx p;
	int err;

	memset(&p, 0, sizeof(p));
	*text = NULL;
	if (!(err = cc__plan_begin(s, input, force, 0, &p))) {
		memcpy(id, cc_action_id(p.a), CC_ID_LEN + 1);
		*existed = !p.created;
		err = p.created ? template_text(p.a, text, len) : cc_doc_emit(p.doc, text, len);
	}
	cc__plan_end(&p);
	return err;
}

int cc_plan_commit_text(cc_store *s, const char *id, const char *orig,
	size_t orig_len, const char *text, size_t len, const char *force)
{
	cc_plan_ctx p;
	char path[256], *cur = NULL, *old_review = NULL;
	size_t cur_len = 0;
	int err;

	memset(&p, 0, sizeof(p));
	if ((err = cc__plan_begin(s, id, force, 0, &p)))
		goto out;
	cc__plan_relpath(p.a, path);
	if (!p.created && (err = cc_doc_emit(p.doc, &cur, &cur_len)))
		goto out;
	if (p.created != !orig || (orig && (cur_len != orig_len || memcmp(cur, orig, cur_len)))) {
		err = cc_error_set(CC_ECONFLICT, "'%s' changed while you were editing; "
			"nothing was written; run 'casectl plan %s' again", path, id);
		goto out;
	}
	old_review = cc__plan_strdup(p.created ? NULL : cc_map_str(cc_doc_root(p.doc), "review"));
	cc_doc_free(p.doc);
	p.doc = NULL;
	if ((err = cc_doc_parse(&p.doc, text, len, path)) ||
	    (p.created && (err = canonical(p.doc))))
		goto out;
	if (!p.created && len == orig_len && !memcmp(text, orig, len)) {
		err = cc_error_set(CC_EABORTED, "aborting: the plan was not changed");
		goto out;
	}
	p.whole = 1;
	p.nchanges = 1;
	if ((err = cc_buf_puts(&p.changes, "plan edited\n")))
		goto out;
	/* the file as the worker wrote it, when it is sound */
	err = cc__plan_finish(&p, old_review);
out:
	free(cur);
	free(old_review);
	cc__plan_end(&p);
	return err;
}
