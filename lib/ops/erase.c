/* erase.c - the right to erasure: a case out of the whole history */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/store/erase.h"
#include "casectl/util/id.h"
#include "casectl/util/error.h"
#include "casectl/model/settings.h"
#include "../model/retention-int.h"

/* Stage the removal of every file under REL (recursively). */
static int delete_all(cc_store *s, cc_txn *t, const char *rel, int depth)
{
	char **names = NULL;
	size_t n = 0, i;
	cc_buf p = CC_BUF_INIT;
	int err, kind;

	if (depth > 16)
		return 0;
	if ((err = cc_store_list(s, rel, &names, &n)))
		return err;
	for (i = 0; !err && i < n; i++) {
		cc_buf_clear(&p);
		if ((err = cc_buf_printf(&p, "%s/%s", rel, names[i])))
			break;
		kind = cc_store_exists(s, p.ptr);
		if (kind == 2)
			err = delete_all(s, t, p.ptr, depth + 1);
		else if (kind == 1)
			err = cc_txn_delete(t, p.ptr);
		else if (kind < 0)
			err = kind;
	}
	cc_strv_free(names, n);
	cc_buf_free(&p);
	return err;
}

/* Remove the emptied case folder and its empty parents. */
static void prune_dirs(cc_store *s, const char *dir)
{
	cc_buf p = CC_BUF_INIT;
	char *slash;

	if (cc_buf_printf(&p, "%s/%s", cc_store_root(s), dir))
		return;
	while (rmdir(p.ptr) == 0 && (slash = strrchr(p.ptr, '/')) &&
	       (size_t)(slash - p.ptr) > strlen(cc_store_root(s)) + strlen("/cases"))
		*slash = '\0';
	cc_buf_free(&p);
}

/* The rebuild failed with ERR: put the tombstone OID back, keeping the
 * rebuild's message (and adding the undo's, if that fails too).
 * Returns 1 when the undo failed (the journal must stay). */
static int undo(cc_store *s, const char *oid, const char *dir, int err)
{
	char *why = strdup(cc_error_msg()), *also = NULL;
	int failed = 0;

	if (cc_store_erase_mark(s, NULL) || cc_store_erase_undo(s, oid, dir)) {
		also = strdup(cc_error_msg());
		cc_error_set(err, "%s; and the tombstone %.12s could not be undone: %s",
			why ? why : "the erasure failed", oid, also ? also : "out of memory");
		failed = 1;
	} else
		cc_error_set(err, "%s; nothing was erased", why ? why : "the erasure failed");
	free(also);
	free(why);
	return failed;
}

/* Expire the reflogs and prune, under the lock; say what to run when it fails. */
static int prune(cc_store *s, const char *id)
{
	int err;
	char *why;

	if (!(err = cc_store_prune(s)))
		return 0;
	why = strdup(cc_error_msg());
	err = cc_error_set(err, "case '%s' is out of the history, but its old objects are "
		"still in the repository (%s); run 'casectl erase %s' again to prune them",
		id, why ? why : "prune failed", id);
	free(why);
	return err;
}

/* INPUT is not a case at HEAD: if a tombstone names it, an earlier
 * erasure of it did not finish (killed by an older casectl, or its prune
 * failed): finish it.  Else the error of the lookup, ERR. */
static int finish_erased(cc_store *s, const char *input, int err, cc_erase_stats *st,
	char id[CC_ID_LEN + 1])
{
	char *why = strdup(cc_error_msg()), tomb[41], dir[CC_ID_DIR_MAX];
	int rc = cc_store_erase_find(s, input, id, tomb);

	if (rc == CC_ENOTFOUND) {
		cc_error_set(err, "%s", why ? why : "no such case");
		free(why);
		return err;
	}
	free(why);
	if (rc)
		return rc;
	st->finished = 1;
	if ((err = cc_id_dir(id, dir)) || (err = cc_store_prune_check(s)) ||
	    (err = cc_store_erase_reach_check(s)) || (err = cc_store_erase_journal(s, id, dir)) ||
	    (err = cc_store_erase_mark(s, tomb)) || (err = cc_store_erase_path(s, dir, tomb, st)))
		return err;
	return prune(s, id);
}

static int erase_locked(cc_store *s, const char *input, const cc_erase_opts *o,
	cc_erase_stats *st, char id_out[CC_ID_LEN + 1], int *keep)
{
	char id[CC_ID_LEN + 1], until[CC_DATE_STRLEN], today[CC_DATE_STRLEN], oid[41];
	char dir[256];
	cc_case *c = NULL;
	cc_txn *t = NULL;
	cc_buf body = CC_BUF_INIT;
	cc_commit_info info = { "erase", NULL, "case erased", NULL };
	const char *hold;
	cc_date d;
	int err;

	if ((err = cc_case_resolve(s, input, id)) == CC_ENOTFOUND)
		return finish_erased(s, input, err, st, id_out);
	if (err || (err = cc_case_load(s, id, &c)))
		return err;
	snprintf(dir, sizeof(dir), "%s", cc_case_dir(c));
	hold = cc_case_get(c, "hold");
	if (hold && !strcmp(hold, "true")) {
		const char *why = cc_case_get(c, "hold-reason");
		err = cc_error_set(CC_EREFUSED, "case '%s' is under a retention hold%s%s%s; release "
			"it first with 'casectl retention hold %s --release'", id,
			why ? " (" : "", why ? why : "", why ? ")" : "", id);
		goto out;
	}
	if (!cc_case_is_closed(c) && !o->force) {
		err = cc_error_set(CC_EREFUSED, "case '%s' is open; close it first, or give "
			"--force --reason TEXT", id);
		goto out;
	}
	if ((err = cc__retention_until(s, c, until)) || (err = cc_date_today(&d)))
		goto out;
	cc_date_format(d, today);
	if (until[0] && strcmp(today, until) < 0 && !o->force) {
		err = cc_error_set(CC_EREFUSED, "case '%s' must be kept until %s (the store's "
			"retention from its closing on %s); give --force --reason TEXT to erase "
			"it earlier", id, until, cc_case_get(c, "closed"));
		goto out;
	}
	if ((err = cc_store_require_clean(s, dir, id)) || (err = cc_store_prune_check(s)) ||
	    (err = cc_store_erase_reach_check(s)))
		goto out;
	/* the tombstone: removes the files now; the rewrite keeps it */
	if ((err = cc_buf_printf(&body, "Erased: %s", today)) ||
	    (o->reason && (err = cc_buf_printf(&body, "\n%s: %s", o->force ? "Forced" :
		"Reason", o->reason))))
		goto out;
	info.case_id = id;
	info.body = body.ptr;
	if ((err = cc_store_erase_journal(s, id, dir)) || (err = cc_txn_begin(&t, s)) ||
	    (err = delete_all(s, t, dir, 0)) || (err = cc_txn_commit(t, &info, oid)))
		goto out;
	cc_txn_free(t);
	t = NULL;
	/* from here on, a killed erasure is finished by the next command */
	if ((err = cc_store_erase_mark(s, oid))) {
		*keep = undo(s, oid, dir, err);
		goto out;
	}
	prune_dirs(s, dir);
	if ((err = cc_store_erase_path(s, dir, oid, st)) && st->moved) {
		/* out of the history already: what is left, erase again finishes */
		char *why = strdup(cc_error_msg());
		err = cc_error_set(err, "case '%s' is out of the history, but not everything "
			"was rebuilt (%s); run 'casectl erase %s' again to finish", id,
			why ? why : "out of memory", id);
		free(why);
		goto out;
	}
	if (err) {
		*keep = undo(s, oid, dir, err);
		goto out;
	}
	err = prune(s, id);
	memcpy(id_out, id, sizeof(id));
out:
	cc_txn_free(t);
	cc_buf_free(&body);
	cc_case_free(c);
	return err;
}

int cc_erase(cc_store *s, const char *input, const cc_erase_opts *o, cc_erase_stats *st,
	char id_out[CC_ID_LEN + 1])
{
	int err, keep = 0;

	memset(st, 0, sizeof(*st));
	if (o->force && (!o->reason || !*o->reason))
		return cc_error_set(CC_EUSAGE, "--force needs --reason TEXT (why the case may go now)");
	/* one lock from the first check to the prune: nothing commits meanwhile */
	if ((err = cc_store_erase_begin(s)))
		return err;
	err = erase_locked(s, input, o, st, id_out, &keep);
	cc_store_erase_end(s, keep);
	return err;
}

void cc_erase_instructions(FILE *out, const char *id)
{
	fprintf(out,
		"Case '%s' is gone from this store: from every branch, tag, other ref and stash\n"
		"(rebuilt without it; other stashes are kept), from the reflogs, the index, the\n"
		"working tree and every object in .git.  It is NOT gone from:\n"
		"  - the remote: run 'git push --force --all' (and '--tags'), then have the\n"
		"    server expire its reflogs and run 'git gc --prune=now' (hosted services:\n"
		"    ask support to purge unreachable objects and cached views);\n"
		"  - every other clone: each worker must delete the clone and clone again\n"
		"    (a 'git pull' would bring the old history back); never push from an old clone;\n"
		"    a clone made with 'git clone --shared' or '--reference' from this store\n"
		"    keeps its own objects and may now miss some of this store's: clone it again;\n"
		"  - files written from the case (export, refer -o, plan --render -o) and mail;\n"
		"  - backups and copies of the store folder: remove or expire them as your\n"
		"    retention policy says, and note the erasure in your records.\n", id);
}
