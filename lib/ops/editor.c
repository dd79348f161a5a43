/* editor.c - running $VISUAL / $EDITOR */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/ops/editor.h"
#include "casectl/util/error.h"

int cc_editor_check(const char *hint)
{
	if (!isatty(STDIN_FILENO))
		return cc_error_set(CC_EUSAGE,
			"standard input is not a terminal, so no editor can be opened; %s",
			hint);
	return 0;
}

static const char *editor_cmd(void)
{
	const char *e = getenv("VISUAL");

	if (!e || !*e)
		e = getenv("EDITOR");
	if (!e || !*e)
		e = "vi";
	return e;
}

int cc_editor_run(const char *path)
{
	const char *ed = editor_cmd();
	cc_buf cmd = CC_BUF_INIT;
	pid_t pid;
	int status, err;

	/* like git: the editor setting is shell text, the file its argument */
	if ((err = cc_buf_printf(&cmd, "%s \"$@\"", ed)))
		return err;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		cc_buf_free(&cmd);
		return cc_error_set(CC_ERROR, "cannot start the editor: %s", strerror(errno));
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd.ptr, ed, path, (char *)NULL);
		_exit(127);
	}
	cc_buf_free(&cmd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cc_error_set(CC_ERROR, "waiting for the editor failed: %s",
				strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return cc_error_set(CC_EABORTED,
			"the editor '%s' failed; nothing was written", ed);
	return 0;
}

static int blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

size_t cc_editor_strip_hints(char *text, size_t len)
{
	size_t r = 0, w = 0;
	int prev_blank = 1, drop_blank = 0;

	while (r < len) {
		size_t end = r, s = r, e;
		while (end < len && text[end] != '\n')
			end++;
		e = end;
		while (s < e && (text[s] == ' ' || text[s] == '\t'))
			s++;
		while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
			e--;
		if (e - s >= 7 && !strncmp(text + s, "<!--", 4) && !strncmp(text + e - 3, "-->", 3)
		    && !memmem(text + s + 4, e - s - 7, "-->", 3)) {
			/* a hint between two blank lines leaves one, not two */
			drop_blank = prev_blank;
			r = end < len ? end + 1 : end;
			continue;
		}
		if (drop_blank && blank_line(text + r, end - r)) {
			r = end < len ? end + 1 : end;
			continue;
		}
		drop_blank = 0;
		prev_blank = blank_line(text + r, end - r);
		if (end < len)
			end++;
		memmove(text + w, text + r, end - r);
		w += end - r;
		r = end;
	}
	/* end with exactly one newline */
	while (w >= 2 && text[w - 1] == '\n' && text[w - 2] == '\n')
		w--;
	if (w < len)
		text[w] = '\0';
	return w;
}

int cc_editor_edit_text(cc_store *s, const char *name, const char *initial,
	size_t initial_len, char **out, size_t *len)
{
	cc_buf path = CC_BUF_INIT;
	char *buf = NULL;
	size_t n;
	int fd, err;

	*out = NULL;
	if ((err = cc_buf_printf(&path, "%s/casectl", cc_store_gitdir(s))))
		return err;
	mkdir(path.ptr, 0700);
	if ((err = cc_buf_printf(&path, "/%s", name)))
		goto out;
	fd = open(path.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, initial, initial_len) != (ssize_t)initial_len) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path.ptr, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	if ((err = cc_editor_run(path.ptr)) || (err = cc_read_file(path.ptr, &buf, &n)))
		goto out;
	if (n == initial_len && !memcmp(buf, initial, n)) {
		err = cc_error_set(CC_EABORTED, "aborting: the text was not changed");
		goto out;
	}
	{
		size_t i;
		for (i = 0; i < n && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t'); i++)
			;
		if (i == n) {
			err = cc_error_set(CC_EABORTED, "aborting: the text is empty");
			goto out;
		}
	}
	*out = buf;
	*len = n;
	buf = NULL;
out:
	if (path.ptr)
		unlink(path.ptr);
	free(buf);
	cc_buf_free(&path);
	return err;
}

int cc_editor_keep(cc_store *s, const char *name, const char *text, size_t len,
	char **path)
{
	cc_buf p = CC_BUF_INIT;
	int fd, err;

	*path = NULL;
	if ((err = cc_buf_printf(&p, "%s/casectl", cc_store_gitdir(s))))
		return err;
	mkdir(p.ptr, 0700);
	if ((err = cc_buf_printf(&p, "/%s", name)))
		goto fail;
	fd = open(p.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd)) {
		err = cc_error_set(CC_EIO, "cannot keep the text in '%s': %s", p.ptr,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	close(fd);
	*path = cc_buf_detach(&p);
	return 0;
fail:
	cc_buf_free(&p);
	return err;
}

int cc_editor_edit_file(cc_store *s, const char *relpath, int *changed)
{
	cc_buf copy = CC_BUF_INIT, abs = CC_BUF_INIT;
	char *orig = NULL, *now = NULL;
	const char *base = strrchr(relpath, '/');
	size_t olen, nlen;
	int fd = -1, err, made = 0;

	*changed = 0;
	base = base ? base + 1 : relpath;
	if ((err = cc_store_read(s, relpath, &orig, &olen)) ||
	    (err = cc_buf_printf(&copy, "%s/casectl", cc_store_gitdir(s))))
		goto out;
	mkdir(copy.ptr, 0700);
	/* the editor never sees the case file itself: what it writes
	 * before it fails must not end up in the store */
	if ((err = cc_buf_printf(&copy, "/EDIT-%s", base)) ||
	    (err = cc_buf_printf(&abs, "%s/%s", cc_store_root(s), relpath)))
		goto out;
	unlink(copy.ptr);
	fd = open(copy.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, orig, olen) != (ssize_t)olen || close(fd)) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", copy.ptr, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	made = 1;
	if ((err = cc_editor_run(copy.ptr)) || (err = cc_read_file(copy.ptr, &now, &nlen)))
		goto out;
	if (nlen == olen && !memcmp(now, orig, olen))
		goto out;
	if ((fd = open(copy.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		int bad = fsync(fd);
		close(fd);
		fd = bad ? -1 : 0;
	}
	if (fd < 0 || rename(copy.ptr, abs.ptr)) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", relpath, strerror(errno));
		goto out;
	}
	made = 0;
	*changed = 1;
out:
	if (made)
		unlink(copy.ptr);
	free(orig);
	free(now);
	cc_buf_free(&copy);
	cc_buf_free(&abs);
	return err;
}
