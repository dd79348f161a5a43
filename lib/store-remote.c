/* store-remote.c - remotes, and fetching from and pushing to them
 *
 * A remote's URL is the one git would use: remote.NAME.url (to push,
 * remote.NAME.pushurl) rewritten by url.BASE.insteadOf and
 * url.BASE.pushInsteadOf.  Credentials, certificates and ssh are in
 * store-cred.c and store-ssh.c: an unknown or changed ssh host key or
 * a TLS certificate that is not valid is refused with a message saying
 * so, never accepted.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <unistd.h>

#include "casectl/buf.h"
#include "casectl/error.h"
#include "casectl/sync.h"
#include "store-net.h"

/* Whether remote.NAME.url is set. */
static int remote_exists(cc_store *s, const char *name)
{
	git_config *cfg = NULL, *snap = NULL;
	git_config_entry *e = NULL;
	cc_buf key = CC_BUF_INIT;
	int found;

	found = !cc_buf_printf(&key, "remote.%s.url", name) &&
		git_repository_config(&cfg, s->repo) == 0 &&
		git_config_snapshot(&snap, cfg) == 0 &&
		git_config_get_entry(&e, snap, key.ptr) == 0;
	git_config_entry_free(e);
	git_config_free(snap);
	git_config_free(cfg);
	cc_buf_free(&key);
	git_error_clear();
	return found;
}

int cc_store_remote_add(cc_store *s, const char *name, const char *url)
{
	int rc, valid = 0;

	if (name && git_remote_name_is_valid(&valid, name) < 0)
		valid = 0;
	if (!name || !*name || !valid || strchr(name, '/'))
		return cc_error_set(CC_EINVALID, "'%s' is not a valid remote name", name ? name : "");
	if (!url || !*url || strpbrk(url, "\r\n"))
		return cc_error_set(CC_EINVALID, "the remote '%s' needs a URL", name);
	if (remote_exists(s, name))
		return cc_error_set(CC_ECONFLICT, "the remote '%s' already exists; "
			"run 'git remote set-url %s URL' to change it", name, name);
	/* written as 'git remote add' does, without git_remote_create (which
	 * leaks in libgit2 1.5) */
	{
		git_config *cfg = NULL;
		cc_buf k1 = CC_BUF_INIT, k2 = CC_BUF_INIT, v2 = CC_BUF_INIT;
		rc = cc_buf_printf(&k1, "remote.%s.url", name) ||
		     cc_buf_printf(&k2, "remote.%s.fetch", name) ||
		     cc_buf_printf(&v2, "+refs/heads/*:refs/remotes/%s/*", name) ? -1 : 0;
		if (!rc && (git_repository_config(&cfg, s->repo) < 0 ||
		    git_config_set_string(cfg, k1.ptr, url) < 0 ||
		    git_config_set_string(cfg, k2.ptr, v2.ptr) < 0))
			rc = -1;
		git_config_free(cfg);
		cc_buf_free(&k1);
		cc_buf_free(&k2);
		cc_buf_free(&v2);
	}
	if (rc < 0)
		return cc__git_error(CC_EIO, "cannot add the remote '%s'", name);
	return 0;
}

void cc_remotes_free(cc_remote *r, size_t n)
{
	size_t i;

	for (i = 0; r && i < n; i++) {
		free(r[i].name);
		free(r[i].url);
	}
	free(r);
}

/* Remote names from the config, without git_remote_list: libgit2 1.5
 * leaks a regex match block for every entry its pattern does not match. */
int cc_store_remote_list(cc_store *s, cc_remote **out, size_t *n)
{
	git_config *cfg = NULL, *snap = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	cc_remote *v = NULL;
	size_t k = 0, i;
	int err = 0, rc;

	*out = NULL;
	*n = 0;
	if (git_repository_config(&cfg, s->repo) < 0 || git_config_snapshot(&snap, cfg) < 0 ||
	    git_config_iterator_new(&it, snap) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the remotes");
		goto out;
	}
	while (!err && (rc = git_config_next(&e, it)) == 0) {
		size_t len = strlen(e->name);
		cc_remote *nv;
		if (strncmp(e->name, "remote.", 7) || len < 12 || strcmp(e->name + len - 4, ".url"))
			continue;
		for (i = 0; i < k; i++)
			if (strlen(v[i].name) == len - 11 && !strncmp(v[i].name, e->name + 7, len - 11))
				break;
		if (i < k) {
			free(v[i].url);
			if (!(v[i].url = cc__redact_dup(e->value ? e->value : "")))
				err = cc_error_set(CC_ENOMEM, "out of memory");
			continue;
		}
		if (!(nv = realloc(v, (k + 1) * sizeof(*v)))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		v = nv;
		v[k].name = strndup(e->name + 7, len - 11);
		v[k].url = cc__redact_dup(e->value ? e->value : "");
		k++;
		if (!v[k - 1].name || !v[k - 1].url)
			err = cc_error_set(CC_ENOMEM, "out of memory");
	}
out:
	git_config_iterator_free(it);
	git_config_free(snap);
	git_config_free(cfg);
	if (err) {
		cc_remotes_free(v, k);
		return err;
	}
	*out = v;
	*n = k;
	return 0;
}

int cc_store_remote_default(cc_store *s, char **name)
{
	cc_remote *v;
	size_t n, i;
	int err;

	*name = NULL;
	if ((err = cc_store_remote_list(s, &v, &n)) != 0)
		return err;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, "origin"))
			break;
	if (i == n && n == 1)
		i = 0;
	if (n == 0)
		err = cc_error_set(CC_ENOTFOUND, "the store has no remote; "
			"run 'casectl remote add origin URL' first");
	else if (i == n)
		err = cc_error_set(CC_EUSAGE, "the store has %zu remotes and none is "
			"called 'origin'; name the one to sync with", n);
	else if (!(*name = strdup(v[i].name)))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	cc_remotes_free(v, n);
	return err;
}

/* --- the URL git would use ------------------------------------------------ */

/* URL rewritten by the longest url.BASE.insteadOf (KIND "insteadof")
 * or url.BASE.pushInsteadOf (KIND "pushinsteadof") that is a prefix of
 * it, as git does; NULL in *out when none is. */
static int rewrite_url(git_config *snap, const char *url, const char *kind, char **out)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t best = 0, klen = strlen(kind), len;
	cc_buf b = CC_BUF_INIT;
	int rc;

	*out = NULL;
	if (git_config_iterator_new(&it, snap) < 0)
		return cc__git_error(CC_EIO, "cannot read the git configuration");
	while ((rc = git_config_next(&e, it)) == 0) {
		len = strlen(e->name);
		if (strncmp(e->name, "url.", 4) || len < 5 + klen + 1 ||
		    e->name[len - klen - 1] != '.' || strcmp(e->name + len - klen, kind) ||
		    !e->value || !*e->value || strncmp(url, e->value, strlen(e->value)) ||
		    strlen(e->value) <= best)
			continue;
		best = strlen(e->value);
		cc_buf_clear(&b);
		if (cc_buf_put(&b, e->name + 4, len - 4 - klen - 1)) {
			rc = GIT_ERROR;
			break;
		}
	}
	git_config_iterator_free(it);
	if (rc != GIT_ITEROVER) {
		cc_buf_free(&b);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (best && (cc_buf_puts(&b, url + best) || !(*out = cc_buf_detach(&b)))) {
		cc_buf_free(&b);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	cc_buf_free(&b);
	return 0;
}

/* The URL of remote NAME as git uses it: to fetch, remote.NAME.url
 * after url.*.insteadOf; to push, remote.NAME.pushurl after insteadOf,
 * else the url after pushInsteadOf, else after insteadOf.  Also the
 * core.sshCommand, for the ssh transport. */
static int remote_url(cc_store *s, const char *name, int push, cc_net *c)
{
	git_config *cfg = NULL, *snap = NULL;
	cc_buf key = CC_BUF_INIT;
	const char *url = NULL, *pushurl = NULL, *sshcmd = NULL;
	char *out = NULL;
	int err = 0;

	if (git_repository_config(&cfg, s->repo) < 0 || git_config_snapshot(&snap, cfg) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the git configuration");
		goto out;
	}
	if (cc_buf_printf(&key, "remote.%s.url", name)) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (git_config_get_string(&url, snap, key.ptr) < 0 || !url || !*url) {
		err = cc_error_set(CC_ENOTFOUND, "no remote '%s'; run 'casectl remote add %s URL' "
			"first", name, name);
		goto out;
	}
	cc_buf_clear(&key);
	if (push && cc_buf_printf(&key, "remote.%s.pushurl", name)) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (push && git_config_get_string(&pushurl, snap, key.ptr) < 0)
		pushurl = NULL;
	if (pushurl && *pushurl)
		url = pushurl;
	else if (push && (err = rewrite_url(snap, url, "pushinsteadof", &out)) != 0)
		goto out;
	if (!out && (err = rewrite_url(snap, url, "insteadof", &out)) != 0)
		goto out;
	if (!out && !(out = strdup(url))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (git_config_get_string(&sshcmd, snap, "core.sshcommand") == 0 && sshcmd && *sshcmd &&
	    !(c->ssh_command = strdup(sshcmd)))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	c->url = out;
	out = NULL;
out:
	free(out);
	git_error_clear();
	git_config_free(snap);
	git_config_free(cfg);
	cc_buf_free(&key);
	return err;
}

/* The error "cannot WHAT 'REMOTE': WHY" (or TEXT when given), with what
 * the server said after it, and no password of any URL in it. */
static int net_fail(cc_net *c, const char *what, const char *text)
{
	const git_error *e = git_error_last();
	cc_buf raw = CC_BUF_INIT, shown = CC_BUF_INIT, said = CC_BUF_INIT;
	int rc;

	if (text)
		rc = cc_buf_puts(&raw, text);
	else if (c->msg[0] && strstr(c->msg, "TLS certificate") && e && e->message)
		rc = cc_buf_printf(&raw, "cannot %s '%s': %s (%s)", what, c->remote, c->msg,
			e->message);
	else if (c->msg[0])
		rc = cc_buf_printf(&raw, "cannot %s '%s': %s", what, c->remote, c->msg);
	else
		rc = cc_buf_printf(&raw, "cannot %s '%s': %s", what, c->remote,
			e && e->message ? e->message : "unknown error");
	if (!rc)
		rc = cc__net_remote_lines(c, &said);
	if (!rc && said.len)
		rc = cc_buf_printf(&raw, "; the server said:\n%s", said.ptr);
	if (!rc)
		rc = cc__redact(cc_buf_cstr(&raw), &shown);
	rc = rc ? cc_error_set(CC_ENOMEM, "out of memory") :
		cc_error_set(CC_EIO, "%s", cc_buf_cstr(&shown));
	git_error_clear();
	cc_buf_free(&raw);
	cc_buf_free(&shown);
	cc_buf_free(&said);
	return rc;
}

static int net_error(cc_net *c, const char *what)
{
	return net_fail(c, what, NULL);
}

/* NAME as an in-memory remote made from the URL git would use, with
 * C ready for the callbacks.  (git_remote_lookup of libgit2 1.5 leaks a
 * regex match block per config entry, also when it applies insteadOf.) */
static int open_remote(cc_store *s, const char *name, int push, cc_net *c, git_remote **out)
{
	git_remote_create_options o;
	int err;

	*out = NULL;
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->remote = name;
	if (!(err = remote_url(s, name, push, c)))
		cc__net_url_check(c);
	if (err ||
	    ((!strncasecmp(c->url, "https://", 8) || !strncasecmp(c->url, "http://", 7)) &&
	     (err = cc__net_tls(s)) != 0))
		return err;
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = s->repo;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(out, c->url, &o) < 0)
		return cc__git_error(CC_EINVALID, "cannot use the URL of the remote '%s'", name);
	return 0;
}

int cc__remote_fetch(cc_store *s, const char *remote)
{
	git_fetch_options fo;
	git_remote *r = NULL;
	cc_buf spec = CC_BUF_INIT;
	char *specs[1];
	git_strarray arr = { specs, 1 };
	cc_net c;
	int err;

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	if ((err = open_remote(s, remote, 0, &c, &r)) != 0)
		goto out;
	if (cc_buf_printf(&spec, "+refs/heads/*:refs/remotes/%s/*", remote)) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	specs[0] = spec.ptr;
	cc__net_callbacks(&fo.callbacks, &c);
	fo.prune = GIT_FETCH_NO_PRUNE;
	fo.update_fetchhead = 0;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_fetch(r, &arr, &fo, "fetch") < 0)
		err = net_error(&c, "fetch from");
	else
		cc__net_approve(&c);
out:
	cc_buf_free(&spec);
	git_remote_free(r);
	cc__net_done(&c);
	return err;
}

/* libgit2 pushes to a folder by moving the branch there without checking
 * its old value, so two pushes at the same moment could both "succeed"
 * and one be lost.  Pushes of casectl to a folder take turns on
 * FOLDER/casectl-push.lock (flock(2)); -1 when URL is no folder or the
 * lock cannot be had (then the push goes ahead as before). */
static int folder_lock(const char *url)
{
	cc_buf p = CC_BUF_INIT;
	int fd = -1;

	if (!strncmp(url, "file://", 7))
		url += 7;
	else if (strstr(url, "://") || cc__ssh_url(url))
		return -1;
	if (!cc_buf_printf(&p, "%s/casectl-push.lock", url) &&
	    (fd = open(p.ptr, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) >= 0 &&
	    flock(fd, LOCK_EX) != 0) {
		close(fd);
		fd = -1;
	}
	cc_buf_free(&p);
	return fd;
}

int cc__remote_push(cc_store *s, const char *remote, const char *branch, int *rejected)
{
	int lock_fd = -1;
	git_push_options po;
	git_remote *r = NULL;
	cc_buf spec = CC_BUF_INIT;
	char *specs[1];
	git_strarray arr = { specs, 1 };
	cc_net c;
	int err, rc;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	*rejected = 0;
	if ((err = open_remote(s, remote, 1, &c, &r)) != 0)
		goto out;
	if (cc_buf_printf(&spec, "%s:%s", branch, branch)) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	specs[0] = spec.ptr;
	cc__net_callbacks(&po.callbacks, &c);
	lock_fd = folder_lock(c.url);
	rc = git_remote_push(r, &arr, &po);
	if (lock_fd >= 0)
		close(lock_fd);
	if (rc < 0) {
		const git_error *e = git_error_last();
		/* a remote that moved answers "non-fast-forward" / "fetch first" */
		if (rc == GIT_ENONFASTFORWARD ||
		    (e && e->message && (strstr(e->message, "non-fast-forward") ||
					 strstr(e->message, "fetch first"))))
			*rejected = 1;
		else
			err = net_error(&c, "push to");
	} else if (c.push_failed) {
		if (strstr(c.refused, "fast-forward") || strstr(c.refused, "fetch first") ||
		    strstr(c.refused, "stale") || strstr(c.refused, "failed to update ref") ||
		    strstr(c.refused, "lock"))
			*rejected = 1;
		else {
			cc_buf why = CC_BUF_INIT;
			err = cc_buf_printf(&why, "'%s' refused the push: %s", remote, c.refused) ?
				cc_error_set(CC_ENOMEM, "out of memory") : net_fail(&c, "push to", why.ptr);
			cc_buf_free(&why);
		}
	}
	if (!err)
		cc__net_approve(&c);
out:
	cc_buf_free(&spec);
	git_remote_free(r);
	cc__net_done(&c);
	return err;
}
