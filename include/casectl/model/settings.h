/*
 * casectl/model/settings.h - the store's shared settings.
 *
 * They live in the tracked file casectl.md at the top of the store, as
 * front matter (the body explains the store to a person who opens it):
 *
 *   casectl: 1                 format version
 *   language: en               en, cs, de, nb, es or ru: templates and labels
 *   review-interval: 6m        default time to the next review
 *   id-scheme: month-random40  how case IDs are made (see casectl-case(5))
 *   caseload-limit: 12         open cases per manager before 'due' warns
 *   retention: 10y             how long closed cases are kept
 *   link-wait-limit: 30d       a referral waiting longer shows in 'due'
 *   contact-gap-limit: 30d     an open case without contact longer shows in 'due'
 *
 * A cc_settings is a plain value; nothing to free.
 */
#ifndef CASECTL_SETTINGS_H
#define CASECTL_SETTINGS_H

#include "casectl/util/date.h"
#include "casectl/store/store.h"

typedef struct {
	char language[8];
	cc_duration review_interval;
	int caseload_limit;
	cc_duration retention;
	cc_duration link_wait_limit;
	cc_duration contact_gap_limit;
} cc_settings;

/* The languages casectl has templates for, NULL-terminated. */
extern const char *const cc_languages[];

int cc_lang_valid(const char *lang);

void cc_settings_default(cc_settings *out);

/* Read casectl.md of the store.  Missing keys take their defaults; a
 * value of the wrong shape or out of its range (each key has one rule,
 * see casectl-case(5)) is CC_EINVALID "casectl.md:LINE: 'KEY' is 'V';
 * it must be ALLOWED". */
int cc_settings_load(cc_store *s, cc_settings *out);

/* Parse settings from file content (used by load and by 'check'). */
int cc_settings_parse(const char *buf, size_t len, cc_settings *out);
/* 0 when BUF holds settings cc_settings_parse accepts (for sync's
 * cc_merge_hooks), else its error. */
int cc_settings_check(const char *buf, size_t len);

/* The content of a new casectl.md; *out malloc'd. */
int cc_settings_render(const cc_settings *st, char **out, size_t *len);

#endif
