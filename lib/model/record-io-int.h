/* record-io-int.h - reading records outside an action, and the worker's
 * name (private to lib: the network modules share these) */
#ifndef CASECTL_RECORD_IO_H
#define CASECTL_RECORD_IO_H

#include "casectl/model/case.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/store/store.h"

/* Resolve INPUT (an ID or a prefix) and load the case, for commands
 * that only read.  *out owned by the caller (cc_case_free). */
int cc__rio_case(cc_store *s, const char *input, cc_case **out);

/* Parse the working-tree file RELPATH.  With MISSING_OK a missing file
 * gives 0 and *doc NULL.  *doc owned by the caller. */
int cc__rio_doc(cc_store *s, const char *relpath, int missing_ok, cc_doc **doc);

/* The same for readers that go on past a bad file (report, the
 * summary cache): a missing file gives *doc NULL; one that cannot be
 * read or parsed gives *doc NULL, a warning, and *CLEAN = 0 (CLEAN may
 * be NULL).  Only running out of memory is an error. */
int cc__rio_doc_lenient(cc_store *s, const char *relpath, cc_doc **doc, int *clean);

/* The worker's name for "by" keys: user.name, else user.email.
 * *out malloc'd. */
int cc__rio_worker(cc_store *s, char **out);

/* Whether S is "true" (a YAML boolean as casectl writes it). */
int cc__rio_true(const char *s);

#endif
