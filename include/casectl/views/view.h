/*
 * casectl/views/view.h - what show, list and log print.
 *
 * Two formats: text for people (may change between versions) and JSON
 * for scripts (may only grow: new fields, never a changed meaning).
 * JSON is written with jansson, one object per line for lists.  The
 * JSON of a case is its case.md front matter as an object (plain
 * numbers as numbers, true/false as booleans), plus "files": the names
 * in its folder.  The schemas are in casectl-show(1), casectl-list(1)
 * and casectl-log(1).
 */
#ifndef CASECTL_VIEW_H
#define CASECTL_VIEW_H

#include <stdio.h>

#include "casectl/model/case.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/doc/json.h"
#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* "text" or "json"; CC_EUSAGE otherwise. */
int cc_format_parse(const char *s, cc_format *out);

/* Show case C.  REV names the revision C was read from (show --at), or
 * NULL for the working tree; it decides where "files" come from. */
int cc_view_show(cc_store *s, const cc_case *c, const char *rev, cc_format f,
	FILE *out);

/* The JSON of C in the working tree as show and list print it (compact,
 * no newline); *out malloc'd.  *listed is 0 when the folder's names
 * could not be read (then "files" is left out). */
int cc_view_case_json(cc_store *s, const cc_case *c, char **out, int *listed);

typedef struct {
	const char *status;   /* open, closed, or NULL for all */
	const char *phase;    /* NULL for all */
	const char *manager;  /* a name or an email, case-insensitive; NULL for all */
	int mine;             /* only the worker's own cases */
} cc_list_filter;

/* The cases matching FLT: a table or one JSON object per line (read
 * through the summary cache, casectl/views/summary.h). */
int cc_view_list(cc_store *s, const cc_list_filter *flt, cc_format f, FILE *out);

typedef struct {
	const char *id;       /* one case (a full ID), or NULL for the store */
	const char *since;    /* YYYY-MM-DD: commits on or after that day, or NULL */
	const char *until;    /* YYYY-MM-DD: commits on or before that day, or NULL */
	const char *author;   /* part of the author's name or email, any case */
	const char *action;   /* the Action: trailer ("commit" for plain git commits) */
	int patch;            /* show each change itself (-p) */
	long max;             /* at most this many entries; 0 for all */
} cc_log_filter;

/* The audit trail, newest first.  Dates are each commit's own local
 * date.  With patch, text output follows each line with the patch and
 * JSON gains a "patch" field. */
int cc_view_log(cc_store *s, const cc_log_filter *flt, cc_format f, FILE *out);

/* The same for case INPUT without opening the store (DIR as for
 * cc_store_open) when casectl's caches can answer alone (see
 * cc_store_log_peek; never with patch): 0 when it printed the log, 1
 * when it printed nothing and cc_view_log must be used, < 0 on error. */
int cc_view_log_peek(const char *dir, const char *input, const cc_log_filter *flt,
	cc_format f, FILE *out);

#endif
