/* merge-int.h - private: copying front matter nodes (lib/merge.c), used
 * by lib/resolve.c. */
#ifndef CASECTL_MERGE_INT_H
#define CASECTL_MERGE_INT_H

#include "casectl/frontmatter.h"

#define CC_CONFLICT_KEY "conflict"
/* The conflict entry of case.md listing the files of the case deleted
 * on one side ("ours", "theirs": lists of names inside the case folder)
 * while the case changed on the other (lib/merge-delete.c). */
#define CC_DELETED_KEY "deleted-files"

/* Set KEY of MAP to a deep copy of SRC; SRC NULL removes KEY. */
int cc__copy_value(cc_node *map, const char *key, const cc_node *src);
/* Make the map or list DST hold deep copies of SRC's entries only. */
int cc__copy_children(cc_node *dst, const cc_node *src);
/* Append a deep copy of SRC (a scalar or a map) to LIST. */
int cc__append_copy(cc_node *list, const cc_node *src);

#endif
