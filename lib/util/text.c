/* text.c - control characters: refused in values, escaped in output */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/text.h"

/* The code point at S[*i] (LEN bytes), advancing *i; -1 (and one byte)
 * for a byte that does not start a whole UTF-8 sequence. */
static long decode(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char c = s[*i];
	size_t k, n;
	long cp;

	if (c < 0x80) {
		*i += 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else {
		*i += 1;
		return -1;
	}
	if (*i + n > len) {
		*i += 1;
		return -1;
	}
	for (k = 1; k < n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			*i += 1;
			return -1;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		*i += 1;
		return -1;
	}
	*i += n;
	return cp;
}

static int is_control(long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
		(cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Whether the control CP at S[at] may stay in multi-line text. */
static int line_control_ok(long cp, const char *s, size_t len, size_t at)
{
	return cp == '\n' || cp == '\t' || (cp == '\r' && at + 1 < len && s[at + 1] == '\n');
}

int cc_text_find_control(const char *s, size_t len, int multiline, size_t *off,
	unsigned long *cp)
{
	size_t i = 0, at;
	long c;

	while (i < len) {
		at = i;
		c = decode((const unsigned char *)s, len, &i);
		if (c >= 0 && is_control(c) && !(multiline && line_control_ok(c, s, len, at))) {
			*off = at;
			*cp = (unsigned long)c;
			return 1;
		}
	}
	return 0;
}

static const char *control_name(unsigned long cp)
{
	switch (cp) {
	case 0x07: return "BEL";
	case 0x08: return "backspace";
	case 0x09: return "tab";
	case 0x0A: return "newline";
	case 0x0D: return "carriage return";
	case 0x1B: return "ESC";
	case 0x7F: return "DEL";
	case 0x9B: return "CSI";
	default:
		return cp >= 0x202A ? "a bidirectional override" : "a control character";
	}
}

int cc_text_check(const char *what, const char *s, int multiline)
{
	size_t off;
	unsigned long cp;

	if (!s || !cc_text_find_control(s, strlen(s), multiline, &off, &cp))
		return 0;
	return cc_error_set(CC_EINVALID, "%s has the control character U+%04lX (%s); "
		"control characters are not allowed%s", what, cp, control_name(cp),
		multiline ? "" : " in a one-line value");
}

int cc_text_escape(cc_buf *b, const char *s, size_t len, int keep_lines)
{
	size_t i = 0, at, run = 0;
	long c;
	int err = 0;

	while (!err && i < len) {
		at = i;
		c = decode((const unsigned char *)s, len, &i);
		if (c >= 0 && (!is_control(c) || (keep_lines && line_control_ok(c, s, len, at))))
			continue;
		if ((err = cc_buf_put(b, s + run, at - run)))
			break;
		if (c < 0)
			err = cc_buf_printf(b, "\\x%02x", (unsigned)(unsigned char)s[at]);
		else
			err = cc_buf_printf(b, "\\u%04lx", (unsigned long)c);
		run = i;
	}
	if (!err)
		err = cc_buf_put(b, s + run, len - run);
	return err;
}

/* --- the output stream ---------------------------------------------- */

typedef struct {
	int fd;
	char held[4];    /* the start of a sequence cut by the last write */
	size_t nheld;
} sink;

/* How many bytes at the end of P (N bytes) may be the start of a UTF-8
 * sequence, or a CR, that the next write completes. */
static size_t open_tail(const char *p, size_t n)
{
	size_t k;

	if (n && p[n - 1] == '\r')
		return 1;
	for (k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = (unsigned char)p[n - k];
		if ((c & 0xC0) == 0x80)
			continue;
		if (c >= 0xC0) {
			size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			return need > k ? k : 0;
		}
		return 0;
	}
	return 0;
}

static ssize_t sink_write(void *cookie, const char *data, size_t size)
{
	sink *k = cookie;
	cc_buf in = CC_BUF_INIT, out = CC_BUF_INIT;
	size_t keep;
	int rc = 0;

	if (cc_buf_put(&in, k->held, k->nheld) || cc_buf_put(&in, data, size)) {
		cc_buf_free(&in);
		return -1;
	}
	keep = size ? open_tail(in.ptr, in.len) : 0;
	if (cc_text_escape(&out, in.ptr, in.len - keep, 1) ||
	    cc_write_all(k->fd, cc_buf_cstr(&out), out.len))
		rc = -1;
	memcpy(k->held, in.ptr + in.len - keep, keep);
	k->nheld = keep;
	cc_buf_free(&in);
	cc_buf_free(&out);
	return rc ? -1 : (ssize_t)size;
}

static int sink_close(void *cookie)
{
	sink *k = cookie;
	cc_buf out = CC_BUF_INIT;
	int rc = 0;

	if (k->nheld) {
		/* what was held back is complete now: nothing follows */
		rc = cc_text_escape(&out, k->held, k->nheld, 0) ||
			cc_write_all(k->fd, cc_buf_cstr(&out), out.len) ? -1 : 0;
		cc_buf_free(&out);
	}
	free(k);
	return rc;
}

FILE *cc_text_stream(int fd, int buffering)
{
	cookie_io_functions_t io = { NULL, sink_write, NULL, sink_close };
	sink *k = calloc(1, sizeof(*k));
	FILE *f;

	if (!k)
		return NULL;
	k->fd = fd;
	if (!(f = fopencookie(k, "w", io))) {
		free(k);
		return NULL;
	}
	setvbuf(f, NULL, buffering, buffering == _IONBF ? 0 : BUFSIZ);
	return f;
}

int cc_text_same(const char *a, const char *b)
{
	size_t la, lb;

	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la && isspace((unsigned char)a[la - 1]))
		la--;
	while (lb && isspace((unsigned char)b[lb - 1]))
		lb--;
	if (la != lb || strncasecmp(a, b, la))
		return 0;
	return la ? 1 : -1;
}
