/*
 * store-peek-int.h - a store's top, git folder and HEAD found without
 * libgit2 (see store-peek.c): private to lib/store/.  Both functions
 * return 0, or 1 when the layout is not the plain one (the caller then
 * goes through libgit2); they set no error message.
 */
#ifndef CASECTL_STORE_PEEK_H
#define CASECTL_STORE_PEEK_H

#include <limits.h>
#include <stddef.h>

#include "casectl/store/store.h"

typedef struct {
	char root[PATH_MAX];     /* canonical, as cc_store_root would give */
	char gitdir[PATH_MAX];   /* ROOT/.git */
} cc__peek;

/* The store cc_store_open(DIR) would open (DIR NULL: $CASECTL_DIR or
 * the current folder). */
int cc__peek_store(const char *dir, cc__peek *out);

/* The commit HEAD points at, in OID. */
int cc__peek_head(const cc__peek *p, unsigned char oid[20]);

/* store-logmeta.c: what log prints of a commit, by case bucket (see
 * there).  put: append E's line to D (1: E cannot be recorded).
 * read: the bucket of case ID, *out malloc'd (NULL when absent); -1 on
 * error.  find: the line of commit HEX in DATA, or NULL.  merge: add the
 * lines of ADD to the bucket of ID; best effort, silent.  remove: delete
 * the whole cache (erase: the subjects of rewritten commits). */
struct cc_buf_s;
int cc__logmeta_put(struct cc_buf_s *d, const cc_log_entry *e);
int cc__logmeta_read(const char *gitdir, const char *id, char **out, size_t *len);
const char *cc__logmeta_find(const char *data, size_t len, const char *hex);
void cc__logmeta_merge(const char *gitdir, const char *id, const struct cc_buf_s *add);
void cc__logmeta_remove(const char *gitdir);

#endif
