/*
 * casectl/ops/consent.h - the client's consents to share information.
 *
 * Each grant and each withdrawal is its own event file
 * consent/DATE-xxxx.md (records.h); events are never changed, so the
 * history of who may receive what, and since when, stays readable.  A
 * grant's ID is "C" plus the file's suffix in upper case ("C7K2Q").
 * A consent is
 *   withdrawn  when a withdraw event names it,
 *   expired    else when its expires date lies before today,
 *   active     otherwise.
 * Commits: action "consent", summary "consent C7K2Q granted" or
 * "consent C7K2Q withdrawn" (no names, no scope text).
 */
#ifndef CASECTL_CONSENT_H
#define CASECTL_CONSENT_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/model/consent-record.h"
#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* Record a grant; ID receives its ID.  EXPIRES may be NULL (no end),
 * an ISO date or a relative one; it may not lie before today. */
int cc_consent_grant(cc_store *s, const char *case_input, const char *to,
	const char *what, const char *expires, char id[8]);

/* Record the withdrawal of grant CID (any case).  Refused for an
 * unknown ID and for one already withdrawn. */
int cc_consent_withdraw(cc_store *s, const char *case_input, const char *cid);

#endif
