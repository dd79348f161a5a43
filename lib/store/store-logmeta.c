/*
 * store-logmeta.c - what 'casectl log' prints of a commit, kept beside
 * the history index so that a case's log needs no commit object.
 *
 *   casectl/logmeta/C2C3   one line per commit that some log of a case
 *                          of the bucket C2C3 printed:
 *     <40 hex> TAB <time> TAB <tz> TAB <parents> TAB <case> TAB <action>
 *       TAB <author> TAB <email> TAB <subject> LF
 *
 * <case> and <action> are the trailers, empty when absent.  A commit
 * whose fields hold a tab or a newline, or an empty trailer, is not
 * recorded (its log then always reads the commit).  Commits never
 * change, so a line never goes stale; what could - which commits a
 * case has - comes from the history index, checked against HEAD.  The
 * folder is derived data: deleting it only makes the next logs slower,
 * and erase removes it with the other caches.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"
#include "store-peek-int.h"

static int plain(const char *s, int may_be_empty)
{
	return s && (may_be_empty || *s) && !strpbrk(s, "\t\n\r");
}

int cc__logmeta_put(cc_buf *d, const cc_log_entry *e)
{
	if (!plain(e->author_name, 1) || !plain(e->author_email, 1) || !plain(e->subject, 1) ||
	    (e->case_id && !plain(e->case_id, 0)) || (e->action && !plain(e->action, 0)))
		return 1;
	return cc_buf_printf(d, "%s\t%" PRId64 "\t%d\t%u\t%s\t%s\t%s\t%s\t%s\n", e->oid, e->time,
		e->tz_minutes, e->parents, e->case_id ? e->case_id : "",
		e->action ? e->action : "", e->author_name, e->author_email, e->subject) ? -1 : 0;
}

static int meta_path(cc_buf *b, const char *gitdir, const char *id, int mkdirs)
{
	if (cc_buf_printf(b, "%s/%s/logmeta", gitdir, CC_LOCK_DIR))
		return -1;
	if (mkdirs && mkdir(b->ptr, 0700) != 0 && errno != EEXIST)
		return -1;
	return cc_buf_printf(b, "/%c%c", id[2], id[3]) ? -1 : 0;
}

int cc__logmeta_read(const char *gitdir, const char *id, char **out, size_t *len)
{
	cc_buf b = CC_BUF_INIT;
	int rc;

	*out = NULL;
	*len = 0;
	if (meta_path(&b, gitdir, id, 0)) {
		cc_buf_free(&b);
		return -1;
	}
	rc = cc_read_file(b.ptr, out, len);
	cc_buf_free(&b);
	if (rc == CC_ENOTFOUND) {
		cc_error_clear();
		return 0;
	}
	if (rc)
		cc_error_clear();
	return rc ? -1 : 0;
}

const char *cc__logmeta_find(const char *data, size_t len, const char *hex)
{
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if ((size_t)(nl - p) > 41 && p[40] == '\t' && !memcmp(p, hex, 40))
			return p;
		p = nl + 1;
	}
	return NULL;
}

void cc__logmeta_merge(const char *gitdir, const char *id, const cc_buf *add)
{
	cc_buf path = CC_BUF_INIT, tmp = CC_BUF_INIT, out = CC_BUF_INIT;
	char *old = NULL;
	size_t olen = 0;
	const char *p, *end;
	int fd = -1, ok = 0;

	if (!add->len || cc__logmeta_read(gitdir, id, &old, &olen) ||
	    meta_path(&path, gitdir, id, 1) || cc_buf_put(&out, old ? old : "", olen))
		goto done;
	/* Lines of ADD not there yet (the same commit has the same line). */
	for (p = add->ptr, end = add->ptr + add->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char hex[41];
		if (!nl)
			break;
		memcpy(hex, p, 40);
		hex[40] = '\0';
		if (!cc__logmeta_find(out.ptr ? out.ptr : "", out.len, hex) &&
		    cc_buf_put(&out, p, (size_t)(nl + 1 - p)))
			goto done;
		p = nl + 1;
	}
	if (out.len == olen)
		goto done;
	if (cc_buf_printf(&tmp, "%s.tmp-%ld", path.ptr, (long)getpid()) ||
	    (fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		goto done;
	ok = cc_write_all(fd, out.ptr, out.len) == 0;
	if (close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp.ptr, path.ptr) != 0)
		unlink(tmp.ptr);
done:
	free(old);
	cc_buf_free(&path);
	cc_buf_free(&tmp);
	cc_buf_free(&out);
}

void cc__logmeta_remove(const char *gitdir)
{
	cc_buf b = CC_BUF_INIT;
	DIR *d;
	struct dirent *de;

	if (cc_buf_printf(&b, "%s/%s/logmeta", gitdir, CC_LOCK_DIR) == 0 && (d = opendir(b.ptr))) {
		int fd = dirfd(d);
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				unlinkat(fd, de->d_name, 0);
		closedir(d);
		rmdir(b.ptr);
	}
	cc_buf_free(&b);
}
