/*
 * summary-int.h - private parts of the summary cache (lib/summary*.c).
 *
 * summary.c        the cases, their entries, checking keys, open/get/save/free
 * summary-facts.c  computing a part from the files (and its key)
 * summary-codec.c  a part as bytes: decoding one, encoding one, the writer
 * summary-file.c   the cache file: checking it, its index, releasing its
 *                  pages; the new file, written as parts are computed
 *
 * The file (native byte order; it never leaves the machine):
 *   "casectl-summary\n" (16 bytes), u32 format CC__SUM_FORMAT,
 *   str CASECTL_VERSION, then the parts (in any order), then the index,
 *   u64 offset of the index, u64 number of index records, u64 checksum
 *   (summary-codec.c) of every byte before it.
 *   index record (CC__SUM_REC bytes, sorted by ID, IDs unique):
 *          char id[16] (NUL-padded), u64 offset of the case part, u64
 *          offset of the work part, u32 length of the case part, u32
 *          length of the work part (0 = no such part, offset 0)
 *   part:  key, then the case or the work facts; exactly its length
 *   key:   i64 start, u32 n, n x (str name, u32 mode, i64 size,
 *          i64 mtime ns, i64 ctime ns, u64 inode)
 *   case:  key, CC_SUM_NFIELDS x str, u8 closed, u8 conflicted, str json
 *   work:  key, str plan review, u32 n x (str id, str due, str status),
 *          u32 n x (str label, str status, str date), str last journal,
 *          u32 n x (str id, str expires, u8 withdrawn)
 *   str:   u32 length, the bytes, a NUL; length 0xffffffff = NULL (no bytes)
 * A wrong checksum, or a header, trailer or index out of bounds or out
 * of order, discards the whole file.  The parts are decoded only when
 * asked for: one that does not decode is computed again (and the file
 * rewritten).
 *
 * Memory does not grow with the store beyond an entry (offsets and
 * flags) per case: the file is mapped and its pages released behind
 * the reader (MADV_DONTNEED on a read-only private mapping of a file
 * only ever replaced by rename: pages fault in again from the file); a
 * part decoded or computed lives in an arena reset for the next case;
 * a computed part a later run may use goes to the new file at once.
 */
#ifndef CASECTL_SUMMARY_INT_H
#define CASECTL_SUMMARY_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "casectl/util/id.h"
#include "casectl/views/summary.h"

#define CC__SUM_FILE "casectl/summary"    /* in the git directory */
#define CC__SUM_MAGIC "casectl-summary\n"
#define CC__SUM_FORMAT 3u   /* 3: renewed consents marked */
#define CC__SUM_IDMAX 16                  /* bytes for an ID in the index */
#define CC__SUM_REC (CC__SUM_IDMAX + 8 + 8 + 4 + 4)
#define CC__SUM_TRAILER 24
#define CC__SUM_NULL_LEN 0xffffffffu
/* Release the mapping's pages after reading this many bytes of it. */
#define CC__SUM_RELEASE (2u << 20)

/* One file or folder of a key; mode 0 = absent, ~0 = could not look. */
typedef struct {
	const char *name;        /* in the case folder; "" = the folder */
	uint32_t mode;
	int64_t size, mtime, ctime;
	uint64_t ino;
} cc__sum_stat;

typedef struct {
	int64_t start;           /* when the run that computed it started, ns */
	size_t n;
	cc__sum_stat *v;
} cc__sum_key;

/* Part P of a case: 0 the case part, 1 the work part; bit 1 << P. */
typedef struct {
	uint64_t off[2];         /* where part P is: the old file, or the new one if spooled */
	uint32_t len[2];
	uint8_t have;            /* parts present in the old file or the new one */
	uint8_t checked;         /* parts checked or computed in this run */
	uint8_t keep;            /* parts the new file gets */
	uint8_t spooled;         /* parts written to the new file already */
	uint8_t fresh;           /* spooled parts a later run can trust */
} cc__sum_entry;

/* Memory for one part at a time: reset when the next case's is made. */
typedef struct cc__sum_chunk cc__sum_chunk;

/* A file being written through a buffer, with its checksum. */
#define CC__SUM_WBUF (64 * 1024)    /* a multiple of 8, for cc__sum_hash */
typedef struct {
	int fd, bad;
	uint64_t sum;
	uint64_t pos;            /* bytes put so far */
	size_t len;              /* of them in buf */
	unsigned char buf[CC__SUM_WBUF];
} cc__sum_wr;

struct cc_summary {
	cc_store *s;
	int rootfd;              /* the top of the working tree, or -1 */
	int casefd;              /* the folder of case caseid (O_PATH), or -1 */
	char caseid[CC_ID_LEN + 1];
	int64_t start;           /* this run's start, ns since the epoch */
	int enabled;             /* $CASECTL_SUMMARY is not 0 */
	char **ids;
	size_t n;
	cc__sum_entry *v;        /* n entries, v[i] for ids[i] */
	size_t dropped;          /* cached cases that no longer exist */
	int loaded;              /* a valid cache file was read */
	int rewrite;             /* a part of it did not decode */
	const char *map;         /* the old file, mapped, or NULL */
	size_t maplen;
	size_t touched;          /* bytes read from it since pages were released, */
	size_t lo, hi;           /* from LO to HI */
	/* The part returned last, for each part: */
	size_t cur[2];           /* its case, or SIZE_MAX */
	cc_sum_case c;
	cc_sum_work w;
	cc__sum_key key[2];
	cc__sum_chunk *mem[2];
	int part;                /* the arena cc__sum_alloc uses */
	/* The new file, written as parts are computed: */
	cc__sum_wr *out;
	char *outtmp;            /* its name, or NULL while it has none (O_TMPFILE) */
	int nospool;             /* it could not be made */
};

/* summary-mem.c */
void *cc__sum_alloc(cc_summary *sm, size_t size);      /* zeroed; NULL on ENOMEM */
char *cc__sum_strdup(cc_summary *sm, const char *s);   /* NULL for NULL or ENOMEM */
/* Empty arena P, keeping one ordinary chunk for the next part. */
void cc__sum_arena_reset(cc_summary *sm, int p);
/* summary-stat.c */
/* A time in nanoseconds, as the stats keep it. */
int64_t cc__sum_ts_ns(struct timespec t);
/* The key entry for NAME in the folder of case ID (fstatat, no follow). */
void cc__sum_stat_take(cc_summary *sm, const char *id, const char *name, cc__sum_stat *out);
/* summary.c */
/* Whether a key with the N stats V started at START can be trusted by a
 * run at NOW: nothing unreadable, nothing changed in the racy second. */
int cc__sum_key_trusted(const cc__sum_stat *v, size_t n, int64_t start, int64_t now);

/* summary-facts.c: compute part C (or W) of case ID and its KEY; 0 or
 * the error of the code that reads the files.  *clean is 0 when it warned. */
int cc__sum_case_compute(cc_summary *sm, const char *id, cc_sum_case *c, cc__sum_key *key,
	int *clean);
int cc__sum_work_compute(cc_summary *sm, const char *id, cc_sum_work *w, cc__sum_key *key,
	int *clean);

/* summary-codec.c */
uint64_t cc__sum_hash(uint64_t h, const unsigned char *p, size_t n);
#define CC__SUM_HASH_INIT 0xcbf29ce484222325ULL
/* Decode part P (BYTES, LEN of them) into sm->key[P] and sm->c or sm->w;
 * arrays in the current arena, strings pointing into BYTES.  0, or -1
 * when it does not decode exactly. */
int cc__sum_decode(cc_summary *sm, int p, const char *bytes, size_t len);
int cc__sum_put(cc__sum_wr *w, const void *p, size_t n);   /* w->bad */
int cc__sum_put_u32(cc__sum_wr *w, uint32_t v);
int cc__sum_put_u64(cc__sum_wr *w, uint64_t v);
int cc__sum_put_str(cc__sum_wr *w, const char *s);
void cc__sum_flush(cc__sum_wr *w);
/* Encode part P with key K (C or W for the facts). */
int cc__sum_encode(cc__sum_wr *w, int p, const cc__sum_key *k, const cc_sum_case *c,
	const cc_sum_work *wk);

/* summary-file.c */
/* Map the file at PATH, check it and fill sm->v from its index for the
 * IDs in sm->ids; 0 when it is missing or bad (nothing filled), 1 when used. */
int cc__sum_file_load(cc_summary *sm, const char *path);
/* The bytes of part P of entry E in the old file (counted for release). */
const char *cc__sum_file_part(cc_summary *sm, const cc__sum_entry *e, int p);
/* Write part P of entry E (in sm->key[P], sm->c or sm->w) to the new
 * file, starting it if need be; 0, or -1 (then never again this run). */
int cc__sum_spool(cc_summary *sm, cc__sum_entry *e, int p);
/* Complete the new file (parts kept from the old one, the index) and
 * rename it to PATH; 0 or -1. */
int cc__sum_file_write(cc_summary *sm, const char *path);
/* Drop the new file, if any. */
void cc__sum_file_discard(cc_summary *sm);

#endif
