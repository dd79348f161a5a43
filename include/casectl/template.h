/*
 * casectl/template.h - the files new records start from.
 *
 * The templates/ folder of the source tree (one folder per language,
 * plus the HTML plan template) is compiled into the program, so a
 * casectl binary works without its data files.  Names are relative to
 * the language folder ("case.md", "labels.yml").
 */
#ifndef CASECTL_TEMPLATE_H
#define CASECTL_TEMPLATE_H

/* The template NAME for language LANG, falling back to "en" when that
 * language lacks it.  *out is static text owned by the program.
 * CC_ENOTFOUND if neither exists. */
int cc_template_get(const char *lang, const char *name, const char **out);

/* A template by its full path under templates/ ("plan.html"). */
int cc_template_raw(const char *path, const char **out);

#endif
