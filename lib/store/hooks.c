/* hooks.c - the pre-commit hook that runs 'casectl check --staged' */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/hooks.h"

#define MARK "# installed by 'casectl hooks install'"

static int hook_path(cc_store *s, cc_buf *p)
{
	return cc_buf_printf(p, "%s/hooks/pre-commit", cc_store_gitdir(s));
}

static int is_ours(const char *path)
{
	char *buf = NULL;
	size_t len;
	int ours;

	if (cc_read_file(path, &buf, &len))
		return 0;
	ours = strstr(buf, MARK) != NULL;
	free(buf);
	return ours;
}

int cc_hooks_installed(cc_store *s)
{
	cc_buf p = CC_BUF_INIT;
	int r = 0;

	if (!hook_path(s, &p))
		r = is_ours(p.ptr);
	cc_buf_free(&p);
	return r;
}

/* S as one word for /bin/sh, in single quotes. */
static int shell_quote(cc_buf *b, const char *s)
{
	int err = cc_buf_putc(b, '\'');

	for (; !err && *s; s++)
		err = *s == '\'' ? cc_buf_puts(b, "'\\''") : cc_buf_putc(b, *s);
	return err ? err : cc_buf_putc(b, '\'');
}

static int write_hook(const char *path, const char *text, size_t len)
{
	cc_buf tmp = CC_BUF_INIT;
	int fd, err;

	if ((err = cc_buf_printf(&tmp, "%s.tmp", path)))
		return err;
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0700);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd)) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp.ptr);
	} else if (close(fd) || rename(tmp.ptr, path)) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp.ptr);
	}
	cc_buf_free(&tmp);
	return err;
}

int cc_hooks_install(cc_store *s, const char *program, int force)
{
	cc_buf p = CC_BUF_INIT, text = CC_BUF_INIT, orig = CC_BUF_INIT;
	struct stat st;
	int err;

	if ((err = cc_buf_printf(&p, "%s/hooks", cc_store_gitdir(s))))
		goto out;
	mkdir(p.ptr, 0700);
	cc_buf_clear(&p);
	if ((err = hook_path(s, &p)))
		goto out;
	if (lstat(p.ptr, &st) == 0 && !is_ours(p.ptr)) {
		if (!force) {
			err = cc_error_set(CC_EREFUSED, "'%s' exists and was not written by casectl; "
				"merge it by hand, or run 'casectl hooks install --force' to keep it "
				"as pre-commit.orig", p.ptr);
			goto out;
		}
		if ((err = cc_buf_printf(&orig, "%s.orig", p.ptr)))
			goto out;
		if (rename(p.ptr, orig.ptr)) {
			err = cc_error_set(CC_EIO, "cannot keep the old hook as '%s': %s", orig.ptr,
				strerror(errno));
			goto out;
		}
	}
	if ((err = cc_buf_printf(&text, "#!/bin/sh\n%s\n"
			"# It refuses a plain 'git commit' that would record a broken case file.\n"
			"# Remove it with 'casectl hooks remove'.\n"
			"casectl=", MARK)) ||
	    (err = shell_quote(&text, program)) ||
	    (err = cc_buf_puts(&text, "\n"
			"[ -x \"$casectl\" ] || casectl=casectl\n"
			"exec \"$casectl\" check --staged --quiet\n")))
		goto out;
	err = write_hook(p.ptr, text.ptr, text.len);
out:
	cc_buf_free(&p);
	cc_buf_free(&text);
	cc_buf_free(&orig);
	return err;
}

int cc_hooks_remove(cc_store *s)
{
	cc_buf p = CC_BUF_INIT;
	int err;

	if ((err = hook_path(s, &p)))
		return err;
	if (is_ours(p.ptr) && unlink(p.ptr))
		err = cc_error_set(CC_EIO, "cannot remove '%s': %s", p.ptr, strerror(errno));
	cc_buf_free(&p);
	return err;
}
