/* problems.c - a list of problems, collected rather than raised */
#include <stdarg.h>
#include <stdlib.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/problems.h"

int cc_problems_add(cc_problems *p, const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (err)
		return err;
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 16;
		char **nv = realloc(p->items, ncap * sizeof(*nv));
		if (!nv) {
			cc_buf_free(&b);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		p->items = nv;
		p->cap = ncap;
	}
	p->items[p->n++] = cc_buf_detach(&b);
	return 0;
}

void cc_problems_free(cc_problems *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->items[i]);
	free(p->items);
	p->items = NULL;
	p->n = p->cap = 0;
}

int cc_problems_raise(const cc_problems *p)
{
	if (!p->n)
		return 0;
	if (p->n == 1)
		return cc_error_set(CC_EINVALID, "%s", p->items[0]);
	return cc_error_set(CC_EINVALID, "%s (and %zu more problems; run 'casectl check')",
		p->items[0], p->n - 1);
}
