/* store-hindex-file.c - the per-case history index: its files and lock
 * (the format and the rules are in store-hindex-int.h) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "casectl/model/phase.h"
#include "store-hindex-int.h"


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
	size_t len = 0, m = strlen(CC__HX_TIP_MAGIC);
	int ok = 0;

	if (!hpath(&b, s, "tip") && read_all(b.ptr, &data, &len) == 0 &&
	    len == m + 41 && !memcmp(data, CC__HX_TIP_MAGIC, m) && data[len - 1] == '\n' &&
	    strspn(data + m, "0123456789abcdef") == GIT_OID_HEXSZ) {
		data[len - 1] = '\0';
		ok = git_oid_fromstr(tip, data + m) == 0;
	}
	free(data);
	cc_buf_free(&b);
	return ok;
}

/* Put LEN bytes of DATA at PATH: a temporary file renamed over it. */
static int replace_file(const char *path, const char *data, size_t len)
{
	cc_buf t = CC_BUF_INIT;
	int fd, err = -1;

	if (cc_buf_printf(&t, "%s.tmp-%ld", path, (long)getpid()) == 0 &&
	    (fd = open(t.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)) >= 0) {
		err = cc_write_all(fd, data, len) ? -1 : 0;
		if (close(fd) < 0 || err || rename(t.ptr, path) < 0) {
			unlink(t.ptr);
			err = -1;
		}
	}
	cc_buf_free(&t);
	return err;
}

int cc__hx_tip_write(cc_store *s, const git_oid *tip)
{
	cc_buf b = CC_BUF_INIT, t = CC_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int err = -1;

	git_oid_tostr(hex, sizeof(hex), tip);
	if (hpath(&b, s, ""))
		goto out;
	mkdir(b.ptr, 0700);
	if (!hpath(&b, s, "tip") && !cc_buf_printf(&t, "%s%s\n", CC__HX_TIP_MAGIC, hex))
		err = replace_file(b.ptr, t.ptr, t.len);
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

/* The bucket file of case ID: history/C2C3. */
static int bucket_path(cc_buf *b, cc_store *s, char c2, char c3, int mkdirs)
{
	char rel[3] = { c2, c3, '\0' };

	if (mkdirs) {
		if (hpath(b, s, ""))
			return -1;
		mkdir(b->ptr, 0700);
	}
	return hpath(b, s, rel);
}

int cc__hx_put_line(cc_buf *d, const cc__hx_line *l)
{
	char commit[GIT_OID_HEXSZ + 1], tree[GIT_OID_HEXSZ + 1];
	size_t before = d->len;

	if (l->time < -99999999999LL || l->time > 99999999999LL || l->tz < -9999 || l->tz > 9999)
		return -1;        /* does not fit its field: no index for this history */
	git_oid_tostr(commit, sizeof(commit), &l->commit);
	git_oid_tostr(tree, sizeof(tree), &l->tree);
	if (cc_buf_printf(d, "%s %s %s %+012lld %+05d %c\n", l->id, commit, tree,
		(long long)l->time, l->tz, l->state))
		return -1;
	return d->len - before == CC__HX_LINE_LEN ? 0 : -1;
}

/* Parse a signed decimal field of exactly N bytes at P. */
static int num_field(const char *p, size_t n, long long *out)
{
	long long v = 0;
	size_t i;

	if (p[0] != '+' && p[0] != '-')
		return -1;
	for (i = 1; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = p[0] == '-' ? -v : v;
	return 0;
}

static int hex_field(const char *p, git_oid *out)
{
	size_t i;

	for (i = 0; i < GIT_OID_HEXSZ; i++)
		if (!strchr("0123456789abcdef", p[i]) || !p[i])
			return -1;
	return git_oid_fromstrn(out, p, GIT_OID_HEXSZ) < 0 ? -1 : 0;
}

int cc__hx_parse_line(const char *p, cc__hx_line *l)
{
	const char *q = p + CC_ID_LEN;
	long long t, z;
	char st;

	memcpy(l->id, p, CC_ID_LEN);
	l->id[CC_ID_LEN] = '\0';
	if (!cc_id_valid(l->id) || q[0] != ' ' || hex_field(q + 1, &l->commit) ||
	    q[41] != ' ' || hex_field(q + 42, &l->tree) || q[82] != ' ' ||
	    num_field(q + 83, 12, &t) || q[95] != ' ' || num_field(q + 96, 5, &z) ||
	    q[101] != ' ' || q[103] != '\n')
		return -1;
	st = q[102];
	if (st != '-' && st != 'x' && st != '?' && (st < '0' || st >= '0' + CC_PHASE_COUNT))
		return -1;
	l->time = (int64_t)t;
	l->tz = (int)z;
	l->state = st;
	return 0;
}

int cc__hx_bucket_append(cc_store *s, const char *id, const cc_buf *d)
{
	cc_buf b = CC_BUF_INIT;
	int fd, err = -1;

	if (bucket_path(&b, s, id[2], id[3], 1) == 0 &&
	    (fd = open(b.ptr, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) >= 0) {
		err = cc_write_all(fd, d->ptr, d->len) ? -1 : 0;
		if (close(fd) < 0)
			err = -1;
	}
	cc_buf_free(&b);
	return err;
}

int cc__hx_bucket_replace(cc_store *s, char c2, char c3, const cc_buf *d)
{
	cc_buf b = CC_BUF_INIT;
	int err = -1;

	if (bucket_path(&b, s, c2, c3, 1) == 0)
		err = replace_file(b.ptr, d->ptr ? d->ptr : "", d->len);
	cc_buf_free(&b);
	return err;
}

int cc__hx_case_append(cc_store *s, const cc__hx_line *l)
{
	cc_buf d = CC_BUF_INIT;
	int err = cc__hx_put_line(&d, l) ? -1 : cc__hx_bucket_append(s, l->id, &d);

	cc_buf_free(&d);
	return err;
}

int cc__hx_bucket_read(cc_store *s, char c2, char c3, cc__hx_line **out, size_t *n)
{
	cc_buf b = CC_BUF_INIT;
	char *data = NULL;
	size_t len = 0, cnt, i;
	cc__hx_line *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (bucket_path(&b, s, c2, c3, 0)) {
		cc_buf_free(&b);
		return -1;
	}
	rc = read_all(b.ptr, &data, &len);
	cc_buf_free(&b);
	if (rc)
		return rc > 0 ? 0 : -1;
	cnt = len / CC__HX_LINE_LEN;
	if (len % CC__HX_LINE_LEN || !(v = malloc((cnt + 1) * sizeof(*v)))) {
		free(data);
		return -1;
	}
	for (i = 0; i < cnt; i++)
		if (cc__hx_parse_line(data + i * CC__HX_LINE_LEN, &v[i]) ||
		    v[i].id[2] != c2 || v[i].id[3] != c3) {
			free(v);
			free(data);
			return -1;
		}
	free(data);
	*out = v;
	*n = cnt;
	return 0;
}

/* The commits listed for case ID, newest first, without repeats.
 * 0 (a missing bucket is empty), or -1 when the bucket is damaged. */
int cc__hx_case_read(cc_store *s, const char *id, git_oid **out, size_t *n)
{
	cc__hx_line *lines = NULL;
	size_t cnt = 0, i, j, k = 0;
	git_oid *v;

	*out = NULL;
	*n = 0;
	if (cc__hx_bucket_read(s, id[2], id[3], &lines, &cnt))
		return -1;
	if (!(v = calloc(cnt + 1, sizeof(*v)))) {
		free(lines);
		return -1;
	}
	for (i = cnt; i-- > 0;) {                /* newest first */
		if (strcmp(lines[i].id, id))
			continue;
		for (j = 0; j < k && !git_oid_equal(&v[j], &lines[i].commit); j++)
			;
		if (j == k)      /* a repeat (an append interrupted before the tip moved) */
			git_oid_cpy(&v[k++], &lines[i].commit);
	}
	free(lines);
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
