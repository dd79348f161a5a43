/* merge-int.h - private: copying front matter nodes (lib/model/merge.c), used
 * by lib/ops/resolve.c. */
#ifndef CASECTL_MERGE_INT_H
#define CASECTL_MERGE_INT_H

#include "casectl/util/buf.h"
#include "casectl/doc/frontmatter.h"

#define CC_CONFLICT_KEY "conflict"
/* The conflict entry of a whole file whose other side was not a record
 * (lib/model/merge-foreign.c); resolve keeps ours or lets the worker edit. */
#define CC_CONFLICT_WHOLE "(whole file)"
/* The conflict entry of case.md listing the files of the case deleted
 * on one side ("ours", "theirs": lists of names inside the case folder)
 * while the case changed on the other (lib/model/merge-delete.c). */
#define CC_DELETED_KEY "deleted-files"

/* Set KEY of MAP to a deep copy of SRC; SRC NULL removes KEY. */
int cc__copy_value(cc_node *map, const char *key, const cc_node *src);
/* Make the map or list DST hold deep copies of SRC's entries only. */
int cc__copy_children(cc_node *dst, const cc_node *src);
/* Append a deep copy of SRC (a scalar or a map) to LIST. */
int cc__append_copy(cc_node *list, const cc_node *src);

/* merge-foreign.c: when THEIRS of the record PATH changed on both
 * sides is not a record (binary data, invalid UTF-8 or front matter,
 * over 8 MiB) and OURS is, OURS whole into OUT with a conflict entry
 * CC_CONFLICT_WHOLE saying what theirs was (LABEL names it); *done 1.
 * Otherwise *done 0 and nothing written. */
int cc__merge_foreign(const char *path, const char *ours, size_t ours_len,
	const char *theirs, size_t theirs_len, const char *label, cc_buf *out,
	int *conflicted, int *done);

#endif
