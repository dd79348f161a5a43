/* table.c - aligned text tables for people */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/text.h"
#include "table-int.h"

size_t cc__text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

int cc__table_add(cc_table *t, const char *const *row)
{
	size_t i, base;

	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 8;
		char **nc = realloc(t->cells, ncap * t->ncols * sizeof(*nc));
		if (!nc)
			return cc_error_set(CC_ENOMEM, "out of memory");
		t->cells = nc;
		t->cap = ncap;
	}
	base = t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		/* one line per row, control characters as everywhere (text.h) */
		const char *v = row[i] && *row[i] ? row[i] : "-";
		cc_buf b = CC_BUF_INIT;
		char *c = cc_text_escape(&b, v, strlen(v), 0) ? NULL : cc_buf_detach(&b);
		if (!c) {
			cc_buf_free(&b);
			while (i--)
				free(t->cells[base + i]);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		t->cells[base + i] = c;
	}
	t->nrows++;
	return 0;
}

int cc__table_print(const cc_table *t, FILE *out)
{
	size_t *w, r, c;

	if (!t->nrows)
		return 0;
	w = calloc(t->ncols, sizeof(*w));
	if (!w)
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t cw = cc__text_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			fputs(cell, out);
			if (c + 1 < t->ncols)
				fprintf(out, "%*s", (int)(w[c] - cc__text_width(cell) + 2), "");
		}
		fputc('\n', out);
	}
	free(w);
	return 0;
}

void cc__table_free(cc_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}
