/* validate-text.c - no control characters in a record (text.h): every
 * key and value of the front matter, and the body */
#include <string.h>

#include "casectl/util/text.h"
#include "validate-rules-int.h"

static const char *what_of(unsigned long cp)
{
	return cp == 0x1B ? " (ESC)" : cp == 0x07 ? " (BEL)" : cp == 0x09 ? " (tab)" :
		cp == 0x0A ? " (newline)" : cp == 0x7F ? " (DEL)" :
		cp >= 0x202A ? " (a bidirectional override)" : "";
}

/* The keys whose value is text of several lines (from -m); every other
 * value is one line, so that no value can add a line to a table, a
 * list or the cron mail. */
static const char *const multiline_keys[] = { "close-note", "reopen-reason", NULL };

static int multiline_key(const char *key)
{
	size_t i;

	for (i = 0; key && multiline_keys[i]; i++)
		if (!strcmp(key, multiline_keys[i]))
			return 1;
	return 0;
}

static int check_node(const char *path, const cc_node *n, int depth, cc_problems *out)
{
	const char *v = cc_node_value(n), *key = cc_node_key(n);
	size_t i, off, line = cc_node_line(n);
	unsigned long cp;
	int err = 0;

	if (depth > CC_FM_MAX_DEPTH + 1)
		return 0;
	if (key && cc_text_find_control(key, strlen(key), 0, &off, &cp))
		err = cc_problems_add(out, "%s:%zu: a key has the control character U+%04lX%s; "
			"control characters are not allowed", path, line, cp, what_of(cp));
	else if (v && cc_text_find_control(v, strlen(v), multiline_key(key), &off, &cp)) {
		if (line)
			err = cc_problems_add(out, "%s:%zu: '%s' has the control character "
				"U+%04lX%s; control characters are not allowed in values", path,
				line, key ? key : "a list item", cp, what_of(cp));
		else
			err = cc_problems_add(out, "%s: '%s' has the control character U+%04lX%s; "
				"control characters are not allowed in values", path,
				key ? key : "a list item", cp, what_of(cp));
	}
	for (i = 0; !err && i < cc_node_count(n); i++)
		err = check_node(path, cc_node_at(n, i), depth + 1, out);
	return err;
}

int cc__check_controls(const char *path, const cc_doc *doc, size_t body_line,
	cc_problems *out)
{
	const char *body;
	size_t len, off, k, line;
	unsigned long cp;
	int err;

	if ((err = check_node(path, cc_doc_root(doc), 0, out)))
		return err;
	body = cc_doc_body(doc, &len);
	if (!cc_text_find_control(body, len, 1, &off, &cp))
		return 0;
	if (!body_line)
		return cc_problems_add(out, "%s: the text has the control character U+%04lX%s; "
			"control characters are not allowed", path, cp, what_of(cp));
	for (k = 0, line = body_line; k < off; k++)
		line += body[k] == '\n';
	return cc_problems_add(out, "%s:%zu: the text has the control character U+%04lX%s; "
		"control characters are not allowed", path, line, cp, what_of(cp));
}
