/* summary-file.c - the summary cache file: checking it, its index,
 * releasing its pages; the new file, written as parts are computed and
 * completed by cc_summary_save (the format is in summary-int.h) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "summary-int.h"

_Static_assert(CC_ID_LEN < CC__SUM_IDMAX, "an ID and its NUL fit in the index");

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

/* Give back the mapping's pages: they fault in again from the file. */
static void release(const char *map, size_t off, size_t len)
{
	madvise((void *)(map + off), len, MADV_DONTNEED);
}

/* The checksum, read window by window, each released once hashed. */
static int sum_ok(const char *buf, size_t len)
{
	uint64_t h = CC__SUM_HASH_INIT, sum;
	size_t pos, step, body = len - sizeof(sum);

	for (pos = 0; pos < body; pos += step) {
		step = body - pos < CC__SUM_RELEASE ? body - pos : CC__SUM_RELEASE;
		h = cc__sum_hash(h, (const unsigned char *)buf + pos, step);
		release(buf, pos, step);
	}
	memcpy(&sum, buf + body, sizeof(sum));
	return h == sum;
}

/* The end of the header (after the version), or 0 if it is not ours. */
static size_t header_end(const char *buf, size_t len)
{
	size_t m = strlen(CC__SUM_MAGIC), vlen = strlen(CASECTL_VERSION);
	uint32_t format, slen;

	if (len < m + 8 + vlen + 1 + CC__SUM_TRAILER || memcmp(buf, CC__SUM_MAGIC, m))
		return 0;
	memcpy(&format, buf + m, 4);
	memcpy(&slen, buf + m + 4, 4);
	if (format != CC__SUM_FORMAT || slen != vlen ||
	    memcmp(buf + m + 8, CASECTL_VERSION, vlen + 1))
		return 0;
	return m + 8 + vlen + 1;
}

/* Fill sm->v from the index of BUF (LEN bytes, parts from HDR on); 0,
 * or -1 when anything is out of bounds or out of order. */
static int read_index(cc_summary *sm, const char *buf, size_t len, size_t hdr)
{
	uint64_t at, count, off[2];
	uint32_t plen[2];
	const char *rec, *prev = NULL;
	size_t i = 0, k, end = len - CC__SUM_TRAILER;
	int p, cmp;

	memcpy(&at, buf + end, 8);
	memcpy(&count, buf + end + 8, 8);
	if (at < hdr || at > end || count != (end - at) / CC__SUM_REC ||
	    (end - at) % CC__SUM_REC)
		return -1;
	for (k = 0; k < count; k++, prev = rec) {
		rec = buf + at + k * CC__SUM_REC;
		if (!memchr(rec, '\0', CC__SUM_IDMAX) || (prev && strcmp(prev, rec) >= 0))
			return -1;
		memcpy(off, rec + CC__SUM_IDMAX, sizeof(off));
		memcpy(plen, rec + CC__SUM_IDMAX + sizeof(off), sizeof(plen));
		for (p = 0; p < 2; p++)
			if ((plen[p] && (off[p] < hdr || off[p] > at || plen[p] > at - off[p])) ||
			    (!plen[p] && off[p]))
				return -1;
		if (!plen[0] && !plen[1])
			return -1;
		/* both sorted: a merge; cached cases no longer there are dropped */
		cmp = 1;
		while (i < sm->n && (cmp = strcmp(sm->ids[i], rec)) < 0)
			i++;
		if (cmp) {
			sm->dropped++;
			continue;
		}
		for (p = 0; p < 2; p++) {
			sm->v[i].off[p] = off[p];
			sm->v[i].len[p] = plen[p];
			if (plen[p])
				sm->v[i].have |= 1u << p;
		}
	}
	return 0;
}

int cc__sum_file_load(cc_summary *sm, const char *path)
{
	void *map;
	size_t len = 0, hdr, i;

	if (map_file(path, &map, &len))
		return 0;
	if (!(hdr = header_end(map, len)) || !sum_ok(map, len) ||
	    read_index(sm, map, len, hdr)) {
		/* forget whatever was filled in: nothing of it is trusted */
		for (i = 0; i < sm->n; i++)
			memset(&sm->v[i], 0, sizeof(sm->v[i]));
		sm->dropped = 0;
		munmap(map, len);
		return 0;
	}
	release(map, 0, len);
	sm->map = map;      /* decoded parts point into it from here on */
	sm->maplen = len;
	return 1;
}

const char *cc__sum_file_part(cc_summary *sm, const cc__sum_entry *e, int p)
{
	size_t off = (size_t)e->off[p], page = (size_t)sysconf(_SC_PAGESIZE);

	/* the pages read since the last release (mostly a run of them) */
	if (sm->touched >= CC__SUM_RELEASE) {
		size_t lo = sm->lo / page * page;
		release(sm->map, lo, sm->hi - lo);
		sm->touched = 0;
	}
	if (!sm->touched || off < sm->lo)
		sm->lo = off;
	if (!sm->touched || off + e->len[p] > sm->hi)
		sm->hi = off + e->len[p];
	sm->touched += e->len[p];
	return sm->map + off;
}

/* --- the new file ---------------------------------------------------- */

/* Start the new file in the git directory's casectl/: unnamed while it
 * is written (O_TMPFILE: a run that dies leaves nothing), else named
 * "summary.tmp-PID". */
static int out_open(cc_summary *sm)
{
	cc_buf dir = CC_BUF_INIT, tmp = CC_BUF_INIT;
	cc__sum_wr *w = NULL;
	const char *slash = strrchr(CC__SUM_FILE, '/');
	int fd = -1;

	if (sm->nospool)
		return -1;
	if (cc_buf_printf(&dir, "%s/%.*s", cc_store_gitdir(sm->s), (int)(slash - CC__SUM_FILE),
		CC__SUM_FILE) || !(w = malloc(sizeof(*w))))
		goto fail;
	mkdir(dir.ptr, 0700);
#ifdef O_TMPFILE
	fd = open(dir.ptr, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
#endif
	if (fd < 0) {
		if (cc_buf_printf(&tmp, "%s/%s.tmp-%ld", cc_store_gitdir(sm->s), CC__SUM_FILE,
			(long)getpid()))
			goto fail;
		fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			goto fail;
		sm->outtmp = cc_buf_detach(&tmp);
	}
	w->fd = fd;
	w->bad = 0;
	w->sum = CC__SUM_HASH_INIT;
	w->pos = 0;
	w->len = 0;
	sm->out = w;
	cc_buf_free(&dir);
	if (cc__sum_put(w, CC__SUM_MAGIC, strlen(CC__SUM_MAGIC)) ||
	    cc__sum_put_u32(w, CC__SUM_FORMAT) || cc__sum_put_str(w, CASECTL_VERSION)) {
		cc__sum_file_discard(sm);
		sm->nospool = 1;
		return -1;
	}
	return 0;
fail:
	free(w);
	cc_buf_free(&dir);
	cc_buf_free(&tmp);
	sm->nospool = 1;
	cc_error_clear();
	return -1;
}

int cc__sum_spool(cc_summary *sm, cc__sum_entry *e, int p)
{
	uint64_t off;

	if (!sm->out && out_open(sm))
		return -1;
	off = sm->out->pos;
	if (cc__sum_encode(sm->out, p, &sm->key[p], &sm->c, &sm->w) ||
	    sm->out->pos - off >= UINT32_MAX) {
		sm->out->bad = 1;    /* the file is no use now */
		sm->nospool = 1;
		return -1;
	}
	e->off[p] = off;
	e->len[p] = (uint32_t)(sm->out->pos - off);
	return 0;
}

void cc__sum_file_discard(cc_summary *sm)
{
	if (!sm->out)
		return;
	if (sm->out->fd >= 0)
		close(sm->out->fd);
	if (sm->outtmp)
		unlink(sm->outtmp);
	free(sm->outtmp);
	free(sm->out);
	sm->out = NULL;
	sm->outtmp = NULL;
}

/* The parts to write: kept ones, and cached ones not looked at this run. */
static unsigned parts_of(const cc__sum_entry *e)
{
	return (e->keep | (e->have & ~e->checked)) & e->have;
}

/* Everything after the parts computed so far: the parts kept from the
 * old file (copied as they are), the index, the trailer. */
static int complete(cc_summary *sm, cc__sum_wr *w)
{
	char id[CC__SUM_IDMAX];
	uint64_t at, count = 0, off[2];
	uint32_t len[2];
	size_t i;
	int p, err = 0;

	for (i = 0; !err && i < sm->n; i++) {
		cc__sum_entry *e = &sm->v[i];
		unsigned parts = parts_of(e);
		for (p = 0; !err && p < 2; p++) {
			if (!(parts & (1u << p)) || (e->spooled & (1u << p)))
				continue;
			const char *src = cc__sum_file_part(sm, e, p);
			e->off[p] = w->pos;
			e->spooled |= 1u << p;
			err = cc__sum_put(w, src, e->len[p]);
		}
	}
	at = w->pos;
	for (i = 0; !err && i < sm->n; i++) {
		const cc__sum_entry *e = &sm->v[i];
		unsigned parts = parts_of(e);
		if (!parts)
			continue;
		memset(id, 0, sizeof(id));
		memcpy(id, sm->ids[i], CC_ID_LEN);   /* valid IDs (cc_case_ids) */
		for (p = 0; p < 2; p++) {
			off[p] = parts & (1u << p) ? e->off[p] : 0;
			len[p] = parts & (1u << p) ? e->len[p] : 0;
		}
		err = cc__sum_put(w, id, sizeof(id)) || cc__sum_put(w, off, sizeof(off)) ||
		      cc__sum_put(w, len, sizeof(len));
		count++;
	}
	if (err || cc__sum_put_u64(w, at) || cc__sum_put_u64(w, count))
		return -1;
	cc__sum_flush(w);
	return cc__sum_put_u64(w, w->sum) || (cc__sum_flush(w), w->bad);
}

/* Give the unnamed file FD the name TMP. */
static int link_tmpfile(int fd, const char *tmp)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	unlink(tmp);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	return linkat(fd, "", AT_FDCWD, tmp, AT_EMPTY_PATH);
}

int cc__sum_file_write(cc_summary *sm, const char *path)
{
	cc_buf tmp = CC_BUF_INIT;
	cc__sum_wr *w;
	int err;

	if (!sm->out && out_open(sm))
		return -1;
	w = sm->out;
	err = w->bad || complete(sm, w);
	if (sm->map)
		release(sm->map, 0, sm->maplen);
	if (!err && !sm->outtmp) {
		err = cc_buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid()) ||
		      link_tmpfile(w->fd, tmp.ptr);
		if (!err)
			sm->outtmp = cc_buf_detach(&tmp);
	}
	if (close(w->fd) != 0)
		err = 1;
	w->fd = -1;
	if (!err && rename(sm->outtmp, path) == 0) {
		free(sm->outtmp);
		sm->outtmp = NULL;    /* nothing to remove */
	} else {
		err = 1;
	}
	cc__sum_file_discard(sm);
	cc_buf_free(&tmp);
	return err ? -1 : 0;
}
