/*
 * summary-int.h - private parts of the summary cache (lib/summary*.c).
 *
 * summary.c        the cases, their entries, checking keys, open/save/free
 * summary-facts.c  computing a part from the files (and its key)
 * summary-file.c   the cache file: reading, checking, writing
 *
 * The file (native byte order; it never leaves the machine):
 *   "casectl-summary\n" (16 bytes), u32 format CC__SUM_FORMAT,
 *   str CASECTL_VERSION, u32 number of entries, the entries sorted by
 *   ID, u64 checksum (summary-file.c) of every byte before it.
 *   entry: str id, u8 parts (1 case, 2 work), the case part, the work part
 *   key:   i64 start, u32 n, n x (str name, u32 mode, i64 size,
 *          i64 mtime ns, i64 ctime ns, u64 inode)
 *   case:  key, CC_SUM_NFIELDS x str, u8 closed, u8 conflicted, str json
 *   work:  key, str plan review, u32 n x (str id, str due, str status),
 *          u32 n x (str label, str status, str date), str last journal,
 *          u32 n x (str id, str expires, u8 withdrawn)
 *   str:   u32 length, the bytes, a NUL; length 0xffffffff = NULL (no bytes)
 * Anything out of bounds or a wrong checksum discards the whole file.
 */
#ifndef CASECTL_SUMMARY_INT_H
#define CASECTL_SUMMARY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "casectl/id.h"
#include "casectl/summary.h"

#define CC__SUM_FILE "casectl/summary"    /* in the git directory */
#define CC__SUM_MAGIC "casectl-summary\n"
#define CC__SUM_FORMAT 1u

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
	cc__sum_stat *v;         /* computed in this run, or NULL: */
	const char *raw;         /* the n stats as they are in the file */
	size_t rawlen;
} cc__sum_key;

typedef struct {
	char id[CC_ID_LEN + 1];
	unsigned have;           /* parts present: 1 case, 2 work */
	unsigned checked;        /* parts checked or computed in this run */
	unsigned keep;           /* parts a later run may use (written) */
	cc__sum_key ckey, wkey;
	cc_sum_case c;
	cc_sum_work w;
} cc__sum_entry;

/* Memory that lives as long as the summary: freed all at once. */
typedef struct cc__sum_chunk cc__sum_chunk;

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
	void *map;               /* the file, mapped: cached strings point into it */
	size_t maplen;
	cc__sum_stat *scratch;   /* a key from the file, decoded (cc__sum_key_stats) */
	size_t nscratch;
	cc__sum_chunk *mem;
};

/* summary.c */
void *cc__sum_alloc(cc_summary *sm, size_t size);      /* zeroed; NULL on ENOMEM */
char *cc__sum_strdup(cc_summary *sm, const char *s);   /* NULL for NULL or ENOMEM */
/* The key entry for NAME in the folder of case ID (fstatat, no follow). */
void cc__sum_stat_take(cc_summary *sm, const char *id, const char *name, cc__sum_stat *out);

/* summary-facts.c: compute a part of entry E and its key; 0 or the
 * error of the code that reads the files.  *clean is 0 when it warned. */
int cc__sum_case_compute(cc_summary *sm, cc__sum_entry *e, int *clean);
int cc__sum_work_compute(cc_summary *sm, cc__sum_entry *e, int *clean);

/* summary-file.c */
/* Map the file at PATH and fill sm->v from it for the IDs in sm->ids;
 * 0 when the file is missing or bad (nothing filled), 1 when used. */
int cc__sum_file_load(cc_summary *sm, const char *path);
/* The stats of K (its own array, or sm->scratch decoded from the file);
 * NULL on ENOMEM. */
const cc__sum_stat *cc__sum_key_stats(cc_summary *sm, const cc__sum_key *k);
/* Write the parts marked keep (and unchecked parts present) to PATH. */
int cc__sum_file_write(cc_summary *sm, const char *path);

#endif
