/* due-items.c - due's items kept compactly, sorted and handed out
 * (the layout is in due-int.h) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/util/error.h"
#include "due-int.h"

const char *const cc__due_kinds[] = {
	"review", "plan-review", "goal", "follow-up", "consent", "link", "contact",
	"conflict", "caseload", NULL
};

/* --- blocks of equal elements ----------------------------------------- */

#define VEC_BLK 4096    /* elements a block */

static void *vec_at(const cc__due_vec *v, size_t i)
{
	return v->blk[i / VEC_BLK] + i % VEC_BLK * v->size;
}

/* A new zeroed element at the end, or NULL. */
static void *vec_push(cc__due_vec *v)
{
	void *p;

	if (v->n == v->nblk * VEC_BLK) {
		if (v->nblk == v->capblk) {
			size_t ncap = v->capblk ? v->capblk * 2 : 16;
			char **nb = realloc(v->blk, ncap * sizeof(*nb));
			if (!nb)
				return NULL;
			v->blk = nb;
			v->capblk = ncap;
		}
		if (!(v->blk[v->nblk] = malloc(VEC_BLK * v->size)))
			return NULL;
		v->nblk++;
	}
	p = vec_at(v, v->n++);
	memset(p, 0, v->size);
	return p;
}

static void vec_free(cc__due_vec *v)
{
	size_t i;

	for (i = 0; i < v->nblk; i++)
		free(v->blk[i]);
	free(v->blk);
}

/* --- strings: a pool, and the interned ones --------------------------- */

struct cc__due_chunk {
	cc__due_chunk *next;
	size_t used, size;
	char data[];
};

static const char *pool_dup(cc_due *d, const char *s)
{
	size_t len = strlen(s) + 1;
	cc__due_chunk *c = d->mem;

	if (!c || c->size - c->used < len) {
		size_t size = len > 64 * 1024 ? len : 64 * 1024;
		if (!(c = malloc(sizeof(*c) + size)))
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = d->mem;
		d->mem = c;
	}
	memcpy(c->data + c->used, s, len);
	c->used += len;
	return c->data + c->used - len;
}

static size_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (size_t)(h ^ h >> 32);
}

/* The one copy of S (NULL stays NULL); *ok = 0 when out of memory. */
static const char *intern(cc_due *d, const char *s, int *ok)
{
	size_t i, k;

	if (!s)
		return NULL;
	if ((d->nused + 1) * 4 > d->nslot * 3) {
		size_t n = d->nslot ? d->nslot * 2 : 1024;
		const char **ns = calloc(n, sizeof(*ns));
		if (!ns) {
			*ok = 0;
			return NULL;
		}
		for (k = 0; k < d->nslot; k++)
			if (d->slot[k]) {
				for (i = hash_str(d->slot[k]) & (n - 1); ns[i]; i = (i + 1) & (n - 1))
					;
				ns[i] = d->slot[k];
			}
		free(d->slot);
		d->slot = ns;
		d->nslot = n;
	}
	for (i = hash_str(s) & (d->nslot - 1); d->slot[i]; i = (i + 1) & (d->nslot - 1))
		if (!strcmp(d->slot[i], s))
			return d->slot[i];
	if (!(d->slot[i] = pool_dup(d, s)))
		*ok = 0;
	else
		d->nused++;
	return d->slot[i];
}

/* The manager (NAME, EMAIL) interned: its index, or -1 when out of memory. */
static long manager(cc_due *d, const char *name, const char *email)
{
	size_t i, k, n, nm = d->mgr.n;
	cc__due_mgr *m;
	int ok = 1;

	name = intern(d, name, &ok);
	email = intern(d, email, &ok);
	if (!ok)
		return -1;
	if ((nm + 1) * 2 > d->nmslot) {
		n = d->nmslot ? d->nmslot * 2 : 64;
		uint32_t *ns = calloc(n, sizeof(*ns));
		if (!ns)
			return -1;
		for (k = 0; k < nm; k++) {
			m = vec_at(&d->mgr, k);
			for (i = ((uintptr_t)m->name ^ (uintptr_t)m->email * 31) / 8 & (n - 1); ns[i];
			     i = (i + 1) & (n - 1))
				;
			ns[i] = (uint32_t)k + 1;
		}
		free(d->mslot);
		d->mslot = ns;
		d->nmslot = n;
	}
	n = d->nmslot;
	for (i = ((uintptr_t)name ^ (uintptr_t)email * 31) / 8 & (n - 1); d->mslot[i];
	     i = (i + 1) & (n - 1)) {
		m = vec_at(&d->mgr, d->mslot[i] - 1);
		if (m->name == name && m->email == email)
			return (long)d->mslot[i] - 1;
	}
	if (nm >= UINT32_MAX - 1 || !(m = vec_push(&d->mgr)))
		return -1;
	m->name = name;
	m->email = email;
	d->mslot[i] = (uint32_t)nm + 1;
	return (long)nm;
}

/* --- the items --------------------------------------------------------- */

cc_due *cc__due_new(void)
{
	cc_due *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->mgr.size = sizeof(cc__due_mgr);
	d->cases.size = sizeof(cc__due_kase);
	d->items.size = sizeof(cc__due_entry);
	d->lastcase = SIZE_MAX;
	return d;
}

int cc__due_case(cc_due *d, size_t i, const char *id, const char *ref)
{
	cc__due_kase *c;

	if (d->lastcase == i && d->cases.n)
		return 0;
	if (d->cases.n >= UINT32_MAX - 1 || !(c = vec_push(&d->cases)) ||
	    (ref && *ref && !(c->ref = pool_dup(d, ref))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	memcpy(c->id, id, CC_ID_LEN);
	d->lastcase = i;
	return 0;
}

int cc__due_add(cc_due *d, int with_case, unsigned kind, const char *name, const char *email,
	int64_t due, const char *what)
{
	cc__due_entry *e;
	long m = manager(d, name, email && *email ? email : NULL);
	int ok = 1;

	if (m < 0 || d->items.n >= UINT32_MAX - 1 || !(e = vec_push(&d->items)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	e->what = intern(d, what && *what ? what : NULL, &ok);
	e->kase = with_case ? (uint32_t)d->cases.n - 1 : CC__DUE_NONE;
	e->mgr = (uint32_t)m;
	e->due = (int32_t)due;
	e->kind = (uint8_t)kind;
	return ok ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

/* --- sorting ----------------------------------------------------------- */

static int cmp_mgr(const void *a, const void *b, void *arg)
{
	const cc__due_mgr *x = vec_at(arg, *(const uint32_t *)a);
	const cc__due_mgr *y = vec_at(arg, *(const uint32_t *)b);

	return strcasecmp(x->name, y->name);
}

typedef struct {
	const cc_due *d;
	const uint32_t *klass;   /* the class of each manager */
	const int32_t *gmin;     /* the earliest day of each class */
	unsigned kind[16];       /* each kind's place in strcmp order */
} sort_ctx;

static const char *case_of(const cc_due *d, const cc__due_entry *e)
{
	return e->kase == CC__DUE_NONE ? "" : ((cc__due_kase *)vec_at(&d->cases, e->kase))->id;
}

/* Cases are stored in the walk's order, which is their IDs' (strcmp)
 * order; no case ("") comes first. */
static uint64_t case_rank(const cc__due_entry *e)
{
	return e->kase == CC__DUE_NONE ? 0 : (uint64_t)e->kase + 1;
}

static int cmp_item(const void *a, const void *b, void *arg)
{
	const sort_ctx *ctx = arg;
	uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;
	const cc__due_entry *x = vec_at(&ctx->d->items, ia), *y = vec_at(&ctx->d->items, ib);
	uint32_t cx = ctx->klass[x->mgr], cy = ctx->klass[y->mgr];

	if (ctx->gmin[cx] != ctx->gmin[cy])
		return ctx->gmin[cx] < ctx->gmin[cy] ? -1 : 1;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->kind != y->kind)
		return ctx->kind[x->kind] < ctx->kind[y->kind] ? -1 : 1;
	if (x->kase != y->kase)
		return case_rank(x) < case_rank(y) ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}

int cc__due_sort(cc_due *d)
{
	size_t nm = d->mgr.n, n = d->items.n, i, j;
	uint32_t *bym = malloc((nm ? nm : 1) * sizeof(*bym)), k = 0;
	uint32_t *klass = malloc((nm ? nm : 1) * sizeof(*klass));
	int32_t *gmin = malloc((nm ? nm : 1) * sizeof(*gmin));
	sort_ctx ctx = { d, klass, gmin, { 0 } };
	int err = 0;

	free(d->order);
	if (!(d->order = malloc((n ? n : 1) * sizeof(*d->order))) || !bym || !klass || !gmin) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; cc__due_kinds[i]; i++)
		for (j = 0; cc__due_kinds[j]; j++)
			ctx.kind[i] += strcmp(cc__due_kinds[j], cc__due_kinds[i]) < 0;
	/* classes of managers equal but for case, numbered in their order */
	for (i = 0; i < nm; i++)
		bym[i] = (uint32_t)i;
	qsort_r(bym, nm, sizeof(*bym), cmp_mgr, &d->mgr);
	for (i = 0; i < nm; i++) {
		cc__due_mgr *m = vec_at(&d->mgr, bym[i]);
		if (i && cmp_mgr(&bym[i - 1], &bym[i], &d->mgr))
			k++;
		m->klass = klass[bym[i]] = k;
		gmin[k] = INT32_MAX;
	}
	for (i = 0; i < n; i++) {
		const cc__due_entry *e = vec_at(&d->items, i);
		if (e->due < gmin[klass[e->mgr]])
			gmin[klass[e->mgr]] = e->due;
		d->order[i] = (uint32_t)i;
	}
	qsort_r(d->order, n, sizeof(*d->order), cmp_item, &ctx);
out:
	free(bym);
	free(klass);
	free(gmin);
	return err;
}

uint32_t cc__due_class(const cc_due *d, size_t i)
{
	const cc__due_entry *e = vec_at(&d->items, d->order[i]);

	return ((cc__due_mgr *)vec_at(&d->mgr, e->mgr))->klass;
}

size_t cc_due_count(const cc_due *d)
{
	return d ? d->items.n : 0;
}

void cc_due_get(const cc_due *d, size_t i, cc_due_item *out)
{
	const cc__due_entry *e = vec_at(&d->items, d->order[i]);
	const cc__due_mgr *m = vec_at(&d->mgr, e->mgr);

	out->kind = cc__due_kinds[e->kind];
	out->case_id = case_of(d, e);
	out->ref = e->kase == CC__DUE_NONE ? NULL
					  : ((cc__due_kase *)vec_at(&d->cases, e->kase))->ref;
	out->manager = m->name;
	out->email = m->email;
	cc_date_format(cc_date_from_days(e->due), out->due);
	out->days = (long)(e->due - d->today);
	out->what = e->what;
}

void cc_due_free(cc_due *d)
{
	cc__due_chunk *c, *next;

	if (!d)
		return;
	for (c = d->mem; c; c = next) {
		next = c->next;
		free(c);
	}
	free(d->slot);
	free(d->mslot);
	vec_free(&d->mgr);
	vec_free(&d->cases);
	vec_free(&d->items);
	free(d->order);
	free(d);
}
