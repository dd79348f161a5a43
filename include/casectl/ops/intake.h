/*
 * casectl/ops/intake.h - opening a case (the intake phase).
 *
 * Opening is two steps so that cmd/ can put an editor between them:
 * cc_intake_draft() writes the case.md a new case would get, and
 * cc_intake_commit() validates such a text and commits it as a new case
 * folder with one "open" commit.  The client's name never appears in
 * the path or the commit message.
 */
#ifndef CASECTL_INTAKE_H
#define CASECTL_INTAKE_H

#include <stddef.h>

#include "casectl/util/id.h"
#include "casectl/model/person.h"
#include "casectl/store/store.h"

typedef struct {
	const char *client;        /* client's name */
	const char *birth_date;    /* date (ISO or relative) */
	const char *contact;       /* phone, address: free text */
	const char *manager;       /* "Name <email>", a name or an email; NULL = the worker */
	const char *referral;      /* how the person came: self, hospital, ... */
	const char *referral_date; /* default: today */
	const char *reason;        /* the referral's reason */
	const char *ref;           /* the agency's own file number */
	const char *review;        /* next review; default today + review-interval */
	const char *message;       /* why case management fits; NULL = the template */
	const char *mandate;       /* what the manager may do, how it ends; NULL = none */
} cc_open_opts;

/* The case.md text of a new case.  *out malloc'd. */
int cc_intake_draft(cc_store *s, const cc_open_opts *o, char **out, size_t *len);

/* Validate TEXT (a case.md) and commit it as a new case.  If its ID is
 * already taken a fresh one replaces it.  ID receives the case's ID. */
int cc_intake_commit(cc_store *s, const char *text, size_t len,
	char id[CC_ID_LEN + 1]);

#endif
