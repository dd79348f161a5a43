/* summary-file.c - the summary cache file: read, check, write (the
 * format is in summary-int.h) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/buf.h"
#include "casectl/error.h"
#include "summary-int.h"

#define NULL_LEN 0xffffffffu

/* FNV-1a over 8-byte words, the tail bytewise: a check against damage,
 * not against forgery.  Streamed: every piece but the last a multiple of 8. */
#define SUM_INIT 0xcbf29ce484222325ULL

static uint64_t sum_more(uint64_t h, const unsigned char *p, size_t n)
{
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* --- reading: a cursor that fails for good at the first bad byte ------ */

typedef struct {
	cc_summary *sm;
	const char *p, *end;
	int bad;
} rd;

static const void *take(rd *r, size_t n)
{
	const char *p = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	return p;
}

#define RD_NUM(type, name) \
	static type name(rd *r) \
	{ \
		type v = 0; \
		const void *p = take(r, sizeof(v)); \
		if (p) \
			memcpy(&v, p, sizeof(v)); \
		return v; \
	}
RD_NUM(uint8_t, rd_u8)
RD_NUM(uint32_t, rd_u32)
RD_NUM(int64_t, rd_i64)
RD_NUM(uint64_t, rd_u64)

/* A string pointing into the file (NUL-terminated there), or NULL. */
static const char *rd_str(rd *r)
{
	uint32_t len = rd_u32(r);
	const char *s;

	if (r->bad || len == NULL_LEN)
		return NULL;
	if (len >= (size_t)(r->end - r->p) || !(s = take(r, (size_t)len + 1)) || s[len] ||
	    memchr(s, '\0', len)) {
		r->bad = 1;
		return NULL;
	}
	return s;
}

/* A count of items of at least MIN bytes each, no more than are left. */
static size_t rd_count(rd *r, size_t min)
{
	uint32_t n = rd_u32(r);

	if (!r->bad && (size_t)n > (size_t)(r->end - r->p) / min)
		r->bad = 1;
	return r->bad ? 0 : n;
}

static void *rd_array(rd *r, size_t n, size_t size)
{
	void *v;

	if (r->bad || !n)
		return NULL;
	if (!(v = cc__sum_alloc(r->sm, n * size)))
		r->bad = 1;
	return v;
}

static void rd_stat(rd *r, cc__sum_stat *st)
{
	if (!(st->name = rd_str(r)))
		r->bad = 1;
	st->mode = rd_u32(r);
	st->size = rd_i64(r);
	st->mtime = rd_i64(r);
	st->ctime = rd_i64(r);
	st->ino = rd_u64(r);
}

/* A key: checked here, kept as the bytes it is (decoded when used). */
static void rd_key(rd *r, cc__sum_key *k)
{
	cc__sum_stat st;
	size_t i;

	k->start = rd_i64(r);
	k->n = rd_count(r, 40);
	k->v = NULL;
	k->raw = r->p;
	for (i = 0; !r->bad && i < k->n; i++)
		rd_stat(r, &st);
	k->rawlen = (size_t)(r->p - k->raw);
}

const cc__sum_stat *cc__sum_key_stats(cc_summary *sm, const cc__sum_key *k)
{
	rd r = { sm, k->raw, k->raw + k->rawlen, 0 };
	size_t i;

	if (k->v || !k->raw)
		return k->v;
	if (k->n > sm->nscratch) {
		cc__sum_stat *nv = realloc(sm->scratch, k->n * sizeof(*nv));
		if (!nv)
			return NULL;
		sm->scratch = nv;
		sm->nscratch = k->n;
	}
	for (i = 0; i < k->n; i++)
		rd_stat(&r, &sm->scratch[i]);
	return r.bad ? NULL : sm->scratch;
}

static void rd_case(rd *r, cc_sum_case *c)
{
	int k;

	for (k = 0; k < CC_SUM_NFIELDS; k++)
		c->field[k] = rd_str(r);
	c->closed = rd_u8(r);
	c->conflicted = rd_u8(r);
	if (!(c->json = rd_str(r)))
		r->bad = 1;
}

static void rd_work(rd *r, cc_sum_work *w)
{
	cc_sum_goal *g;
	cc_sum_link *l;
	cc_sum_consent *c;
	size_t i;

	w->plan_review = rd_str(r);
	w->ngoals = rd_count(r, 12);
	w->goals = g = rd_array(r, w->ngoals, sizeof(*g));
	for (i = 0; !r->bad && i < w->ngoals; i++) {
		g[i].id = rd_str(r);
		if (!(g[i].due = rd_str(r)))
			r->bad = 1;
		g[i].status = rd_str(r);
	}
	w->nlinks = rd_count(r, 12);
	w->links = l = rd_array(r, w->nlinks, sizeof(*l));
	for (i = 0; !r->bad && i < w->nlinks; i++)
		if (!(l[i].label = rd_str(r)) || !(l[i].status = rd_str(r)) ||
		    !(l[i].date = rd_str(r)))
			r->bad = 1;
	w->last_journal = rd_str(r);
	w->nconsents = rd_count(r, 9);
	w->consents = c = rd_array(r, w->nconsents, sizeof(*c));
	for (i = 0; !r->bad && i < w->nconsents; i++) {
		if (!(c[i].id = rd_str(r)) || !(c[i].expires = rd_str(r)))
			r->bad = 1;
		c[i].withdrawn = rd_u8(r);
	}
}

/* Map the file at PATH (read-only, private). */
static int map_file(const char *path, void **out, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 32 ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return -1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	*out = p;
	*len = (size_t)st.st_size;
	return 0;
}

int cc__sum_file_load(cc_summary *sm, const char *path)
{
	const char *buf, *version;
	void *map;
	size_t len = 0, i = 0, count, k;
	uint64_t sum;
	rd r;

	if (map_file(path, &map, &len))
		return 0;
	buf = map;
	memcpy(&sum, buf + len - sizeof(sum), sizeof(sum));
	r.sm = sm;
	r.p = buf + strlen(CC__SUM_MAGIC);
	r.end = buf + len - sizeof(sum);
	r.bad = 0;
	if (memcmp(buf, CC__SUM_MAGIC, strlen(CC__SUM_MAGIC)) ||
	    sum_more(SUM_INIT, (const unsigned char *)buf, len - sizeof(sum)) != sum ||
	    rd_u32(&r) != CC__SUM_FORMAT || !(version = rd_str(&r)) ||
	    strcmp(version, CASECTL_VERSION)) {
		munmap(map, len);
		return 0;
	}
	sm->map = map;      /* the strings point into it from here on */
	sm->maplen = len;
	count = rd_count(&r, 11);
	for (k = 0; !r.bad && k < count; k++) {
		const char *id = rd_str(&r);
		unsigned parts = rd_u8(&r);
		cc__sum_entry tmp, *e = &tmp;
		int cmp = 1;

		if (!id || parts > 3) {
			r.bad = 1;
			break;
		}
		/* both sorted: a merge; cached cases no longer there are dropped */
		while (i < sm->n && (cmp = strcmp(sm->ids[i], id)) < 0)
			i++;
		memset(&tmp, 0, sizeof(tmp));
		if (cmp == 0)
			e = &sm->v[i];
		else
			sm->dropped++;
		e->have = parts;
		if (parts & 1) {
			rd_key(&r, &e->ckey);
			rd_case(&r, &e->c);
		}
		if (parts & 2) {
			rd_key(&r, &e->wkey);
			rd_work(&r, &e->w);
		}
	}
	if (r.bad || r.p != r.end) {
		/* forget whatever was filled in: nothing of it is trusted */
		for (i = 0; i < sm->n; i++)
			sm->v[i].have = 0;
		sm->dropped = 0;
		return 0;
	}
	return 1;
}

/* --- writing: straight to the file through a small buffer ------------ */

#define WBUF (64 * 1024)    /* a multiple of 8, for sum_more */

typedef struct {
	int fd, bad;
	uint64_t sum;
	size_t len;
	unsigned char buf[WBUF];
} wr;

static void w_flush(wr *w)
{
	size_t off = 0;
	ssize_t k;

	w->sum = sum_more(w->sum, w->buf, w->len);
	while (!w->bad && off < w->len) {
		k = write(w->fd, w->buf + off, w->len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			w->bad = 1;
		else
			off += (size_t)k;
	}
	w->len = 0;
}

static int w_put(wr *w, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (!w->bad && n) {
		size_t k = WBUF - w->len < n ? WBUF - w->len : n;
		memcpy(w->buf + w->len, c, k);
		w->len += k;
		c += k;
		n -= k;
		if (w->len == WBUF)
			w_flush(w);
	}
	return w->bad;
}

#define W_NUM(type, name) \
	static int name(wr *w, type v) \
	{ \
		return w_put(w, &v, sizeof(v)); \
	}
W_NUM(uint8_t, w_u8)
W_NUM(uint32_t, w_u32)
W_NUM(int64_t, w_i64)

static int w_str(wr *w, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (!s)
		return w_u32(w, NULL_LEN);
	if (len >= NULL_LEN)
		return w->bad = 1;
	return w_u32(w, (uint32_t)len) || w_put(w, s, len + 1);
}

static int w_key(wr *w, const cc__sum_key *k)
{
	size_t i;
	int err = w_i64(w, k->start) || w_u32(w, (uint32_t)k->n);

	if (!k->v)
		return err || w_put(w, k->raw, k->rawlen);
	for (i = 0; !err && i < k->n; i++) {
		const cc__sum_stat *st = &k->v[i];
		err = w_str(w, st->name) || w_u32(w, st->mode) || w_i64(w, st->size) ||
		      w_i64(w, st->mtime) || w_i64(w, st->ctime) ||
		      w_put(w, &st->ino, sizeof(st->ino));
	}
	return err;
}

static int w_case(wr *w, const cc_sum_case *c)
{
	int k, err = 0;

	for (k = 0; !err && k < CC_SUM_NFIELDS; k++)
		err = w_str(w, c->field[k]);
	return err || w_u8(w, (uint8_t)c->closed) || w_u8(w, (uint8_t)c->conflicted) ||
	       w_str(w, c->json);
}

static int w_work(wr *w, const cc_sum_work *k)
{
	size_t i;
	int err = w_str(w, k->plan_review) || w_u32(w, (uint32_t)k->ngoals);

	for (i = 0; !err && i < k->ngoals; i++)
		err = w_str(w, k->goals[i].id) || w_str(w, k->goals[i].due) ||
		      w_str(w, k->goals[i].status);
	err = err || w_u32(w, (uint32_t)k->nlinks);
	for (i = 0; !err && i < k->nlinks; i++)
		err = w_str(w, k->links[i].label) || w_str(w, k->links[i].status) ||
		      w_str(w, k->links[i].date);
	err = err || w_str(w, k->last_journal) || w_u32(w, (uint32_t)k->nconsents);
	for (i = 0; !err && i < k->nconsents; i++)
		err = w_str(w, k->consents[i].id) || w_str(w, k->consents[i].expires) ||
		      w_u8(w, (uint8_t)k->consents[i].withdrawn);
	return err;
}

/* The parts to write: kept ones, and cached ones not looked at this run. */
static unsigned parts_of(const cc__sum_entry *e)
{
	return (e->keep | (e->have & ~e->checked)) & e->have;
}

static int encode(cc_summary *sm, wr *w)
{
	size_t i, count = 0;
	uint64_t sum;
	int err;

	for (i = 0; i < sm->n; i++)
		count += parts_of(&sm->v[i]) != 0;
	err = w_put(w, CC__SUM_MAGIC, strlen(CC__SUM_MAGIC)) || w_u32(w, CC__SUM_FORMAT) ||
	      w_str(w, CASECTL_VERSION) || w_u32(w, (uint32_t)count);
	for (i = 0; !err && i < sm->n; i++) {
		const cc__sum_entry *e = &sm->v[i];
		unsigned parts = parts_of(e);
		if (!parts)
			continue;
		err = w_str(w, e->id) || w_u8(w, (uint8_t)parts) ||
		      ((parts & 1) && (w_key(w, &e->ckey) || w_case(w, &e->c))) ||
		      ((parts & 2) && (w_key(w, &e->wkey) || w_work(w, &e->w)));
	}
	if (err)
		return -1;
	w_flush(w);
	sum = w->sum;
	return w_put(w, &sum, sizeof(sum)) || (w_flush(w), w->bad);
}

int cc__sum_file_write(cc_summary *sm, const char *path)
{
	cc_buf tmp = CC_BUF_INIT;
	const char *slash = strrchr(path, '/');
	wr *w = NULL;
	int err = -1;

	if (!slash || !(w = malloc(sizeof(*w))) ||
	    cc_buf_printf(&tmp, "%.*s", (int)(slash - path), path))
		goto out;
	mkdir(tmp.ptr, 0700);
	cc_buf_clear(&tmp);
	if (cc_buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid()))
		goto out;
	w->fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (w->fd < 0)
		goto out;
	w->bad = 0;
	w->len = 0;
	w->sum = SUM_INIT;
	err = encode(sm, w);
	if (close(w->fd) != 0 || err || rename(tmp.ptr, path) != 0) {
		unlink(tmp.ptr);
		err = -1;
	}
out:
	free(w);
	cc_buf_free(&tmp);
	return err;
}
