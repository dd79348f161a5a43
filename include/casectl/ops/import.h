/*
 * casectl/ops/import.h - bringing cases in bulk from another system.
 *
 * The input is JSON Lines: one object per line with the fields of
 * 'casectl show --format json' (the keys of case.md, and "body", its
 * Markdown; "files" is ignored).  Missing "id", "status", "phase", "opened" and "manager"
 * are filled in (a new ID, open, intake, today, the worker).  Every
 * record is converted and validated before anything is written: a bad
 * record stops the import with its line number and nothing is written.
 * Then each case is one commit ("import ID: case imported"), or all
 * are one commit with batch ("import: N cases imported").
 */
#ifndef CASECTL_IMPORT_H
#define CASECTL_IMPORT_H

#include <stddef.h>

#include "casectl/store/store.h"

/* The longest line (one record) import takes: longer is refused with
 * NAME:LINE before more is read. */
#define CC_IMPORT_MAX_LINE (4u << 20)

/* Read the JSON Lines from FD into *buf (malloc'd, NUL-terminated),
 * refusing a line longer than CC_IMPORT_MAX_LINE (CC_EINVALID,
 * "NAME:LINE: ..."): memory stays bounded by the input's lines. */
int cc_import_read(int fd, const char *name, char **buf, size_t *len);

/* Called after each case is written (DONE of TOTAL). */
typedef void (*cc_progress_fn)(size_t done, size_t total, void *payload);

/* Import BUF (LEN bytes of JSON Lines; NAME is used in messages).
 * *count receives the number of cases written. */
int cc_import(cc_store *s, const char *buf, size_t len, const char *name, int batch,
	cc_progress_fn progress, void *payload, size_t *count);

#endif
