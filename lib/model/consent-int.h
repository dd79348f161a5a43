/* consent-int.h - what consent.c and consent-read.c share (private to lib) */
#ifndef CASECTL_CONSENT_INT_H
#define CASECTL_CONSENT_INT_H

#include <stddef.h>

#include "casectl/model/consent-record.h"

/* The grant of V (N of them) with ID, or NULL. */
cc_consent *cc__consent_find(cc_consent *v, size_t n, const char *id);

#endif
