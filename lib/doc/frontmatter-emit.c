/* frontmatter-emit.c - canonical block-style YAML and the quoting rules */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "casectl/util/error.h"
#include "frontmatter-int.h"

/* --- what a string needs ---------------------------------------------- */

/* Characters written as themselves outside double quotes (YAML's
 * c-printable minus tab, line breaks, NEL, LS, PS and the BOM). */
static int printable(unsigned long c)
{
	if (c >= 0x20 && c <= 0x7E)
		return 1;
	if (c < 0xA0)
		return 0;
	if (c == 0x2028 || c == 0x2029 || c == 0xFEFF)
		return 0;
	return c <= 0xD7FF || (c >= 0xE000 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0x10FFFF);
}

static int all_printable(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len)
		if (!printable(cc__fm_utf8_next(s, len, &i)))
			return 0;
	return 1;
}

static int is_indicator(char c)
{
	return strchr("-?:,[]{}#&*!|>'\"%@`", c) != NULL;
}

int cc__fm_plain_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
		return 0;
	if (is_indicator(s[0]) && (s[0] != '-' || len == 1 || s[1] == ' '))
		return 0;
	if (len >= 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3)))
		return 0;
	for (i = 0; i + 1 < len; i++) {
		if (s[i] == ':' && s[i + 1] == ' ')
			return 0;
		if (s[i] == ' ' && s[i + 1] == '#')
			return 0;
	}
	return all_printable(s, len);
}

static int ieq(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !strncasecmp(s, word, len);
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

int cc__fm_ambiguous(const char *s, size_t len)
{
	static const char *const words[] = {
		"~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
		"<<", "=", ".inf", "+.inf", "-.inf", ".nan"
	};
	size_t i;

	if (!len)
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (ieq(s, len, words[i]))
			return 1;
	/* Every YAML 1.1/1.2 number, date and timestamp starts with a digit,
	 * or with a sign or a dot followed by a digit or a dot. */
	if (digit(s[0]))
		return 1;
	if ((s[0] == '-' || s[0] == '+' || s[0] == '.') && len > 1 &&
	    (digit(s[1]) || s[1] == '.'))
		return 1;
	return 0;
}

static int single_ok(const char *s, size_t len)
{
	return all_printable(s, len);
}

/* Whether S can be a literal block that reads back as S. */
static int literal_ok(const char *s, size_t len)
{
	size_t i = 0, start, j;
	int seen_text = 0;
	unsigned long c;

	while (i < len) {
		start = i;
		while (i < len && s[i] != '\n') {
			c = cc__fm_utf8_next(s, len, &i);
			if (!printable(c) && !(c == '\t' && i - 1 > start))
				return 0;
		}
		if (i > start) {
			for (j = start; j < i && (s[j] == ' ' || s[j] == '\t'); j++)
				;
			if (j == i || (s[start] == ' ' && !seen_text))
				return 0; /* blank line, or indented first line */
			seen_text = 1;
		}
		if (i < len)
			i++; /* the '\n' */
	}
	return seen_text;
}

/* --- writing scalars ------------------------------------------------ */

struct out {
	cc_buf *b;
	const char *nl;
	int err;
};

static void put(struct out *o, const char *s, size_t len)
{
	if (!o->err)
		o->err = cc_buf_put(o->b, s, len);
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void indent(struct out *o, size_t n)
{
	static const char sp[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;
		put(o, sp, k);
		n -= k;
	}
}

static void write_single(struct out *o, const char *s, size_t len)
{
	size_t i, from = 0;

	put(o, "'", 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '\'') {
			put(o, s + from, i + 1 - from);
			put(o, "'", 1);
			from = i + 1;
		}
	}
	put(o, s + from, len - from);
	put(o, "'", 1);
}

static void write_double(struct out *o, const char *s, size_t len)
{
	static const char named[] = "\a" "a" "\b" "b" "\t" "t" "\n" "n"
				    "\v" "v" "\f" "f" "\r" "r" "\x1b" "e"
				    "\"" "\"" "\\" "\\";
	size_t i = 0, at;
	unsigned long c;
	char esc[24];
	const char *p;

	put(o, "\"", 1);
	while (i < len) {
		at = i;
		c = cc__fm_utf8_next(s, len, &i);
		if (c && c < 0x80 && (p = memchr(named, (int)c, sizeof(named) - 1)) &&
		    (p - named) % 2 == 0) {
			esc[0] = '\\';
			esc[1] = p[1];
			put(o, esc, 2);
		} else if (printable(c)) {
			put(o, s + at, i - at);
		} else if (c == 0x85) {
			put(o, "\\N", 2);
		} else if (c == 0x2028) {
			put(o, "\\L", 2);
		} else if (c == 0x2029) {
			put(o, "\\P", 2);
		} else {
			if (c < 0x100)
				snprintf(esc, sizeof(esc), "\\x%02lX", c);
			else if (c < 0x10000)
				snprintf(esc, sizeof(esc), "\\u%04lX", c);
			else
				snprintf(esc, sizeof(esc), "\\U%08lX", c);
			puts_(o, esc);
		}
	}
	put(o, "\"", 1);
}

/* Lines of S as a literal block at indentation IND; the header "|" with
 * its chomping indicator has been written by the caller. */
static void write_literal_lines(struct out *o, const char *s, size_t len,
				size_t ind)
{
	size_t t = 0, i = 0, start;

	while (t < len && s[len - 1 - t] == '\n')
		t++;
	len -= t;
	while (i < len) {
		start = i;
		while (i < len && s[i] != '\n')
			i++;
		if (i > start) {
			indent(o, ind);
			put(o, s + start, i - start);
		}
		puts_(o, o->nl);
		i++;
	}
	for (; t > 1; t--)
		puts_(o, o->nl);
}

enum how { W_PLAIN, W_SINGLE, W_DOUBLE, W_LITERAL };

static enum how quote_auto(const char *s, size_t len, int may_block)
{
	if (cc__fm_plain_ok(s, len) && !cc__fm_ambiguous(s, len) && !is_indicator(s[0]))
		return W_PLAIN;
	if (may_block && memchr(s, '\n', len) && literal_ok(s, len))
		return W_LITERAL;
	if ((memchr(s, '\\', len) || memchr(s, '"', len)) && single_ok(s, len))
		return W_SINGLE;
	return W_DOUBLE;
}

/* How to write S, given how it was written or set (MAY_BLOCK: not a key). */
static enum how choose(const char *s, size_t len, enum fm_style style,
		       int may_block)
{
	switch (style) {
	case FM_PLAIN:
		/* "<<" and "=" are merge and value keys to YAML 1.1 */
		if (ieq(s, len, "<<") || ieq(s, len, "="))
			break;
		if (cc__fm_plain_ok(s, len) || (!len && may_block))
			return W_PLAIN;
		break;
	case FM_SINGLE:
		return single_ok(s, len) ? W_SINGLE : W_DOUBLE;
	case FM_DOUBLE:
		return W_DOUBLE;
	case FM_LITERAL:
	case FM_FOLDED:
		return may_block && literal_ok(s, len) ? W_LITERAL : W_DOUBLE;
	case FM_AUTO:
		break;
	}
	return quote_auto(s, len, may_block);
}

/* Write a scalar after "key:" or "-" (no space written yet) and end the
 * line; a literal block's lines go at indentation IND. */
static void write_scalar(struct out *o, const char *s, size_t len,
			 enum fm_style style, int may_block, size_t ind)
{
	size_t t = 0;

	switch (choose(s, len, style, may_block)) {
	case W_PLAIN:
		if (len)
			put(o, " ", 1);
		put(o, s, len);
		break;
	case W_SINGLE:
		put(o, " ", 1);
		write_single(o, s, len);
		break;
	case W_DOUBLE:
		put(o, " ", 1);
		write_double(o, s, len);
		break;
	case W_LITERAL:
		while (t < len && s[len - 1 - t] == '\n')
			t++;
		puts_(o, t == 0 ? " |-" : t == 1 ? " |" : " |+");
		puts_(o, o->nl);
		write_literal_lines(o, s, len, ind);
		return;
	}
	puts_(o, o->nl);
}

static void write_key(struct out *o, const cc_node *n)
{
	const char *k = n->key ? n->key : "";
	size_t len = strlen(k);

	switch (choose(k, len, n->key_style, 0)) {
	case W_PLAIN:
		put(o, k, len);
		break;
	case W_SINGLE:
		write_single(o, k, len);
		break;
	default:
		write_double(o, k, len);
		break;
	}
	put(o, ":", 1);
}

/* --- writing collections -------------------------------------------- */

static void write_list(struct out *o, const cc_node *list, size_t ind,
		       int inline_first);

/* The value of a map entry or list item, right after "key:" or "-";
 * IND is the indentation of that key or dash. */
static void write_value(struct out *o, const cc_node *n, size_t ind,
			int after_dash)
{
	if (n->type == CC_NODE_SCALAR) {
		write_scalar(o, n->value, n->len, n->style, 1, ind + 2);
		return;
	}
	if (!n->n) {
		puts_(o, n->type == CC_NODE_MAP ? " {}" : " []");
		puts_(o, o->nl);
		return;
	}
	if (after_dash) {
		put(o, " ", 1);
	} else {
		puts_(o, o->nl);
	}
	if (n->type == CC_NODE_MAP) {
		size_t i;

		for (i = 0; i < n->n; i++) {
			if (i || !after_dash)
				indent(o, ind + 2);
			write_key(o, n->kids[i]);
			write_value(o, n->kids[i], ind + 2, 0);
		}
	} else {
		write_list(o, n, ind + 2, after_dash);
	}
}

static void write_list(struct out *o, const cc_node *list, size_t ind,
		       int inline_first)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		if (i || !inline_first)
			indent(o, ind);
		put(o, "-", 1);
		write_value(o, list->kids[i], ind, 1);
	}
}

int cc__fm_emit_canonical(const cc_doc *doc, cc_buf *b)
{
	struct out o = { b, doc->crlf ? "\r\n" : "\n", 0 };
	const cc_node *root = doc->root;
	size_t i, start;

	puts_(&o, "---");
	puts_(&o, o.nl);
	start = b->len;
	for (i = 0; i < root->n; i++) {
		write_key(&o, root->kids[i]);
		write_value(&o, root->kids[i], 0, 0);
	}
	if (!o.err && b->len - start > CC_FM_MAX_BYTES)
		return cc_error_set(CC_EINVALID, "front matter would be longer than %d bytes",
				    CC_FM_MAX_BYTES);
	puts_(&o, "---");
	puts_(&o, o.nl);
	return o.err;
}
