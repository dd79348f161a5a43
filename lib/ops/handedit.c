/* handedit.c - validate and commit changes made by hand */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "casectl/ops/handedit.h"
#include "casectl/util/id.h"
#include "casectl/model/validate.h"

/* The case ID a path belongs to, or "" for store-wide files. */
static void owner_of(const char *path, char id[CC_ID_LEN + 1])
{
	id[0] = '\0';
	if (!strncmp(path, "cases/", 6) && strlen(path) > 11 + CC_ID_LEN &&
	    path[7] == '/' && path[9] == '/') {
		memcpy(id, path + 10, CC_ID_LEN);
		id[CC_ID_LEN] = '\0';
		if (!cc_id_valid(id) || path[10 + CC_ID_LEN] != '/')
			id[0] = '\0';
	}
}

static const char *base_name(const char *p)
{
	const char *slash = strrchr(p, '/');
	return slash ? slash + 1 : p;
}

static int validate_changes(cc_store *s, cc_change *ch, size_t n, cc_problems *probs)
{
	size_t i, len;
	char *buf;
	int err;

	for (i = 0; i < n; i++) {
		if (ch[i].kind == CC_CHANGE_DELETED) {
			char id[CC_ID_LEN + 1];
			owner_of(ch[i].path, id);
			if ((*id && !strcmp(base_name(ch[i].path), "case.md")) ||
			    !strcmp(ch[i].path, CC_SETTINGS_FILE))
				if ((err = cc_problems_add(probs, "%s: deleted; casectl needs this "
						"file: restore it with 'git checkout -- %s'",
						ch[i].path, ch[i].path)))
					return err;
			continue;
		}
		err = cc_store_read(s, ch[i].path, &buf, &len);
		if (err == CC_ENOMEM)
			return err;
		if (err) {
			if ((err = cc_problems_add(probs, "%s", cc_error_msg())))
				return err;
			continue;
		}
		err = cc_validate_file(ch[i].path, buf, len, probs);
		free(buf);
		if (err)
			return err;
	}
	return 0;
}

/* Commit the changes CH[from..to) that all belong to ID ("" = store). */
static int commit_group(cc_store *s, const char *id, cc_change *ch, size_t from,
	size_t to)
{
	cc_txn *t = NULL;
	cc_buf summary = CC_BUF_INIT;
	size_t i;
	int err;

	if ((err = cc_txn_begin(&t, s)))
		return err;
	if ((err = cc_buf_puts(&summary, "hand edit of ")))
		goto out;
	for (i = from; i < to; i++) {
		if ((err = cc_txn_stage_worktree(t, ch[i].path)))
			goto out;
		if (i - from < 4)
			err = cc_buf_printf(&summary, "%s%s", i > from ? ", " : "",
				*id ? base_name(ch[i].path) : ch[i].path);
		else if (i - from == 4)
			err = cc_buf_printf(&summary, " and %zu more", to - from - 4);
		if (err)
			goto out;
	}
	{
		cc_commit_info info = { "edit", *id ? id : NULL, summary.ptr, NULL };
		err = cc_txn_commit(t, &info, NULL);
	}
out:
	cc_buf_free(&summary);
	cc_txn_free(t);
	return err;
}

/* Whether case ID is closed in VERSION (a revision, or NULL for the
 * working tree): 1 closed, 0 open or no such case.md, negative on error. */
static int closed_in(cc_store *s, const char *id, const char *version)
{
	char dir[CC_ID_DIR_MAX], path[CC_ID_DIR_MAX + 16], *buf = NULL;
	const char *ph;
	cc_case *c = NULL;
	size_t len;
	int err;

	if ((err = cc_id_dir(id, dir)))
		return err;
	snprintf(path, sizeof(path), "%s/%s", dir, CC_CASE_FILE);
	err = version ? cc_store_read_at(s, version, path, &buf, &len)
		      : cc_store_read(s, path, &buf, &len);
	if (err == CC_ENOTFOUND)
		return 0;
	if (err)
		return err;
	if (cc_case_parse(id, buf, len, &c)) {
		free(buf);
		return 0; /* not parseable: the validation reports it */
	}
	ph = cc_case_get(c, "phase");
	err = cc_case_is_closed(c) || (ph && !strcmp(ph, "closed"));
	cc_case_free(c);
	free(buf);
	return err;
}

int cc_handedit_allowed(cc_store *s, const char *id)
{
	char dir[CC_ID_DIR_MAX];
	int closed = closed_in(s, id, "HEAD");

	if (closed < 0)
		return closed;
	if (closed && !cc_id_dir(id, dir))
		return cc_error_set(CC_ECLOSED, "case '%s' is closed and refuses hand edits; "
			"undo them with 'git checkout -- %s' and run 'casectl reopen %s' first",
			id, dir, id);
	if (!closed && closed_in(s, id, NULL) > 0)
		return cc_error_set(CC_EREFUSED, "case '%s' may not be closed by hand; undo "
			"that in case.md and run 'casectl close %s'", id, id);
	return 0;
}

static int cmp_owner(const void *a, const void *b)
{
	const cc_change *x = a, *y = b;
	char ix[CC_ID_LEN + 1], iy[CC_ID_LEN + 1];
	int r;

	owner_of(x->path, ix);
	owner_of(y->path, iy);
	r = strcmp(ix, iy);
	return r ? r : strcmp(x->path, y->path);
}

int cc_handedit_commit(cc_store *s, const char *id, cc_problems *probs,
	size_t *commits)
{
	cc_change *ch = NULL;
	cc_txn *t = NULL;
	size_t n = 0, i, start;
	char dir[CC_ID_DIR_MAX], a[CC_ID_LEN + 1], b[CC_ID_LEN + 1];
	int err;

	*commits = 0;
	if (id && (err = cc_id_dir(id, dir)))
		return err;
	/* Put right what a killed command left (its stale lock is recovered
	 * by taking the lock) before reading the working tree for hand
	 * edits: its half-written files are not hand edits. */
	if ((err = cc_txn_begin(&t, s)))
		return err;
	cc_txn_free(t);
	if ((err = cc_store_changes(s, id ? dir : "", &ch, &n)))
		return err;
	for (i = 0, b[0] = '\0'; i < n; i++) { /* closure.h: no hand edits when closed */
		owner_of(ch[i].path, a);
		if (*a && strcmp(a, b) && (err = cc_handedit_allowed(s, a)))
			goto out;
		memcpy(b, a, sizeof(b));
	}
	if ((err = validate_changes(s, ch, n, probs)))
		goto out;
	if (probs->n) {
		err = cc_problems_raise(probs);
		goto out;
	}
	if (n > 1)
		qsort(ch, n, sizeof(*ch), cmp_owner);
	for (start = 0; start < n; start = i) {
		owner_of(ch[start].path, a);
		for (i = start + 1; i < n; i++) {
			owner_of(ch[i].path, b);
			if (strcmp(a, b))
				break;
		}
		if ((err = commit_group(s, a, ch, start, i)))
			goto out;
		(*commits)++;
	}
out:
	cc_changes_free(ch, n);
	return err;
}
