/*
 * casectl/model/consent-record.h - a client's consents as read from the
 * consent/ event files of a case (lib/model/consent-read.c), for the
 * record checks, the operations (casectl/ops/consent.h) and the views.
 * A consent is withdrawn when a withdraw event names it, expired else
 * when its expires date lies before today, active otherwise.
 */
#ifndef CASECTL_MODEL_CONSENT_RECORD_H
#define CASECTL_MODEL_CONSENT_RECORD_H

#include <stddef.h>

#include "casectl/store/store.h"
#include "casectl/util/date.h"

typedef enum {
	CC_CONSENT_ACTIVE,
	CC_CONSENT_EXPIRED,
	CC_CONSENT_WITHDRAWN
} cc_consent_state;

typedef struct {
	char id[8];                  /* "C7K2Q" */
	char date[CC_DATE_STRLEN];   /* granted */
	char expires[CC_DATE_STRLEN];   /* "" when open-ended */
	char withdrawn[CC_DATE_STRLEN]; /* "" unless withdrawn */
	char *by, *to, *what;        /* malloc'd */
	cc_consent_state state;
} cc_consent;

const char *cc_consent_state_name(cc_consent_state st);

/* Every grant in the case folder CASE_DIR ("cases/x/y/ID"), oldest
 * first, with its state on TODAY.  Free with cc_consents_free. */
int cc_consents_load(cc_store *s, const char *case_dir, cc_date today,
	cc_consent **out, size_t *n);
void cc_consents_free(cc_consent *v, size_t n);

/* The first active consent whose "to" equals one of the NNAMES NAMES
 * (compared ignoring ASCII case and surrounding blanks), or NULL.  NULL
 * or empty names are skipped. */
const cc_consent *cc_consent_covering(const cc_consent *v, size_t n,
	const char *const *names, size_t nnames);

#endif
