/* mandate-int.h - the mandate the client gives the case manager (private
 * to lib: intake.c, handover.c, records-journey.c).
 *
 * case.md keeps it as
 *   mandate:
 *     text: what the case manager may do, and how the work ends
 *     holder: Name <email>     the case manager the client gave it to
 *     agreed: YYYY-MM-DD
 * A mandate whose holder is not the case's manager (after a handover)
 * must be agreed again with the client; casectl check flags it
 * (cc_check_mandates, validate.h), but it refuses no command. */
#ifndef CASECTL_MANDATE_INT_H
#define CASECTL_MANDATE_INT_H

#include "casectl/doc/frontmatter.h"
#include "casectl/model/validate.h"

/* Whether the person NAME/EMAIL is MANAGER (a map of name, email): by
 * email when both have one, else by name, ignoring ASCII case. */
int cc__person_is(const cc_node *manager, const char *name, const char *email);

/* Set ROOT's mandate to TEXT, held by MANAGER, agreed on DAY. */
int cc__mandate_set(cc_node *root, const char *text, const cc_node *manager,
	const char *day);

/* A problem at PATH:LINE for a mandate without its text or holder. */
int cc__mandate_valid(const char *path, const cc_node *root, cc_problems *out);

#endif
