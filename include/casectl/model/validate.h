/*
 * casectl/model/validate.h - checking store files against the record formats.
 *
 * Problems are collected, not raised, in a cc_problems list
 * (problems.h).
 */
#ifndef CASECTL_VALIDATE_H
#define CASECTL_VALIDATE_H

#include <stddef.h>

#include "casectl/doc/frontmatter.h"
#include "casectl/util/problems.h"
#include "casectl/store/store.h"

/* The keys of casectl.md that are no setting (a typo, or 'format' for
 * 'casectl'): a problem "casectl.md:LINE: unknown setting ..." each,
 * for 'casectl check'; commands pass over them (lib/model/settings.c). */
int cc_settings_unknown(const char *buf, size_t len, cc_problems *out);

/* Check the content of the store file RELPATH (what kind of record it
 * is follows from its path).  Appends problems; returns 0, or a
 * negative code only when it could not check (out of memory). */
int cc_validate_file(const char *relpath, const char *buf, size_t len,
	cc_problems *out);

/* Check a parsed document of the record kind RELPATH names. */
int cc_validate_doc(const char *relpath, const cc_doc *doc, cc_problems *out);

/* Check every file under RELDIR of the working tree ("" = the whole
 * store: the settings and every case and service). */
int cc_validate_tree(cc_store *s, const char *reldir, cc_problems *out);

/* Check what is staged for a plain 'git commit' (the index): every
 * added or changed file, and that case.md and casectl.md are not
 * deleted.  Used by the pre-commit hook. */
int cc_validate_staged(cc_store *s, cc_problems *out);

/* One problem for each open case whose mandate (case.md "mandate:")
 * names someone who is no longer its manager, as after a handover.
 * For 'casectl check' only: no command refuses such a case. */
int cc_check_mandates(cc_store *s, cc_problems *out);

#endif
