/*
 * casectl/model/case.h - the case model: finding, loading and listing cases.
 *
 * A case is the folder cases/C2/C3/ID/ (see id.h) whose case.md holds
 * the intake record and the case's state in its front matter:
 *
 *   id, ref, status (open|closed), phase, opened, manager {name, email},
 *   client {name, birth-date, contact}, referral {source, date, reason},
 *   review (next review date)
 *
 * and, in its body, why case management fits and the agreement with
 * the client.  Other phases add files beside it (see casectl-case(5)).
 *
 * A cc_case owns its parsed case.md; free it with cc_case_free.
 * Strings it returns are borrowed from it.
 */
#ifndef CASECTL_CASE_H
#define CASECTL_CASE_H

#include <stddef.h>

#include "casectl/doc/frontmatter.h"
#include "casectl/util/id.h"
#include "casectl/store/store.h"


typedef struct cc_case cc_case;

/* Resolve user input (a full ID or an unambiguous prefix, any case)
 * to a full ID.  CC_ENOTFOUND: "no case 'X'; ...".  CC_EAMBIGUOUS:
 * "case ID 'X' is ambiguous; it matches: A, B, ...". */
int cc_case_resolve(cc_store *s, const char *input, char id[CC_ID_LEN + 1]);

/* Every case ID in the store, sorted.  Free with cc_strv_free. */
int cc_case_ids(cc_store *s, char ***ids, size_t *n);

/* Load case ID (a full ID) from the working tree. */
int cc_case_load(cc_store *s, const char *id, cc_case **out);

/* Parse case.md content already read (used by load, check and show --at). */
int cc_case_parse(const char *id, const char *buf, size_t len, cc_case **out);

void cc_case_free(cc_case *c);

const char *cc_case_id(const cc_case *c);
const char *cc_case_dir(const cc_case *c);     /* "cases/q/7/ID" */
cc_doc *cc_case_doc(const cc_case *c);
cc_node *cc_case_root(const cc_case *c);

/* The scalar at a dotted key path ("client.name"), or NULL. */
const char *cc_case_get(const cc_case *c, const char *path);

/* "relpath" of file NAME inside the case folder, into OUT (>= 256). */
void cc_case_path(const cc_case *c, const char *name, char *out, size_t size);

/* Whether the case is closed (status: closed). */
int cc_case_is_closed(const cc_case *c);

#endif
