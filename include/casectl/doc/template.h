/*
 * casectl/doc/template.h - the files new records start from.
 *
 * The templates/ folder of the source tree (one folder per language,
 * plus the HTML plan template) is compiled into the program, so a
 * casectl binary works without its data files.  Names are relative to
 * the language folder ("case.md", "labels.yml").
 */
#ifndef CASECTL_TEMPLATE_H
#define CASECTL_TEMPLATE_H

#include <stddef.h>

struct cc_buf_s;

/* The template NAME for language LANG, falling back to "en" when that
 * language lacks it.  *out is static text owned by the program.
 * CC_ENOTFOUND if neither exists. */
int cc_template_get(const char *lang, const char *name, const char **out);

/* A template by its full path under templates/ ("plan.html"). */
int cc_template_raw(const char *path, const char **out);

/* Fill the template PATH (under templates/, e.g. "plan.html") into B:
 * its text is copied, "{{NAME}}" is replaced by what EXPAND appends for
 * NAME (EXPAND returns CC_ENOTFOUND for a name it does not know, which
 * becomes an error naming it), and "{{! comment }}" is dropped.  The
 * template is the program's own text; values are the expander's job to
 * escape. */
typedef int (*cc_template_expand_fn)(void *ctx, const char *name, size_t len,
	struct cc_buf_s *b);
int cc_template_fill(const char *path, cc_template_expand_fn expand, void *ctx,
	struct cc_buf_s *b);

#endif
