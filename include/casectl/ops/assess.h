/*
 * casectl/ops/assess.h - the assessment (diagnosis, mapping) of a case.
 *
 * Each (re)assessment is a new file assessments/DATE-xxxx.md (records.h);
 * earlier ones stay as they were.  It records the needs as the client
 * sees them and as the professionals assess them, resources in Kleve's
 * three dimensions (personal, social lifeworld, community), strengths,
 * what already works, risks and the life domains concerned.  It needs
 * at least one need.  Phase: intake -> assessment, evaluation ->
 * assessment (a reassessment), otherwise unchanged.  One commit
 * "assess ID: assessment added" (or "reassessment added").
 *
 * Two steps around the editor as in event.h.  Strings are borrowed.
 */
#ifndef CASECTL_ASSESS_H
#define CASECTL_ASSESS_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/model/event.h"
#include "casectl/store/store.h"
#include "casectl/util/format.h"

typedef struct {
	cc_strlist client_needs;   /* --client-need: wishes, expectations */
	cc_strlist needs;          /* --need: as professionals assess them */
	cc_strlist personal, social, community;  /* resources (Kleve) */
	cc_strlist strengths, works, risks;
	cc_strlist domains;        /* life domains, lowercase-with-dashes */
	int without_client;        /* done without the client */
	const char *date;          /* default today; not in the future */
	const char *message;       /* free notes: the body */
} cc_assess_opts;

/* The life domains casectl suggests, NULL-terminated. */
extern const char *const cc_assess_domains[];

/* Whether O holds any content (anything but the date and with-client). */
int cc_assess_has_content(const cc_assess_opts *o);

/* The whole assessment record to edit: the options over the template.
 * Checks the case (closed, dirty) and the options first. */
int cc_assess_draft(cc_store *s, const char *input, const cc_assess_opts *o,
	char **text, size_t *len);

/* Record the assessment from O (TEXT NULL: then it must hold a need,
 * else CC_EUSAGE naming the options) or from the edited TEXT, and
 * commit.  FILE receives the new file's name in the case folder. */
int cc_assess_commit(cc_store *s, const char *input, const cc_assess_opts *o,
	const char *text, size_t len, char file[CC_EVENT_NAME_MAX]);

#endif
