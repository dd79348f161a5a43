/* store-hindex-file.c - the per-case history index: its files and lock
 * (the format and the rules are in store-hindex.h) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/buf.h"
#include "casectl/error.h"
#include "casectl/id.h"
#include "store-hindex.h"

#define TIP_MAGIC "casectl-history 1\n"

static int hpath(cc_buf *b, cc_store *s, const char *rel)
{
	cc_buf_clear(b);
	return cc_buf_printf(b, "%s/%s/history%s%s", s->gitdir, CC_LOCK_DIR, *rel ? "/" : "", rel);
}

/* An open, flock(2)ed history.lock, or -1. */
int cc__hx_lock_take(cc_store *s, int nonblock)
{
	cc_buf b = CC_BUF_INIT;
	int fd = -1;

	if (cc_buf_printf(&b, "%s/%s", s->gitdir, CC_LOCK_DIR) == 0) {
		mkdir(b.ptr, 0700);
		if (cc_buf_puts(&b, "/history.lock") == 0)
			fd = open(b.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	}
	cc_buf_free(&b);
	if (fd >= 0 && flock(fd, LOCK_EX | (nonblock ? LOCK_NB : 0)) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

void cc__hx_lock_drop(int fd)
{
	if (fd >= 0)
		close(fd);          /* releases the flock */
}

static int read_all(const char *path, char **out, size_t *len)
{
	cc_buf b = CC_BUF_INIT;
	char chunk[8192];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		if (cc_buf_put(&b, chunk, (size_t)r)) {
			r = -1;
			break;
		}
	close(fd);
	if (r < 0 || cc_buf_putc(&b, '\0')) {
		cc_buf_free(&b);
		return -1;
	}
	*len = b.len - 1;
	*out = cc_buf_detach(&b);
	return 0;
}

/* 1 and *tip set when the tip file is valid. */
int cc__hx_tip_read(cc_store *s, git_oid *tip)
{
	cc_buf b = CC_BUF_INIT;
	char *data = NULL;
	size_t len = 0, m = strlen(TIP_MAGIC);
	int ok = 0;

	if (!hpath(&b, s, "tip") && read_all(b.ptr, &data, &len) == 0 &&
	    len == m + 41 && !memcmp(data, TIP_MAGIC, m) && data[len - 1] == '\n') {
		data[len - 1] = '\0';
		ok = git_oid_fromstr(tip, data + m) == 0;
	}
	free(data);
	cc_buf_free(&b);
	return ok;
}

int cc__hx_tip_write(cc_store *s, const git_oid *tip)
{
	cc_buf b = CC_BUF_INIT, t = CC_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int fd, err = -1;

	git_oid_tostr(hex, sizeof(hex), tip);
	if (hpath(&b, s, ""))
		goto out;
	mkdir(b.ptr, 0700);
	if (hpath(&b, s, "tip") || cc_buf_printf(&t, "%s.tmp-%ld", b.ptr, (long)getpid()))
		goto out;
	fd = open(t.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		goto out;
	if (dprintf(fd, "%s%s\n", TIP_MAGIC, hex) < 0 || close(fd) < 0 ||
	    rename(t.ptr, b.ptr) < 0)
		unlink(t.ptr);
	else
		err = 0;
out:
	cc_buf_free(&t);
	cc_buf_free(&b);
	return err;
}

int cc__hx_tip_remove(cc_store *s)
{
	cc_buf b = CC_BUF_INIT;
	int err = -1;

	if (!hpath(&b, s, "tip") && (unlink(b.ptr) == 0 || errno == ENOENT))
		err = 0;
	cc_buf_free(&b);
	return err;
}

#define LINE_LEN (CC_ID_LEN + 1 + GIT_OID_HEXSZ + 1)   /* "ID HEX\n" */

/* The bucket file of case ID: history/C2C3. */
static int bucket_path(cc_buf *b, cc_store *s, const char *id, int mkdirs)
{
	char rel[3] = { id[2], id[3], '\0' };

	if (mkdirs) {
		if (hpath(b, s, ""))
			return -1;
		mkdir(b->ptr, 0700);
	}
	return hpath(b, s, rel);
}

int cc__hx_put_lines(cc_buf *d, const char *id, const git_oid *v, size_t n)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		git_oid_tostr(hex, sizeof(hex), &v[i]);
		if (cc_buf_printf(d, "%s %s\n", id, hex))
			return -1;
	}
	return 0;
}

int cc__hx_bucket_append(cc_store *s, const char *id, const cc_buf *d)
{
	cc_buf b = CC_BUF_INIT;
	int fd, err = -1;

	if (bucket_path(&b, s, id, 1) == 0 &&
	    (fd = open(b.ptr, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) >= 0) {
		err = cc__write_all(fd, d->ptr, d->len) ? -1 : 0;
		if (close(fd) < 0)
			err = -1;
	}
	cc_buf_free(&b);
	return err;
}

/* Append the lines of V (N oids, in order) for case ID. */
int cc__hx_case_append(cc_store *s, const char *id, const git_oid *v, size_t n)
{
	cc_buf d = CC_BUF_INIT;
	int err = cc__hx_put_lines(&d, id, v, n) ? -1 : cc__hx_bucket_append(s, id, &d);

	cc_buf_free(&d);
	return err;
}

/* The commits listed for case ID, newest first, without repeats.
 * 0 (a missing bucket is empty), or -1 when the bucket is damaged. */
int cc__hx_case_read(cc_store *s, const char *id, git_oid **out, size_t *n)
{
	cc_buf b = CC_BUF_INIT;
	char *data = NULL, *p;
	size_t len = 0, cnt, i, k;
	git_oid *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (bucket_path(&b, s, id, 0)) {
		cc_buf_free(&b);
		return -1;
	}
	rc = read_all(b.ptr, &data, &len);
	cc_buf_free(&b);
	if (rc)
		return rc > 0 ? 0 : -1;
	if (len % LINE_LEN || !(v = calloc(len / LINE_LEN + 1, sizeof(*v)))) {
		free(data);
		return -1;
	}
	cnt = len / LINE_LEN;
	for (i = 0, k = 0; i < cnt; i++) {
		git_oid o;
		size_t j;
		char lid[CC_ID_LEN + 1];
		p = data + (cnt - 1 - i) * LINE_LEN;   /* newest first */
		memcpy(lid, p, CC_ID_LEN);
		lid[CC_ID_LEN] = '\0';
		p += CC_ID_LEN + 1;
		if (!cc_id_valid(lid) || p[-1] != ' ' || p[GIT_OID_HEXSZ] != '\n' ||
		    strspn(p, "0123456789abcdef") != GIT_OID_HEXSZ ||
		    git_oid_fromstrn(&o, p, GIT_OID_HEXSZ) < 0) {
			free(v);
			free(data);
			return -1;
		}
		if (strcmp(lid, id))
			continue;
		for (j = 0; j < k && !git_oid_equal(&v[j], &o); j++)
			;
		if (j == k)      /* a repeat (an append interrupted before the tip moved) */
			git_oid_cpy(&v[k++], &o);
	}
	free(data);
	*out = v;
	*n = k;
	return 0;
}

/* Remove the history folder (two levels) and everything in it. */
int cc__hx_remove_all(cc_store *s)
{
	cc_buf b = CC_BUF_INIT, sub = CC_BUF_INIT;
	struct dirent *de, *de2;
	DIR *d, *d2;
	int err = 0;

	if (hpath(&b, s, "")) {
		cc_buf_free(&b);
		return -1;
	}
	if (!(d = opendir(b.ptr))) {
		cc_buf_free(&b);
		return errno == ENOENT ? 0 : -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		cc_buf_clear(&sub);
		if (cc_buf_printf(&sub, "%s/%s", b.ptr, de->d_name)) {
			err = -1;
			break;
		}
		if ((d2 = opendir(sub.ptr)) != NULL) {
			while ((de2 = readdir(d2)) != NULL)
				if (strcmp(de2->d_name, ".") && strcmp(de2->d_name, ".."))
					unlinkat(dirfd(d2), de2->d_name, 0);
			closedir(d2);
			if (rmdir(sub.ptr) < 0)
				err = -1;
		} else if (unlink(sub.ptr) < 0 && errno != ENOENT) {
			err = -1;
		}
	}
	closedir(d);
	cc_buf_free(&sub);
	cc_buf_free(&b);
	return err;
}
