/* store-cred.c - what a fetch or push needs besides the URL: credentials
 * from git's credential helpers, the TLS certificates to trust, and
 * refusing certificates that are not valid.
 *
 * https: user name and password (or token) from 'git credential fill',
 * one try; after a fetch or push that used them, 'git credential
 * approve' so caching helpers keep them.  Certificates are checked by
 * libgit2 against the system's authorities, or the ones named by
 * GIT_SSL_CAINFO / http.sslCAInfo / SSL_CERT_FILE (GIT_SSL_CAPATH /
 * http.sslCAPath / SSL_CERT_DIR for a folder); one that is not valid is
 * refused, never accepted.  ssh URLs go through store-ssh.c.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/buf.h"
#include "casectl/error.h"
#include "store-net.h"

static void wipe_free(char *p)
{
	if (p) {
		memset(p, 0, strlen(p));
		free(p);
	}
}

/* 'git credential ACTION' with INPUT on its standard input; its output
 * in OUT.  Never prompts when standard input is not a terminal. */
static int credential_run(const char *action, const cc_buf *input, cc_buf *out)
{
	char *argv[] = { "git", "credential", (char *)action, NULL };
	cc_buf errout = CC_BUF_INIT;
	int p[2], status = 0, err;

	if (input->len >= 4096 || pipe2(p, O_CLOEXEC) != 0)
		return -1;
	/* smaller than a pipe's buffer: written before git starts */
	err = cc_write_all(p[1], input->ptr, input->len);
	close(p[1]);
	if (!err && !isatty(0))
		setenv("GIT_TERMINAL_PROMPT", "0", 0);
	if (!err)
		err = cc__run(argv, p[0], out, &errout, &status);
	close(p[0]);
	cc_buf_free(&errout);
	if (err) {
		cc_error_clear();
		return -1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* User name and password for URL from the helpers into C. */
static int credential_fill(cc_net *c, const char *url)
{
	cc_buf req = CC_BUF_INIT, resp = CC_BUF_INIT;
	char *line, *next;
	int rc = -1;

	if (!cc_buf_printf(&req, "url=%s\n\n", url) && !credential_run("fill", &req, &resp) &&
	    resp.ptr) {
		for (line = resp.ptr; line && *line; line = next) {
			if ((next = strchr(line, '\n')))
				*next++ = '\0';
			if (!strncmp(line, "username=", 9) && !c->user)
				c->user = strdup(line + 9);
			else if (!strncmp(line, "password=", 9) && !c->pass)
				c->pass = strdup(line + 9);
		}
		rc = c->user && c->pass ? 0 : -1;
	}
	if (resp.ptr)
		memset(resp.ptr, 0, resp.len);
	cc_buf_free(&resp);
	cc_buf_free(&req);
	return rc;
}

void cc__net_approve(cc_net *c)
{
	cc_buf req = CC_BUF_INIT, resp = CC_BUF_INIT;

	if (!c->user || !c->pass)
		return;
	if (!cc_buf_printf(&req, "url=%s\nusername=%s\npassword=%s\n\n", c->url,
	    c->user, c->pass))
		credential_run("approve", &req, &resp);
	if (req.ptr)
		memset(req.ptr, 0, req.len);
	cc_buf_free(&req);
	cc_buf_free(&resp);
}

void cc__net_msg(cc_net *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

void cc__net_done(cc_net *c)
{
	wipe_free(c->pass);
	free(c->user);
	free(c->url);
	free(c->ssh_command);
	free(c->refused);
	c->pass = c->user = c->url = c->ssh_command = c->refused = NULL;
	cc_buf_free(&c->sideband);
}

/* A password over plain http:// can be read by anyone on the way. */
static void warn_plain_http(cc_net *c, const char *url)
{
	char *shown;

	/* once per URL: a sync fetches and then pushes */
	static _Thread_local char last[512];

	if (c->http_warned || strncasecmp(url, "http://", 7))
		return;
	c->http_warned = 1;
	shown = cc__redact_dup(url);
	if (shown && !strcmp(shown, last)) {
		free(shown);
		return;
	}
	if (shown)
		snprintf(last, sizeof(last), "%s", shown);
	cc_warn("'%s' is plain http://: the password is sent unencrypted, readable by "
		"anyone on the network; use https://", shown ? shown : "the remote");
	free(shown);
}

void cc__net_url_check(cc_net *c)
{
	if (c->url && cc__url_has_password(c->url))
		warn_plain_http(c, c->url);
}

static int cred_ask(git_credential **out, cc_net *c, const char *raw_url, const char *url,
	unsigned int allowed);

static int cred_cb(git_credential **out, const char *raw_url, const char *user_from_url,
	unsigned int allowed, void *payload)
{
	cc_net *c = payload;
	char *url = cc__redact_dup(raw_url);
	int rc;

	(void)user_from_url;
	if (!url)
		return GIT_EAUTH;
	rc = cred_ask(out, c, raw_url, url, allowed);
	free(url);
	return rc;
}

static int cred_ask(git_credential **out, cc_net *c, const char *raw_url, const char *url,
	unsigned int allowed)
{
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		if (cc__url_has_password(raw_url) && !c->helper_tries) {
			/* libgit2 tried the password of the URL, and the server refused it */
			cc__net_msg(c, "the server refused the user name and password written "
				"in the URL '%s'; correct them with 'git remote set-url %s URL', "
				"or better, leave the password out of the URL and use a git "
				"credential helper", url, c->remote);
			return GIT_EAUTH;
		}
		if (c->helper_tries++ > 0) {
			cc__net_msg(c, "the server refused the user name and "
				"password for '%s' (from the git credential helper); check them, "
				"and update or remove the ones the helper keeps", url);
			return GIT_EAUTH;
		}
		if (credential_fill(c, raw_url) != 0) {
			cc__net_msg(c, "'%s' asks for a user name and password "
				"and no git credential helper gave them; set one up (for example "
				"'git config --global credential.helper store') or use an access "
				"token", url);
			return GIT_EAUTH;
		}
		warn_plain_http(c, raw_url);
		return git_credential_userpass_plaintext_new(out, c->user, c->pass);
	}
	cc__net_msg(c, "'%s' asks for a kind of credentials casectl "
		"cannot give", url);
	return GIT_EAUTH;
}

static int sideband_cb(const char *str, int len, void *payload)
{
	if (len > 0)
		cc__net_sideband(payload, str, (size_t)len);
	return 0;
}

static int cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	cc_net *c = payload;

	if (valid)
		return 0;
	if (cert->cert_type == GIT_CERT_X509) {
		/* libgit2 refuses it with the reason, which net_error adds */
		cc__net_msg(c, "the TLS certificate of '%s' is not trusted; "
			"if the server uses its own certificate authority, name its "
			"certificate with 'git config --global http.sslCAInfo FILE'", host);
		return GIT_PASSTHROUGH;
	}
	cc__net_msg(c, "the ssh host key of '%s' is unknown or has changed; "
		"refusing to connect", host);
	return GIT_ECERTIFICATE;
}

static int push_ref_cb(const char *refname, const char *status, void *payload)
{
	cc_net *c = payload;

	(void)refname;
	if (status && !c->refused) {
		c->refused = strdup(status);
		c->push_failed = 1;
	}
	return 0;
}

void cc__net_callbacks(git_remote_callbacks *cb, cc_net *c)
{
	cb->credentials = cred_cb;
	cb->certificate_check = cert_cb;
	cb->push_update_reference = push_ref_cb;
	cb->sideband_progress = sideband_cb;
	cb->payload = c;
	if (c->url && cc__ssh_url(c->url))
		cb->transport = cc__ssh_transport;
}

/* The first of the environment variables ENV and the config KEY;
 * *from names where it came from. */
static int tls_setting(git_config *snap, const char *env, const char *key,
	char **out, const char **from)
{
	git_buf b = { NULL, 0, 0 };
	const char *e = getenv(env);
	int rc;

	if (*out)
		return 0;
	*from = env;
	if (e && *e)
		return (*out = strdup(e)) ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
	if (!key)
		return 0;
	*from = key;
	rc = git_config_get_path(&b, snap, key);
	if (rc == 0 && b.ptr && *b.ptr && !(*out = strdup(b.ptr)))
		rc = cc_error_set(CC_ENOMEM, "out of memory");
	else if (rc == GIT_ENOTFOUND)
		rc = 0;
	else if (rc < 0)
		rc = cc__git_error(CC_EINVALID, "cannot read '%s'", key);
	git_buf_dispose(&b);
	return rc;
}

int cc__net_tls(cc_store *s)
{
	git_config *cfg = NULL, *snap = NULL;
	char *file = NULL, *dir = NULL;
	const char *ffrom = NULL, *dfrom = NULL;
	int err;

	if (git_repository_config(&cfg, s->repo) < 0 || git_config_snapshot(&snap, cfg) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the git configuration");
		goto out;
	}
	if ((err = tls_setting(snap, "GIT_SSL_CAINFO", "http.sslCAInfo", &file, &ffrom)) != 0 ||
	    (err = tls_setting(snap, "GIT_SSL_CAPATH", "http.sslCAPath", &dir, &dfrom)) != 0)
		goto out;
	if (!file && !dir && ((err = tls_setting(snap, "SSL_CERT_FILE", NULL, &file, &ffrom)) != 0 ||
	    (err = tls_setting(snap, "SSL_CERT_DIR", NULL, &dir, &dfrom)) != 0))
		goto out;
	/* libgit2 (mbedTLS) takes a file, or else a folder */
	if ((file || dir) &&
	    git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, file ? NULL : dir) < 0)
		err = cc__git_error(CC_EINVALID, "cannot use the certificates in '%s' (%s)",
			file ? file : dir, file ? ffrom : dfrom);
out:
	git_config_free(snap);
	git_config_free(cfg);
	free(file);
	free(dir);
	return err;
}
