/* store-ssh.c - ssh remotes through the OpenSSH client, as git does.
 *
 * libgit2's own ssh transport (libssh2) ignores ~/.ssh/config and key
 * files, reads known_hosts its own way (a "[host]:port" entry with a
 * different key is overruled by a matching plain "host" entry) and in
 * 1.5 leaks on every connection (known_hosts, two path buffers).
 * Here the smart protocol runs over
 *     ssh -o StrictHostKeyChecking=yes [-p PORT] [USER@]HOST "git-upload-pack 'PATH'"
 * (git-receive-pack to push), with GIT_SSH_COMMAND, core.sshCommand or
 * GIT_SSH instead of "ssh" when set.  OpenSSH checks the host key, with
 * the user's known_hosts ([host]:port and hashed entries) and config,
 * and never adds or accepts an unknown or changed key; BatchMode when
 * standard input is not a terminal.  Its complaints are turned into
 * messages that say what to do.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2/sys/transport.h>

#include "casectl/buf.h"
#include "casectl/error.h"
#include "store-net.h"

typedef struct ssh_sub ssh_sub;

typedef struct {
	git_smart_subtransport_stream parent;
	ssh_sub *owner;
	pid_t pid;
	int in, out;    /* the child's standard input and output */
	FILE *err;      /* its standard error */
	cc_ssh_target t;
	int failed;
} ssh_stream;

struct ssh_sub {
	git_smart_subtransport parent;
	cc_net *net;
	ssh_stream *current;
};

/* The ssh program and its arguments, NULL-terminated (free the array
 * only; DEST and SHELL hold two of the strings). */
static char **ssh_argv(cc_net *c, const cc_ssh_target *t, const char *command,
	cc_buf *dest, cc_buf *shell)
{
	const char *cmd = getenv("GIT_SSH_COMMAND"), *prog = getenv("GIT_SSH");
	char **v = calloc(16, sizeof(*v));
	size_t n = 0;

	if (!v)
		return NULL;
	if (!cmd || !*cmd)
		cmd = c->ssh_command;
	if (cmd && *cmd) {
		if (cc_buf_printf(shell, "%s \"$@\"", cmd)) {
			free(v);
			return NULL;
		}
		v[n++] = "/bin/sh";
		v[n++] = "-c";
		v[n++] = shell->ptr;
		v[n++] = (char *)cmd;
	} else {
		v[n++] = prog && *prog ? (char *)prog : "ssh";
	}
	v[n++] = "-o";
	v[n++] = "StrictHostKeyChecking=yes";
	if (!isatty(0)) {
		v[n++] = "-o";
		v[n++] = "BatchMode=yes";
	}
	if (t->port) {
		v[n++] = "-p";
		v[n++] = t->port;
	}
	if (cc_buf_printf(dest, "%s%s%s", t->user ? t->user : "", t->user ? "@" : "", t->host)) {
		free(v);
		return NULL;
	}
	v[n++] = dest->ptr;
	v[n++] = (char *)command;
	v[n] = NULL;
	return v;
}

/* --- what went wrong ----------------------------------------------------- */

/* The first line of TEXT that starts with one of the PREFIXES, else its
 * last line, into OUT. */
static void pick_line(const char *text, char *out, size_t size)
{
	static const char *const prefixes[] = { "ssh: ", "fatal: ", "error: ", "ERROR: " };
	const char *line, *next, *last = NULL;
	size_t len, lastlen = 0, i;

	out[0] = '\0';
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		next = next ? next + 1 : line + len;
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		if (!len)
			continue;
		for (i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
			if (!strncmp(line, prefixes[i], strlen(prefixes[i]))) {
				snprintf(out, size, "%.*s", (int)len, line);
				return;
			}
		last = line;
		lastlen = len;
	}
	if (last)
		snprintf(out, size, "%.*s", (int)lastlen, last);
}

/* "SHA256:..." from ssh's warning about a changed key, or "". */
static void fingerprint(const char *text, char *out, size_t size)
{
	const char *p = strstr(text, "SHA256:");
	size_t n = 0;

	while (p && p[n] && !strchr(" \t\r\n.", p[n]))
		n++;
	snprintf(out, size, "%.*s", (int)n, p ? p : "");
}

static void explain(cc_net *c, const cc_ssh_target *t, const char *text, int status)
{
	char spec[300], login[400], line[400], fp[80];

	if (t->port)
		snprintf(spec, sizeof(spec), "[%s]:%s", t->host, t->port);
	else
		snprintf(spec, sizeof(spec), "%s", t->host);
	snprintf(login, sizeof(login), "ssh %s%s%s%s%s", t->port ? "-p " : "",
		t->port ? t->port : "", t->port ? " " : "", t->user ? t->user : "",
		t->user ? "@" : "");
	snprintf(login + strlen(login), sizeof(login) - strlen(login), "%s", t->host);
	pick_line(text, line, sizeof(line));
	/* the line may come from the server: it must not drive the terminal */
	for (char *q = line; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
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
		if (!getenv("SSH_AUTH_SOCK"))
			cc__net_msg(c, "the ssh server '%s' accepted no key for "
				"'%s': no ssh-agent is running and no key in ~/.ssh was "
				"accepted; start one ('eval \"$(ssh-agent)\"'), run 'ssh-add' with "
				"your key, and make sure the server has your public key", spec,
				t->user ? t->user : "you");
		else
			cc__net_msg(c, "the ssh server '%s' refused every key "
				"of ssh-agent and ~/.ssh for '%s'; run 'ssh-add' with the key the "
				"server knows, or give the server your public key", spec,
				t->user ? t->user : "you");
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !*line) {
		cc__net_msg(c, "cannot run ssh for '%s'; install the OpenSSH "
			"client (Debian package openssh-client)", spec);
	} else {
		cc__net_msg(c, "%s", *line ? line :
			"the ssh connection closed early");
	}
}

/* --- the stream ---------------------------------------------------------- */

static void stream_close(ssh_stream *st, int *status)
{
	*status = 0;
	if (st->in >= 0)
		close(st->in);
	if (st->out >= 0)
		close(st->out);
	st->in = st->out = -1;
	while (st->pid > 0 && waitpid(st->pid, status, 0) < 0 && errno == EINTR)
		;
	st->pid = -1;
}

/* The child is gone or broke the protocol: say why, from its stderr. */
static int stream_failed(ssh_stream *st)
{
	cc_net *c = st->owner->net;
	cc_buf text = CC_BUF_INIT;
	char chunk[1024];
	size_t got;
	int status;

	if (st->failed) {
		git_error_set_str(GIT_ERROR_NET, c->msg);
		return -1;
	}
	st->failed = 1;
	stream_close(st, &status);
	if (st->err) {
		rewind(st->err);
		while ((got = fread(chunk, 1, sizeof(chunk), st->err)) > 0 && text.len < 65536)
			cc_buf_put(&text, chunk, got);
	}
	explain(c, &st->t, cc_buf_cstr(&text), status);
	git_error_set_str(GIT_ERROR_NET, c->msg);
	cc_buf_free(&text);
	return -1;
}

static int stream_read(git_smart_subtransport_stream *s, char *buf, size_t size, size_t *got)
{
	ssh_stream *st = (ssh_stream *)s;
	ssize_t r;

	*got = 0;
	if (st->failed)
		return stream_failed(st);
	while ((r = read(st->out, buf, size)) < 0 && errno == EINTR)
		;
	if (r <= 0)
		return stream_failed(st);
	*got = (size_t)r;
	return 0;
}

static int stream_write(git_smart_subtransport_stream *s, const char *buf, size_t len)
{
	ssh_stream *st = (ssh_stream *)s;
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int rc = st->failed ? -1 : cc_write_all(st->in, buf, len);

	signal(SIGPIPE, old);
	if (rc) {
		cc_error_clear();
		return stream_failed(st);
	}
	return 0;
}

static void stream_free(git_smart_subtransport_stream *s)
{
	ssh_stream *st = (ssh_stream *)s;
	int status;

	stream_close(st, &status);
	if (st->err)
		fclose(st->err);
	if (st->owner->current == st)
		st->owner->current = NULL;
	cc__ssh_target_free(&st->t);
	free(st);
}

static int stream_start(ssh_sub *sub, const char *url, const char *cmd, ssh_stream **out)
{
	cc_net *c = sub->net;
	ssh_stream *st;
	cc_buf command = CC_BUF_INIT, dest = CC_BUF_INIT, shell = CC_BUF_INIT;
	char **argv = NULL;
	int in[2] = { -1, -1 }, o[2] = { -1, -1 }, rc = -1;

	*out = NULL;
	if (!(st = calloc(1, sizeof(*st)))) {
		git_error_set_oom();
		return -1;
	}
	st->in = st->out = -1;
	st->pid = -1;
	if (cc__ssh_parse(url, &st->t) != 0) {
		cc__net_msg(c, "'%s' is not an ssh URL casectl understands "
			"(ssh://[USER@]HOST[:PORT]/PATH or [USER@]HOST:PATH)", url);
		git_error_set_str(GIT_ERROR_NET, c->msg);
		free(st);
		return -1;
	}
	if (cc__ssh_command(&command, cmd, st->t.path) ||
	    !(argv = ssh_argv(c, &st->t, command.ptr, &dest, &shell)) ||
	    pipe2(in, O_CLOEXEC) || pipe2(o, O_CLOEXEC) || !(st->err = tmpfile())) {
		git_error_set_str(GIT_ERROR_OS, "cannot start ssh");
		goto out;
	}
	st->parent.subtransport = &sub->parent;
	st->parent.read = stream_read;
	st->parent.write = stream_write;
	st->parent.free = stream_free;
	st->owner = sub;
	st->pid = fork();
	if (st->pid == 0) {
		if (dup2(in[0], 0) < 0 || dup2(o[1], 1) < 0 || dup2(fileno(st->err), 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (st->pid < 0) {
		git_error_set_str(GIT_ERROR_OS, "cannot start ssh");
		goto out;
	}
	close(in[0]);
	close(o[1]);
	st->in = in[1];
	st->out = o[0];
	in[0] = in[1] = o[0] = o[1] = -1;
	*out = st;
	st = NULL;
	rc = 0;
out:
	if (st) {
		if (st->err)
			fclose(st->err);
		cc__ssh_target_free(&st->t);
		free(st);
	}
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (o[i] >= 0)
			close(o[i]);
	}
	free(argv);
	cc_buf_free(&command);
	cc_buf_free(&dest);
	cc_buf_free(&shell);
	return rc;
}

/* --- the subtransport ---------------------------------------------------- */

static int sub_action(git_smart_subtransport_stream **out, git_smart_subtransport *s,
	const char *url, git_smart_service_t action)
{
	ssh_sub *sub = (ssh_sub *)s;
	ssh_stream *st;

	*out = NULL;
	switch (action) {
	case GIT_SERVICE_UPLOADPACK_LS:
	case GIT_SERVICE_RECEIVEPACK_LS:
		if (stream_start(sub, url, action == GIT_SERVICE_UPLOADPACK_LS ?
		    "git-upload-pack" : "git-receive-pack", &st) != 0)
			return -1;
		sub->current = st;
		*out = &st->parent;
		return 0;
	case GIT_SERVICE_UPLOADPACK:
	case GIT_SERVICE_RECEIVEPACK:
		if (sub->current) {
			*out = &sub->current->parent;
			return 0;
		}
		break;
	}
	git_error_set_str(GIT_ERROR_NET, "the ssh transport was used out of order");
	return -1;
}

static int sub_close(git_smart_subtransport *s)
{
	(void)s;
	return 0;
}

static void sub_free(git_smart_subtransport *s)
{
	free(s);
}

static int sub_new(git_smart_subtransport **out, git_transport *owner, void *param)
{
	ssh_sub *sub = calloc(1, sizeof(*sub));

	(void)owner;
	*out = NULL;
	if (!sub) {
		git_error_set_oom();
		return -1;
	}
	sub->parent.action = sub_action;
	sub->parent.close = sub_close;
	sub->parent.free = sub_free;
	sub->net = param;
	*out = &sub->parent;
	return 0;
}

int cc__ssh_transport(git_transport **out, git_remote *owner, void *param)
{
	git_smart_subtransport_definition def = { sub_new, 0, param };

	return git_transport_smart(out, owner, &def);
}
