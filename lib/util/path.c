/* path.c - validation of paths inside the store */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "casectl/util/path.h"

#define PATH_MAX_BYTES 4096

/* Length of the UTF-8 sequence at p (1-4), or 0 if it is invalid:
 * overlong forms, surrogates and code points above U+10FFFF are refused. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if ((p[1] & 0xc0) != 0x80)
			return 0;
		return c == 0xc2 && p[1] < 0xa0 ? 0 : 2;   /* C1 controls */
	}
	if (c >= 0xe0 && c <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;   /* overlong */
		if (c == 0xed && p[1] >= 0xa0)
			return 0;   /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;   /* overlong */
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;   /* above U+10FFFF */
		return 4;
	}
	return 0;
}

static int component_valid(const char *c, size_t len)
{
	if (len == 0)
		return 0;
	if (len == 1 && c[0] == '.')
		return 0;
	if (len == 2 && c[0] == '.' && c[1] == '.')
		return 0;
	if (len >= 4 && !strncasecmp(c, ".git", 4))
		return 0;
	return 1;
}

int cc_path_valid(const char *relpath)
{
	const unsigned char *p;
	const char *start;
	size_t n;

	if (!relpath || !*relpath || relpath[0] == '/')
		return 0;
	if (strlen(relpath) > PATH_MAX_BYTES)
		return 0;
	start = relpath;
	for (p = (const unsigned char *)relpath; *p; ) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
		if (*p == '/') {
			if (!component_valid(start, (size_t)((const char *)p - start)))
				return 0;
			start = (const char *)p + 1;
			p++;
			continue;
		}
		if ((n = utf8_len(p)) == 0)
			return 0;
		p += n;
	}
	return component_valid(start, (size_t)((const char *)p - start));
}
