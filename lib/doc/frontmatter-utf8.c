/* frontmatter-utf8.c - UTF-8 checks and decoding for the front matter */
#include <stddef.h>

#include "frontmatter-int.h"

size_t cc__fm_utf8_scan(const char *str, size_t len, int strict, size_t *line,
		    const char **why)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, ln = 1, need, k;
	unsigned char c, lo, hi;

	while (i < len) {
		c = s[i];
		if (c >= 0x20 && c < 0x80) {
			i++;
			continue;
		}
		if (c == '\n') {
			ln++;
			i++;
			continue;
		}
		if (c == 0) {
			*why = "NUL byte";
			goto bad;
		}
		if (c < 0x20) {
			if (strict && c != '\t' && c != '\r') {
				*why = "control character";
				goto bad;
			}
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			*why = "invalid UTF-8";
			goto bad;
		}
		if (len - i <= need || s[i + 1] < lo || s[i + 1] > hi) {
			*why = "invalid UTF-8";
			goto bad;
		}
		for (k = 2; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80) {
				*why = "invalid UTF-8";
				goto bad;
			}
		}
		i += need + 1;
	}
	*line = ln;
	*why = NULL;
	return len;
bad:
	*line = ln;
	return i;
}

unsigned long cc__fm_utf8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str + *i;
	size_t left = len - *i;
	unsigned long cp;

	if (s[0] < 0x80 || left < 2) {
		*i += 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*i += 2;
		return ((unsigned long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (s[0] < 0xF0 && left >= 3) {
		*i += 3;
		return ((unsigned long)(s[0] & 0x0F) << 12) |
		       ((unsigned long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	if (left < 4) {
		*i += 1;
		return 0xFFFD;
	}
	cp = ((unsigned long)(s[0] & 0x07) << 18) |
	     ((unsigned long)(s[1] & 0x3F) << 12) |
	     ((unsigned long)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	*i += 4;
	return cp;
}

int cc_utf8_valid(const char *s, size_t len, size_t *line)
{
	const char *why;
	size_t ln;

	if (cc__fm_utf8_scan(s, len, 1, &ln, &why) == len)
		return 1;
	if (line)
		*line = ln;
	return 0;
}
