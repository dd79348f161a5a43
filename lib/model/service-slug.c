/* service-slug.c - slugs for the service directory: ASCII file names
 * made from a service's name */
#include <stddef.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/model/service-dir.h"

/* U+00C0 .. U+017F; NULL: not a letter */
static const char *const latin[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",
	"i", "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y",
	"th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i",
	"i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u",
	"u", "y", "th", "y", "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c",
	"c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e",
	"e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i",
	"i", "i", "i", "i", "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k",
	"k", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n",
	"n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r",
	"r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t",
	"t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",
	"w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"
};

/* U+0400 .. U+045F; NULL: not a letter */
static const char *const cyrillic[96] = {
	NULL, "e", "dj", "g", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "k", NULL,
	"u", "dz", "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m",
	"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
	"y", "", "e", "yu", "ya", "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y",
	"k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh",
	"shch", "", "y", "", "e", "yu", "ya", NULL, "e", "dj", "g", "ye", "dz", "i",
	"yi", "j", "lj", "nj", "c", "k", NULL, "u", "dz"
};

/* Decode one UTF-8 character at S; its length in *len (1 for a bad
 * byte, which then decodes as 0xFFFD). */
static unsigned decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		return ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*len = 3;
		return ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
			(s[2] & 0x3F);
	}
	*len = 1;
	while (s[*len] && (s[*len] & 0xC0) == 0x80)
		(*len)++;
	return 0xFFFD;
}

/* The ASCII for character C, "" to drop it, NULL for a separator. */
static const char *ascii_of(unsigned c, char one[2])
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
		one[0] = (char)c;
		one[1] = '\0';
		return one;
	}
	if (c >= 'A' && c <= 'Z') {
		one[0] = (char)(c - 'A' + 'a');
		one[1] = '\0';
		return one;
	}
	if (c == '\'' || c == 0x2019)   /* "Mary's" -> "marys" */
		return "";
	if (c >= 0xC0 && c < 0x180)
		return latin[c - 0xC0];
	if (c >= 0x400 && c < 0x460)
		return cyrillic[c - 0x400];
	if (c == 0x490 || c == 0x491)
		return "g";
	if (c >= 0x300 && c < 0x370)    /* combining accents: dropped */
		return "";
	return NULL;
}

int cc_service_slugify(const char *name, char out[CC_SLUG_MAX])
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = 0, len;
	int sep = 0;
	char one[2];

	while (*p) {
		const char *a = ascii_of(decode(p, &len), one);
		p += len;
		if (!a) {
			sep = 1;
			continue;
		}
		for (; *a; a++) {
			if (sep && n && n + 1 < CC_SLUG_MAX - 1)
				out[n++] = '-';
			sep = 0;
			if (n < CC_SLUG_MAX - 1)
				out[n++] = *a;
		}
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (!n)
		return cc_error_set(CC_EINVALID, "cannot make a file name from the service "
			"name '%s'; give one with --slug", name);
	return 0;
}

int cc_service_slug_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n >= CC_SLUG_MAX || s[0] == '-' || s[n - 1] == '-' ||
	    !strncmp(s, "informal-", 9))   /* links/informal-xxxx.md is taken */
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
		if (c == '-' && s[i + 1] == '-')
			return 0;
	}
	return 1;
}
