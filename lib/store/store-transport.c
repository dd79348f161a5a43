/* store-transport.c - fetching and pushing through git's own transport
 *
 * Every fetch and push of a sync runs git itself as a child, under the
 * store lock:
 *     git --git-dir=G fetch --no-tags --no-write-fetch-head --no-auto-gc
 *         REMOTE "+refs/heads/(all):refs/remotes/REMOTE/(all)"
 *     git --git-dir=G push --porcelain REMOTE refs/heads/B:refs/heads/B
 * so that casectl reaches a server exactly when the worker's git does:
 * the same URL rewriting, proxies, http.* settings and their per-URL
 * forms, certificates, TLS versions, credential helpers and prompts,
 * ssh configuration and agent, and IPv6.  Merging and committing stay
 * in libgit2 (store-sync.c); git only moves objects and the
 * remote-tracking refs, which nothing else reads while the lock is held.
 *
 * casectl adds to git only what keeps a sync safe and understandable:
 *  - ssh never accepts an unknown or changed host key
 *    (-o StrictHostKeyChecking=yes), and never prompts without a
 *    terminal (BatchMode; GIT_TERMINAL_PROMPT=0 for https);
 *  - a time limit (casectl.networkTimeout, 300 s) on each git;
 *  - git's messages in English (LC_MESSAGES=C), which store-neterr.c
 *    turns into casectl's messages, with every URL password redacted;
 *  - a credential helper that only listens (added after the worker's
 *    own): told by git which credentials it stored or rejected, it lets
 *    casectl warn about a password sent over plain http:// and say that
 *    git rejected a helper's password.  It never answers a request.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "store-net-int.h"

/* The listening helper: appends "ACTION PROTOCOL-CLASS" to the file
 * $CASECTL_CRED_NOTE for git's store and erase requests. */
static const char observer[] =
	"credential.helper=!f() { case \"$1\" in store|erase) ;; *) cat >/dev/null; "
	"return 0;; esac; p=other; while IFS= read -r l; do case \"$l\" in "
	"protocol=http) p=http;; esac; done; echo \"$1 $p\" >>\"$CASECTL_CRED_NOTE\"; }; f";

static const char *const drop_env[] = {
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_COMMON_DIR",
	"GIT_PREFIX", "LANGUAGE", "LC_ALL", NULL
};

/* Whether CMD (an ssh command or program) takes OpenSSH's options: as
 * git decides it, every program but PuTTY's, unless ssh.variant says. */
static int is_openssh(cc_store *s, const char *cmd)
{
	const char *p = cmd, *end, *base;
	char *variant = NULL;
	int yes;

	if (cc_store_config(s, "ssh.variant", &variant) == 0) {
		yes = !strcmp(variant, "ssh") || !strcmp(variant, "auto");
		free(variant);
		if (!yes)
			return 0;
	} else {
		cc_error_clear();
	}
	while (*p == ' ' || *p == '\t')
		p++;
	for (end = p; *end && *end != ' ' && *end != '\t'; end++)
		;
	for (base = end; base > p && base[-1] != '/'; base--)
		;
	return !(memmem(base, (size_t)(end - base), "plink", 5) ||
		 memmem(base, (size_t)(end - base), "putty", 5));
}

/* GIT_SSH_COMMAND for the child: the worker's ssh command with casectl's
 * options, when it takes OpenSSH's.  Empty when the child is to use the
 * worker's as it is. */
static int ssh_env(cc_net *c, cc_buf *env)
{
	cc_buf base = CC_BUF_INIT;
	const char *prog = NULL;
	int err = cc__ssh_base(c, &base, &prog);

	if (!err && is_openssh(c->s, prog))
		err = cc_buf_printf(env, "GIT_SSH_COMMAND=%s -o StrictHostKeyChecking=yes%s",
			base.ptr, isatty(0) ? "" : " -o BatchMode=yes") ? CC_ENOMEM : 0;
	cc_buf_free(&base);
	return err < 0 ? cc_error_set(CC_ENOMEM, "out of memory") : 0;
}

/* The "remote: " lines of git's stderr ERR, without the prefix, into
 * C's side band. */
static void collect_remote(cc_net *c, const cc_buf *err)
{
	const char *p = err->ptr, *end = p ? p + err->len : NULL, *nl;

	while (p && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl - p >= 8 && !strncmp(p, "remote: ", 8)) {
			cc__net_sideband(c, p + 8, (size_t)(nl - p - 8));
			cc__net_sideband(c, "\n", 1);
		}
		p = nl + 1;
	}
}

/* Run "git --git-dir=G -c HELPER ARGS..." for C, with a time limit. */
static int run_git(cc_net *c, const char *const *args, cc_buf *out, cc_buf *err,
	int *status, int *timed_out, int *limit)
{
	cc_store *s = c->s;
	cc_buf gd = CC_BUF_INIT, ssh = CC_BUF_INIT, note = CC_BUF_INIT, ctype = CC_BUF_INIT;
	const char *argv[24], *set[8];
	size_t n = 0, k = 0, i;
	int fd = -1, rc;
	char *note_path = NULL;

	if ((rc = cc__config_seconds(s, "casectl.networkTimeout", 300, limit)) != 0)
		return rc;
	if ((rc = cc__tmp_create(s, "cred-note", &fd, &note_path)) != 0)
		return rc;
	close(fd);
	if (cc_buf_printf(&gd, "--git-dir=%s", s->gitdir) ||
	    cc_buf_printf(&note, "CASECTL_CRED_NOTE=%s", note_path) ||
	    (cc__ssh_url(c->url) && ssh_env(c, &ssh))) {
		rc = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	argv[n++] = "git";
	argv[n++] = gd.ptr;
	argv[n++] = "-c";
	argv[n++] = observer;
	for (i = 0; args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	set[k++] = note.ptr;
	set[k++] = "LC_MESSAGES=C";
	if (ssh.len)
		set[k++] = ssh.ptr;
	/* scripts and cron: no terminal to ask on, so git must not wait for one */
	if (!isatty(0) && !getenv("GIT_TERMINAL_PROMPT"))
		set[k++] = "GIT_TERMINAL_PROMPT=0";
	/* LC_ALL is dropped for LC_MESSAGES=C to count; its character set stays */
	if (getenv("LC_ALL") && *getenv("LC_ALL") && !getenv("LC_CTYPE")) {
		if (cc_buf_printf(&ctype, "LC_CTYPE=%s", getenv("LC_ALL"))) {
			rc = cc_error_set(CC_ENOMEM, "out of memory");
			goto out;
		}
		set[k++] = ctype.ptr;
	}
	set[k] = NULL;
	{
		cc__child ch = { (char *const *)argv, -1, drop_env, set, *limit, 1 << 20, 1 };
		rc = cc__run_child(&ch, out, err, status, timed_out);
	}
	if (!rc) {
		collect_remote(c, err);
		cc__net_read_note(c, note_path);
	}
out:
	if (note_path) {
		unlink(note_path);
		free(note_path);
	}
	cc_buf_free(&gd);
	cc_buf_free(&ssh);
	cc_buf_free(&note);
	cc_buf_free(&ctype);
	return rc;
}

static int git_ok(int status, int timed_out)
{
	return !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int cc__remote_fetch(cc_store *s, const char *remote)
{
	cc_buf spec = CC_BUF_INIT, out = CC_BUF_INIT, err = CC_BUF_INIT;
	cc_net c;
	int rc, status = 0, timed_out = 0, limit = 0;

	if ((rc = cc__net_open(s, remote, 0, &c)) != 0)
		goto out;
	if (cc_buf_printf(&spec, "+refs/heads/*:refs/remotes/%s/*", remote)) {
		rc = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	{
		const char *args[] = { "fetch", "--no-tags", "--no-write-fetch-head",
			"--no-auto-gc", "--no-recurse-submodules", "--", remote, spec.ptr, NULL };
		rc = run_git(&c, args, &out, &err, &status, &timed_out, &limit);
	}
	if (!rc && !git_ok(status, timed_out))
		rc = cc__net_explain(&c, "fetch from", cc_buf_cstr(&err), status, timed_out, limit);
	if (!rc)
		cc__net_http_check(&c);
out:
	cc_buf_free(&spec);
	cc_buf_free(&out);
	cc_buf_free(&err);
	cc__net_done(&c);
	return rc;
}

/* The summary of the porcelain line of DST ("!\tSRC:DST\t[rejected]
 * (fetch first)") in OUT, and its flag; 0 when there is none. */
static char porcelain(const char *text, const char *dst, char *out, size_t size)
{
	const char *line = text, *nl, *t1, *t2;
	size_t dl = strlen(dst);

	out[0] = '\0';
	for (; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (!(t1 = strchr(line, '\t')) || (nl && t1 > nl) ||
		    !(t2 = strchr(t1 + 1, '\t')) || (nl && t2 > nl))
			continue;
		if ((size_t)(t2 - t1 - 1) < dl + 1 || strncmp(t2 - dl, dst, dl) || t2[-dl - 1] != ':')
			continue;
		snprintf(out, size, "%.*s", (int)(nl ? nl - t2 - 1 : (int)strlen(t2 + 1)), t2 + 1);
		return line[0];
	}
	return 0;
}

/* What a refused update's summary says: 1 when the remote moved or was
 * busy (someone else pushed first: fetch, merge and try again). */
static int moved(const char *summary)
{
	static const char *const words[] = { "fetch first", "non-fast-forward", "stale info",
		"failed to update ref", "cannot lock ref", "failed to lock", "incorrect old value",
		NULL };
	size_t i;

	if (!strncmp(summary, "[rejected]", 10))
		return 1;
	for (i = 0; words[i]; i++)
		if (strstr(summary, words[i]))
			return 1;
	return 0;
}

/* After a push: the remote-tracking ref is what was pushed (git push
 * does this only when a fetch refspec maps it), and a branch without an
 * upstream gets this remote's, so plain git status and git pull work. */
static void after_push(cc_store *s, const char *remote, const char *branch, const git_oid *id)
{
	cc_buf ref = CC_BUF_INIT, key = CC_BUF_INIT;
	git_reference *r = NULL;
	git_config *cfg = NULL;
	git_config_entry *e = NULL;
	const char *name = branch + 11;
	git_oid have;

	/* git push has moved it already when a fetch refspec maps it */
	if (!cc_buf_printf(&ref, "refs/remotes/%s/%s", remote, name) &&
	    !(git_reference_name_to_id(&have, s->repo, ref.ptr) == 0 && git_oid_equal(&have, id)) &&
	    git_reference_create(&r, s->repo, ref.ptr, id, 1, "update by push") < 0)
		cc_warn("the push went through, but '%s' was not updated: %s", ref.ptr,
			git_error_last() ? git_error_last()->message : "unknown error");
	if (!cc_buf_printf(&key, "branch.%s.remote", name) &&
	    git_repository_config(&cfg, s->repo) == 0 &&
	    git_config_get_entry(&e, cfg, key.ptr) == GIT_ENOTFOUND) {
		int bad = git_config_set_string(cfg, key.ptr, remote) < 0;
		cc_buf_clear(&key);
		if (bad || cc_buf_printf(&key, "branch.%s.merge", name) ||
		    git_config_set_string(cfg, key.ptr, branch) < 0)
			cc_warn("cannot set the upstream of '%s' to '%s'", name, remote);
	}
	git_error_clear();
	git_config_entry_free(e);
	git_config_free(cfg);
	git_reference_free(r);
	cc_buf_free(&ref);
	cc_buf_free(&key);
}

int cc__remote_push(cc_store *s, const char *remote, const char *branch, int *rejected,
	cc_buf *said)
{
	cc_buf spec = CC_BUF_INIT, out = CC_BUF_INIT, err = CC_BUF_INIT;
	char summary[512];
	git_oid id;
	cc_net c;
	char flag;
	int rc, status = 0, timed_out = 0, limit = 0;

	*rejected = 0;
	if ((rc = cc__net_open(s, remote, 1, &c)) != 0)
		goto out;
	if (git_reference_name_to_id(&id, s->repo, branch) < 0) {
		rc = cc__git_error(CC_EIO, "cannot read '%s'", branch);
		goto out;
	}
	if (cc_buf_printf(&spec, "%s:%s", branch, branch)) {
		rc = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	{
		const char *args[] = { "push", "--porcelain", "--no-recurse-submodules",
			"--no-follow-tags", "--",
			remote, spec.ptr, NULL };
		rc = run_git(&c, args, &out, &err, &status, &timed_out, &limit);
	}
	if (rc)
		goto out;
	flag = porcelain(cc_buf_cstr(&out), branch, summary, sizeof(summary));
	if (git_ok(status, timed_out) && flag && flag != '!') {
		after_push(s, remote, branch, &id);
		cc__net_http_check(&c);
		if (said)
			rc = cc__net_remote_lines(&c, said);
	} else if (!timed_out && flag == '!' && moved(summary)) {
		*rejected = 1;
	} else if (!timed_out && flag == '!') {
		const char *why = strchr(summary, '(');
		cc_buf text = CC_BUF_INIT;
		size_t wl = why ? strcspn(why + 1, ")") : 0;
		rc = cc_buf_printf(&text, "'%s' refused the push: %.*s", remote,
			why ? (int)wl : (int)strlen(summary), why ? why + 1 : summary) ?
			cc_error_set(CC_ENOMEM, "out of memory") : cc__net_fail(&c, "push to",
			text.ptr);
		cc_buf_free(&text);
	} else {
		rc = cc__net_explain(&c, "push to", cc_buf_cstr(&err), status, timed_out, limit);
	}
out:
	cc_buf_free(&spec);
	cc_buf_free(&out);
	cc_buf_free(&err);
	cc__net_done(&c);
	return rc;
}
