/* store-remote.c - remotes, and fetching from and pushing to them
 *
 * Credentials: ssh through ssh-agent (one try), https through git's
 * credential helpers ('git credential fill' as a subprocess, one try).
 * Host keys and certificates: libgit2 checks ssh host keys against
 * ~/.ssh/known_hosts and TLS certificates against the system's; an
 * unknown or changed key is refused here with a message saying so,
 * never accepted.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/buf.h"
#include "casectl/error.h"
#include "casectl/sync.h"
#include "store-net.h"

static int open_remote(cc_store *s, const char *name, git_remote **out);

int cc_store_remote_add(cc_store *s, const char *name, const char *url)
{
	git_remote *r = NULL;
	int rc, valid = 0;

	if (name && git_remote_name_is_valid(&valid, name) < 0)
		valid = 0;
	if (!name || !*name || !valid || strchr(name, '/'))
		return cc_error_set(CC_EINVALID, "'%s' is not a valid remote name", name ? name : "");
	if (!url || !*url || strpbrk(url, "\r\n"))
		return cc_error_set(CC_EINVALID, "the remote '%s' needs a URL", name);
	if (open_remote(s, name, &r) == 0) {
		git_remote_free(r);
		return cc_error_set(CC_ECONFLICT, "the remote '%s' already exists; "
			"run 'git remote set-url %s URL' to change it", name, name);
	}
	cc_error_clear();
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
			if (!(v[i].url = strdup(e->value ? e->value : "")))
				err = cc_error_set(CC_ENOMEM, "out of memory");
			continue;
		}
		if (!(nv = realloc(v, (k + 1) * sizeof(*v)))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		v = nv;
		v[k].name = strndup(e->name + 7, len - 11);
		v[k].url = strdup(e->value ? e->value : "");
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

/* --- callbacks ---------------------------------------------------------- */

typedef struct {
	cc_store *s;
	const char *remote;
	int ssh_tries, helper_tries;
	char msg[512];       /* why the callbacks refused, if they did */
	char *refused;       /* a push update the remote refused */
	int push_failed;
} net_ctx;

/* Run 'git credential fill' for URL; *user and *pass malloc'd. */
static int credential_fill(const char *url, char **user, char **pass)
{
	int in[2], out[2], status;
	cc_buf req = CC_BUF_INIT, resp = CC_BUF_INIT;
	char chunk[512], *line, *next;
	ssize_t got;
	pid_t pid;

	*user = *pass = NULL;
	if (cc_buf_printf(&req, "url=%s\n\n", url))
		return -1;
	if (pipe(in) != 0) {
		cc_buf_free(&req);
		return -1;
	}
	if (pipe(out) != 0) {
		close(in[0]);
		close(in[1]);
		cc_buf_free(&req);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]); close(in[1]); close(out[0]); close(out[1]);
		execlp("git", "git", "credential", "fill", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (pid > 0) {
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		cc__write_all(in[1], req.ptr, req.len);
		signal(SIGPIPE, old);
	}
	close(in[1]);
	while (pid > 0 && (got = read(out[0], chunk, sizeof(chunk))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || cc_buf_put(&resp, chunk, (size_t)got))
			break;
	}
	close(out[0]);
	cc_buf_free(&req);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || !resp.ptr) {
		cc_buf_free(&resp);
		return -1;
	}
	for (line = resp.ptr; line && *line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (!strncmp(line, "username=", 9) && !*user)
			*user = strdup(line + 9);
		else if (!strncmp(line, "password=", 9) && !*pass)
			*pass = strdup(line + 9);
	}
	cc_buf_free(&resp);
	if (!*user || !*pass) {
		free(*user);
		free(*pass);
		*user = *pass = NULL;
		return -1;
	}
	return 0;
}

static int cred_cb(git_credential **out, const char *url, const char *user_from_url,
	unsigned int allowed, void *payload)
{
	net_ctx *c = payload;
	char *user = NULL, *pass = NULL;
	int rc;

	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		if (c->ssh_tries++ > 0) {
			snprintf(c->msg, sizeof(c->msg), "the server refused the ssh keys of "
				"ssh-agent for '%s'; run 'ssh-add' with a key the server knows", url);
			return GIT_EAUTH;
		}
		if (!getenv("SSH_AUTH_SOCK")) {
			snprintf(c->msg, sizeof(c->msg), "no ssh-agent is running for '%s'; "
				"start one ('eval $(ssh-agent)') and run 'ssh-add'", url);
			return GIT_EAUTH;
		}
		return git_credential_ssh_key_from_agent(out, user_from_url ? user_from_url : "git");
	}
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user_from_url ? user_from_url : "git");
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		if (c->helper_tries++ > 0 || credential_fill(url, &user, &pass) != 0) {
			snprintf(c->msg, sizeof(c->msg), "no accepted credentials for '%s'; "
				"set up a git credential helper ('git config --global "
				"credential.helper store') or an access token", url);
			return GIT_EAUTH;
		}
		rc = git_credential_userpass_plaintext_new(out, user, pass);
		free(user);
		if (pass)
			memset(pass, 0, strlen(pass));
		free(pass);
		return rc;
	}
	snprintf(c->msg, sizeof(c->msg), "'%s' asks for a kind of credentials casectl "
		"cannot give", url);
	return GIT_EAUTH;
}

static int cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	net_ctx *c = payload;

	if (valid)
		return 0;
	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2)
		snprintf(c->msg, sizeof(c->msg), "the ssh host key of '%s' is unknown or "
			"has changed; check it with whoever runs the server, then add it to "
			"~/.ssh/known_hosts (for example by running 'ssh %s' once)", host, host);
	else
		snprintf(c->msg, sizeof(c->msg), "the certificate of '%s' is not valid; "
			"refusing to talk to it", host);
	return GIT_ECERTIFICATE;
}

static int push_ref_cb(const char *refname, const char *status, void *payload)
{
	net_ctx *c = payload;

	if (status && !c->refused) {
		c->refused = strdup(status);
		c->push_failed = 1;
	}
	return 0;
}

static void set_callbacks(git_remote_callbacks *cb, net_ctx *c)
{
	cb->credentials = cred_cb;
	cb->certificate_check = cert_cb;
	cb->push_update_reference = push_ref_cb;
	cb->payload = c;
}

static int net_error(net_ctx *c, const char *what)
{
	if (c->msg[0])
		return cc_error_set(CC_EIO, "cannot %s '%s': %s", what, c->remote, c->msg);
	return cc__git_error(CC_EIO, "cannot %s '%s'", what, c->remote);
}

/* The remote NAME as an in-memory remote made from its URL alone.
 * (git_remote_lookup of libgit2 1.5 leaks a regex match block per
 * config entry; url.*.insteadOf is not applied.) */
static int open_remote(cc_store *s, const char *name, git_remote **out)
{
	git_remote_create_options o;
	git_config *cfg = NULL, *snap = NULL;
	cc_buf key = CC_BUF_INIT;
	const char *url = NULL;
	char *copy = NULL;
	int err = 0;

	*out = NULL;
	if (cc_buf_printf(&key, "remote.%s.url", name))
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (git_repository_config(&cfg, s->repo) < 0 || git_config_snapshot(&snap, cfg) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the git configuration");
		goto out;
	}
	if (git_config_get_string(&url, snap, key.ptr) < 0 || !url || !*url) {
		err = cc_error_set(CC_ENOTFOUND, "no remote '%s'; run 'casectl remote add %s URL' "
			"first", name, name);
		goto out;
	}
	if (!(copy = strdup(url))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = s->repo;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(out, copy, &o) < 0)
		err = cc__git_error(CC_EINVALID, "cannot use the URL of the remote '%s'", name);
out:
	free(copy);
	git_config_free(snap);
	git_config_free(cfg);
	cc_buf_free(&key);
	return err;
}

int cc__remote_fetch(cc_store *s, const char *remote)
{
	git_fetch_options fo;
	git_remote *r = NULL;
	net_ctx c;
	int err = 0;

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	cc_buf spec = CC_BUF_INIT;
	char *specs[1];
	git_strarray arr = { specs, 1 };

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.remote = remote;
	if ((err = open_remote(s, remote, &r)) != 0)
		return err;
	if (cc_buf_printf(&spec, "+refs/heads/*:refs/remotes/%s/*", remote)) {
		git_remote_free(r);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	specs[0] = spec.ptr;
	set_callbacks(&fo.callbacks, &c);
	fo.prune = GIT_FETCH_NO_PRUNE;
	fo.update_fetchhead = 0;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_fetch(r, &arr, &fo, "fetch") < 0)
		err = net_error(&c, "fetch from");
	cc_buf_free(&spec);
	git_remote_free(r);
	return err;
}

int cc__remote_push(cc_store *s, const char *remote, const char *branch, int *rejected)
{
	git_push_options po;
	git_remote *r = NULL;
	cc_buf spec = CC_BUF_INIT;
	char *specs[1];
	git_strarray arr = { specs, 1 };
	net_ctx c;
	int err = 0, rc;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	*rejected = 0;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.remote = remote;
	if ((err = open_remote(s, remote, &r)) != 0)
		return err;
	if (cc_buf_printf(&spec, "%s:%s", branch, branch)) {
		git_remote_free(r);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	specs[0] = spec.ptr;
	set_callbacks(&po.callbacks, &c);
	rc = git_remote_push(r, &arr, &po);
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
		else
			err = cc_error_set(CC_EIO, "'%s' refused the push: %s", remote, c.refused);
	}
	free(c.refused);
	cc_buf_free(&spec);
	git_remote_free(r);
	return err;
}
