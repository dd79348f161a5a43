/*
 * casectl/views/consent-view.h - the consents of a case, printed (lib/views/consent-view.c).
 */
#ifndef CASECTL_VIEWS_CONSENT_VIEW_H
#define CASECTL_VIEWS_CONSENT_VIEW_H

#include <stdio.h>

#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* The consents with their state: a table (ID, STATE, GRANTED, EXPIRES,
 * WITHDRAWN, TO, WHAT) or one JSON object per consent per line:
 * {"id","state","date","by","to","what","expires","withdrawn"} (the
 * last two null when not set). */
int cc_consent_print(cc_store *s, const char *case_input, cc_format f, FILE *out);

#endif
