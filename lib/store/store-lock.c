/* store-lock.c - the store lock, its journal and the recovery of a stale one
 *
 * The lock is taken by linking a complete, fsync'd "lock.tmp-PID-N" file
 * to "lock" (link(2) fails if it exists), so a lock file always names
 * its process.  A lock whose process is dead is recovered under
 * flock(2) on "recover.lock" (released by the kernel if the recoverer
 * dies) and then taken over with rename(2), so the lock never goes
 * missing while it is being recovered and only one process recovers it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "casectl/util/date.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-erase-int.h"
#include "store-int.h"

#define LOCK_MAGIC "casectl-lock 1\n"

typedef struct {
	char *buf;          /* the lock file, split into lines in place */
	long pid;           /* 0 if unknown */
	int complete;       /* the journal has its "end" line */
	const char *ref;
	git_oid old, new;
	char **write, **keep;
	size_t nwrite, nkeep;
	cc__erase_journal erase;
} journal;

static void journal_free(journal *j)
{
	free(j->buf);
	free(j->write);
	free(j->keep);
	memset(j, 0, sizeof(*j));
}

static int push(char ***v, size_t *n, char *p)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return cc_error_set(CC_ENOMEM, "out of memory");
	nv[(*n)++] = p;
	*v = nv;
	return 0;
}

/* Read and parse the lock file.  CC_ENOTFOUND if it does not exist. */
static int journal_read(const char *path, journal *j)
{
	size_t len;
	char *line, *next;
	int in_journal = 0, have_old = 0, have_new = 0, err;

	memset(j, 0, sizeof(*j));
	if ((err = cc_read_file(path, &j->buf, &len)) != 0)
		return err;
	for (line = j->buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			break;          /* an unfinished last line is ignored */
		*next++ = '\0';
		if (!strncmp(line, "pid ", 4)) {
			j->pid = strtol(line + 4, NULL, 10);
		} else if (!strcmp(line, "journal")) {
			in_journal = 1;
		} else if (!in_journal && !strncmp(line, "erase-", 6)) {
			cc__erase_journal_line(&j->erase, line);
		} else if (!in_journal) {
			continue;
		} else if (!strncmp(line, "ref ", 4)) {
			j->ref = line + 4;
		} else if (!strncmp(line, "old ", 4)) {
			have_old = git_oid_fromstr(&j->old, line + 4) == 0;
		} else if (!strncmp(line, "new ", 4)) {
			have_new = git_oid_fromstr(&j->new, line + 4) == 0;
		} else if (!strncmp(line, "write ", 6) && cc_path_valid(line + 6)) {
			if ((err = push(&j->write, &j->nwrite, line + 6)) != 0)
				goto fail;
		} else if (!strncmp(line, "keep ", 5) && cc_path_valid(line + 5)) {
			if ((err = push(&j->keep, &j->nkeep, line + 5)) != 0)
				goto fail;
		} else if (!strcmp(line, "end")) {
			j->complete = j->ref && have_old && have_new;
			break;
		}
	}
	if (j->pid < 0)
		j->pid = 0;
	return 0;
fail:
	journal_free(j);
	return err;
}

static int pid_alive(long pid)
{
	if (pid <= 0)
		return 0;
	return kill((pid_t)pid, 0) == 0 || errno != ESRCH;
}

static char *casectl_path(cc_store *s, const char *name)
{
	cc_buf b = CC_BUF_INIT;

	if (cc_buf_printf(&b, "%s/%s%s%s", s->gitdir, CC_LOCK_DIR, *name ? "/" : "", name)) {
		cc_buf_free(&b);
		return NULL;
	}
	return cc_buf_detach(&b);
}

/* The lock's path as a person should see it: relative to the top when
 * the git directory is inside the working tree. */
static const char *shown(cc_store *s, const char *lock_path)
{
	size_t n = strlen(s->root);

	if (!strncmp(lock_path, s->root, n) && lock_path[n] == '/')
		return lock_path + n + 1;
	return lock_path;
}

static void nap(unsigned *seed)
{
	struct timespec ts;

	ts.tv_sec = 0;
	ts.tv_nsec = (long)(20 + rand_r(seed) % 60) * 1000000L;
	nanosleep(&ts, NULL);
}

static double lock_timeout(void)
{
	const char *v = getenv("CASECTL_LOCK_TIMEOUT");
	char *end;
	double t;

	if (!v || !*v)
		return 30;
	t = strtod(v, &end);
	if (*end || t < 0 || t != t)
		return 30;
	return t;
}

/* Remove "lock.tmp-PID-*" files whose process is dead. */
static void clear_dead_tmp(cc_store *s)
{
	char *dir = casectl_path(s, "");
	struct dirent *de;
	DIR *d;
	int fd;

	if (!dir)
		return;
	if (!(d = opendir(dir))) {
		free(dir);
		return;
	}
	fd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		long pid;
		if (strncmp(de->d_name, "lock.tmp-", 9))
			continue;
		pid = strtol(de->d_name + 9, NULL, 10);
		if (pid > 0 && !pid_alive(pid))
			unlinkat(fd, de->d_name, 0);
	}
	closedir(d);
	free(dir);
}

static void list_paths(cc_buf *b, char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 5; i++)
		cc_buf_printf(b, "%s'%s'", i ? ", " : " ", v[i]);
	if (n > 5)
		cc_buf_printf(b, " and %zu more", n - 5);
}

/* Bring the working tree and index in line with what the journal says
 * happened.  Returns 1 in *completed when the commit was completed. */
static int apply_journal(cc_store *s, journal *j, int *completed)
{
	git_oid cur;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	char **all = NULL;
	size_t i;
	int rc, err = 0, have_cur;

	*completed = 0;
	if (!j->complete)
		return 0;
	rc = git_reference_name_to_id(&cur, s->repo, j->ref);
	if (rc < 0 && rc != GIT_ENOTFOUND)
		return cc__git_error(CC_EIO, "cannot read '%s'", j->ref);
	have_cur = rc == 0;
	if (have_cur && git_oid_equal(&cur, &j->new))
		*completed = 1;
	if (have_cur && (git_commit_lookup(&commit, s->repo, &cur) < 0 ||
	    git_commit_tree(&tree, commit) < 0)) {
		err = cc__git_error(CC_EIO, "cannot read the commit '%s' points at", j->ref);
		goto out;
	}
	if ((err = cc__restore_paths(s, tree, j->write, j->nwrite)) != 0)
		goto out;
	if (*completed) {
		if (!(all = malloc((j->nwrite + j->nkeep + 1) * sizeof(*all)))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < j->nwrite; i++)
			all[i] = j->write[i];
		for (i = 0; i < j->nkeep; i++)
			all[j->nwrite + i] = j->keep[i];
		err = cc__index_update(s, all, j->nwrite + j->nkeep);
	} else {
		err = cc__index_update(s, j->write, j->nwrite);
	}
out:
	free(all);
	git_tree_free(tree);
	git_commit_free(commit);
	return err;
}

/* A process killed while libgit2 moved the branch or wrote the index
 * leaves REF.lock or index.lock behind, and nothing can move the branch
 * or write the index until they go.  They are ours when the dead
 * transaction had written its journal (both are taken only after it)
 * and they are not older than that journal; then remove them.
 * Returns how many were removed. */
/* 1 if ST is not older than LST. */
static int not_older(const struct stat *st, const struct stat *lst)
{
	return st->st_mtim.tv_sec > lst->st_mtim.tv_sec ||
		(st->st_mtim.tv_sec == lst->st_mtim.tv_sec &&
		 st->st_mtim.tv_nsec >= lst->st_mtim.tv_nsec);
}

/* Remove the "*.lock" files under DIR (a folder of refs) not older than
 * LST; returns how many. */
static int clear_ref_locks(const char *dir, const struct stat *lst, int depth)
{
	struct dirent *de;
	struct stat st;
	cc_buf p = CC_BUF_INIT;
	DIR *d;
	int removed = 0;
	size_t n;

	if (depth > 32 || !(d = opendir(dir)))
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		cc_buf_clear(&p);
		if (cc_buf_printf(&p, "%s/%s", dir, de->d_name) || lstat(p.ptr, &st) != 0)
			continue;
		n = strlen(de->d_name);
		if (S_ISDIR(st.st_mode))
			removed += clear_ref_locks(p.ptr, lst, depth + 1);
		else if (S_ISREG(st.st_mode) && n > 5 && !strcmp(de->d_name + n - 5, ".lock") &&
			 not_older(&st, lst) && unlink(p.ptr) == 0)
			removed++;
	}
	closedir(d);
	cc_buf_free(&p);
	return removed;
}

/* A process killed while libgit2 moved the branch or wrote the index
 * leaves REF.lock or index.lock behind, and nothing can move the branch
 * or write the index until they go.  They are ours when the dead
 * transaction had written its journal (both are taken only after it)
 * and they are not older than that journal; then remove them.  An
 * erasure moves any ref and packs them (git gc): for its journal, every
 * ref's lock, HEAD's and packed-refs' (once its git processes are gone).
 * Returns how many were removed. */
static int clear_stale_git_locks(cc_store *s, const char *lock, const journal *j)
{
	static const char *const erase_locks[] = { "HEAD.lock", "packed-refs.lock" };
	struct stat lst, st;
	cc_buf p = CC_BUF_INIT;
	int removed = 0, k, erase = j->erase.id[0] && j->erase.have_old;

	if ((!j->complete && !erase) || stat(lock, &lst) != 0)
		return 0;
	for (k = 0; k < 2; k++) {
		cc_buf_clear(&p);
		if (k == 0 ? cc_buf_printf(&p, "%s/index.lock", s->gitdir)
			   : j->complete ? cc_buf_printf(&p, "%s/%s.lock", s->gitdir, j->ref)
			   : cc_buf_printf(&p, "%s/%s", s->gitdir, erase_locks[0]))
			break;
		if (lstat(p.ptr, &st) == 0 && S_ISREG(st.st_mode) && not_older(&st, &lst) &&
		    unlink(p.ptr) == 0)
			removed++;
	}
	if (erase) {
		cc_buf_clear(&p);
		if (cc_buf_printf(&p, "%s/%s", s->gitdir, erase_locks[1]) == 0 &&
		    lstat(p.ptr, &st) == 0 && S_ISREG(st.st_mode) && not_older(&st, &lst) &&
		    unlink(p.ptr) == 0)
			removed++;
		cc_buf_clear(&p);
		if (cc_buf_printf(&p, "%s/refs", s->gitdir) == 0)
			removed += clear_ref_locks(p.ptr, &lst, 0);
		cc_buf_clear(&p);
		if (cc_buf_printf(&p, "%s/logs", s->gitdir) == 0)
			removed += clear_ref_locks(p.ptr, &lst, 0);
	}
	cc_buf_free(&p);
	return removed;
}

/* Recover the stale lock left by PID and take it over with TMP.
 * 0: we hold the lock; 1: the lock changed, try again; <0: error. */
static int recover(cc_store *s, const char *lock, const char *tmp, long pid)
{
	char *rpath = casectl_path(s, "recover.lock");
	cc_buf msg = CC_BUF_INIT;
	journal j;
	int rfd, err, completed = 0, git_locks = 0;

	if (!rpath)
		return cc_error_set(CC_ENOMEM, "out of memory");
	rfd = open(rpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(rpath);
	if (rfd < 0)
		return cc_error_set(CC_EIO, "cannot open the recovery lock: %s", strerror(errno));
	while (flock(rfd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			err = cc_error_set(CC_EIO, "cannot take the recovery lock: %s", strerror(errno));
			close(rfd);
			return err;
		}
	}
	/* Under the recovery lock: is it still the same stale lock? */
	err = journal_read(lock, &j);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		close(rfd);
		return 1;
	}
	if (err) {
		close(rfd);
		return err;
	}
	if (j.pid != pid || pid_alive(j.pid)) {
		journal_free(&j);
		close(rfd);
		return 1;
	}
	/* an erasure's git processes may outlive it: wait for them first */
	if (j.erase.id[0] && (err = cc__erase_wait_git(s)) != 0)
		goto out;
	git_locks = clear_stale_git_locks(s, lock, &j);
	if ((err = apply_journal(s, &j, &completed)) != 0 ||
	    (j.erase.id[0] && (err = cc__erase_recover(s, lock, &j.erase, pid)) != 0)) {
		cc_error_prefix("cannot recover the stale lock '%s' left by process %ld",
			shown(s, lock), pid);
		goto out;
	}
	if (rename(tmp, lock) != 0) {
		err = cc_error_set(CC_EIO, "cannot take over the stale lock '%s': %s",
			shown(s, lock), strerror(errno));
		goto out;
	}
	clear_dead_tmp(s);
	if (pid)
		cc_buf_printf(&msg, "cleared a stale lock left by process %ld", pid);
	else
		cc_buf_printf(&msg, "cleared a damaged lock '%s'", shown(s, lock));
	if (j.complete && j.nwrite) {
		cc_buf_puts(&msg, completed ? "; completed" : "; restored");
		list_paths(&msg, j.write, j.nwrite);
	} else if (j.complete && completed && j.nkeep) {
		cc_buf_puts(&msg, "; completed");
		list_paths(&msg, j.keep, j.nkeep);
	}
	if (git_locks)
		cc_buf_puts(&msg, "; removed the git lock files it left");
	cc_warn("%s", cc_buf_cstr(&msg));
	cc_buf_free(&msg);
out:
	journal_free(&j);
	close(rfd);   /* releases the flock */
	return err;
}

static int make_tmp(cc_store *s, char **tmp_out, int *fd_out)
{
	cc_buf b = CC_BUF_INIT;
	unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	char *tmp = NULL;
	int fd = -1, tries, err;

	for (tries = 0; tries < 100; tries++) {
		free(tmp);
		tmp = NULL;
		{
			char name[64];
			snprintf(name, sizeof(name), "lock.tmp-%ld-%d", (long)getpid(), rand_r(&seed));
			if (!(tmp = casectl_path(s, name)))
				return cc_error_set(CC_ENOMEM, "out of memory");
		}
		fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		err = cc_error_set(CC_EIO, "cannot create a lock in '%s/%s': %s", s->gitdir,
			CC_LOCK_DIR, strerror(errno));
		free(tmp);
		return err;
	}
	cc_buf_printf(&b, "%spid %ld\n", LOCK_MAGIC, (long)getpid());
	if (!b.ptr || fchmod(fd, 0600) != 0 || cc_write_all(fd, b.ptr, b.len) != 0 ||
	    cc__fsync(fd) != 0) {
		err = cc_error_set(CC_EIO, "cannot write the lock '%s': %s", tmp, strerror(errno));
		cc_buf_free(&b);
		close(fd);
		unlink(tmp);
		free(tmp);
		return err;
	}
	cc_buf_free(&b);
	*tmp_out = tmp;
	*fd_out = fd;
	return 0;
}

int cc__lock_acquire(cc_store *s, int *fd_out, char **lock_path_out)
{
	char *dir = casectl_path(s, ""), *lock = casectl_path(s, "lock"), *tmp = NULL;
	unsigned seed = (unsigned)getpid() * 2654435761u;
	double deadline = cc_clock_s() + lock_timeout();
	journal j;
	int fd = -1, err, rc;

	*fd_out = -1;
	*lock_path_out = NULL;
	if (s->held_path) {
		free(dir);
		free(lock);
		if (s->held_fd >= 0 && (*fd_out = fcntl(s->held_fd, F_DUPFD_CLOEXEC, 0)) < 0)
			return cc_error_set(CC_EIO, "cannot share the store lock: %s", strerror(errno));
		if (!(*lock_path_out = strdup(s->held_path))) {
			if (*fd_out >= 0)
				close(*fd_out);
			*fd_out = -1;
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		return 0;
	}
	if (!dir || !lock) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto fail;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		err = cc_error_set(CC_EIO, "cannot create '%s': %s", dir, strerror(errno));
		goto fail;
	}
	if ((err = make_tmp(s, &tmp, &fd)) != 0)
		goto fail;
	for (;;) {
		if (link(tmp, lock) == 0) {
			unlink(tmp);
			cc__fsync_dir_path(dir);
			break;
		}
		if (errno != EEXIST) {
			err = cc_error_set(CC_EIO, "cannot take the lock '%s': %s",
				shown(s, lock), strerror(errno));
			goto fail;
		}
		err = journal_read(lock, &j);
		if (err == CC_ENOTFOUND) {
			cc_error_clear();
			continue;       /* released meanwhile */
		}
		if (err)
			goto fail;
		if (pid_alive(j.pid)) {
			long pid = j.pid;
			journal_free(&j);
			if (cc_clock_s() >= deadline) {
				err = cc_error_set(CC_ELOCKED,
					"store is locked by process %ld (%s); wait for it to finish",
					pid, shown(s, lock));
				goto fail;
			}
			nap(&seed);
			continue;
		}
		rc = recover(s, lock, tmp, j.pid);
		journal_free(&j);
		if (rc < 0) {
			err = rc;
			goto fail;
		}
		if (rc == 0) {
			cc__fsync_dir_path(dir);
			break;
		}
	}
	free(tmp);
	free(dir);
	*fd_out = fd;
	*lock_path_out = lock;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	free(lock);
	return err;
}

void cc__lock_release(cc_store *s, int fd, const char *lock_path)
{
	if (fd >= 0)
		close(fd);
	if (lock_path && !(s->held_path && !strcmp(lock_path, s->held_path)))
		unlink(lock_path);
}

int cc__lock_recover(cc_store *s)
{
	char *lock = casectl_path(s, "lock"), *held = NULL;
	journal j;
	int fd, err, alive;

	if (!lock)
		return cc_error_set(CC_ENOMEM, "out of memory");
	err = journal_read(lock, &j);
	free(lock);
	if (err) {
		cc_error_clear();
		return err == CC_ENOMEM ? err : 0;
	}
	alive = pid_alive(j.pid);
	journal_free(&j);
	if (alive)
		return 0;
	if ((err = cc__lock_acquire(s, &fd, &held)) != 0)
		return err;
	cc__lock_release(s, fd, held);
	free(held);
	return 0;
}

int cc__journal_write(cc_txn *t, const git_oid *new_oid)
{
	cc_buf b = CC_BUF_INIT;
	char old_hex[GIT_OID_HEXSZ + 1], new_hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int err = 0;

	git_oid_tostr(old_hex, sizeof(old_hex), &t->old);
	git_oid_tostr(new_hex, sizeof(new_hex), new_oid);
	err = cc_buf_printf(&b, "journal\nref %s\nold %s\nnew %s\n", t->branch, old_hex, new_hex);
	for (i = 0; !err && i < t->n; i++)
		err = cc_buf_printf(&b, "%s %s\n",
			t->items[i].kind == CC_STAGE_WORKTREE ? "keep" : "write", t->items[i].path);
	if (err || cc_buf_puts(&b, "end\n") != 0)
		err = cc_error_set(CC_ENOMEM, "out of memory");
	else if ((t->journal_off = (long)lseek(t->lock_fd, 0, SEEK_END)) < 0 ||
		 cc_write_all(t->lock_fd, b.ptr, b.len) != 0 || cc__fsync(t->lock_fd) != 0)
		err = cc_error_set(CC_EIO, "cannot write the journal to '%s': %s",
			t->lock_path, strerror(errno));
	cc_buf_free(&b);
	return err;
}
