/* store-erasures.c - the erasures in the history of HEAD
 * (store-erasures-int.h) */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casectl/util/error.h"
#include "store-erasures-int.h"

typedef struct {
	int erase;                      /* "Action: erase" */
	int have_n, have_m;
	size_t n, m;                    /* Rewritten: N, Unsigned-before: M */
	git_oid *after, *bare;          /* Rewritten-after, Unsigned-before-id */
	size_t nafter, nbare;
} tomb;

static int push_oid(git_oid **v, size_t *n, const char *hex, size_t len)
{
	git_oid *nv;

	if (len != GIT_OID_HEXSZ)
		return 0;
	if (!(nv = realloc(*v, (*n + 1) * sizeof(*nv))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	*v = nv;
	if (git_oid_fromstrn(&nv[*n], hex, len) < 0) {
		git_error_clear();
		return 0;
	}
	(*n)++;
	return 0;
}

static int number(const char *p, size_t len, size_t *out)
{
	size_t i, v = 0;

	if (!len || len > 9)
		return 0;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (size_t)(p[i] - '0');
	}
	*out = v;
	return 1;
}

#define KEY(line, len, k) ((len) > sizeof(k) - 1 && !memcmp((line), (k), sizeof(k) - 1))

/* The trailers of MSG's last paragraph into T. */
static int parse(const char *msg, tomb *t)
{
	const char *start = msg, *end, *line, *nl, *p;
	size_t len = strlen(msg), ll;
	int err = 0;

	while (len && msg[len - 1] == '\n')
		len--;
	end = msg + len;
	for (p = msg; p + 1 < end; p++)
		if (p[0] == '\n' && p[1] == '\n')
			start = p + 2;
	for (line = start; !err && line < end; line = nl + 1) {
		if (!(nl = memchr(line, '\n', (size_t)(end - line))))
			nl = end;
		ll = (size_t)(nl - line);
		if (ll == 13 && !memcmp(line, "Action: erase", 13))
			t->erase = 1;
		else if (KEY(line, ll, "Rewritten: "))
			t->have_n = number(line + 11, ll - 11, &t->n);
		else if (KEY(line, ll, "Unsigned-before: "))
			t->have_m = number(line + 17, ll - 17, &t->m);
		else if (KEY(line, ll, "Rewritten-after: "))
			err = push_oid(&t->after, &t->nafter, line + 17, ll - 17);
		else if (KEY(line, ll, "Unsigned-before-id: "))
			err = push_oid(&t->bare, &t->nbare, line + 20, ll - 20);
	}
	return err;
}

/* Record the commits tombstone C (parsed into T) rebuilt. */
static int record(cc_store *s, cc__erasures *e, git_commit *c, const tomb *t)
{
	git_revwalk *w = NULL;
	git_oid id, *v = NULL;
	size_t n = 0, cap = 0, i;
	unsigned k;
	int rc, err = 0;

	if (git_revwalk_new(&w, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot walk the history");
	for (k = 0, rc = 0; rc == 0 && k < git_commit_parentcount(c); k++)
		rc = git_revwalk_push(w, git_commit_parent_id(c, k));
	for (i = 0; rc == 0 && i < t->nafter; i++)
		rc = git_revwalk_hide(w, &t->after[i]);
	while (rc == 0 && (rc = git_revwalk_next(&id, w)) == 0) {
		if (n == cap) {
			git_oid *nv = realloc(v, (cap = cap * 2 + 64) * sizeof(*nv));
			if (!nv) {
				err = cc_error_set(CC_ENOMEM, "out of memory");
				break;
			}
			v = nv;
		}
		git_oid_cpy(&v[n++], &id);
	}
	git_revwalk_free(w);
	git_error_clear();
	/* a list that cannot be walked (an id gone) is passed over */
	if (err || rc != GIT_ITEROVER)
		goto out;
	if (e->n == e->cap) {
		cc__erasure *nv = realloc(e->v, (e->cap = e->cap * 2 + 4) * sizeof(*nv));
		if (!nv) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto out;
		}
		e->v = nv;
	}
	{
		cc__erasure *er = &e->v[e->n++];
		time_t when = (time_t)(git_commit_time(c) + git_commit_time_offset(c) * 60);
		struct tm tm;
		git_oid_cpy(&er->id, git_commit_id(c));
		if (!gmtime_r(&when, &tm) || !strftime(er->date, sizeof(er->date), "%Y-%m-%d", &tm))
			strcpy(er->date, "?");
	}
	for (i = 0; !err && i < n; i++)
		if (!cc__oidmap_get(&e->rebuilt, &v[i]))
			err = cc__oidmap_put(&e->rebuilt, &v[i], git_commit_id(c));
	for (i = 0; !err && i < t->nbare; i++) {
		const git_oid *by = cc__oidmap_get(&e->rebuilt, &t->bare[i]);
		if (by && git_oid_equal(by, git_commit_id(c)))
			err = cc__oidmap_put(&e->bare, &t->bare[i], &t->bare[i]);
	}
out:
	free(v);
	return err;
}

/* Is tombstone C vouched for? */
static int vouched(cc_store *s, cc__erasures *e, git_commit *c, cc__trust_fn trust,
	void *payload, int *ok)
{
	git_buf a = GIT_BUF_INIT, b = GIT_BUF_INIT;
	int rc, bare = 0;

	*ok = 0;
	rc = git_commit_extract_signature(&a, &b, s->repo, (git_oid *)git_commit_id(c), NULL);
	git_buf_dispose(&a);
	git_buf_dispose(&b);
	if (rc == 0)
		return trust(git_commit_id(c), ok, payload);
	if (rc != GIT_ENOTFOUND)
		return cc__git_error(CC_EIO, "cannot read commit '%s'", git_oid_tostr_s(git_commit_id(c)));
	git_error_clear();
	*ok = cc__erasures_find(e, git_commit_id(c), &bare) && !bare;
	return 0;
}

int cc__erasures_load(cc_store *s, cc__trust_fn trust, void *payload, cc__erasures *e)
{
	git_revwalk *w = NULL;
	git_oid id;
	int err = 0, rc;

	if (git_revwalk_new(&w, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot walk the history");
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if ((rc = git_revwalk_push_head(w)) < 0) {
		git_revwalk_free(w);
		if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
			git_error_clear();
			return 0;
		}
		return cc__git_error(CC_EIO, "cannot walk the history");
	}
	while (!err && (rc = git_revwalk_next(&id, w)) == 0) {
		git_commit *c = NULL;
		tomb t = { 0 };
		int ok = 0;

		if (git_commit_lookup(&c, s->repo, &id) < 0) {
			err = cc__git_error(CC_EIO, "cannot read a commit");
			break;
		}
		if (strstr(git_commit_message_raw(c), "\nRewritten: ") &&
		    !(err = parse(git_commit_message_raw(c), &t)) &&
		    t.erase && t.have_n && t.have_m && t.nbare == t.m &&
		    !(err = vouched(s, e, c, trust, payload, &ok)) && ok)
			err = record(s, e, c, &t);
		free(t.after);
		free(t.bare);
		git_commit_free(c);
	}
	if (!err && rc != GIT_ITEROVER)
		err = cc__git_error(CC_EIO, "cannot walk the history");
	git_revwalk_free(w);
	return err;
}

const cc__erasure *cc__erasures_find(const cc__erasures *e, const git_oid *commit,
	int *was_bare)
{
	const git_oid *by = cc__oidmap_get(&e->rebuilt, commit);
	size_t i;

	*was_bare = 0;
	if (!by)
		return NULL;
	for (i = 0; i < e->n; i++) {
		if (git_oid_equal(&e->v[i].id, by)) {
			*was_bare = cc__oidmap_get(&e->bare, commit) != NULL;
			return &e->v[i];
		}
	}
	return NULL;
}

void cc__erasures_free(cc__erasures *e)
{
	cc__oidmap_free(&e->rebuilt);
	cc__oidmap_free(&e->bare);
	free(e->v);
	memset(e, 0, sizeof(*e));
}
