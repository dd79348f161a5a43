/* table-int.h - aligned text tables for people (private to lib)
 *
 * A cc_table is a value the caller owns (CC_TABLE_INIT, cc__table_free).
 * The first row added is the header.  Cells are copied; control
 * characters in them print as spaces so that one row stays one line.
 * Columns are padded to their widest cell counted in characters (UTF-8
 * code points), not bytes; the last column is not padded. */
#ifndef CASECTL_TABLE_H
#define CASECTL_TABLE_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
	char **cells;
	size_t ncols, nrows, cap;
} cc_table;

#define CC_TABLE_INIT(cols) { NULL, (cols), 0, 0 }

/* Add a row of NCOLS cells (NULL cells print as "-"). */
int cc__table_add(cc_table *t, const char *const *row);
int cc__table_print(const cc_table *t, FILE *out);
void cc__table_free(cc_table *t);

/* The number of UTF-8 characters in S. */
size_t cc__text_width(const char *s);

#endif
