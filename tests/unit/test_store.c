/* test_store.c - unit tests for the store and its commit engine */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/store.h"

static char tmpdir[64], storedir[96], oldcwd[PATH_MAX];
static char last_warning[2048];
static int warnings;

static void capture_warn(const char *msg)
{
	snprintf(last_warning, sizeof(last_warning), "%s", msg);
	warnings++;
}

static int setup(void **state)
{
	char buf[PATH_MAX];

	(void)state;
	if (!getcwd(oldcwd, sizeof(oldcwd)))
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cc-store-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(storedir, sizeof(storedir), "%s/store", tmpdir);
	setenv("HOME", tmpdir, 1);
	snprintf(buf, sizeof(buf), "%s/xdg", tmpdir);
	setenv("XDG_CONFIG_HOME", buf, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	setenv("GIT_AUTHOR_NAME", "Ann Worker", 1);
	setenv("GIT_AUTHOR_EMAIL", "ann@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Ann Worker", 1);
	setenv("GIT_COMMITTER_EMAIL", "ann@example.org", 1);
	unsetenv("EMAIL");
	unsetenv("CASECTL_DIR");
	unsetenv("CASECTL_NOW");
	unsetenv("CASECTL_LOCK_TIMEOUT");
	last_warning[0] = '\0';
	warnings = 0;
	cc_warn_set_handler(capture_warn);
	cc_error_clear();
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 32];

	(void)state;
	cc_warn_set_handler(NULL);
	if (chdir(oldcwd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* --- helpers --------------------------------------------------------- */

/* Run a shell command; return its stdout (malloc'd) and exit status. */
static char *run(int *status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static char *run(int *status, const char *fmt, ...)
{
	cc_buf cmd = CC_BUF_INIT, out = CC_BUF_INIT;
	char chunk[4096];
	size_t n;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	cc_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		cc_buf_put(&out, chunk, n);
	st = pclose(p);
	cc_buf_free(&cmd);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return cc_buf_detach(&out);
}

/* Assert a shell command prints EXPECT and exits 0. */
static void run_expect(const char *expect, const char *cmd)
{
	int st;
	char *out = run(&st, "%s", cmd);

	if (strcmp(out, expect) != 0 || st != 0)
		fprintf(stderr, "command: %s\nstatus %d, output:\n%s\n", cmd, st, out);
	assert_int_equal(st, 0);
	assert_string_equal(out, expect);
	free(out);
}

static void git_clean(void)
{
	char cmd[PATH_MAX + 64];

	snprintf(cmd, sizeof(cmd), "git -C '%s' status --porcelain", storedir);
	run_expect("", cmd);
}

static void git_fsck(void)
{
	char cmd[PATH_MAX + 64];
	int st;
	char *out;

	snprintf(cmd, sizeof(cmd), "git -C '%s' fsck --strict 2>&1", storedir);
	out = run(&st, "%s", cmd);
	if (st != 0)
		fprintf(stderr, "fsck: %s\n", out);
	assert_int_equal(st, 0);
	free(out);
}

static char *git_out(const char *args)
{
	int st;
	char *out = run(&st, "git -C '%s' %s", storedir, args);

	assert_int_equal(st, 0);
	return out;
}

static void write_raw(const char *relpath, const char *data)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", storedir, relpath);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(data, f);
	fclose(f);
}

static char *read_raw(const char *relpath)
{
	char path[PATH_MAX];
	char *out = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", storedir, relpath);
	if (cc_read_file(path, &out, &len) != 0)
		return NULL;
	return out;
}

static int raw_exists(const char *relpath)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", storedir, relpath);
	return lstat(path, &st) == 0;
}

static void put_commit(cc_store *s, const char *path, const char *data,
	const char *action, const char *case_id, char oid[41])
{
	cc_commit_info info = { action, case_id, "a change", NULL };
	cc_txn *t = NULL;
	int rc;

	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, path, data, strlen(data)), 0);
	rc = cc_txn_commit(t, &info, oid);
	if (rc)
		fprintf(stderr, "commit: %s\n", cc_error_msg());
	assert_int_equal(rc, 0);
	cc_txn_free(t);
}

static cc_store *make_store(void)
{
	cc_store *s = NULL;

	assert_int_equal(cc_store_init(&s, storedir), 0);
	put_commit(s, CC_SETTINGS_FILE, "---\nlanguage: en\n---\n", "init", NULL, NULL);
	return s;
}

static int count_fn(const cc_log_entry *e, void *payload)
{
	(void)e;
	(*(int *)payload)++;
	return 0;
}

static int log_count(cc_store *s, const char *relpath)
{
	int n = 0;

	assert_int_equal(cc_store_log(s, relpath, count_fn, &n), 0);
	return n;
}

static pid_t dead_pid(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return pid;
}

static void write_lock(cc_store *s, const char *content)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/casectl", cc_store_gitdir(s));
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/casectl/lock", cc_store_gitdir(s));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int lock_exists(cc_store *s)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/casectl/lock", cc_store_gitdir(s));
	return lstat(path, &st) == 0;
}

/* --- tests ------------------------------------------------------------ */

static void test_path_valid(void **state)
{
	static const struct { const char *p; int ok; } cases[] = {
		{ "casectl.md", 1 },
		{ "cases/ab/AB12CD/case.md", 1 },
		{ "notes/\xc3\xa9t\xc3\xa9.md", 1 },
		{ "a.b/c-d_e f", 1 },
		{ "..foo", 1 },
		{ "", 0 },
		{ "/etc/passwd", 0 },
		{ "..", 0 },
		{ "a/../b", 0 },
		{ "a/..", 0 },
		{ ".", 0 },
		{ "a/./b", 0 },
		{ ".git", 0 },
		{ ".git/config", 0 },
		{ "a/.git/x", 0 },
		{ ".gitignore", 0 },
		{ ".GIT/config", 0 },
		{ "a//b", 0 },
		{ "a/", 0 },
		{ "a\\b", 0 },
		{ "a\nb", 0 },
		{ "a\tb", 0 },
		{ "a\x7f", 0 },
		{ "a\xc2\x85", 0 },
		{ "bad\xff", 0 },
		{ "over\xc0\xaf", 0 },
		{ "surr\xed\xa0\x80", 0 },
		{ "cut\xe2\x82", 0 },
	};
	char *longp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cc_path_valid(cases[i].p) != cases[i].ok)
			fprintf(stderr, "path case %zu '%s'\n", i, cases[i].p);
		assert_int_equal(cc_path_valid(cases[i].p), cases[i].ok);
	}
	assert_int_equal(cc_path_valid(NULL), 0);
	longp = malloc(5000);
	assert_non_null(longp);
	memset(longp, 'a', 4999);
	longp[4999] = '\0';
	assert_int_equal(cc_path_valid(longp), 0);
	longp[4096] = '\0';
	assert_int_equal(cc_path_valid(longp), 1);
	free(longp);
}

static void test_init_first_commit(void **state)
{
	cc_store *s = NULL, *s2 = NULL;
	char oid[41], *out, *data;
	size_t len;

	(void)state;
	setenv("CASECTL_NOW", "2024-03-05", 1);
	s = make_store();
	assert_non_null(cc_store_root(s));
	assert_true(strstr(cc_store_root(s), "/store") != NULL);
	assert_true(strstr(cc_store_gitdir(s), "/store/.git") != NULL);
	cc_store_free(s);

	/* a second init refuses */
	assert_int_equal(cc_store_init(&s2, storedir), CC_EINVALID);
	assert_null(s2);
	assert_non_null(strstr(cc_error_msg(), "already a git repository"));

	assert_int_equal(cc_store_open(&s, storedir), 0);
	assert_int_equal(cc_store_read(s, CC_SETTINGS_FILE, &data, &len), 0);
	assert_string_equal(data, "---\nlanguage: en\n---\n");
	assert_int_equal(len, strlen(data));
	free(data);

	{
		cc_txn *t = NULL;
		cc_commit_info info = { "open", "AB12CD", "open the case", "First contact by phone.  \n" };
		assert_int_equal(cc_txn_begin(&t, s), 0);
		assert_int_equal(cc_txn_put(t, "cases/ab/AB12CD/case.md", "x\n", 2), 0);
		assert_int_equal(cc_txn_count(t), 1);
		assert_int_equal(cc_txn_commit(t, &info, oid), 0);
		cc_txn_free(t);
	}
	assert_int_equal(strlen(oid), 40);
	out = git_out("rev-parse HEAD");
	assert_int_equal(strncmp(out, oid, 40), 0);
	free(out);
	out = git_out("cat-file commit HEAD~1 | sed -n '/^$/,$p'");
	assert_string_equal(out, "\ninit: a change\n\nAction: init\n");
	free(out);
	out = git_out("log -1 --format=%B HEAD");
	assert_string_equal(out,
		"open AB12CD: open the case\n\nFirst contact by phone.\n\n"
		"Case: AB12CD\nAction: open\n\n");
	free(out);
	out = git_out("log -1 --format='%an <%ae> %cn <%ce> %at %ai'");
	assert_string_equal(out,
		"Ann Worker <ann@example.org> Ann Worker <ann@example.org> 1709640000 "
		"2024-03-05 12:00:00 +0000\n");
	free(out);
	out = git_out("log -1 --format='%(trailers:key=Case,valueonly)'");
	assert_string_equal(out, "AB12CD\n\n");
	free(out);
	out = git_out("symbolic-ref HEAD");
	assert_string_equal(out, "refs/heads/main\n");
	free(out);
	out = git_out("reflog -1 --format=%gs");
	assert_string_equal(out, "commit: open AB12CD: open the case\n");
	free(out);
	git_clean();
	git_fsck();
	assert_false(lock_exists(s));
	cc_store_free(s);
}

static void test_commit_time(void **state)
{
	cc_store *s;
	char *out;

	(void)state;
	s = make_store();
	setenv("CASECTL_NOW", "2024-03-05T10:00:00+02:00", 1);
	put_commit(s, "a.md", "a\n", "note", NULL, NULL);
	out = git_out("log -1 --format='%at %ai'");
	assert_string_equal(out, "1709625600 2024-03-05 10:00:00 +0200\n");
	free(out);
	setenv("CASECTL_NOW", "2024-03-05T08:00:00Z", 1);
	put_commit(s, "a.md", "b\n", "note", NULL, NULL);
	out = git_out("log -1 --format='%at'");
	assert_string_equal(out, "1709625600\n");
	free(out);
	setenv("CASECTL_NOW", "yesterday", 1);
	{
		cc_txn *t = NULL;
		cc_commit_info info = { "note", NULL, "x", NULL };
		assert_int_equal(cc_txn_begin(&t, s), 0);
		assert_int_equal(cc_txn_put(t, "a.md", "c\n", 2), 0);
		assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EINVALID);
		assert_non_null(strstr(cc_error_msg(), "CASECTL_NOW"));
		cc_txn_free(t);
	}
	unsetenv("CASECTL_NOW");
	put_commit(s, "a.md", "d\n", "note", NULL, NULL);
	git_clean();
	cc_store_free(s);
}

static void test_second_commit_nested(void **state)
{
	cc_store *s;
	char o1[41], o2[41], *data, **names;
	size_t len, n;

	(void)state;
	s = make_store();
	put_commit(s, "cases/ab/AB12CD/case.md", "one\n", "open", "AB12CD", o1);
	put_commit(s, "cases/ab/AB12CD/notes/2024-01-01.md", "note\n", "note", "AB12CD", o2);
	assert_string_not_equal(o1, o2);
	assert_int_equal(cc_store_exists(s, "cases/ab/AB12CD/notes/2024-01-01.md"), 1);
	assert_int_equal(cc_store_exists(s, "cases/ab/AB12CD/notes"), 2);
	assert_int_equal(cc_store_exists(s, "cases/ab/nothing"), 0);
	assert_int_equal(cc_store_exists(s, "cases/ab/AB12CD/case.md/x"), 0);
	assert_int_equal(cc_store_list(s, "cases/ab/AB12CD", &names, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "case.md");
	assert_string_equal(names[1], "notes");
	cc_strv_free(names, n);
	assert_int_equal(cc_store_list(s, "", &names, &n), 0);
	assert_int_equal(n, 2);   /* .git skipped */
	assert_string_equal(names[0], "casectl.md");
	assert_string_equal(names[1], "cases");
	cc_strv_free(names, n);
	assert_int_equal(cc_store_list(s, "nope/none", &names, &n), 0);
	assert_int_equal(n, 0);
	assert_null(names);
	assert_int_equal(cc_store_read(s, "cases/ab/AB12CD/case.md", &data, &len), 0);
	assert_string_equal(data, "one\n");
	free(data);
	assert_int_equal(cc_store_read(s, "cases/none.md", &data, &len), CC_ENOTFOUND);
	assert_null(data);
	assert_int_equal(cc_store_read(s, "../x", &data, &len), CC_EINVALID);
	assert_int_equal(log_count(s, NULL), 3);
	git_clean();
	git_fsck();
	{
		/* untouched subtrees are not rewritten */
		char *a = git_out("rev-parse HEAD~1:cases/ab/AB12CD/case.md HEAD~1^{tree}:casectl.md");
		char *b = git_out("rev-parse HEAD:cases/ab/AB12CD/case.md HEAD^{tree}:casectl.md");
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	cc_store_free(s);
}

static void test_delete(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "remove", "AB12CD", "remove the case", NULL };

	(void)state;
	s = make_store();
	put_commit(s, "cases/ab/AB12CD/case.md", "one\n", "open", "AB12CD", NULL);
	put_commit(s, "cases/ab/keep.md", "k\n", "open", NULL, NULL);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_delete(t, "cases/ab/AB12CD/case.md"), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), 0);
	cc_txn_free(t);
	assert_false(raw_exists("cases/ab/AB12CD"));
	assert_true(raw_exists("cases/ab/keep.md"));
	git_clean();
	/* deleting what is not there */
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_delete(t, "cases/ab/none.md"), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_ENOTFOUND);
	cc_txn_free(t);
	/* nothing staged */
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EINVALID);
	assert_non_null(strstr(cc_error_msg(), "nothing to commit"));
	assert_int_equal(cc_txn_put(t, "/abs", "x", 1), CC_EINVALID);
	assert_int_equal(cc_txn_put(t, ".git/config", "x", 1), CC_EINVALID);
	cc_txn_free(t);
	assert_int_equal(log_count(s, NULL), 4);
	cc_store_free(s);
}

static void test_discovery(void **state)
{
	cc_store *s, *s2 = NULL;
	char sub[PATH_MAX];

	(void)state;
	s = make_store();
	put_commit(s, "cases/ab/x.md", "x\n", "open", NULL, NULL);
	cc_store_free(s);
	snprintf(sub, sizeof(sub), "%s/cases/ab", storedir);

	assert_int_equal(cc_store_open(&s2, sub), 0);
	assert_string_equal(strrchr(cc_store_root(s2), '/'), "/store");
	cc_store_free(s2);

	assert_int_equal(chdir(sub), 0);
	assert_int_equal(cc_store_open(&s2, NULL), 0);
	assert_string_equal(strrchr(cc_store_root(s2), '/'), "/store");
	cc_store_free(s2);

	assert_int_equal(chdir(tmpdir), 0);
	setenv("CASECTL_DIR", storedir, 1);
	assert_int_equal(cc_store_open(&s2, NULL), 0);
	cc_store_free(s2);
	s2 = NULL;
	setenv("CASECTL_DIR", sub, 1);
	assert_int_equal(cc_store_open(&s2, NULL), CC_ENOTFOUND);
	assert_null(s2);
	assert_non_null(strstr(cc_error_msg(), "not the top"));
	/* -C wins over CASECTL_DIR */
	assert_int_equal(cc_store_open(&s2, storedir), 0);
	cc_store_free(s2);
	unsetenv("CASECTL_DIR");
}

static void test_not_a_store(void **state)
{
	cc_store *s = (cc_store *)1;
	char dir[PATH_MAX], cmd[PATH_MAX + 64];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/empty", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(cc_store_open(&s, dir), CC_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(cc_error_msg(), "not a casectl store"));
	assert_non_null(strstr(cc_error_msg(), "casectl init"));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(cc_store_open(&s, NULL), CC_ENOTFOUND);
	assert_int_equal(cc_store_open(&s, "/nonexistent/dir"), CC_ENOTFOUND);

	/* a plain git repository is not a store */
	snprintf(cmd, sizeof(cmd), "git init -q '%s/plain'", tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(dir, sizeof(dir), "%s/plain", tmpdir);
	assert_int_equal(cc_store_open(&s, dir), CC_ENOTFOUND);
	assert_non_null(strstr(cc_error_msg(), "casectl.md"));
	/* and cannot be initialised over */
	assert_int_equal(cc_store_init(&s, dir), CC_EINVALID);
}

static void test_dirty(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "assess", "AB12CD", "assess", NULL };
	cc_change *c;
	size_t n;
	char *head1, *head2, *data;

	(void)state;
	s = make_store();
	put_commit(s, "cases/ab/AB12CD/case.md", "one\n", "open", "AB12CD", NULL);
	put_commit(s, "cases/ab/AB12CD2/case.md", "two\n", "open", "AB12CD2", NULL);
	assert_int_equal(cc_store_require_clean(s, "", NULL), 0);

	write_raw("cases/ab/AB12CD/case.md", "hand edit\n");
	head1 = git_out("rev-parse HEAD");
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "cases/ab/AB12CD/case.md", "new\n", 4), 0);
	assert_int_equal(cc_txn_put(t, "cases/ab/AB12CD/other.md", "o\n", 2), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EDIRTY);
	assert_non_null(strstr(cc_error_msg(), "'cases/ab/AB12CD/case.md'"));
	assert_non_null(strstr(cc_error_msg(), "casectl commit AB12CD"));
	assert_non_null(strstr(cc_error_msg(), "git stash"));
	cc_txn_free(t);
	head2 = git_out("rev-parse HEAD");
	assert_string_equal(head1, head2);
	free(head1);
	free(head2);
	data = read_raw("cases/ab/AB12CD/case.md");
	assert_string_equal(data, "hand edit\n");
	free(data);
	assert_false(raw_exists("cases/ab/AB12CD/other.md"));

	assert_int_equal(cc_store_require_clean(s, "cases/ab/AB12CD", "AB12CD"), CC_EDIRTY);
	assert_int_equal(cc_store_require_clean(s, "cases/ab/AB12CD2", "AB12CD2"), 0);
	assert_int_equal(cc_store_changes(s, "cases/ab/AB12CD", &c, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].kind, CC_CHANGE_MODIFIED);
	assert_string_equal(c[0].path, "cases/ab/AB12CD/case.md");
	cc_changes_free(c, n);

	/* untracked files, deletions */
	write_raw("cases/ab/AB12CD/case.md", "one\n");
	assert_int_equal(cc_store_require_clean(s, "cases/ab/AB12CD", "AB12CD"), 0);
	assert_int_equal(mkdir(strcat(strcpy((char[PATH_MAX]){0}, storedir),
		"/cases/ab/AB12CD2/sub"), 0700), 0);
	write_raw("cases/ab/AB12CD2/sub/new.md", "untracked\n");
	assert_int_equal(cc_store_require_clean(s, "cases/ab/AB12CD", "AB12CD"), 0);
	assert_int_equal(cc_store_require_clean(s, "cases/ab/AB12CD2", NULL), CC_EDIRTY);
	assert_non_null(strstr(cc_error_msg(), "'cases/ab/AB12CD2/sub/new.md'"));
	assert_non_null(strstr(cc_error_msg(), "'casectl commit'"));
	write_raw("cases/ab/AB12CD2/b.md", "untracked\n");
	assert_int_equal(unlink(strcat(strcpy((char[PATH_MAX]){0}, storedir), "/casectl.md")), 0);
	assert_int_equal(cc_store_changes(s, "", &c, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].path, "casectl.md");
	assert_int_equal(c[0].kind, CC_CHANGE_DELETED);
	assert_string_equal(c[1].path, "cases/ab/AB12CD2/b.md");
	assert_int_equal(c[1].kind, CC_CHANGE_ADDED);
	assert_string_equal(c[2].path, "cases/ab/AB12CD2/sub/new.md");
	cc_changes_free(c, n);

	/* an untracked file where a put would write is refused too */
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "cases/ab/AB12CD2/b.md", "mine\n", 5), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EDIRTY);
	cc_txn_free(t);
	data = read_raw("cases/ab/AB12CD2/b.md");
	assert_string_equal(data, "untracked\n");
	free(data);
	/* ignored files do not count */
	write_raw(".gitignore", "*.tmp\n");
	write_raw("cases/ab/AB12CD/x.tmp", "scratch\n");
	assert_int_equal(cc_store_require_clean(s, "cases/ab/AB12CD", NULL), 0);
	cc_store_free(s);
}

static void test_stage_worktree(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "edit", "AB12CD", "edit by hand", NULL };
	char *data;
	size_t len;
	char path[PATH_MAX];

	(void)state;
	s = make_store();
	put_commit(s, "cases/ab/AB12CD/case.md", "one\n", "open", "AB12CD", NULL);
	put_commit(s, "cases/ab/AB12CD/old.md", "old\n", "note", "AB12CD", NULL);
	write_raw("cases/ab/AB12CD/case.md", "edited by hand\n");
	snprintf(path, sizeof(path), "%s/cases/ab/AB12CD/old.md", storedir);
	assert_int_equal(unlink(path), 0);
	write_raw("cases/ab/AB12CD/added.md", "added by hand\n");
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_stage_worktree(t, "cases/ab/AB12CD/case.md"), 0);
	assert_int_equal(cc_txn_stage_worktree(t, "cases/ab/AB12CD/old.md"), 0);
	assert_int_equal(cc_txn_stage_worktree(t, "cases/ab/AB12CD/added.md"), 0);
	assert_int_equal(cc_txn_stage_worktree(t, "cases/ab/AB12CD/never.md"), 0);
	assert_int_equal(cc_txn_count(t), 4);
	assert_int_equal(cc_txn_commit(t, &info, NULL), 0);
	cc_txn_free(t);
	git_clean();
	assert_int_equal(cc_store_read_at(s, "HEAD", "cases/ab/AB12CD/case.md", &data, &len), 0);
	assert_string_equal(data, "edited by hand\n");
	free(data);
	assert_int_equal(cc_store_read_at(s, "HEAD", "cases/ab/AB12CD/added.md", &data, &len), 0);
	free(data);
	assert_int_equal(cc_store_read_at(s, "HEAD", "cases/ab/AB12CD/old.md", &data, &len),
		CC_ENOTFOUND);
	assert_int_equal(cc_store_read_at(s, "HEAD~1", "cases/ab/AB12CD/old.md", &data, &len), 0);
	free(data);
	git_fsck();
	cc_store_free(s);
}

static void test_rollback(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	char *h1, *h2, *data;

	(void)state;
	s = make_store();
	put_commit(s, "a.md", "one\n", "note", NULL, NULL);
	h1 = git_out("rev-parse HEAD");
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_true(lock_exists(s));
	assert_int_equal(cc_txn_put(t, "a.md", "two\n", 4), 0);
	assert_int_equal(cc_txn_put(t, "a.md", "three\n", 6), 0);
	assert_int_equal(cc_txn_put(t, "dir/b.md", "b\n", 2), 0);
	assert_int_equal(cc_txn_count(t), 2);
	cc_txn_free(t);
	assert_false(lock_exists(s));
	h2 = git_out("rev-parse HEAD");
	assert_string_equal(h1, h2);
	data = read_raw("a.md");
	assert_string_equal(data, "one\n");
	free(data);
	assert_false(raw_exists("dir"));
	git_clean();
	free(h1);
	free(h2);
	cc_store_free(s);
}

/* A write that fails midway puts back the files already written. */
static void test_write_failure(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "note", NULL, "x", NULL };
	char *h1, *h2, *data;

	(void)state;
	s = make_store();
	put_commit(s, "x.md", "one\n", "note", NULL, NULL);
	write_raw("blocker", "a file where a folder should be\n");
	h1 = git_out("rev-parse HEAD");
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "x.md", "two\n", 4), 0);
	assert_int_equal(cc_txn_put(t, "new/y.md", "y\n", 2), 0);
	assert_int_equal(cc_txn_put(t, "blocker/z.md", "z\n", 2), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EINVALID);
	assert_non_null(strstr(cc_error_msg(), "'blocker' is not a folder"));
	cc_txn_free(t);
	h2 = git_out("rev-parse HEAD");
	assert_string_equal(h1, h2);
	data = read_raw("x.md");
	assert_string_equal(data, "one\n");
	free(data);
	assert_false(raw_exists("new"));
	assert_false(lock_exists(s));
	free(h1);
	free(h2);
	cc_store_free(s);
}

static void test_conflict(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "note", NULL, "x", NULL };
	char *data, cmd[PATH_MAX + 128];

	(void)state;
	s = make_store();
	put_commit(s, "a.md", "one\n", "note", NULL, NULL);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "a.md", "two\n", 4), 0);
	snprintf(cmd, sizeof(cmd), "git -C '%s' commit -q --allow-empty -m other", storedir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_ECONFLICT);
	cc_txn_free(t);
	data = read_raw("a.md");
	assert_string_equal(data, "one\n");
	free(data);
	git_clean();
	cc_store_free(s);
}

static void test_stale_lock_restore(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	char c1[41], c2[41], lock[1024], *data, *head;
	pid_t dead;

	(void)state;
	s = make_store();
	put_commit(s, "cases/a.md", "v1\n", "note", NULL, c1);
	{
		cc_commit_info info = { "note", NULL, "two files", NULL };
		assert_int_equal(cc_txn_begin(&t, s), 0);
		assert_int_equal(cc_txn_put(t, "cases/a.md", "v2\n", 3), 0);
		assert_int_equal(cc_txn_put(t, "cases/b/new.md", "new\n", 4), 0);
		assert_int_equal(cc_txn_commit(t, &info, c2), 0);
		cc_txn_free(t);
	}
	/* the crash: files written, branch not moved */
	{
		char cmd[PATH_MAX + 128];
		snprintf(cmd, sizeof(cmd), "git -C '%s' update-ref refs/heads/main %s", storedir, c1);
		assert_int_equal(system(cmd), 0);
	}
	write_raw("cases/.casectl-tmp-Ab12Cd", "partial");
	dead = dead_pid();
	snprintf(lock, sizeof(lock),
		"casectl-lock 1\npid %ld\njournal\nref refs/heads/main\nold %s\nnew %s\n"
		"write cases/a.md\nwrite cases/b/new.md\nend\n", (long)dead, c1, c2);
	write_lock(s, lock);

	assert_int_equal(cc_txn_begin(&t, s), 0);
	cc_txn_free(t);
	assert_int_equal(warnings, 1);
	snprintf(lock, sizeof(lock), "cleared a stale lock left by process %ld; restored "
		"'cases/a.md', 'cases/b/new.md'", (long)dead);
	assert_string_equal(last_warning, lock);
	data = read_raw("cases/a.md");
	assert_string_equal(data, "v1\n");
	free(data);
	assert_false(raw_exists("cases/b"));
	assert_false(raw_exists("cases/.casectl-tmp-Ab12Cd"));
	head = git_out("rev-parse HEAD");
	assert_int_equal(strncmp(head, c1, 40), 0);
	free(head);
	git_clean();
	assert_false(lock_exists(s));

	/* a lock without a journal is just cleared */
	snprintf(lock, sizeof(lock), "casectl-lock 1\npid %ld\n", (long)dead);
	write_lock(s, lock);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	cc_txn_free(t);
	assert_int_equal(warnings, 2);
	snprintf(lock, sizeof(lock), "cleared a stale lock left by process %ld", (long)dead);
	assert_string_equal(last_warning, lock);
	cc_store_free(s);
}

static void test_stale_lock_complete(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	char c1[41], c2[41], lock[1024], cmd[PATH_MAX + 128], path[PATH_MAX], *data, *head;
	pid_t dead;

	(void)state;
	s = make_store();
	put_commit(s, "cases/a.md", "v1\n", "note", NULL, c1);
	{
		cc_commit_info info = { "note", NULL, "two files", NULL };
		assert_int_equal(cc_txn_begin(&t, s), 0);
		assert_int_equal(cc_txn_put(t, "cases/a.md", "v2\n", 3), 0);
		assert_int_equal(cc_txn_put(t, "cases/b/new.md", "new\n", 4), 0);
		assert_int_equal(cc_txn_commit(t, &info, c2), 0);
		cc_txn_free(t);
	}
	/* the crash: branch moved, files and index not written */
	write_raw("cases/a.md", "v1\n");
	snprintf(path, sizeof(path), "%s/cases/b/new.md", storedir);
	assert_int_equal(unlink(path), 0);
	snprintf(cmd, sizeof(cmd), "git -C '%s' read-tree %s", storedir, c1);
	assert_int_equal(system(cmd), 0);
	dead = dead_pid();
	snprintf(lock, sizeof(lock),
		"casectl-lock 1\npid %ld\njournal\nref refs/heads/main\nold %s\nnew %s\n"
		"write cases/a.md\nwrite cases/b/new.md\nend\n", (long)dead, c1, c2);
	write_lock(s, lock);

	assert_int_equal(cc_txn_begin(&t, s), 0);
	cc_txn_free(t);
	assert_int_equal(warnings, 1);
	snprintf(lock, sizeof(lock), "cleared a stale lock left by process %ld; completed "
		"'cases/a.md', 'cases/b/new.md'", (long)dead);
	assert_string_equal(last_warning, lock);
	data = read_raw("cases/a.md");
	assert_string_equal(data, "v2\n");
	free(data);
	data = read_raw("cases/b/new.md");
	assert_string_equal(data, "new\n");
	free(data);
	head = git_out("rev-parse HEAD");
	assert_int_equal(strncmp(head, c2, 40), 0);
	free(head);
	git_clean();
	git_fsck();
	cc_store_free(s);
}

static void test_live_lock_timeout(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	char lock[256], expect[64];
	pid_t child;

	(void)state;
	s = make_store();
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	snprintf(lock, sizeof(lock), "casectl-lock 1\npid %ld\n", (long)child);
	write_lock(s, lock);
	setenv("CASECTL_LOCK_TIMEOUT", "1", 1);
	assert_int_equal(cc_txn_begin(&t, s), CC_ELOCKED);
	assert_null(t);
	snprintf(expect, sizeof(expect), "process %ld", (long)child);
	assert_non_null(strstr(cc_error_msg(), expect));
	assert_non_null(strstr(cc_error_msg(), ".git/casectl/lock"));
	assert_true(lock_exists(s));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	/* now the holder is dead: recovered */
	assert_int_equal(cc_txn_begin(&t, s), 0);
	cc_txn_free(t);
	assert_int_equal(warnings, 1);
	unsetenv("CASECTL_LOCK_TIMEOUT");
	cc_store_free(s);
}

static void test_concurrency(void **state)
{
	cc_store *s;
	pid_t kids[4];
	int i, j, status;

	(void)state;
	s = make_store();
	cc_store_free(s);
	for (i = 0; i < 4; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			cc_store *cs = NULL;
			int bad = 0;
			if (cc_store_open(&cs, storedir) != 0)
				_exit(2);
			for (j = 0; j < 10 && !bad; j++) {
				char path[64], data[64];
				cc_commit_info info = { "note", NULL, "concurrent", NULL };
				cc_txn *t = NULL;
				snprintf(path, sizeof(path), "cases/w%d/f%d.md", i, j);
				snprintf(data, sizeof(data), "worker %d file %d\n", i, j);
				if (cc_txn_begin(&t, cs) != 0 ||
				    cc_txn_put(t, path, data, strlen(data)) != 0 ||
				    cc_txn_commit(t, &info, NULL) != 0) {
					fprintf(stderr, "worker %d: %s\n", i, cc_error_msg());
					bad = 1;
				}
				cc_txn_free(t);
			}
			cc_store_free(cs);
			_exit(bad);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(cc_store_open(&s, storedir), 0);
	assert_int_equal(log_count(s, NULL), 41);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 10; j++) {
			char path[64];
			snprintf(path, sizeof(path), "cases/w%d/f%d.md", i, j);
			assert_int_equal(cc_store_exists(s, path), 1);
		}
	assert_int_equal(log_count(s, "cases/w2"), 10);
	assert_int_equal(warnings, 0);
	git_clean();
	git_fsck();
	cc_store_free(s);
}

/* Several processes find the same stale lock: exactly one recovers it. */
static void test_recovery_race(void **state)
{
	cc_store *s;
	char c1[41], c2[41], lock[1024], *data;
	pid_t kids[4], dead;
	int i, status, total = 0;

	(void)state;
	s = make_store();
	put_commit(s, "cases/a.md", "v1\n", "note", NULL, c1);
	put_commit(s, "cases/a.md", "v2\n", "note", NULL, c2);
	{
		char cmd[PATH_MAX + 128];
		snprintf(cmd, sizeof(cmd), "git -C '%s' update-ref refs/heads/main %s", storedir, c1);
		assert_int_equal(system(cmd), 0);
	}
	dead = dead_pid();
	snprintf(lock, sizeof(lock),
		"casectl-lock 1\npid %ld\njournal\nref refs/heads/main\nold %s\nnew %s\n"
		"write cases/a.md\nend\n", (long)dead, c1, c2);
	write_lock(s, lock);
	cc_store_free(s);
	for (i = 0; i < 4; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			cc_store *cs = NULL;
			cc_txn *t = NULL;
			cc_commit_info info = { "note", NULL, "racer", NULL };
			char path[64];
			int bad = 0;
			warnings = 0;
			snprintf(path, sizeof(path), "cases/r%d.md", i);
			if (cc_store_open(&cs, storedir) != 0 || cc_txn_begin(&t, cs) != 0 ||
			    cc_txn_put(t, path, "r\n", 2) != 0 || cc_txn_commit(t, &info, NULL) != 0) {
				fprintf(stderr, "racer %d: %s\n", i, cc_error_msg());
				bad = 1;
			}
			cc_txn_free(t);
			cc_store_free(cs);
			_exit(bad ? 100 : warnings);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_true(WEXITSTATUS(status) < 100);
		total += WEXITSTATUS(status);
	}
	assert_int_equal(total, 1);
	assert_int_equal(cc_store_open(&s, storedir), 0);
	data = read_raw("cases/a.md");
	assert_string_equal(data, "v1\n");
	free(data);
	assert_int_equal(log_count(s, NULL), 2 + 4);
	git_clean();
	git_fsck();
	cc_store_free(s);
}

typedef struct {
	int n;
	char subjects[8][128];
	char actions[8][32];
	char cases[8][32];
	unsigned parents[8];
} log_seen;

static int collect_fn(const cc_log_entry *e, void *payload)
{
	log_seen *ls = payload;

	if (ls->n >= 8)
		return 1;
	snprintf(ls->subjects[ls->n], 128, "%s", e->subject);
	snprintf(ls->actions[ls->n], 32, "%s", e->action ? e->action : "-");
	snprintf(ls->cases[ls->n], 32, "%s", e->case_id ? e->case_id : "-");
	ls->parents[ls->n] = e->parents;
	assert_string_equal(e->author_name, "Ann Worker");
	assert_string_equal(e->author_email, "ann@example.org");
	assert_int_equal(strlen(e->oid), 40);
	ls->n++;
	return 0;
}

static int stop_fn(const cc_log_entry *e, void *payload)
{
	(void)e;
	(*(int *)payload)++;
	return 7;
}

static void test_log(void **state)
{
	cc_store *s = NULL;
	log_seen ls;
	int n = 0;

	(void)state;
	assert_int_equal(cc_store_init(&s, storedir), 0);
	assert_int_equal(log_count(s, NULL), 0);   /* unborn branch */
	assert_int_equal(log_count(s, "cases"), 0);
	put_commit(s, CC_SETTINGS_FILE, "---\nlanguage: en\n---\n", "init", NULL, NULL);
	setenv("CASECTL_NOW", "2024-01-01", 1);
	put_commit(s, "cases/ab/AB12CD/case.md", "1\n", "open", "AB12CD", NULL);
	setenv("CASECTL_NOW", "2024-01-02", 1);
	put_commit(s, "cases/ab/AB12CE/case.md", "1\n", "open", "AB12CE", NULL);
	setenv("CASECTL_NOW", "2024-01-03", 1);
	put_commit(s, "cases/ab/AB12CD/case.md", "2\n", "assess", "AB12CD", NULL);
	setenv("CASECTL_NOW", "2024-01-04", 1);
	put_commit(s, "cases/ab/AB12CD/case.md", "2\n", "touch", "AB12CD", NULL);   /* no change */

	memset(&ls, 0, sizeof(ls));
	assert_int_equal(cc_store_log(s, NULL, collect_fn, &ls), 0);
	assert_int_equal(ls.n, 5);
	assert_string_equal(ls.subjects[0], "touch AB12CD: a change");
	assert_string_equal(ls.subjects[4], "init: a change");
	assert_string_equal(ls.actions[4], "init");
	assert_string_equal(ls.cases[4], "-");
	assert_int_equal(ls.parents[4], 0);
	assert_int_equal(ls.parents[0], 1);

	memset(&ls, 0, sizeof(ls));
	assert_int_equal(cc_store_log(s, "cases/ab/AB12CD", collect_fn, &ls), 0);
	assert_int_equal(ls.n, 2);
	assert_string_equal(ls.actions[0], "assess");
	assert_string_equal(ls.cases[0], "AB12CD");
	assert_string_equal(ls.actions[1], "open");
	assert_int_equal(log_count(s, "cases/ab/AB12CE/case.md"), 1);
	assert_int_equal(log_count(s, "cases/ab/AB12C"), 0);
	assert_int_equal(log_count(s, CC_SETTINGS_FILE), 1);
	assert_int_equal(log_count(s, "cases"), 3);
	assert_int_equal(cc_store_log(s, NULL, stop_fn, &n), 7);
	assert_int_equal(n, 1);
	assert_int_equal(cc_store_log(s, "../x", stop_fn, &n), CC_EINVALID);
	unsetenv("CASECTL_NOW");
	cc_store_free(s);
}

static void test_read_at(void **state)
{
	cc_store *s;
	char o1[41], *data = NULL;
	size_t len;

	(void)state;
	s = make_store();
	put_commit(s, "cases/x.md", "one\n", "note", NULL, o1);
	put_commit(s, "cases/x.md", "two\n", "note", NULL, NULL);
	assert_int_equal(cc_store_read_at(s, "HEAD", "cases/x.md", &data, &len), 0);
	assert_string_equal(data, "two\n");
	assert_int_equal(len, 4);
	free(data);
	assert_int_equal(cc_store_read_at(s, "HEAD~1", "cases/x.md", &data, &len), 0);
	assert_string_equal(data, "one\n");
	free(data);
	assert_int_equal(cc_store_read_at(s, o1, "cases/x.md", &data, NULL), 0);
	assert_string_equal(data, "one\n");
	free(data);
	assert_int_equal(cc_store_read_at(s, "HEAD~2", "cases/x.md", &data, &len), CC_ENOTFOUND);
	assert_null(data);
	assert_int_equal(cc_store_read_at(s, "HEAD~9", "cases/x.md", &data, &len), CC_ENOTFOUND);
	assert_int_equal(cc_store_read_at(s, "nonsense", "cases/x.md", &data, &len), CC_ENOTFOUND);
	assert_int_equal(cc_store_read_at(s, "HEAD", "cases", &data, &len), CC_ENOTFOUND);
	assert_int_equal(cc_store_read_at(s, "HEAD", ".git/config", &data, &len), CC_EINVALID);
	cc_store_free(s);
}

static void test_identity(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "note", NULL, "x", NULL };
	char home[PATH_MAX], cmd[PATH_MAX + 128], *name, *email, *h1, *h2;

	(void)state;
	s = make_store();
	cc_store_free(s);
	snprintf(home, sizeof(home), "%s/emptyhome", tmpdir);
	assert_int_equal(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("EMAIL");
	assert_int_equal(cc_store_open(&s, storedir), 0);
	assert_int_equal(cc_store_identity(s, &name, &email), CC_EIDENTITY);
	assert_null(name);
	assert_non_null(strstr(cc_error_msg(), "git config --global user.name"));
	assert_non_null(strstr(cc_error_msg(), "git config --global user.email"));
	h1 = git_out("rev-parse HEAD");
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "a.md", "a\n", 2), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EIDENTITY);
	cc_txn_free(t);
	h2 = git_out("rev-parse HEAD");
	assert_string_equal(h1, h2);
	assert_false(raw_exists("a.md"));
	free(h1);
	free(h2);

	/* from the repository's config; the environment overrides it */
	snprintf(cmd, sizeof(cmd), "git -C '%s' config user.name 'Bo Config' && "
		"git -C '%s' config user.email bo@example.org", storedir, storedir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cc_store_identity(s, &name, &email), 0);
	assert_string_equal(name, "Bo Config");
	assert_string_equal(email, "bo@example.org");
	free(name);
	free(email);
	setenv("GIT_AUTHOR_NAME", "Env Name", 1);
	assert_int_equal(cc_store_identity(s, &name, &email), 0);
	assert_string_equal(name, "Env Name");
	assert_string_equal(email, "bo@example.org");
	free(name);
	free(email);
	assert_int_equal(cc_store_config(s, "user.email", &email), 0);
	assert_string_equal(email, "bo@example.org");
	free(email);
	assert_int_equal(cc_store_config(s, "no.such", &email), CC_ENOTFOUND);
	assert_null(email);
	cc_store_free(s);
}

static void test_symlink(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "note", NULL, "x", NULL };
	char outside[128], link[PATH_MAX], path[PATH_MAX], *data = NULL, **names;
	size_t len, n;
	FILE *f;

	(void)state;
	s = make_store();
	put_commit(s, "cases/ab/keep.md", "k\n", "note", NULL, NULL);
	snprintf(outside, sizeof(outside), "%s/outside", tmpdir);
	assert_int_equal(mkdir(outside, 0700), 0);
	snprintf(path, sizeof(path), "%s/secret.md", outside);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("secret\n", f);
	fclose(f);
	snprintf(link, sizeof(link), "%s/cases/zz", storedir);
	assert_int_equal(symlink(outside, link), 0);

	assert_int_equal(cc_store_read(s, "cases/zz/secret.md", &data, &len), CC_EINVALID);
	assert_null(data);
	assert_non_null(strstr(cc_error_msg(), "symbolic link"));
	assert_true(cc_store_exists(s, "cases/zz/secret.md") < 0);
	assert_true(cc_store_exists(s, "cases/zz") < 0);
	assert_int_equal(cc_store_list(s, "cases/zz", &names, &n), CC_EINVALID);

	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "cases/zz/new.md", "x\n", 2), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EINVALID);
	cc_txn_free(t);
	snprintf(path, sizeof(path), "%s/new.md", outside);
	assert_int_equal(access(path, F_OK), -1);

	/* a file that is a link */
	snprintf(link, sizeof(link), "%s/cases/ab/link.md", storedir);
	snprintf(path, sizeof(path), "%s/secret.md", outside);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(cc_store_read(s, "cases/ab/link.md", &data, &len), CC_EINVALID);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "cases/ab/link.md", "x\n", 2), 0);
	assert_true(cc_txn_commit(t, &info, NULL) < 0);
	cc_txn_free(t);
	{
		char *sec = NULL;
		size_t sl;
		assert_int_equal(cc_read_file(path, &sec, &sl), 0);
		assert_string_equal(sec, "secret\n");
		free(sec);
	}
	cc_store_free(s);
}

static void test_modes(void **state)
{
	cc_store *s;
	struct stat st;
	char path[PATH_MAX];
	mode_t old = umask(022);

	(void)state;
	s = make_store();
	put_commit(s, "cases/ab/AB12CD/case.md", "x\n", "open", "AB12CD", NULL);
	assert_int_equal(stat(storedir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	snprintf(path, sizeof(path), "%s/casectl.md", storedir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(path, sizeof(path), "%s/cases/ab/AB12CD/case.md", storedir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(path, sizeof(path), "%s/cases/ab/AB12CD", storedir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	snprintf(path, sizeof(path), "%s/cases", storedir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	git_clean();
	umask(old);
	cc_store_free(s);
}

static int have_ssh_keygen(void)
{
	return system("command -v ssh-keygen >/dev/null 2>&1") == 0;
}

static void test_signing(void **state)
{
	cc_store *s;
	cc_txn *t = NULL;
	cc_commit_info info = { "note", NULL, "x", NULL };
	char cmd[4 * PATH_MAX], *out;
	int st;

	(void)state;
	if (!have_ssh_keygen())
		skip();
	s = make_store();
	snprintf(cmd, sizeof(cmd),
		"cd '%s' && ssh-keygen -q -t ed25519 -N '' -C test -f key >/dev/null && "
		"printf 'ann@example.org namespaces=\"git\" %%s\\n' \"$(cat key.pub)\" > allowed && "
		"git -C '%s' config commit.gpgsign true && "
		"git -C '%s' config gpg.format ssh && "
		"git -C '%s' config user.signingkey '%s/key'",
		tmpdir, storedir, storedir, storedir, tmpdir);
	assert_int_equal(system(cmd), 0);
	put_commit(s, "signed.md", "s\n", "note", NULL, NULL);
	out = run(&st, "git -C '%s' -c gpg.ssh.allowedSignersFile='%s/allowed' "
		"verify-commit HEAD 2>&1", storedir, tmpdir);
	if (st)
		fprintf(stderr, "verify-commit: %s\n", out);
	assert_int_equal(st, 0);
	free(out);
	git_fsck();
	git_clean();

	/* a bad key fails the commit */
	snprintf(cmd, sizeof(cmd), "git -C '%s' config user.signingkey '%s/nokey'",
		storedir, tmpdir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "signed.md", "t\n", 2), 0);
	assert_true(cc_txn_commit(t, &info, NULL) < 0);
	assert_non_null(strstr(cc_error_msg(), "cannot sign"));
	cc_txn_free(t);
	assert_false(strcmp(out = read_raw("signed.md"), "s\n"));
	free(out);

	/* only ssh signing */
	snprintf(cmd, sizeof(cmd), "git -C '%s' config gpg.format openpgp", storedir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, "signed.md", "t\n", 2), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), CC_EINVALID);
	assert_non_null(strstr(cc_error_msg(), "only supports ssh"));
	cc_txn_free(t);
	git_clean();
	cc_store_free(s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_path_valid),
		T(test_init_first_commit),
		T(test_commit_time),
		T(test_second_commit_nested),
		T(test_delete),
		T(test_discovery),
		T(test_not_a_store),
		T(test_dirty),
		T(test_stage_worktree),
		T(test_rollback),
		T(test_write_failure),
		T(test_conflict),
		T(test_stale_lock_restore),
		T(test_stale_lock_complete),
		T(test_live_lock_timeout),
		T(test_concurrency),
		T(test_recovery_race),
		T(test_log),
		T(test_read_at),
		T(test_identity),
		T(test_symlink),
		T(test_modes),
		T(test_signing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
