/* store-netssh.c - what ssh's complaints mean, for casectl's message.
 *
 * git runs OpenSSH with the worker's known_hosts, keys, agent and
 * ~/.ssh/config; casectl adds StrictHostKeyChecking=yes (and BatchMode
 * without a terminal: store-transport.c), so an unknown or changed host
 * key is refused, never recorded.  Here ssh's lines, as git passed them
 * on, become a message that says what happened and what to do.  For a
 * refused login casectl also looks at the keys ssh would offer
 * ('ssh -G'): one protected by a passphrase, that is not in the agent,
 * cannot be used without a terminal, and the message says exactly that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-net-int.h"

/* "SHA256:..." from ssh's warning about a changed key, or "". */
static void fingerprint(const char *text, char *out, size_t size)
{
	const char *p = strstr(text, "SHA256:");
	size_t n = 0;

	while (p && p[n] && !strchr(" \t\r\n.", p[n]))
		n++;
	snprintf(out, size, "%.*s", (int)n, p ? p : "");
}

int cc__ssh_base(cc_net *c, cc_buf *base, const char **prog)
{
	const char *cmd = getenv("GIT_SSH_COMMAND"), *ssh = getenv("GIT_SSH");

	if (!cmd || !*cmd)
		cmd = c->ssh_command;
	if (cmd && *cmd) {
		*prog = cmd;
		return cc_buf_puts(base, cmd) ? CC_ENOMEM : 0;
	}
	if (ssh && *ssh) {
		*prog = ssh;
		return strchr(ssh, '\'') ? 1 : cc_buf_printf(base, "'%s'", ssh) ? CC_ENOMEM : 0;
	}
	*prog = "ssh";
	return cc_buf_puts(base, "ssh") ? CC_ENOMEM : 0;
}

/* Run ARGV for at most 5 s; 0 with its exit status in *code. */
static int quick(char *const argv[], cc_buf *out, cc_buf *err, int *code)
{
	cc__child ch = { argv, -1, NULL, NULL, 5, 1 << 16, 1 };
	int status = 0, timed_out = 0;

	if (cc__run_child(&ch, out, err, &status, &timed_out) != 0) {
		cc_error_clear();
		return -1;
	}
	*code = !timed_out && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return 0;
}

/* Whether the public key of the private key file KEY is in ssh-agent. */
static int in_agent(const char *key)
{
	char *argv[] = { "ssh-add", "-L", NULL };
	cc_buf out = CC_BUF_INIT, path = CC_BUF_INIT;
	FILE *f;
	char line[4096], *sp, *end;
	int code = -1, found = 0;

	if (!getenv("SSH_AUTH_SOCK") || cc_buf_printf(&path, "%s.pub", key) ||
	    !(f = fopen(path.ptr, "r"))) {
		cc_buf_free(&path);
		return 0;
	}
	if (fgets(line, sizeof(line), f) && (sp = strchr(line, ' '))) {
		end = sp + 1 + strcspn(sp + 1, " \n");
		*end = '\0';
		if (!quick(argv, &out, NULL, &code) && code == 0 && strstr(cc_buf_cstr(&out), sp + 1))
			found = 1;
	}
	fclose(f);
	cc_buf_free(&out);
	cc_buf_free(&path);
	return found;
}

/* A key file ssh would offer for T that needs a passphrase and is not in
 * the agent, into OUT (else ""). */
static void locked_key(cc_net *c, const cc_ssh_target *t, char *out, size_t size)
{
	cc_buf base = CC_BUF_INIT, script = CC_BUF_INIT, dest = CC_BUF_INIT, cfg = CC_BUF_INIT;
	char *argv[8], *line, *next;
	const char *home = getenv("HOME"), *prog = NULL;
	int code = -1, n = 0;

	out[0] = '\0';
	if (cc__ssh_base(c, &base, &prog) != 0 ||
	    cc_buf_printf(&script, "%s -G \"$@\"", base.ptr) ||
	    cc_buf_printf(&dest, "%s%s%s", t->user ? t->user : "", t->user ? "@" : "", t->host))
		goto out;
	argv[n++] = "/bin/sh";
	argv[n++] = "-c";
	argv[n++] = script.ptr;
	argv[n++] = "ssh";
	if (t->port) {
		argv[n++] = "-p";
		argv[n++] = t->port;
	}
	argv[n++] = dest.ptr;
	argv[n] = NULL;
	if (quick(argv, &cfg, NULL, &code) || code != 0 || !cfg.ptr)
		goto out;
	for (line = cfg.ptr; line && *line && !out[0]; line = next) {
		cc_buf file = CC_BUF_INIT, err = CC_BUF_INIT;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (strncmp(line, "identityfile ", 13))
			continue;
		line += 13;
		if (!strncmp(line, "~/", 2) && home ? cc_buf_printf(&file, "%s%s", home, line + 1) :
		    cc_buf_puts(&file, line))
			continue;
		if (access(file.ptr, R_OK) == 0) {
			char *kargv[] = { "ssh-keygen", "-y", "-P", "", "-f", file.ptr, NULL };
			if (!quick(kargv, NULL, &err, &code) && code != 0 &&
			    strstr(cc_buf_cstr(&err), "passphrase") && !in_agent(file.ptr))
				snprintf(out, size, "%s", file.ptr);
		}
		cc_buf_free(&file);
		cc_buf_free(&err);
	}
out:
	cc_buf_free(&base);
	cc_buf_free(&script);
	cc_buf_free(&dest);
	cc_buf_free(&cfg);
}

void cc__ssh_explain(cc_net *c, const char *text, int status)
{
	char spec[300], login[400], line[400], fp[80], key[512];
	cc_ssh_target t = { NULL, NULL, NULL, NULL };

	cc__net_pick_line(text, line, sizeof(line));
	if (cc__ssh_parse(c->url, &t) != 0) {
		cc__net_msg(c, "%s", *line ? line : "the ssh connection closed early");
		return;
	}
	if (t.port)
		snprintf(spec, sizeof(spec), "[%s]:%s", t.host, t.port);
	else
		snprintf(spec, sizeof(spec), "%s", t.host);
	snprintf(login, sizeof(login), "ssh %s%s%s%s%s%s", t.port ? "-p " : "",
		t.port ? t.port : "", t.port ? " " : "", t.user ? t.user : "",
		t.user ? "@" : "", t.host);
	if (strstr(text, "REMOTE HOST IDENTIFICATION HAS CHANGED") ||
	    strstr(text, "has changed and you have requested strict checking")) {
		fingerprint(text, fp, sizeof(fp));
		cc__net_msg(c, "the ssh host key of '%s' has CHANGED since it "
			"was recorded in known_hosts (it is now %s): someone may be intercepting "
			"the connection, or the server has a new key; refusing to connect. Ask "
			"whoever runs the server; only if the new key is theirs, run "
			"'ssh-keygen -R \"%s\"' and then '%s' once to record it", spec,
			*fp ? fp : "a different key", spec, login);
	} else if (strstr(text, "Host key verification failed") ||
		   strstr(text, "host key is known for")) {
		cc__net_msg(c, "the ssh host '%s' is not in known_hosts, so "
			"casectl cannot tell it is the right server; ask whoever runs it for "
			"its key fingerprint, then run '%s' once, compare the fingerprint "
			"and answer yes", spec, login);
	} else if (strstr(text, "Permission denied")) {
		locked_key(c, &t, key, sizeof(key));
		if (*key)
			cc__net_msg(c, "the ssh key '%s' is protected by a passphrase and is "
				"not in ssh-agent, and casectl has no terminal to ask for the "
				"passphrase; run 'ssh-add %s' once (it asks for the passphrase "
				"and keeps the key for the session), then sync again", key, key);
		else if (!getenv("SSH_AUTH_SOCK"))
			cc__net_msg(c, "the ssh server '%s' accepted no key for "
				"'%s': no ssh-agent is running and no key in ~/.ssh was "
				"accepted; start one ('eval \"$(ssh-agent)\"'), run 'ssh-add' with "
				"your key, and make sure the server has your public key", spec,
				t.user ? t.user : "you");
		else
			cc__net_msg(c, "the ssh server '%s' refused every key "
				"of ssh-agent and ~/.ssh for '%s'; run 'ssh-add' with the key the "
				"server knows, or give the server your public key", spec,
				t.user ? t.user : "you");
	} else if (strstr(text, "ssh: not found") || strstr(text, "cannot run ssh") ||
		   (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !*line)) {
		cc__net_msg(c, "cannot run ssh for '%s'; install the OpenSSH "
			"client (Debian package openssh-client)", spec);
	} else {
		cc__net_msg(c, "%s", *line ? line : "the ssh connection closed early");
	}
	cc__ssh_target_free(&t);
}
