/* action.c - one change to one case, from lock to commit */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/model/validate.h"

struct cc_action {
	cc_store *store;
	cc_txn *txn;
	cc_case *cs;
	cc_settings settings;
	cc_date today;
	cc_buf body;
	char id[CC_ID_LEN + 1];
	int case_deleted;       /* cc_action_delete of case.md: the case goes */
};

int cc_action_begin(cc_action **out, cc_store *s, const char *input, unsigned flags)
{
	cc_action *a;
	cc_phase p;
	int err;

	*out = NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return cc_error_set(CC_ENOMEM, "out of memory");
	a->store = s;
	if ((err = cc_settings_load(s, &a->settings)) ||
	    (err = cc_date_today(&a->today)) ||
	    (err = cc_txn_begin(&a->txn, s)) ||
	    (err = cc_case_resolve(s, input, a->id)))
		goto fail;
	{
		char dir[CC_ID_DIR_MAX];
		if ((err = cc_id_dir(a->id, dir)) ||
		    (err = cc_store_require_clean(s, dir, a->id)))
			goto fail;
	}
	if ((err = cc_case_load(s, a->id, &a->cs)))
		goto fail;
	if (cc_phase_parse(cc_case_get(a->cs, "phase"), &p)) {
		err = cc_error_set(CC_EINVALID, "%s/case.md: unknown phase '%s'; fix it with "
			"'casectl edit %s'", cc_case_dir(a->cs),
			cc_case_get(a->cs, "phase") ? cc_case_get(a->cs, "phase") : "", a->id);
		goto fail;
	}
	if (!(flags & CC_ACTION_ALLOW_CLOSED) && (p == CC_PHASE_CLOSED || cc_case_is_closed(a->cs))) {
		err = cc_error_set(CC_ECLOSED, "case '%s' is closed; run 'casectl reopen %s' first",
			a->id, a->id);
		goto fail;
	}
	*out = a;
	return 0;
fail:
	cc_action_free(a);
	return err;
}

void cc_action_free(cc_action *a)
{
	if (!a)
		return;
	cc_case_free(a->cs);
	cc_txn_free(a->txn);
	cc_buf_free(&a->body);
	free(a);
}

cc_store *cc_action_store(const cc_action *a) { return a->store; }
cc_case *cc_action_case(const cc_action *a) { return a->cs; }
const char *cc_action_id(const cc_action *a) { return a->id; }
const cc_settings *cc_action_settings(const cc_action *a) { return &a->settings; }
cc_date cc_action_today(const cc_action *a) { return a->today; }

cc_phase cc_action_current_phase(const cc_action *a)
{
	cc_phase p = CC_PHASE_INTAKE;
	cc_phase_parse(cc_case_get(a->cs, "phase"), &p);
	return p;
}

int cc_action_set_phase(cc_action *a, cc_phase p)
{
	return cc_map_set_plain(cc_case_root(a->cs), "phase", cc_phase_name(p));
}

int cc_action_note(cc_action *a, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = cc_buf_vprintf(&a->body, fmt, ap);
	va_end(ap);
	return err ? err : cc_buf_putc(&a->body, '\n');
}

int cc_action_phase(cc_action *a, const char *command, const char *move,
	const char *force)
{
	cc_phase cur = cc_action_current_phase(a), next;
	int err = cc_phase_allows(command, cur, a->id);

	if (err && err != CC_ECLOSED && force && *force) {
		if ((err = cc_action_note(a, "Forced: %s", force)))
			return err;
	} else if (err) {
		return err;
	}
	next = cc_phase_after(move ? move : command, cur);
	return next == cur ? 0 : cc_action_set_phase(a, next);
}

int cc_action_event_name(cc_action *a, const char *folder, char *out, size_t size)
{
	char day[CC_DATE_STRLEN], path[256];
	unsigned char rnd[4];
	int i, tries;

	cc_date_format(a->today, day);
	for (tries = 0; tries < 16; tries++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return cc_error_set(CC_EIO, "cannot read random bytes");
		snprintf(out, size, "%s/%s-", folder, day);
		for (i = 0; i < 4; i++) {
			size_t n = strlen(out);
			if (n + 2 < size) {
				out[n] = cc_id_alphabet[rnd[i] & 31];
				out[n + 1] = '\0';
			}
		}
		strncat(out, ".md", size - strlen(out) - 1);
		cc_case_path(a->cs, out, path, sizeof(path));
		if (cc_store_exists(a->store, path) == 0)
			return 0;
	}
	return cc_error_set(CC_ERROR, "cannot find a free file name in '%s'", folder);
}

int cc_action_read_doc(cc_action *a, const char *name, int missing_ok, cc_doc **doc)
{
	char path[256], *buf;
	size_t len;
	int err;

	*doc = NULL;
	cc_case_path(a->cs, name, path, sizeof(path));
	err = cc_store_read(a->store, path, &buf, &len);
	if (err == CC_ENOTFOUND && missing_ok)
		return 0;
	if (err)
		return err;
	err = cc_doc_parse(doc, buf, len, path);
	free(buf);
	return err;
}

int cc_action_put(cc_action *a, const char *name, const char *data, size_t len)
{
	char path[256];

	cc_case_path(a->cs, name, path, sizeof(path));
	return cc_txn_put(a->txn, path, data, len);
}

int cc_action_delete(cc_action *a, const char *name)
{
	char path[256];

	cc_case_path(a->cs, name, path, sizeof(path));
	if (!strcmp(name, CC_CASE_FILE))
		a->case_deleted = 1;
	return cc_txn_delete(a->txn, path);
}

int cc_action_put_doc(cc_action *a, const char *name, cc_doc *doc)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	char path[256], *out = NULL;
	size_t len;
	int err;

	cc_case_path(a->cs, name, path, sizeof(path));
	if (!(err = cc_validate_doc(path, doc, &probs)) &&
	    !(err = cc_problems_raise(&probs)) &&
	    !(err = cc_doc_emit(doc, &out, &len)))
		err = cc_txn_put(a->txn, path, out, len);
	free(out);
	cc_problems_free(&probs);
	cc_doc_free(doc);
	return err;
}

int cc_action_commit(cc_action *a, const char *action, const char *summary_fmt, ...)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_buf summary = CC_BUF_INIT;
	char path[256], *out = NULL;
	size_t len;
	va_list ap;
	int err;

	va_start(ap, summary_fmt);
	err = cc_buf_vprintf(&summary, summary_fmt, ap);
	va_end(ap);
	if (err)
		return err;
	if (!a->case_deleted && cc_doc_modified(cc_case_doc(a->cs))) {
		cc_case_path(a->cs, CC_CASE_FILE, path, sizeof(path));
		if ((err = cc_validate_doc(path, cc_case_doc(a->cs), &probs)) ||
		    (err = cc_problems_raise(&probs)) ||
		    (err = cc_doc_emit(cc_case_doc(a->cs), &out, &len)) ||
		    (err = cc_txn_put(a->txn, path, out, len)))
			goto out;
	}
	{
		cc_commit_info info = { action, a->id, summary.ptr,
			a->body.len ? a->body.ptr : NULL };
		err = cc_txn_commit(a->txn, &info, NULL);
	}
out:
	free(out);
	cc_buf_free(&summary);
	cc_problems_free(&probs);
	return err;
}
