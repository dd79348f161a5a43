/* store-sign.c - signing commits with ssh-keygen -Y sign, as git does */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"

int cc__sign_wanted(cc_store *s, int *wanted)
{
	char *format = NULL;
	int on = 0, err;

	*wanted = 0;
	if ((err = cc__config_bool(s, "commit.gpgsign", &on)) != 0 || !on)
		return err;
	err = cc_store_config(s, "gpg.format", &format);
	if (err && err != CC_ENOTFOUND)
		return err;
	if (err || strcmp(format, "ssh") != 0) {
		err = cc_error_set(CC_EINVALID,
			"commit.gpgsign is set but gpg.format is '%s'; casectl only supports ssh "
			"signing: run 'git config gpg.format ssh' or 'git config commit.gpgsign false'",
			format ? format : "openpgp");
		free(format);
		return err;
	}
	free(format);
	*wanted = 1;
	return 0;
}

/* A named temporary file holding a literal public key (for ssh-agent). */
static int key_file(cc_store *s, const char *key, char **path_out)
{
	cc_buf b = CC_BUF_INIT;
	int err;

	if (cc_buf_printf(&b, "%s\n", key))
		return CC_ENOMEM;
	err = cc__tmp_named(s, "signkey", b.ptr, b.len, path_out);
	cc_buf_free(&b);
	return err;
}

static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");
	cc_buf b = CC_BUF_INIT;

	if (path[0] == '~' && path[1] == '/' && home) {
		if (cc_buf_printf(&b, "%s%s", home, path + 1))
			return NULL;
		return cc_buf_detach(&b);
	}
	return strdup(path);
}

int cc__sign_buffer(cc_store *s, const char *buf, size_t len, char **sig)
{
	char *key = NULL, *program = NULL, *keypath = NULL, *tmpkey = NULL;
	cc_buf out = CC_BUF_INIT, errout = CC_BUF_INIT;
	char *argv[10];
	int in_fd = -1, status = 0, err, literal = 0, n = 0;

	*sig = NULL;
	err = cc_store_config(s, "user.signingkey", &key);
	if (err == CC_ENOTFOUND || (!err && !*key)) {
		free(key);
		return cc_error_set(CC_EINVALID,
			"commit.gpgsign is set but user.signingkey is not; run "
			"'git config user.signingkey ~/.ssh/id_ed25519.pub' or "
			"'git config commit.gpgsign false'");
	}
	if (err)
		return err;
	err = cc_store_config(s, "gpg.ssh.program", &program);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		err = (program = strdup("ssh-keygen")) ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (err)
		goto out;
	if (!strncmp(key, "key::", 5) || !strncmp(key, "ssh-", 4)) {
		literal = 1;
		if ((err = key_file(s, key + (key[0] == 'k' ? 5 : 0), &tmpkey)) != 0)
			goto out;
		keypath = tmpkey;
	} else if (!(keypath = expand_home(key))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = cc__anon_file(s, buf, len, &in_fd)) != 0)
		goto out;
	argv[n++] = program;
	argv[n++] = "-Y";
	argv[n++] = "sign";
	argv[n++] = "-n";
	argv[n++] = "git";
	argv[n++] = "-f";
	argv[n++] = keypath;
	if (literal)
		argv[n++] = "-U";
	argv[n] = NULL;
	if ((err = cc__run(argv, in_fd, &out, &errout, &status)) != 0)
		goto out;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !out.len ||
	    !strstr(cc_buf_cstr(&out), "-----BEGIN SSH SIGNATURE-----")) {
		char *e = errout.ptr;
		size_t el = errout.len;
		while (el && (e[el - 1] == '\n' || e[el - 1] == '\r'))
			e[--el] = '\0';
		err = cc_error_set(CC_ERROR, "cannot sign the commit with '%s' (user.signingkey)%s%s",
			key, el ? ": " : "",
			el ? e : (WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
				"ssh-keygen not found" : ""));
		goto out;
	}
	/* git stores the signature without its final newline */
	while (out.len && (out.ptr[out.len - 1] == '\n' || out.ptr[out.len - 1] == '\r'))
		out.ptr[--out.len] = '\0';
	*sig = cc_buf_detach(&out);
	if (!*sig)
		err = cc_error_set(CC_ENOMEM, "out of memory");
out:
	if (in_fd >= 0)
		close(in_fd);
	if (tmpkey)
		unlink(tmpkey);
	if (keypath != tmpkey)
		free(keypath);
	free(tmpkey);
	free(key);
	free(program);
	cc_buf_free(&out);
	cc_buf_free(&errout);
	return err;
}
