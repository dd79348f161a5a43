/*
 * store-dirc-int.h - the git index file read and spliced without libgit2's
 * whole-index parse: private to lib/store/ (see store-dirc.c).
 *
 * Functions that can decline return 1: the index uses something this
 * module does not handle (another version, conflicts, a split index,
 * ...) or is missing; the caller then does the same through libgit2.
 * Errors are negative CC_E* codes with a message set.
 */
#ifndef CASECTL_STORE_DIRC_H
#define CASECTL_STORE_DIRC_H

#include <stdint.h>
#include <time.h>

#include "store-int.h"

typedef struct {
	size_t off, len;        /* the entry's bytes in the file */
	const char *path;       /* inside the mapping, NUL-terminated */
	size_t plen;
} cc__dirc_slot;

typedef struct {
	unsigned char *map;     /* the whole file, mapped read-only */
	size_t len;
	uint32_t version;
	struct timespec mtime;  /* of the file: entries as new are racy */
	cc__dirc_slot *ents;    /* in the file's (path) order */
	size_t n;
	size_t ext_off;         /* where the extensions start */
} cc__dirc;

/* What cc__dirc_stat tells of one entry; PATH points into the map. */
typedef struct {
	const char *path;
	uint32_t ctime_sec, ctime_nsec, mtime_sec, mtime_nsec, ino, mode, size;
	unsigned char oid[20];
} cc__dirc_ent;

/* Map the index of S.  *out is freed with cc__dirc_free. */
int cc__dirc_open(cc_store *s, cc__dirc **out);
void cc__dirc_free(cc__dirc *d);

/* The first entry whose path sorts at or after PREFIX (d->n if none). */
size_t cc__dirc_find(const cc__dirc *d, const char *prefix);
void cc__dirc_stat(const cc__dirc *d, size_t i, cc__dirc_ent *e);
/* 1 and its blob id in OID if PATH has an entry, else 0. */
int cc__dirc_get(const cc__dirc *d, const char *path, unsigned char oid[20]);

/* 1 if an entry with this mtime cannot be trusted by its stat data. */
int cc__dirc_racy(const cc__dirc *d, uint32_t mtime_sec);

/* 1 if E's stat data matches ST (git's check, ctime too, as with
 * core.trustctime on) and E is not racily clean: unchanged unhashed. */
struct stat;
int cc__dirc_stat_clean(const cc__dirc *d, const cc__dirc_ent *e, const struct stat *st);

/* 1 if no clean filter (core.autocrlf, attributes) can apply to files
 * directly in RELDIR ("" = the top), so files hash as they are. */
int cc__dirc_no_filters(cc_store *s, const char *reldir);

/* Set the entries of PATHS (relative, sorted or not) to their working
 * files, as git_index_add_bypath / remove_bypath would, and write the
 * index under index.lock.  0, 1 (declined, nothing written), or < 0. */
int cc__dirc_update(cc_store *s, char *const *paths, size_t n);

#endif
