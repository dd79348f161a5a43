/*
 * casectl/util/problems.h - a list of problems, collected rather than raised.
 *
 * Each problem is one line "FILE:LINE: message" (LINE omitted when
 * unknown), the form 'casectl check' prints.  A cc_problems list is a
 * value the caller owns; free it with cc_problems_free.
 */
#ifndef CASECTL_PROBLEMS_H
#define CASECTL_PROBLEMS_H

#include <stddef.h>

typedef struct {
	char **items;
	size_t n, cap;
} cc_problems;

#define CC_PROBLEMS_INIT { NULL, 0, 0 }

int cc_problems_add(cc_problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cc_problems_free(cc_problems *p);

/* Turn the first problem into the last error (CC_EINVALID) and return
 * it, or return 0 when there is none. */
int cc_problems_raise(const cc_problems *p);

#endif
