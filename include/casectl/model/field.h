/*
 * casectl/model/field.h - one rule for each keyword field, shared by every
 * command that takes it and by 'casectl check' when it reads files.
 *
 * Keywords (life domains, and other names that become part of a
 * record's vocabulary) are lowercase ASCII letters and digits in words
 * joined by single '-': "daily-living", "mental-health".  Nothing else
 * (no '/', '.', blank, capital or control character) so that they are
 * safe anywhere: in a path, a URL, a table, a terminal.
 */
#ifndef CASECTL_FIELD_H
#define CASECTL_FIELD_H

/* Whether V is a keyword. */
int cc_field_keyword_valid(const char *v);

/* The life-domain rule: CC_EUSAGE naming OPT ("--domain") and the
 * usual domains when V is not a keyword, else 0. */
int cc_field_domain(const char *opt, const char *v);

#endif
