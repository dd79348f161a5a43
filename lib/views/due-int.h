/*
 * due-int.h - private parts of due (lib/due*.c).
 *
 * due.c        walking the cases: which items are due
 * due-items.c  keeping the items compactly, sorting them, handing them out
 * due-print.c  text and JSON
 *
 * A store's worth of items (about five a case) is kept in little
 * memory: an item is 24 bytes; its strings are interned (managers,
 * emails, goal and consent IDs, services, dates: few distinct ones);
 * a case with items is stored once (ID, ref); items sit in blocks, so
 * nothing is copied as they grow; the sort moves 4-byte indices.
 */
#ifndef CASECTL_DUE_INT_H
#define CASECTL_DUE_INT_H

#include <stdint.h>

#include "casectl/views/due.h"

#define CC__DUE_NONE UINT32_MAX   /* no case: a caseload item */

/* Equal-sized elements in blocks that never move. */
typedef struct {
	size_t size, n, nblk, capblk;
	char **blk;
} cc__due_vec;

typedef struct cc__due_chunk cc__due_chunk;

struct cc_due {
	int64_t today;           /* days since 1970-01-01 */
	cc__due_chunk *mem;      /* the strings */
	const char **slot;       /* interned strings: open addressing */
	size_t nslot, nused;
	cc__due_vec mgr;         /* cc__due_mgr */
	uint32_t *mslot;         /* managers by (name, email): index + 1, or 0 */
	size_t nmslot;
	cc__due_vec cases;       /* cc__due_kase */
	size_t lastcase;         /* the summary's index of the last one stored */
	cc__due_vec items;       /* cc__due_entry */
	uint32_t *order;         /* the items, sorted (after cc__due_sort) */
};

typedef struct {
	const char *name, *email;    /* interned; email may be NULL */
	uint32_t klass;              /* managers equal but for case share one */
} cc__due_mgr;

typedef struct {
	char id[CC_ID_LEN + 1];
	const char *ref;
} cc__due_kase;

typedef struct {
	const char *what;        /* interned, or NULL */
	uint32_t kase;           /* index in cases, or CC__DUE_NONE */
	uint32_t mgr;
	int32_t due;             /* days since 1970-01-01 */
	uint8_t kind;
} cc__due_entry;

/* An entry's kind: an index in cc__due_kinds (the same order). */
enum { K_REVIEW, K_PLAN_REVIEW, K_GOAL, K_FOLLOW_UP, K_CONSENT, K_LINK, K_CONTACT,
	K_CONFLICT, K_CASELOAD };
extern const char *const cc__due_kinds[];

/* due-items.c: 0 or CC_ENOMEM (message set). */
cc_due *cc__due_new(void);
/* Store case I (of the walk) with ID and REF if it is not the last stored. */
int cc__due_case(cc_due *d, size_t i, const char *id, const char *ref);
/* An item of the last case stored (or none: CASE 0) for manager NAME
 * (never NULL) and EMAIL, due on day DUE. */
int cc__due_add(cc_due *d, int with_case, unsigned kind, const char *name, const char *email,
	int64_t due, const char *what);
/* Sort: by manager group (the group with the most urgent item first),
 * then by urgency, kind, case; equal ones keep their order. */
int cc__due_sort(cc_due *d);
/* The manager class of sorted item I (equal classes: one heading). */
uint32_t cc__due_class(const cc_due *d, size_t i);

#endif
