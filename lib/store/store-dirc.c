/*
 * store-dirc.c - the git index file ("DIRC"), read and spliced directly.
 *
 * With 100,000 files the index is about 11 MB.  libgit2 can only read
 * all of it into a hash map and write all of it back, which was 90% of
 * a casectl commit.  A commit changes a handful of entries, so this
 * module maps the file, finds entry boundaries without decoding them,
 * and writes a new file that copies the untouched bytes around the
 * changed entries: one pass of memcpy and one SHA-1.
 *
 * It handles index versions 2 and 3 with no conflict stages, no
 * skip-worktree or intent-to-add entries, and no mandatory extension
 * (split or sparse index).  Anything else makes it decline (return 1)
 * and the caller uses libgit2 as before, so unusual indexes cost time,
 * never correctness.  Like git it does not verify the old file's
 * checksum when reading (git only does in fsck); it always writes a
 * correct one.
 *
 * Extensions: TREE (cache-tree) is kept with the directories on the way
 * to every changed path marked invalid, as git does; REUC is copied;
 * the other optional ones (untracked cache, fsmonitor, offset tables)
 * are dropped, which git and libgit2 treat as "not cached".
 *
 * Racy entries: an entry whose file was modified in the same second as
 * the old index was written cannot be trusted by its stat data once the
 * index gets a newer timestamp, so its size is zeroed ("smudged"), as
 * git's write_index does; readers then compare contents.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-dirc-int.h"

#define HDR 12
#define SUMLEN 20
#define ENT_FIXED 62
#define F_ASSUME 0x8000u
#define F_EXTENDED 0x4000u
#define F_STAGE 0x3000u
#define XF_UNSUPPORTED 0x6000u /* skip-worktree, intent-to-add */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

void cc__dirc_free(cc__dirc *d)
{
	if (!d)
		return;
	if (d->map && d->map != MAP_FAILED)
		munmap(d->map, d->len);
	free(d->ents);
	free(d);
}

/* Walk the entries; 0 ok, 1 unsupported or malformed. */
static int parse_entries(cc__dirc *d, uint32_t count)
{
	const unsigned char *b = d->map;
	size_t off = HDR, end = d->len - SUMLEN, i;

	if (count > (end - HDR) / ENT_FIXED)
		return 1;
	if (count && !(d->ents = malloc(count * sizeof(*d->ents))))
		return -1;
	for (i = 0; i < count; i++) {
		size_t hdr = ENT_FIXED, nlen, elen;
		unsigned flags;
		const char *path;

		if (off + ENT_FIXED > end)
			return 1;
		flags = be16(b + off + 60);
		if (flags & (F_ASSUME | F_STAGE))
			return 1;
		if (flags & F_EXTENDED) {
			if (d->version < 3 || off + ENT_FIXED + 2 > end ||
			    (be16(b + off + 62) & XF_UNSUPPORTED))
				return 1;
			hdr += 2;
		}
		path = (const char *)b + off + hdr;
		nlen = flags & 0xfffu;
		if (nlen == 0xfff) {
			const char *z = memchr(path, 0, end - off - hdr);
			if (!z)
				return 1;
			nlen = (size_t)(z - path);
		}
		elen = (hdr + nlen + 8) & ~(size_t)7;
		if (off + elen > end || path[nlen] != '\0')
			return 1;
		d->ents[i].off = off;
		d->ents[i].len = elen;
		d->ents[i].path = path;
		d->ents[i].plen = nlen;
		off += elen;
	}
	d->n = count;
	d->ext_off = off;
	/* Extensions: an upper-case first letter means optional. */
	while (off < end) {
		uint32_t sz;
		if (off + 8 > end)
			return 1;
		sz = be32(b + off + 4);
		if (b[off] < 'A' || b[off] > 'Z' || sz > end - off - 8)
			return 1;
		off += 8 + (size_t)sz;
	}
	return 0;
}

int cc__dirc_open(cc_store *s, cc__dirc **out)
{
	cc__dirc *d;
	char path[4096];
	struct stat st;
	int fd, r;

	*out = NULL;
	if ((size_t)snprintf(path, sizeof(path), "%s/index", s->gitdir) >= sizeof(path))
		return 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 1;               /* no index yet: libgit2 makes one */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < HDR + SUMLEN) {
		close(fd);
		return 1;
	}
	if (!(d = calloc(1, sizeof(*d)))) {
		close(fd);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	d->len = (size_t)st.st_size;
	d->mtime = st.st_mtim;
	d->map = mmap(NULL, d->len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (d->map == MAP_FAILED || memcmp(d->map, "DIRC", 4) ||
	    ((d->version = be32(d->map + 4)) != 2 && d->version != 3)) {
		cc__dirc_free(d);
		return 1;
	}
	if ((r = parse_entries(d, be32(d->map + 8))) != 0) {
		cc__dirc_free(d);
		return r < 0 ? cc_error_set(CC_ENOMEM, "out of memory") : 1;
	}
	*out = d;
	return 0;
}

/* git's order: bytes, then length (stage is always 0 here). */
static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen < blen ? -1 : alen > blen);
}

size_t cc__dirc_find(const cc__dirc *d, const char *prefix)
{
	size_t lo = 0, hi = d->n, plen = strlen(prefix);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (name_cmp(d->ents[mid].path, d->ents[mid].plen, prefix, plen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int cc__dirc_get(const cc__dirc *d, const char *path, unsigned char oid[20])
{
	size_t i = cc__dirc_find(d, path);

	if (i == d->n || strcmp(d->ents[i].path, path))
		return 0;
	memcpy(oid, d->map + d->ents[i].off + 40, 20);
	return 1;
}

void cc__dirc_stat(const cc__dirc *d, size_t i, cc__dirc_ent *e)
{
	const unsigned char *p = d->map + d->ents[i].off;

	e->path = d->ents[i].path;
	e->ctime_sec = be32(p);
	e->ctime_nsec = be32(p + 4);
	e->mtime_sec = be32(p + 8);
	e->mtime_nsec = be32(p + 12);
	e->ino = be32(p + 20);
	e->mode = be32(p + 24);
	e->size = be32(p + 36);
	memcpy(e->oid, p + 40, 20);
}

int cc__dirc_racy(const cc__dirc *d, uint32_t mtime_sec)
{
	return (int64_t)mtime_sec >= (int64_t)(uint32_t)d->mtime.tv_sec;
}

int cc__dirc_stat_clean(const cc__dirc *d, const cc__dirc_ent *e, const struct stat *st)
{
	return e->size == (uint32_t)st->st_size &&
	       e->ctime_sec == (uint32_t)st->st_ctim.tv_sec &&
	       e->ctime_nsec == (uint32_t)st->st_ctim.tv_nsec &&
	       e->mtime_sec == (uint32_t)st->st_mtim.tv_sec &&
	       e->mtime_nsec == (uint32_t)st->st_mtim.tv_nsec &&
	       e->ino == (uint32_t)st->st_ino && !cc__dirc_racy(d, e->mtime_sec);
}

/* 1 if A followed by B names an existing path (or is too long to ask). */
static int exists(const char *a, const char *b)
{
	char p[4096];
	struct stat st;

	return (size_t)snprintf(p, sizeof(p), "%s%s", a, b) >= sizeof(p) || lstat(p, &st) == 0;
}

int cc__dirc_no_filters(cc_store *s, const char *reldir)
{
	git_config *cfg = NULL;
	const char *v;
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char dir[4096];
	size_t i, len = strlen(reldir);
	int ok = 1;

	/* core.autocrlf (true or input) and attributes (core.attributesFile,
	 * info/attributes, the user's attributes file, a .gitattributes in
	 * any folder from the top down to RELDIR) are the only ways a
	 * filter can apply; files below RELDIR are checked by the caller. */
	if (git_repository_config_snapshot(&cfg, s->repo) < 0)
		return 0;
	if (git_config_get_string(&v, cfg, "core.autocrlf") == 0 && strcmp(v, "false"))
		ok = 0;
	if (git_config_get_string(&v, cfg, "core.attributesFile") == 0)
		ok = 0;
	git_config_free(cfg);
	if (!ok || len + 32 > sizeof(dir) || exists(s->gitdir, "/info/attributes") ||
	    (xdg && *xdg ? exists(xdg, "/git/attributes") :
	     home && exists(home, "/.config/git/attributes")) ||
	    exists(s->root, "/.gitattributes"))
		return 0;
	for (i = 0; i <= len; i++) {
		if (i < len && reldir[i] != '/')
			continue;
		dir[0] = '/';
		memcpy(dir + 1, reldir, i);
		memcpy(dir + 1 + i, "/.gitattributes", 16);
		if (exists(s->root, dir))
			return 0;
	}
	return 1;
}

/* --- writing ---------------------------------------------------------- */

typedef struct {
	const char *path;
	size_t plen;
	int present;
	unsigned char ent[ENT_FIXED + 8 + 4096];
	size_t elen;
} update;

static int cmp_update(const void *a, const void *b)
{
	const update *x = a, *y = b;
	return name_cmp(x->path, x->plen, y->path, y->plen);
}

/* Describe the working file of U (hashed as libgit2's add would);
 * 1 when it is not a plain file and libgit2 should handle it. */
static int make_entry(cc_store *s, update *u, int raw)
{
	char full[4096];
	struct stat st;
	git_oid oid;
	unsigned char *e = u->ent;
	size_t nlen = u->plen;

	if ((size_t)snprintf(full, sizeof(full), "%s/%s", s->root, u->path) >= sizeof(full) ||
	    nlen > 4000)
		return 1;
	if (lstat(full, &st) < 0) {
		if (errno != ENOENT)
			return 1;
		u->present = 0;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return 1;
	if (git_repository_hashfile(&oid, s->repo, u->path, GIT_OBJECT_BLOB, raw ? "" : NULL) < 0)
		return 1;
	u->present = 1;
	memset(e, 0, sizeof(u->ent));
	put32(e, (uint32_t)st.st_ctim.tv_sec);
	put32(e + 4, (uint32_t)st.st_ctim.tv_nsec);
	put32(e + 8, (uint32_t)st.st_mtim.tv_sec);
	put32(e + 12, (uint32_t)st.st_mtim.tv_nsec);
	put32(e + 16, (uint32_t)st.st_dev);
	put32(e + 20, (uint32_t)st.st_ino);
	put32(e + 24, (st.st_mode & 0100) ? 0100755 : 0100644);
	put32(e + 28, (uint32_t)st.st_uid);
	put32(e + 32, (uint32_t)st.st_gid);
	put32(e + 36, (uint32_t)st.st_size);
	memcpy(e + 40, oid.id, 20);
	e[60] = (unsigned char)((nlen < 0xfff ? nlen : 0xfff) >> 8);
	e[61] = (unsigned char)(nlen < 0xfff ? nlen : 0xfff);
	memcpy(e + ENT_FIXED, u->path, nlen);
	u->elen = (ENT_FIXED + nlen + 8) & ~(size_t)7;
	return 0;
}

/* 1 if the directory DIR (LEN bytes, "" = top) holds a path of U. */
static int dir_touched(const update *u, size_t n, const char *dir, size_t len)
{
	size_t i;

	if (!len)
		return 1;
	for (i = 0; i < n; i++)
		if (u[i].plen > len && u[i].path[len] == '/' && !memcmp(u[i].path, dir, len))
			return 1;
	return 0;
}

/* Copy one cache-tree node at *pos of SRC (and its subtrees) to OUT,
 * invalidating those on the way to an updated path. */
static int tree_node(const unsigned char *src, size_t len, size_t *pos, char *dir, size_t dlen,
	const update *u, size_t n, cc_buf *out, int depth)
{
	const char *name = (const char *)src + *pos;
	const char *nul = memchr(name, 0, len - *pos);
	long cnt, sub, k;
	char *end;
	size_t nlen, sublen = dlen, p;

	if (!nul || depth > 64)
		return 1;
	nlen = (size_t)(nul - name);
	p = *pos + nlen + 1;
	errno = 0;
	cnt = strtol((const char *)src + p, &end, 10);
	if (errno || *end != ' ' || end < (const char *)src + p)
		return 1;
	sub = strtol(end + 1, &end, 10);
	if (errno || *end != '\n' || sub < 0 || sub > 1000000)
		return 1;
	p = (size_t)(end + 1 - (const char *)src);
	if (cnt >= 0 && p + 20 > len)
		return 1;
	if (nlen) {
		if (dlen + nlen + 2 > 4096)
			return 1;
		if (dlen)
			dir[sublen++] = '/';
		memcpy(dir + sublen, name, nlen);
		sublen += nlen;
	}
	if (cnt >= 0 && !dir_touched(u, n, dir, sublen)) {
		if (cc_buf_put(out, name, (size_t)(src + p + 20 - (const unsigned char *)name)))
			return -1;
		p += 20;
	} else {
		if (cc_buf_put(out, name, nlen + 1) || cc_buf_printf(out, "-1 %ld\n", sub))
			return -1;
		if (cnt >= 0)
			p += 20;
	}
	*pos = p;
	for (k = 0; k < sub; k++) {
		int r = *pos >= len ? 1 : tree_node(src, len, pos, dir, sublen, u, n, out, depth + 1);
		if (r)
			return r;
	}
	return 0;
}

/* Append the extensions to OUT; 1 when TREE cannot be parsed, -1 when
 * out of memory. */
static int put_extensions(const cc__dirc *d, const update *u, size_t n, cc_buf *out)
{
	size_t off = d->ext_off, end = d->len - SUMLEN;

	while (off < end) {
		const unsigned char *x = d->map + off;
		size_t sz = be32(x + 4);

		if (!memcmp(x, "TREE", 4)) {
			cc_buf t = CC_BUF_INIT;
			char dir[4096];
			size_t pos = 0;
			unsigned char h[8];
			int bad = 0;

			while (pos < sz && !bad)
				bad = tree_node(x + 8, sz, &pos, dir, 0, u, n, &t, 0);
			memcpy(h, "TREE", 4);
			put32(h + 4, (uint32_t)t.len);
			if (!bad && (cc_buf_put(out, (const char *)h, 8) ||
			    cc_buf_put(out, t.ptr ? t.ptr : "", t.len)))
				bad = -1;
			cc_buf_free(&t);
			if (bad)
				return bad;
		} else if (!memcmp(x, "REUC", 4)) {
			if (cc_buf_put(out, (const char *)x, 8 + sz))
				return -1;
		}
		off += 8 + sz;
	}
	return 0;
}

/* Copy entry I of D to OUT (room reserved), smudging it when racily
 * clean. */
static void put_old(const cc__dirc *d, size_t i, cc_buf *out)
{
	const unsigned char *p = d->map + d->ents[i].off;
	size_t at = out->len;

	cc_buf_put(out, (const char *)p, d->ents[i].len);
	if (cc__dirc_racy(d, be32(p + 8)))
		put32((unsigned char *)out->ptr + at + 36, 0);
}

static int write_index(cc_store *s, const cc_buf *b)
{
	char lock[4096], dst[4096];
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int sumlen = 0;
	int fd, err = 0;

	if (!EVP_Digest(b->ptr, b->len, sum, &sumlen, EVP_sha1(), NULL) || sumlen != SUMLEN)
		return 1;
	snprintf(lock, sizeof(lock), "%s/index.lock", s->gitdir);
	snprintf(dst, sizeof(dst), "%s/index", s->gitdir);
	if ((fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0) {
		if (errno == EEXIST)
			return cc_error_set(CC_ELOCKED, "'%s' exists: another git process is using "
				"the index; wait for it, or remove the file if none is running", lock);
		return 1;
	}
	if (cc_write_all(fd, b->ptr, b->len) != 0 ||
	    cc_write_all(fd, (const char *)sum, SUMLEN) != 0 || cc__fsync(fd) != 0)
		err = 1;
	if (close(fd) != 0)
		err = 1;
	if (!err && rename(lock, dst) != 0)
		err = 1;
	if (err)
		unlink(lock);
	return err;
}

int cc__dirc_update(cc_store *s, char *const *paths, size_t n)
{
	cc__dirc *d = NULL;
	update *u = NULL;
	cc_buf out = CC_BUF_INIT;
	unsigned char hdr[HDR];
	size_t i, j, k, count = 0;
	int r;

	if ((r = cc__dirc_open(s, &d)) != 0)
		return r;
	r = 1;
	if (!n || n > 4096 || !(u = calloc(n, sizeof(*u))))
		goto out;
	for (i = 0; i < n; i++) {
		const char *slash = strrchr(paths[i], '/');
		char dir[4096];
		size_t dl = slash ? (size_t)(slash - paths[i]) : 0;

		u[i].path = paths[i];
		u[i].plen = strlen(paths[i]);
		if (dl >= sizeof(dir) || !strcmp(slash ? slash + 1 : paths[i], ".gitattributes"))
			goto out;
		memcpy(dir, paths[i], dl);
		dir[dl] = '\0';
		if (make_entry(s, &u[i], cc__dirc_no_filters(s, dir)))
			goto out;
	}
	qsort(u, n, sizeof(*u), cmp_update);
	for (i = k = 1; i < n; i++)         /* drop repeated paths */
		if (cmp_update(&u[k - 1], &u[i]))
			u[k++] = u[i];
	n = k;
	/* Room for everything, so the copies below cannot fail. */
	if (cc_buf_grow(&out, d->len + n * sizeof(u->ent))) {
		r = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	cc_buf_put(&out, (const char *)d->map, HDR);
	for (i = j = 0; i < d->n || j < n;) {
		int c = i == d->n ? 1 : j == n ? -1 :
			name_cmp(d->ents[i].path, d->ents[i].plen, u[j].path, u[j].plen);
		if (c < 0) {
			put_old(d, i++, &out);
			count++;
			continue;
		}
		if (u[j].present) {
			cc_buf_put(&out, (const char *)u[j].ent, u[j].elen);
			count++;
		}
		j++;
		if (c == 0)
			i++;
	}
	if (count > UINT32_MAX)
		goto out;
	if ((r = put_extensions(d, u, n, &out)) != 0) {
		if (r < 0)
			r = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(hdr, d->map, 8);
	put32(hdr + 8, (uint32_t)count);
	memcpy(out.ptr, hdr, HDR);
	r = write_index(s, &out);
out:
	cc_buf_free(&out);
	free(u);
	cc__dirc_free(d);
	return r;
}
