/*
 * casectl/views/export.h - the client's right of access: everything the
 * store holds about one case, in a folder a person can read and a
 * program can load.
 *
 * cc_export() writes into DIR (created 0700; it must not exist or be
 * empty):
 *   files/...     every file of the case folder as it is now
 *   plan.html     the printable plan (when the case has a valid plan)
 *   history.txt   the audit trail of the case: date, author, action and
 *                 summary of every commit that touched it (the log view)
 *   case.json     {"id", "exported", "case": case.md's front matter,
 *                  "records": [{"path", "data", "body"}, ...]} with
 *                 every Markdown record of the case
 * Every file is 0600, every folder 0700.  Nothing is committed.
 */
#ifndef CASECTL_EXPORT_H
#define CASECTL_EXPORT_H

#include "casectl/store/store.h"

/* Export case INPUT (an ID or prefix) into DIR.  CC_EINVALID when DIR
 * exists and is not an empty folder.  *nfiles receives the number of
 * case files copied. */
int cc_export(cc_store *s, const char *input, const char *dir, size_t *nfiles);

#endif
