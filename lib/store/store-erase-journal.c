/* store-erase-journal.c - an erasure holds the store lock from its first
 * check to its last prune, journalled so that a killed one is finished
 * or rolled back by the next command (store-int.h) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-erase-int.h"

int cc_store_erase_begin(cc_store *s)
{
	int fd = -1, err;
	char *path = NULL;
	off_t end;

	if (s->held_path)
		return cc_error_set(CC_EINVALID, "an erasure is already running in this process");
	if ((err = cc__lock_acquire(s, &fd, &path)))
		return err;
	if ((end = lseek(fd, 0, SEEK_END)) < 0) {
		err = cc_error_set(CC_EIO, "cannot read the lock '%s': %s", path, strerror(errno));
		cc__lock_release(s, fd, path);
		free(path);
		return err;
	}
	s->held_path = path;
	s->held_fd = fd;
	s->held_base = s->held_hdr = (long)end;
	return 0;
}

static int append(cc_store *s, const cc_buf *b)
{
	if (lseek(s->held_fd, 0, SEEK_END) < 0 || cc_write_all(s->held_fd, b->ptr, b->len) ||
	    cc__fsync(s->held_fd))
		return cc_error_set(CC_EIO, "cannot write the erase journal to '%s': %s",
			s->held_path, strerror(errno));
	return 0;
}

static int cut(cc_store *s, long at)
{
	if (ftruncate(s->held_fd, (off_t)at) != 0 || cc__fsync(s->held_fd) != 0)
		return cc_error_set(CC_EIO, "cannot write the erase journal to '%s': %s",
			s->held_path, strerror(errno));
	return 0;
}

int cc_store_erase_journal(cc_store *s, const char *id, const char *relpath)
{
	git_reference *head = NULL;
	cc_buf b = CC_BUF_INIT;
	git_oid old;
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	if (!s->held_path || s->held_fd < 0)
		return cc_error_set(CC_EINVALID, "the erasure does not hold the store lock");
	if (!cc_path_valid(relpath) || strlen(relpath) >= 256 || strchr(id, '\n'))
		return cc_error_set(CC_EINVALID, "bad path '%s'", relpath);
	if (git_reference_lookup(&head, s->repo, "HEAD") < 0 ||
	    git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    git_reference_name_to_id(&old, s->repo, git_reference_symbolic_target(head)) < 0) {
		git_reference_free(head);
		return cc__git_error(CC_ECONFLICT, "cannot read the branch; an erasure needs "
			"HEAD on a branch with commits (run 'git switch main')");
	}
	err = cc_buf_printf(&b, "erase-case %s\nerase-path %s\nerase-ref %s\nerase-old %s\n", id,
		relpath, git_reference_symbolic_target(head),
		git_oid_tostr(hex, sizeof(hex), &old));
	git_reference_free(head);
	if (!err && !(err = cut(s, s->held_base)) && !(err = append(s, &b)))
		s->held_hdr = s->held_base + (long)b.len;
	cc_buf_free(&b);
	return err;
}

int cc_store_erase_mark(cc_store *s, const char *tomb)
{
	cc_buf b = CC_BUF_INIT;
	int err;

	if (!s->held_path || s->held_fd < 0)
		return cc_error_set(CC_EINVALID, "the erasure does not hold the store lock");
	if ((err = cut(s, s->held_hdr)) || !tomb)
		return err;
	if (!(err = cc_buf_printf(&b, "erase-tomb %.40s\n", tomb)))
		err = append(s, &b);
	cc_buf_free(&b);
	return err;
}

void cc_store_erase_end(cc_store *s, int keep)
{
	char *path = s->held_path;

	if (!path)
		return;
	keep |= s->held_keep;
	s->held_keep = 0;
	if (!keep && cut(s, s->held_base))
		keep = 1;
	s->held_path = NULL;
	if (keep) {
		/* the journal stays: the next command recovers it */
		close(s->held_fd);
		cc_warn("the store lock is kept so that the next casectl command finishes or "
			"rolls back the erasure");
	} else {
		cc__lock_release(s, s->held_fd, path);
	}
	s->held_fd = -1;
	free(path);
}

void cc__erase_journal_line(cc__erase_journal *j, const char *line)
{
	const char *v = strchr(line, ' ');

	if (!v++)
		return;
	if (!strncmp(line, "erase-case ", 11) && strlen(v) <= CC_ID_LEN)
		snprintf(j->id, sizeof(j->id), "%s", v);
	else if (!strncmp(line, "erase-path ", 11) && strlen(v) < sizeof(j->path) &&
		 cc_path_valid(v))
		snprintf(j->path, sizeof(j->path), "%s", v);
	else if (!strncmp(line, "erase-ref ", 10) && strlen(v) < sizeof(j->ref))
		snprintf(j->ref, sizeof(j->ref), "%s", v);
	else if (!strncmp(line, "erase-old ", 10))
		j->have_old = git_oid_fromstr(&j->old, v) == 0;
	else if (!strncmp(line, "erase-tomb ", 11))
		j->have_tomb = git_oid_fromstr(&j->tomb, v) == 0;
	git_error_clear();
}

/* 1 if commit ID is the tombstone of J: on J's old commit, "Action:
 * erase" and "Case: ID" in its message. */
static int is_tombstone(cc_store *s, const git_oid *id, const cc__erase_journal *j)
{
	git_commit *c = NULL;
	char want[CC_ID_LEN + 16];
	const char *msg;
	int is = 0;

	if (git_commit_lookup(&c, s->repo, id) < 0) {
		git_error_clear();
		return 0;
	}
	msg = git_commit_message(c);
	snprintf(want, sizeof(want), "\nCase: %s\n", j->id);
	is = git_commit_parentcount(c) >= 1 && git_oid_equal(git_commit_parent_id(c, 0), &j->old) &&
		strstr(msg, want) && strstr(msg, "\nAction: erase\n");
	git_commit_free(c);
	return is;
}

int cc__erase_recover(cc_store *s, const char *lock, const cc__erase_journal *j, long pid)
{
	cc_erase_stats st;
	git_oid cur;
	char hex[GIT_OID_HEXSZ + 1];
	int err = 0;

	if (!j->path[0] || !j->ref[0] || !j->have_old)
		return 0;       /* killed before its header was whole: nothing began */
	/* the store calls below share the dead process's lock */
	s->held_path = (char *)lock;
	s->held_fd = -1;
	memset(&st, 0, sizeof(st));
	if (j->have_tomb) {
		git_oid_tostr(hex, sizeof(hex), &j->tomb);
		if ((err = cc_store_erase_path(s, j->path, hex, &st)))
			cc_error_prefix("cannot finish the erasure of case '%s'", j->id);
		else if (cc_store_prune(s))
			/* out of the history: no reason to stop every command */
			cc_warn("finished the erasure of case '%s' that process %ld left half done, "
				"but its old objects are still in the repository (%s); run 'casectl "
				"erase %s' again to prune them", j->id, pid, cc_error_msg(), j->id);
		else
			cc_warn("finished the erasure of case '%s' that process %ld left half done "
				"(%zu commits rebuilt, %zu refs moved)", j->id, pid, st.rewritten, st.refs);
	} else if (git_reference_name_to_id(&cur, s->repo, j->ref) < 0) {
		err = cc__git_error(CC_EIO, "cannot read '%s'", j->ref);
	} else if (git_oid_equal(&cur, &j->old)) {
		cc_warn("rolled back the erasure of case '%s' that process %ld left unfinished; "
			"nothing was erased: run 'casectl erase %s' again", j->id, pid, j->id);
	} else if (is_tombstone(s, &cur, j)) {
		if (!(err = cc_store_erase_undo(s, git_oid_tostr(hex, sizeof(hex), &cur), j->path)))
			cc_warn("rolled back the erasure of case '%s' that process %ld left unfinished "
				"(its tombstone %.12s undone); nothing was erased: run 'casectl erase %s' "
				"again", j->id, pid, hex, j->id);
	} else {
		cc_warn("the erasure of case '%s' left by process %ld did not finish, and '%s' "
			"has moved since; run 'casectl erase %s' to finish it", j->id, pid, j->ref,
			j->id);
	}
	s->held_path = NULL;
	s->held_fd = -1;
	return err;
}

/* The ID of "Case: ID" in MSG when MSG also has "Action: erase". */
static int tomb_case(const char *msg, char id[CC_ID_LEN + 1])
{
	const char *p = msg;
	size_t n;

	if (!strstr(msg, "\nAction: erase\n") && !strstr(msg, "\nAction: erase"))
		return 0;
	while ((p = strstr(p, "\nCase: ")) != NULL) {
		p += 7;
		n = strcspn(p, "\n");
		if (n <= CC_ID_LEN) {
			memcpy(id, p, n);
			id[n] = '\0';
			return 1;
		}
	}
	return 0;
}

int cc_store_erase_find(cc_store *s, const char *input, char id[CC_ID_LEN + 1], char tomb[41])
{
	git_revwalk *w = NULL;
	git_oid oid;
	char cid[CC_ID_LEN + 1];
	size_t len = strlen(input);
	int rc, found = 0, err = 0;

	id[0] = tomb[0] = '\0';
	if (!len || git_revwalk_new(&w, s->repo) < 0 || git_revwalk_push_head(w) < 0) {
		git_revwalk_free(w);
		git_error_clear();
		return CC_ENOTFOUND;
	}
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (!err && (rc = git_revwalk_next(&oid, w)) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->repo, &oid) < 0) {
			err = cc__git_error(CC_EIO, "cannot read a commit");
			break;
		}
		if (tomb_case(git_commit_message(c), cid) && !strncmp(cid, input, len)) {
			if (!found) {
				memcpy(id, cid, sizeof(cid));
				git_oid_tostr(tomb, 41, &oid);
				found = 1;
			} else if (strcmp(id, cid)) {
				err = cc_error_set(CC_EAMBIGUOUS, "'%s' names several erased cases "
					"('%s', '%s'); give more of the ID", input, id, cid);
			}
		}
		git_commit_free(c);
	}
	git_revwalk_free(w);
	git_error_clear();
	if (err)
		return err;
	return found ? 0 : CC_ENOTFOUND;
}
