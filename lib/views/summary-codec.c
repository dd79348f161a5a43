/* summary-codec.c - a part of the summary cache as bytes: decoding one,
 * encoding one, and the buffered writer (the format is in summary-int.h) */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "summary-int.h"

/* FNV-1a over 8-byte words, the tail bytewise: a check against damage,
 * not against forgery.  Streamed: every piece but the last a multiple of 8. */
uint64_t cc__sum_hash(uint64_t h, const unsigned char *p, size_t n)
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

/* A string pointing into the bytes (NUL-terminated there), or NULL. */
static const char *rd_str(rd *r)
{
	uint32_t len = rd_u32(r);
	const char *s;

	if (r->bad || len == CC__SUM_NULL_LEN)
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

static void rd_key(rd *r, cc__sum_key *k)
{
	cc__sum_stat *st;
	size_t i;

	k->start = rd_i64(r);
	k->n = rd_count(r, 40);
	k->v = st = rd_array(r, k->n, sizeof(*st));
	for (i = 0; !r->bad && i < k->n; i++) {
		if (!(st[i].name = rd_str(r)))
			r->bad = 1;
		st[i].mode = rd_u32(r);
		st[i].size = rd_i64(r);
		st[i].mtime = rd_i64(r);
		st[i].ctime = rd_i64(r);
		st[i].ino = rd_u64(r);
	}
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

int cc__sum_decode(cc_summary *sm, int p, const char *bytes, size_t len)
{
	rd r = { sm, bytes, bytes + len, 0 };

	rd_key(&r, &sm->key[p]);
	if (p == 0) {
		memset(&sm->c, 0, sizeof(sm->c));
		rd_case(&r, &sm->c);
	} else {
		memset(&sm->w, 0, sizeof(sm->w));
		rd_work(&r, &sm->w);
	}
	return r.bad || r.p != r.end ? -1 : 0;
}

/* --- writing: straight to the file through a small buffer ------------ */

void cc__sum_flush(cc__sum_wr *w)
{
	size_t off = 0;
	ssize_t k;

	w->sum = cc__sum_hash(w->sum, w->buf, w->len);
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

int cc__sum_put(cc__sum_wr *w, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (!w->bad && n) {
		size_t k = CC__SUM_WBUF - w->len < n ? CC__SUM_WBUF - w->len : n;
		memcpy(w->buf + w->len, c, k);
		w->len += k;
		w->pos += k;
		c += k;
		n -= k;
		if (w->len == CC__SUM_WBUF)
			cc__sum_flush(w);
	}
	return w->bad;
}

int cc__sum_put_u32(cc__sum_wr *w, uint32_t v)
{
	return cc__sum_put(w, &v, sizeof(v));
}

int cc__sum_put_u64(cc__sum_wr *w, uint64_t v)
{
	return cc__sum_put(w, &v, sizeof(v));
}

static int put_u8(cc__sum_wr *w, uint8_t v)
{
	return cc__sum_put(w, &v, sizeof(v));
}

static int put_i64(cc__sum_wr *w, int64_t v)
{
	return cc__sum_put(w, &v, sizeof(v));
}

int cc__sum_put_str(cc__sum_wr *w, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (!s)
		return cc__sum_put_u32(w, CC__SUM_NULL_LEN);
	if (len >= CC__SUM_NULL_LEN)
		return w->bad = 1;
	return cc__sum_put_u32(w, (uint32_t)len) || cc__sum_put(w, s, len + 1);
}

static int put_key(cc__sum_wr *w, const cc__sum_key *k)
{
	size_t i;
	int err = put_i64(w, k->start) || cc__sum_put_u32(w, (uint32_t)k->n);

	for (i = 0; !err && i < k->n; i++) {
		const cc__sum_stat *st = &k->v[i];
		err = cc__sum_put_str(w, st->name) || cc__sum_put_u32(w, st->mode) ||
		      put_i64(w, st->size) || put_i64(w, st->mtime) || put_i64(w, st->ctime) ||
		      cc__sum_put_u64(w, st->ino);
	}
	return err;
}

static int put_case(cc__sum_wr *w, const cc_sum_case *c)
{
	int k, err = 0;

	for (k = 0; !err && k < CC_SUM_NFIELDS; k++)
		err = cc__sum_put_str(w, c->field[k]);
	return err || put_u8(w, (uint8_t)c->closed) || put_u8(w, (uint8_t)c->conflicted) ||
	       cc__sum_put_str(w, c->json);
}

static int put_work(cc__sum_wr *w, const cc_sum_work *k)
{
	size_t i;
	int err = cc__sum_put_str(w, k->plan_review) || cc__sum_put_u32(w, (uint32_t)k->ngoals);

	for (i = 0; !err && i < k->ngoals; i++)
		err = cc__sum_put_str(w, k->goals[i].id) || cc__sum_put_str(w, k->goals[i].due) ||
		      cc__sum_put_str(w, k->goals[i].status);
	err = err || cc__sum_put_u32(w, (uint32_t)k->nlinks);
	for (i = 0; !err && i < k->nlinks; i++)
		err = cc__sum_put_str(w, k->links[i].label) ||
		      cc__sum_put_str(w, k->links[i].status) ||
		      cc__sum_put_str(w, k->links[i].date);
	err = err || cc__sum_put_str(w, k->last_journal) ||
	      cc__sum_put_u32(w, (uint32_t)k->nconsents);
	for (i = 0; !err && i < k->nconsents; i++)
		err = cc__sum_put_str(w, k->consents[i].id) ||
		      cc__sum_put_str(w, k->consents[i].expires) ||
		      put_u8(w, (uint8_t)k->consents[i].withdrawn);
	return err;
}

int cc__sum_encode(cc__sum_wr *w, int p, const cc__sum_key *k, const cc_sum_case *c,
	const cc_sum_work *wk)
{
	return put_key(w, k) || (p == 0 ? put_case(w, c) : put_work(w, wk));
}
