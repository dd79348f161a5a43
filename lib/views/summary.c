/* summary.c - the summary cache: entries, keys and when to trust them
 * (the contract is in casectl/views/summary.h, the file in summary-int.h) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "summary-int.h"

/* Whether a later run may trust the N stats V of a key that STARTed
 * then: nothing unreadable, every file changed before the start, and
 * the clock did not go back since (NOW). */
int cc__sum_key_trusted(const cc__sum_stat *v, size_t n, int64_t start, int64_t now)
{
	size_t i;

	if ((!v && n) || start > now)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i].mode == UINT32_MAX)
			return 0;
		if (v[i].mode && v[i].ctime >= start - CC_SUMMARY_RACY_NS)
			return 0;
	}
	return 1;
}

/* Whether the files of case ID still have key K, and K can be trusted. */
static int key_valid(cc_summary *sm, const char *id, const cc__sum_key *k)
{
	const cc__sum_stat *v = k->v;
	cc__sum_stat now;
	size_t i;

	if (!cc__sum_key_trusted(v, k->n, k->start, sm->start))
		return 0;
	for (i = 0; i < k->n; i++) {
		cc__sum_stat_take(sm, id, v[i].name, &now);
		if (now.mode != v[i].mode || now.size != v[i].size || now.mtime != v[i].mtime ||
		    now.ctime != v[i].ctime || now.ino != v[i].ino)
			return 0;
	}
	return 1;
}

int cc_summary_open(cc_store *s, cc_summary **out)
{
	cc_summary *sm;
	cc_buf path = CC_BUF_INIT;
	const char *env = getenv("CASECTL_SUMMARY");
	struct timespec now;
	int err;

	*out = NULL;
	if (!(sm = calloc(1, sizeof(*sm))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	sm->s = s;
	sm->rootfd = sm->casefd = -1;
	sm->enabled = !(env && !strcmp(env, "0"));
	if ((err = cc_case_ids(s, &sm->ids, &sm->n))) {
		free(sm);
		return err;
	}
	if (!(sm->v = calloc(sm->n ? sm->n : 1, sizeof(*sm->v)))) {
		cc_summary_free(sm);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	sm->cur[0] = sm->cur[1] = SIZE_MAX;
	clock_gettime(CLOCK_REALTIME, &now);
	sm->start = cc__sum_ts_ns(now);
	if (sm->enabled) {
		sm->rootfd = open(cc_store_root(s), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sm->rootfd >= 0 &&
		    !cc_buf_printf(&path, "%s/%s", cc_store_gitdir(s), CC__SUM_FILE))
			sm->loaded = cc__sum_file_load(sm, path.ptr);
		cc_buf_free(&path);
	}
	*out = sm;
	return 0;
}

size_t cc_summary_count(const cc_summary *sm)
{
	return sm->n;
}

const char *cc_summary_id(const cc_summary *sm, size_t i)
{
	return sm->ids[i];
}

/* Part P of case I, in sm->c or sm->w: from the cache if present and
 * valid, else computed (and written to the new file if a later run may
 * use it).  A part computed but not written is computed again if asked
 * for again after another case. */
static int get_part(cc_summary *sm, size_t i, int p)
{
	cc__sum_entry *e = &sm->v[i];
	unsigned bit = 1u << p;
	int clean = 1, err;

	if (sm->cur[p] == i)
		return 0;
	sm->cur[p] = SIZE_MAX;
	sm->part = p;
	cc__sum_arena_reset(sm, p);
	if ((e->have & bit) && !(e->spooled & bit)) {
		if (cc__sum_decode(sm, p, cc__sum_file_part(sm, e, p), e->len[p])) {
			sm->rewrite = 1;   /* damaged inside: write a good one */
		} else if ((e->checked & bit) || key_valid(sm, sm->ids[i], &sm->key[p])) {
			e->checked |= bit;
			e->keep |= bit;
			sm->cur[p] = i;
			return 0;
		}
		cc__sum_arena_reset(sm, p);
		e->have &= ~bit;
		e->keep &= ~bit;
	}
	err = p == 0 ? cc__sum_case_compute(sm, sm->ids[i], &sm->c, &sm->key[0], &clean)
		     : cc__sum_work_compute(sm, sm->ids[i], &sm->w, &sm->key[1], &clean);
	if (err)
		return err;
	e->checked |= bit;
	sm->cur[p] = i;
	if (clean && sm->rootfd >= 0 && !(e->spooled & bit) && !cc__sum_spool(sm, e, p)) {
		e->have |= bit;
		e->keep |= bit;
		e->spooled |= bit;
		if (cc__sum_key_trusted(sm->key[p].v, sm->key[p].n, sm->key[p].start, INT64_MAX))
			e->fresh |= bit;
	}
	return 0;
}

int cc_summary_case(cc_summary *sm, size_t i, const cc_sum_case **out)
{
	int err = get_part(sm, i, 0);

	*out = err ? NULL : &sm->c;
	return err;
}

int cc_summary_work(cc_summary *sm, size_t i, const cc_sum_work **out)
{
	int err = get_part(sm, i, 1);

	*out = err ? NULL : &sm->w;
	return err;
}

/* Worth writing: no usable file yet, cases gone, a part that did not
 * decode, or a part computed in this run that a later run can trust. */
static int worth_writing(const cc_summary *sm)
{
	size_t i;

	if (sm->dropped || sm->rewrite)
		return 1;
	for (i = 0; i < sm->n; i++)
		if ((sm->v[i].keep && !sm->loaded) || sm->v[i].fresh)
			return 1;
	return 0;
}

void cc_summary_save(cc_summary *sm)
{
	cc_buf path = CC_BUF_INIT;
	struct stat st;

	if (!sm)
		return;
	/* a transaction is changing files: leave the cache to a later run */
	if (sm->enabled && sm->rootfd >= 0 && worth_writing(sm) &&
	    !cc_buf_printf(&path, "%s/casectl/lock", cc_store_gitdir(sm->s)) &&
	    lstat(path.ptr, &st) != 0 && errno == ENOENT) {
		cc_buf_clear(&path);
		if (!cc_buf_printf(&path, "%s/%s", cc_store_gitdir(sm->s), CC__SUM_FILE))
			cc__sum_file_write(sm, path.ptr);
	}
	cc__sum_file_discard(sm);
	cc_buf_free(&path);
	cc_error_clear();
}

void cc_summary_free(cc_summary *sm)
{
	if (!sm)
		return;
	cc__sum_file_discard(sm);
	cc__sum_arena_reset(sm, 0);
	cc__sum_arena_reset(sm, 1);
	free(sm->mem[0]);
	free(sm->mem[1]);
	if (sm->rootfd >= 0)
		close(sm->rootfd);
	if (sm->casefd >= 0)
		close(sm->casefd);
	if (sm->map)
		munmap((void *)sm->map, sm->maplen);
	cc_strv_free(sm->ids, sm->n);
	free(sm->v);
	free(sm);
}
