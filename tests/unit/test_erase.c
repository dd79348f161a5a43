/* test_erase.c - unit tests for the erase engine (lib/ops/erase.c,
 * lib/store-erase*.c): what an erasure leaves, what it keeps, and that
 * a refusal or a failure midway changes nothing */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/ops/closure.h"
#include "casectl/store/erase.h"
#include "casectl/util/error.h"
#include "casectl/ops/intake.h"
#include "casectl/ops/monitor.h"
#include "casectl/model/settings.h"
#include "casectl/store/store.h"
#include "casectl/store/trust.h"

static char top[64], store[96];
static char warned[4096];

static void on_warn(const char *msg)
{
	size_t n = strlen(warned);

	snprintf(warned + n, sizeof(warned) - n, "%s\n", msg);
}

static int setup(void **state)
{
	static const char *const env[][2] = {
		{ "GIT_CONFIG_NOSYSTEM", "1" }, { "GIT_CEILING_DIRECTORIES", "/tmp" },
		{ "GIT_AUTHOR_NAME", "Ann Worker" }, { "GIT_AUTHOR_EMAIL", "ann@example.org" },
		{ "GIT_COMMITTER_NAME", "Ann Worker" }, { "GIT_COMMITTER_EMAIL", "ann@example.org" },
		{ "CASECTL_NOW", "2026-01-05" }, { "HOME", top }, { "XDG_CONFIG_HOME", top },
	};
	size_t i;

	(void)state;
	snprintf(top, sizeof(top), "/tmp/cc-erase-XXXXXX");
	if (!mkdtemp(top))
		return -1;
	snprintf(store, sizeof(store), "%s/store", top);
	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++)
		setenv(env[i][0], env[i][1], 1);
	unsetenv("CASECTL_DIR");
	unsetenv("EMAIL");
	warned[0] = '\0';
	cc_warn_set_handler(on_warn);
	cc_error_clear();
	return 0;
}

static int teardown(void **state)
{
	char cmd[96];

	(void)state;
	cc_warn_set_handler(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

/* --- helpers --------------------------------------------------------- */

/* What a shell command run in the store prints (malloc'd); *status its
 * exit status when STATUS is non-NULL, else it must exit 0. */
static char *sh(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *sh(int *status, const char *fmt, ...)
{
	cc_buf cmd = CC_BUF_INIT, file = CC_BUF_INIT;
	char *out = NULL;
	size_t len;
	va_list ap;
	int rc;

	cc_buf_printf(&file, "%s/sh.out", top);
	cc_buf_printf(&cmd, "cd '%s' && { ", store);
	va_start(ap, fmt);
	cc_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	cc_buf_printf(&cmd, "; } >'%s'", file.ptr);
	rc = system(cmd.ptr);
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	if (cc_read_file(file.ptr, &out, &len) != 0)
		out = strdup("");
	if (status)
		*status = rc;
	else if (rc != 0)
		fail_msg("'%s' exited %d:\n%s", cmd.ptr, rc, out);
	cc_buf_free(&cmd);
	cc_buf_free(&file);
	return out;
}

/* Assert that the shell command prints nothing. */
static void sh_empty(const char *cmd)
{
	char *out = sh(NULL, "%s", cmd);

	if (*out)
		fail_msg("'%s' printed:\n%s", cmd, out);
	free(out);
}

static cc_store *new_store(void)
{
	cc_settings st;
	cc_store *s = NULL;
	cc_txn *t = NULL;
	cc_commit_info info = { "init", NULL, "create case store", NULL };
	char *text = NULL;
	size_t len;

	cc_settings_default(&st);
	assert_int_equal(cc_store_init(&s, store), 0);
	assert_int_equal(cc_settings_render(&st, &text, &len), 0);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, CC_SETTINGS_FILE, text, len), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), 0);
	cc_txn_free(t);
	free(text);
	return s;
}

static void at(const char *day)
{
	setenv("CASECTL_NOW", day, 1);
}

static void open_case(cc_store *s, const char *client, char id[CC_ID_LEN + 1])
{
	cc_open_opts o = { 0 };
	char *text = NULL;
	size_t len;

	o.client = client;
	o.referral = "hospital";
	o.message = "several needs";
	assert_int_equal(cc_intake_draft(s, &o, &text, &len), 0);
	if (cc_intake_commit(s, text, len, id))
		fail_msg("open: %s", cc_error_msg());
	free(text);
}

static void note(cc_store *s, const char *id, const char *text)
{
	cc_monitor_opts o;
	char file[CC_EVENT_NAME_MAX];

	memset(&o, 0, sizeof(o));
	o.message = text;
	o.force = "test";
	o.client_present = -1;
	if (cc_monitor_commit(s, id, &o, NULL, 0, file))
		fail_msg("monitor: %s", cc_error_msg());
}

static void close_case(cc_store *s, const char *id)
{
	cc_close_opts o = { "moved away", NULL, NULL, "test" };

	if (cc_case_close(s, id, &o))
		fail_msg("close: %s", cc_error_msg());
}

/* One commit that writes FILE in both case folders. */
static void both(cc_store *s, const char *adir, const char *atext, const char *bdir,
	const char *btext)
{
	cc_commit_info info = { "note", NULL, "shared note", NULL };
	cc_txn *t = NULL;
	char pa[256], pb[256];

	snprintf(pa, sizeof(pa), "%s/shared.md", adir);
	snprintf(pb, sizeof(pb), "%s/shared.md", bdir);
	assert_int_equal(cc_txn_begin(&t, s), 0);
	assert_int_equal(cc_txn_put(t, pa, atext, strlen(atext)), 0);
	assert_int_equal(cc_txn_put(t, pb, btext, strlen(btext)), 0);
	assert_int_equal(cc_txn_commit(t, &info, NULL), 0);
	cc_txn_free(t);
}

static char *case_dir(cc_store *s, const char *id)
{
	cc_case *c = NULL;
	char *d;

	assert_int_equal(cc_case_load(s, id, &c), 0);
	d = strdup(cc_case_dir(c));
	cc_case_free(c);
	return d;
}

/* Everything a failed or refused erasure must leave as it was: every
 * ref and its target, HEAD, the reflogs, the index, the files. */
#define STATE "git for-each-ref --format='%(refname) %(objectname)'; git symbolic-ref HEAD; " \
	"git reflog show --all --format='%gd %H %gs' | sort; git ls-files -s; " \
	"git status --porcelain; find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum"
/* ... and, for a refusal, not a single object more */
#define OBJECTS "git count-objects -v | grep -v size; git cat-file --batch-all-objects --batch-check"

static void assert_same(const char *what, const char *before)
{
	char *now = sh(NULL, "%s", what);

	if (strcmp(now, before))
		fail_msg("changed:\n--- before\n%s--- after\n%s", before, now);
	free(now);
}

/* A store with a closed case A (client "Marie Dvorakova") and an open
 * case B, their commits interleaved, one commit that writes both, the
 * first half of it packed. */
typedef struct {
	cc_store *s;
	char a[CC_ID_LEN + 1], b[CC_ID_LEN + 1], id[CC_ID_LEN + 1];
	char *adir, *bdir;
	cc_erase_stats st;
} world;

static void two_cases(world *w)
{
	memset(w, 0, sizeof(*w));
	w->s = new_store();
	at("2026-01-06");
	open_case(w->s, "Marie Dvorakova", w->a);
	at("2026-01-07");
	open_case(w->s, "Bert Cole", w->b);
	w->adir = case_dir(w->s, w->a);
	w->bdir = case_dir(w->s, w->b);
	at("2026-01-08");
	note(w->s, w->a, "home visit with Marie Dvorakova, secret-alpha");
	at("2026-01-09");
	note(w->s, w->b, "first call with Bert");
	at("2026-01-10");
	both(w->s, w->adir, "joint meeting, Marie Dvorakova, secret-beta\n", w->bdir,
		"joint meeting, Bert's part\n");
	free(sh(NULL, "git gc -q"));
	at("2026-01-11");
	note(w->s, w->a, "last visit, secret-gamma");
	at("2026-01-12");
	close_case(w->s, w->a);
	at("2026-01-13");
	note(w->s, w->b, "second call with Bert");
}

static void world_free(world *w)
{
	free(w->adir);
	free(w->bdir);
	cc_store_free(w->s);
}

/* Erase case A on 2037-01-02 (its retention ran out on 2036-01-12). */
static int erase_a(world *w, const char *why)
{
	cc_erase_opts o = { 0, why };

	at("2037-01-02");
	return cc_erase(w->s, w->a, &o, &w->st, w->id);
}

static void must_erase_a(world *w)
{
	if (erase_a(w, "retention period over"))
		fail_msg("erase: %s", cc_error_msg());
}

/* --- tests ------------------------------------------------------------ */

static void test_erase_leaves_nothing_of_a(void **state)
{
	world w;
	char *out, *blobs, *b_before, *head_before, *expect, *b_after;

	(void)state;
	two_cases(&w);
	/* every version of every file A ever had */
	blobs = sh(NULL, "git log --all --format= --raw --no-abbrev -- '%s' | awk '{print $4}' | "
		"grep -v '^0*$' | sort -u", w.adir);
	assert_true(strlen(blobs) >= 5 * 41);
	out = sh(NULL, "git cat-file --batch-all-objects --batch | grep -c -e Dvorakova -e secret-");
	assert_true(atoi(out) >= 3);
	free(out);
	/* B's history: messages, authors, dates and the blobs of its files */
	b_before = sh(NULL, "git log --format='%%B|%%an|%%ae|%%ad|%%cn|%%ce|%%cd' --raw --no-abbrev "
		"-- '%s'", w.bdir);
	/* the branch's history less the commits that touched only A */
	head_before = sh(NULL, "git log --format='%%s|%%an|%%ad|%%cd' | grep -v ' %s: '", w.a);

	must_erase_a(&w);
	assert_string_equal(w.id, w.a);
	out = sh(NULL, "git rev-parse HEAD");
	assert_int_equal(strncmp(out, w.st.tombstone, 40), 0);
	free(out);
	/* open, two notes and close touched A alone: dropped; B's open and
	 * notes and the shared note rebuilt, and the tombstone */
	assert_int_equal(w.st.dropped, 4);
	assert_int_equal(w.st.rewritten, 5);
	assert_int_equal(w.st.refs, 1);

	/* no object, loose or packed, reachable or not, holds A's data */
	sh_empty("git cat-file --batch-all-objects --batch | grep -a -e Dvorakova -e secret- || true");
	out = sh(NULL, "printf '%%s' '%s' | while read o; do "
		"git cat-file -e $o 2>/dev/null && echo $o; done; true", blobs);
	assert_string_equal(out, "");
	free(out);
	sh_empty("git count-objects -v | grep '^count: ' | grep -v ': 0$' || true");
	sh_empty("ls .git/objects/pack/*.pack | wc -l | grep -vx 1 || true");
	sh_empty("git fsck --strict --unreachable --no-reflogs --no-progress 2>&1");
	sh_empty("grep -r -l -a -e Dvorakova -e secret- .git || true");
	sh_empty("git status --porcelain");
	out = sh(NULL, "git log --all --format=%%H -- '%s'; git ls-files -- '%s'; "
		"test -e '%s' && echo still there; true", w.adir, w.adir, w.adir);
	assert_string_equal(out, "");
	free(out);

	/* B: the same commits, messages, authors, dates and file versions */
	b_after = sh(NULL, "git log --format='%%B|%%an|%%ae|%%ad|%%cn|%%ce|%%cd' --raw --no-abbrev "
		"-- '%s'", w.bdir);
	assert_string_equal(b_after, b_before);
	assert_non_null(strstr(b_after, "shared note"));
	/* the branch: the tombstone on top of the same history less A's */
	expect = sh(NULL, "echo 'erase %s: case erased|Ann Worker|Fri Jan 2 12:00:00 2037 +0000|"
		"Fri Jan 2 12:00:00 2037 +0000'; printf '%%s' '%s'", w.a, head_before);
	assert_same("git log --format='%s|%an|%ad|%cd'", expect);

	/* the tombstone: when and why, the trailers, nothing personal */
	assert_same("git rev-list --count HEAD^ --not $(git log -1 "
		"--format='%(trailers:key=Rewritten-after,valueonly)' HEAD)", "4\n");
	out = sh(NULL, "printf 'erase %s: case erased\\n\\nErased: 2037-01-02\\n"
		"Reason: retention period over\\n\\nCase: %s\\nAction: erase\\nRewritten: 4\\n"
		"Rewritten-after: %%s\\nUnsigned-before: 4\\nUnsigned-before-id: %%s\\n"
		"Unsigned-before-id: %%s\\nUnsigned-before-id: %%s\\nUnsigned-before-id: %%s\\n' "
		"$(git rev-parse HEAD~5 HEAD~1 HEAD~2 HEAD~3 HEAD~4)", w.a, w.a);
	assert_same("git cat-file commit HEAD | sed '1,/^$/d'", out);
	free(out);
	assert_same("git cat-file commit HEAD | grep -c -e Dvorakova -e secret- -e Bert "
		"-e 'several needs' || true", "0\n");
	assert_same("git rev-parse HEAD^{tree} HEAD~1^{tree} | uniq | wc -l", "1\n");
	assert_same("git log -1 --format='%an <%ae> %cn <%ce> %ad'",
		"Ann Worker <ann@example.org> Ann Worker <ann@example.org> "
		"Fri Jan 2 12:00:00 2037 +0000\n");

	free(b_after);
	free(expect);
	free(head_before);
	free(b_before);
	free(blobs);
	world_free(&w);
}

static void test_refs_and_reflog(void **state)
{
	world w;
	char *old, *out;

	(void)state;
	two_cases(&w);
	/* tags and a branch into the history that will be rebuilt, and
	 * tags from before case A existed */
	free(sh(NULL, "git tag old-lw HEAD~8 && git tag -a -m 'old' old-ann HEAD~8 && "
		"git tag lw-shared HEAD~3 && git tag lw-a-only HEAD~2 && "
		"git tag -a -m 'annotated' ann HEAD~3 && git branch side HEAD~1"));
	assert_same("git log -1 --format=%s HEAD~8", "init: create case store\n");
	old = sh(NULL, "git rev-parse old-lw old-ann side lw-shared lw-a-only; "
		"git rev-list --all --reflog | sort");
	must_erase_a(&w);
	assert_int_equal(w.st.refs, 4);   /* main, side, lw-shared, lw-a-only */
	/* tags from before A keep their ids; the tag object too */
	out = sh(NULL, "git rev-parse old-lw old-ann");
	assert_int_equal(strncmp(out, old, strlen(out)), 0);
	free(out);
	/* side was "case closed" (A only): it is now the shared note, as is
	 * lw-a-only (the note on A before it); lw-shared stays the shared note */
	assert_same("git log -1 --format=%s side; git log -1 --format=%s lw-shared; "
		"git log -1 --format=%s lw-a-only; git rev-parse side lw-shared lw-a-only "
		"| uniq | wc -l", "note: shared note\nnote: shared note\nnote: shared note\n1\n");
	out = sh(NULL, "git ls-tree -r --name-only side | grep -c '%s' || true; "
		"git ls-tree -r --name-only side | grep -c '%s/' || true", w.adir, w.bdir);
	assert_string_equal(out, "0\n3\n");   /* B's case.md, journal note, shared.md */
	free(out);
	/* the annotated tag of a rebuilt commit is gone, and said so */
	sh_empty("git tag -l ann");
	assert_non_null(strstr(warned, "tag 'refs/tags/ann' pointed into the erased history "
		"and was deleted"));
	/* no reflog reaches an old commit; the old commits are gone */
	sh_empty("git reflog show --all --format=%H");
	out = sh(NULL, "printf '%%s' '%s' | tail -n +6 | while read c; do "
		"git cat-file -e $c 2>/dev/null && echo $c; done; git rev-parse old-lw", old);
	/* of the 9 old commits only the first is still there */
	assert_int_equal(strlen(out), 2 * 41);
	assert_int_equal(strncmp(out, out + 41, 41), 0);
	assert_non_null(strstr(old, out + 41));
	free(out);
	free(old);
	world_free(&w);
}

#define REFUSED(w, call, code, msg) do { \
	char *before_ = sh(NULL, "%s", STATE "; " OBJECTS); \
	assert_int_equal((call), (code)); \
	assert_non_null(strstr(cc_error_msg(), (msg))); \
	assert_same(STATE "; " OBJECTS, before_); \
	assert_string_equal((w)->id, ""); \
	free(before_); \
} while (0)

static void test_refusals_change_nothing(void **state)
{
	world w;
	cc_erase_opts o = { 0, "asked" }, forced = { 1, NULL };

	(void)state;
	two_cases(&w);
	REFUSED(&w, cc_erase(w.s, w.b, &o, &w.st, w.id), CC_EREFUSED,
		"is open; close it first");
	/* A's retention (10 years from 2026-01-12) has not run out */
	at("2036-01-11");
	REFUSED(&w, cc_erase(w.s, w.a, &o, &w.st, w.id), CC_EREFUSED,
		"must be kept until 2036-01-12");
	REFUSED(&w, cc_erase(w.s, w.a, &forced, &w.st, w.id), CC_EUSAGE,
		"--force needs --reason");
	/* a retention hold refuses even with --force */
	assert_int_equal(cc_retention_hold(w.s, w.a, 1, "court case"), 0);
	at("2040-01-01");
	forced.reason = "asked";
	REFUSED(&w, cc_erase(w.s, w.a, &forced, &w.st, w.id), CC_EREFUSED,
		"under a retention hold (court case)");
	assert_int_equal(cc_retention_hold(w.s, w.a, 0, NULL), 0);
	/* uncommitted changes in the case folder */
	free(sh(NULL, "echo scribble >> '%s/case.md'", w.adir));
	REFUSED(&w, cc_erase(w.s, w.a, &o, &w.st, w.id), CC_EDIRTY, w.a);
	free(sh(NULL, "git checkout -q -- '%s'", w.adir));
	/* no git to prune with: refused before anything changes */
	{
		char *path = strdup(getenv("PATH")), *before = sh(NULL, "%s", STATE "; " OBJECTS);
		setenv("PATH", "/nonexistent", 1);
		assert_int_equal(cc_erase(w.s, w.a, &o, &w.st, w.id), CC_ERROR);
		setenv("PATH", path, 1);
		assert_non_null(strstr(cc_error_msg(), "cannot run 'git version'; install git"));
		assert_same(STATE "; " OBJECTS, before);
		free(before);
		free(path);
	}
	world_free(&w);
}

/* A failed erasure: the refs, HEAD, reflogs, index and files as before,
 * and the same objects reachable (new unreachable ones may stay). */
static void assert_undone(world *w, int code, const char *msg, const char *before,
	const char *reach)
{
	char *out;

	assert_int_equal(erase_a(w, "retention period over"), code);
	assert_non_null(strstr(cc_error_msg(), msg));
	assert_non_null(strstr(cc_error_msg(), "nothing was erased"));
	assert_same(STATE, before);
	assert_same("git rev-list --all --objects | sort", reach);
	sh_empty("git fsck --strict --no-dangling --no-progress 2>&1");
	out = sh(NULL, "grep -c Dvorakova '%s/shared.md'; git log --format=%%s -- '%s' | wc -l",
		w->adir, w->adir);
	assert_string_equal(out, "1\n5\n");
	free(out);
}

/* A ref that cannot be moved, after others have moved: all put back,
 * the tombstone undone, A's files back. */
static void test_failed_ref_move_undoes_all(void **state)
{
	world w;
	char *before, *reach;

	(void)state;
	two_cases(&w);
	free(sh(NULL, "git branch side HEAD~1 && git tag zz HEAD~1 && git tag aa HEAD~1 && "
		": > .git/refs/tags/zz.lock"));
	before = sh(NULL, "%s", STATE);
	reach = sh(NULL, "git rev-list --all --objects | sort");
	assert_undone(&w, CC_ECONFLICT, "cannot move 'refs/tags/zz'", before, reach);
	/* once the lock is gone, the same erasure goes through */
	free(sh(NULL, "rm .git/refs/tags/zz.lock"));
	must_erase_a(&w);
	sh_empty("git cat-file --batch-all-objects --batch | grep -a Dvorakova || true");
	free(reach);
	free(before);
	world_free(&w);
}

/* A commit the engine cannot rebuild (an octopus of 65 parents on a
 * side branch): the rebuild stops midway, the tombstone is undone. */
static void test_failed_rebuild_undoes_all(void **state)
{
	world w;
	char *before, *reach;

	(void)state;
	two_cases(&w);
	free(sh(NULL, "t=$(git rev-parse HEAD^{tree}); p=; for i in $(seq 65); do "
		"p=\"$p -p $(echo $i | git commit-tree $t -p HEAD)\"; done; "
		"git branch octopus $(echo octopus | git commit-tree $t $p)"));
	before = sh(NULL, "%s", STATE);
	reach = sh(NULL, "git rev-list --all --objects | sort");
	assert_undone(&w, CC_EINVALID, "more than 64 parents", before, reach);
	free(reach);
	free(before);
	world_free(&w);
}

/* git gc failing after the refs moved: the case is out of the history,
 * the message says how to finish, and that finishes it. */
static void test_failed_prune_says_how_to_finish(void **state)
{
	world w;
	char *out, want[128];

	(void)state;
	two_cases(&w);
	/* a gc "running" in this very process */
	free(sh(NULL, "echo %ld $(hostname) > .git/gc.pid", (long)getpid()));
	assert_int_equal(erase_a(&w, "retention period over"), CC_ERROR);
	assert_non_null(strstr(cc_error_msg(), "is out of the history, but its old objects are "
		"still"));
	snprintf(want, sizeof(want), "run 'casectl erase %s' again to prune them", w.a);
	assert_non_null(strstr(cc_error_msg(), want));
	out = sh(NULL, "git log --all --format=%%H -- '%s'", w.adir);
	assert_string_equal(out, "");
	free(out);
	free(sh(NULL, "git cat-file --batch-all-objects --batch | grep -a -q Dvorakova"));
	/* as told: erase again finishes it (the case is found by its tombstone) */
	free(sh(NULL, "rm .git/gc.pid"));
	assert_int_equal(erase_a(&w, "retention period over"), 0);
	assert_int_equal(w.st.finished, 1);
	assert_int_equal(w.st.rewritten, 0);
	sh_empty("git cat-file --batch-all-objects --batch | grep -a Dvorakova || true");
	sh_empty("git fsck --strict --no-progress 2>&1");
	world_free(&w);
}

static int have_ssh_keygen(void)
{
	return system("command -v ssh-keygen >/dev/null 2>&1") == 0;
}

/* Signing: the tombstone is signed and says which commits lost their
 * signatures; verify takes those as rewritten, a commit unsigned before
 * the erasure stays a problem, and git verify-commit agrees. */
static void test_signed_tombstone(void **state)
{
	world w;
	char *out, key[512];
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_verify_stats vs;
	size_t i, rewritten = 0;

	(void)state;
	if (!have_ssh_keygen())
		skip();
	/* (the first commit, made before, stays unsigned) */
	memset(&w, 0, sizeof(w));
	w.s = new_store();
	snprintf(key, sizeof(key), "%s/key", top);
	free(sh(NULL, "ssh-keygen -q -t ed25519 -N '' -C ann -f '%s' && "
		"git config commit.gpgsign true && git config gpg.format ssh && "
		"git config user.signingkey '%s.pub'", key, key));
	strcat(key, ".pub");
	assert_int_equal(cc_verify_add_signer(w.s, "ann@example.org", key), 0);
	at("2026-01-06");
	open_case(w.s, "Marie Dvorakova", w.a);
	open_case(w.s, "Bert Cole", w.b);
	w.adir = case_dir(w.s, w.a);
	w.bdir = case_dir(w.s, w.b);
	note(w.s, w.b, "first call");
	free(sh(NULL, "git -c commit.gpgsign=false commit -q --allow-empty -m 'plain unsigned'"));
	both(w.s, w.adir, "Marie Dvorakova\n", w.bdir, "Bert\n");
	close_case(w.s, w.a);
	must_erase_a(&w);
	assert_int_equal(w.st.unsigned_now, 3);   /* B's open, B's note, the shared note */
	/* the tombstone is signed, and git agrees */
	free(sh(NULL, "git -c gpg.ssh.allowedSignersFile=allowed-signers verify-commit HEAD 2>&1"));
	assert_same("git cat-file commit HEAD | grep -c '^gpgsig '", "1\n");
	assert_same("git log -1 --format='%(trailers:key=Rewritten,valueonly)"
		"%(trailers:key=Unsigned-before,valueonly)'", "4\n1\n\n");
	assert_same("test \"$(git log -1 --format='%(trailers:key=Unsigned-before-id,valueonly)' "
		"| head -1)\" = \"$(git log --format=%H --grep='^plain unsigned')\" && echo same",
		"same\n");
	/* the commits from before A keep their ids and signatures */
	free(sh(NULL, "git -c gpg.ssh.allowedSignersFile=allowed-signers verify-commit HEAD~5 "
		"2>&1"));
	assert_same("git log --format=%s HEAD~5", "signer: allowed signer added\n"
		"init: create case store\n");
	/* verify: the rebuilt commits are rewritten, the plain one and the
	 * first commit problems */
	assert_int_equal(cc_verify(w.s, NULL, NULL, &probs, &vs), 0);
	assert_int_equal(vs.checked, 7);
	assert_int_equal(probs.n, 5);
	assert_int_equal(vs.rewritten, 3);
	out = sh(NULL, "git rev-parse --short=12 HEAD");
	out[12] = '\0';
	for (i = 0; i < probs.n; i++) {
		if (strstr(probs.items[i], ": rewritten by the erasure in ")) {
			char want[128];
			snprintf(want, sizeof(want), "rewritten by the erasure in %s on 2037-01-02; "
				"the original signatures cannot survive it", out);
			assert_non_null(strstr(probs.items[i], want));
			rewritten++;
		} else if (!strstr(probs.items[i], "unsigned (already before the erasure")) {
			assert_int_equal(i, probs.n - 1);   /* the first commit */
			assert_non_null(strstr(probs.items[i], "Ann Worker <ann@example.org>: unsigned"));
		}
	}
	assert_int_equal(rewritten, 3);
	cc_problems_free(&probs);
	/* a tombstone that is not validly signed vouches for nothing */
	free(sh(NULL, "git cat-file commit HEAD | sed '/^gpgsig/,/END SSH SIGNATURE/d' > t && "
		"git update-ref refs/heads/main $(git hash-object -t commit -w t) && rm t"));
	assert_int_equal(cc_verify(w.s, NULL, NULL, &probs, &vs), 0);
	assert_int_equal(vs.rewritten, 0);
	assert_int_equal(probs.n, 6);
	for (i = 0; i < probs.n; i++)
		assert_non_null(strstr(probs.items[i], ": unsigned"));
	cc_problems_free(&probs);
	free(out);
	world_free(&w);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_erase_leaves_nothing_of_a),
		T(test_refs_and_reflog),
		T(test_refusals_change_nothing),
		T(test_failed_ref_move_undoes_all),
		T(test_failed_rebuild_undoes_all),
		T(test_failed_prune_says_how_to_finish),
		T(test_signed_tombstone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
