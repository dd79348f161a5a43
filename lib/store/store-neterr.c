/* store-neterr.c - what casectl says when git's transport fails, and the
 * warnings around it.
 *
 * git's own messages (in English: store-transport.c asks for them so)
 * are turned into one line that says what failed and what to do; the
 * line git gave stays in it where it helps.  What the server said (its
 * "remote:" lines) follows.  No password of any URL is shown
 * (cc__redact), and no control character reaches the terminal.
 * ssh's complaints are explained by store-netssh.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-net-int.h"

void cc__net_done(cc_net *c)
{
	free(c->url);
	free(c->ssh_command);
	c->url = c->ssh_command = NULL;
	cc_buf_free(&c->sideband);
}

/* LINE without git's "fatal: " or "error: " in front. */
static const char *bare(const char *line)
{
	if (!strncmp(line, "fatal: ", 7))
		return line + 7;
	if (!strncmp(line, "error: ", 7))
		return line + 7;
	return line;
}

/* --- plain http ---------------------------------------------------------- */

/* A password over plain http:// can be read by anyone on the way; said
 * once for each URL in a process (a sync fetches and then pushes). */
static void warn_plain_http(cc_net *c)
{
	static _Thread_local char last[512];
	char *shown;

	if (!c->url || strncasecmp(c->url, "http://", 7))
		return;
	shown = cc__redact_dup(c->url);
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
		warn_plain_http(c);
}

void cc__net_http_check(cc_net *c)
{
	if (c->cred_http)
		warn_plain_http(c);
}

void cc__net_read_note(cc_net *c, const char *path)
{
	char line[64];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, " http"))
			c->cred_http = 1;
		if (!strncmp(line, "erase", 5))
			c->cred_erased = 1;
	}
	fclose(f);
}

/* --- the message --------------------------------------------------------- */

int cc__net_fail(cc_net *c, const char *what, const char *text)
{
	cc_buf raw = CC_BUF_INIT, shown = CC_BUF_INIT, said = CC_BUF_INIT;
	int rc;

	if (text)
		rc = cc_buf_puts(&raw, text);
	else
		rc = cc_buf_printf(&raw, "cannot %s '%s': %s", what, c->remote,
			c->msg[0] ? c->msg : "unknown error");
	if (!rc)
		rc = cc__net_remote_lines(c, &said);
	if (!rc && said.len)
		rc = cc_buf_printf(&raw, "; the server said:\n%s", said.ptr);
	if (!rc)
		rc = cc__redact(cc_buf_cstr(&raw), &shown);
	rc = rc ? cc_error_set(CC_ENOMEM, "out of memory") :
		cc_error_set(CC_EIO, "%s", cc_buf_cstr(&shown));
	cc_buf_free(&raw);
	cc_buf_free(&shown);
	cc_buf_free(&said);
	return rc;
}

/* The host of URL (no user, no port) in OUT. */
static void url_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://"), *end, *at;

	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	end = p + strcspn(p, "/?#");
	if ((at = memchr(p, '@', (size_t)(end - p))))
		p = at + 1;
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(end - p));
		if (rb)
			end = rb + 1;
	} else {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		if (colon)
			end = colon;
	}
	snprintf(out, size, "%.*s", (int)(end - p), p);
}

/* The file named after "MARK" in LINE (up to a space), in OUT. */
static int path_after(const char *line, const char *mark, char *out, size_t size)
{
	const char *p = strstr(line, mark);

	if (!p)
		return 0;
	p += strlen(mark);
	while (*p == ' ')
		p++;
	snprintf(out, size, "%.*s", (int)strcspn(p, " \t"), p);
	return out[0] != '\0';
}

/* The CA file git uses for C's URL: GIT_SSL_CAINFO, else http.sslCAInfo
 * as git matches it to the URL ('git config --get-urlmatch'). */
static int ca_file(cc_net *c, char *out, size_t size)
{
	cc_buf gd = CC_BUF_INIT, val = CC_BUF_INIT;
	const char *env = getenv("GIT_SSL_CAINFO");
	int status = 0;

	out[0] = '\0';
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return 1;
	}
	if (!cc_buf_printf(&gd, "--git-dir=%s", c->s->gitdir)) {
		char *argv[] = { "git", gd.ptr, "config", "--get-urlmatch", "http.sslcainfo",
			c->url, NULL };
		if (cc__run(argv, -1, &val, NULL, &status) == 0 && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0 && val.len)
			snprintf(out, size, "%.*s", (int)strcspn(val.ptr, "\n"), val.ptr);
		cc_error_clear();
	}
	cc_buf_free(&gd);
	cc_buf_free(&val);
	return out[0] != '\0';
}

/* Git's LINE for an http(s) remote, explained in C's message. */
static void explain_http(cc_net *c, const char *line)
{
	char host[256], file[512];
	const char *shown = bare(line);

	url_host(c->url, host, sizeof(host));
	if (strstr(line, "Authentication failed")) {
		if (cc__url_has_password(c->url))
			cc__net_msg(c, "the server refused the user name and password written "
				"in the URL '%s'; correct them with 'git remote set-url %s URL', "
				"or better, leave the password out of the URL and use a git "
				"credential helper", c->url, c->remote);
		else
			cc__net_msg(c, "the server refused the user name and password for "
				"'%s'%s; check them, and give the right ones (or a new access "
				"token) to your credential helper", c->url, c->cred_erased ?
				" (git has told the credential helpers to forget them, as "
				"'git fetch' does)" : "");
	} else if (strstr(line, "could not read Username") ||
		   strstr(line, "could not read Password") ||
		   strstr(line, "terminal prompts disabled")) {
		cc__net_msg(c, "'%s' asks for a user name and password and no git "
			"credential helper gave them; set one up (for example 'git config "
			"--global credential.helper store') or use an access token", c->url);
	} else if ((strstr(line, "Problem with the SSL CA cert") ||
		    strstr(line, "error setting certificate")) &&
		   (path_after(line, "error setting certificate file:", file, sizeof(file)) ||
		    ca_file(c, file, sizeof(file)))) {
		cc__net_msg(c, "cannot use the certificates in '%s' (%s); name a file "
			"of PEM certificates that exists", file,
			getenv("GIT_SSL_CAINFO") ? "GIT_SSL_CAINFO" : "http.sslCAInfo");
		c->whole = 1;
	} else if (strcasestr(line, "certificate") && (strcasestr(line, "verif") ||
		   strcasestr(line, "problem") || strcasestr(line, "not trusted") ||
		   strcasestr(line, "issuer") || strcasestr(line, "self signed") ||
		   strcasestr(line, "self-signed") || strcasestr(line, "expired"))) {
		cc__net_msg(c, "the TLS certificate of '%s' is not trusted; if the server "
			"uses its own certificate authority, name its certificate with 'git "
			"config --global http.sslCAInfo FILE' (%s)", host, shown);
	} else {
		cc__net_msg(c, "%s", *shown ? shown : "git gave no reason");
	}
}

int cc__net_explain(cc_net *c, const char *what, const char *text, int status,
	int timed_out, int limit)
{
	char line[700];

	cc__net_pick_line(text, line, sizeof(line));
	if (timed_out)
		cc__net_msg(c, "no answer within %d s, the time limit; nothing was changed "
			"here: run 'casectl sync' again, or give it longer with 'git config "
			"casectl.networkTimeout SECONDS'", limit);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !*line)
		cc__net_msg(c, "cannot run git, which casectl uses to reach remotes; "
			"install it (Debian package git)");
	else if (WIFSIGNALED(status))
		cc__net_msg(c, "git was stopped by signal %d%s%s", WTERMSIG(status),
			*line ? ": " : "", line);
	else if (cc__ssh_url(c->url))
		cc__ssh_explain(c, text, status);
	else if (!strncasecmp(c->url, "https://", 8) || !strncasecmp(c->url, "http://", 7))
		explain_http(c, line);
	else
		cc__net_msg(c, "%s", *line ? bare(line) : "git gave no reason");
	return cc__net_fail(c, what, c->whole ? c->msg : NULL);
}
