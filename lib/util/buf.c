/* buf.c - growable byte buffer and whole-file reads */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"

int cc_buf_grow(cc_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > (size_t)-1 / 2 - b->len)
		return cc_error_set(CC_ENOMEM, "buffer too large");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int cc_buf_put(cc_buf *b, const char *data, size_t len)
{
	int err = cc_buf_grow(b, len);
	if (err)
		return err;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int cc_buf_puts(cc_buf *b, const char *s)
{
	return cc_buf_put(b, s, strlen(s));
}

int cc_buf_putc(cc_buf *b, char c)
{
	return cc_buf_put(b, &c, 1);
}

int cc_buf_vprintf(cc_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, err;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return cc_error_set(CC_ERROR, "bad format string");
	if ((err = cc_buf_grow(b, (size_t)n)) != 0)
		return err;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int cc_buf_printf(cc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = cc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return err;
}

void cc_buf_clear(cc_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void cc_buf_free(cc_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *cc_buf_detach(cc_buf *b)
{
	char *p;

	if (!b->ptr && cc_buf_grow(b, 0))
		return NULL;
	p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *cc_buf_cstr(const cc_buf *b)
{
	return b->ptr ? b->ptr : "";
}

int cc_read_file(const char *path, char **out, size_t *len)
{
	cc_buf b = CC_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f;
	int err = 0;

	*out = NULL;
	if (len)
		*len = 0;
	f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return cc_error_set(CC_ENOTFOUND, "'%s' does not exist", path);
		return cc_error_set(CC_EIO, "cannot read '%s': %s", path, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if ((err = cc_buf_put(&b, chunk, n)) != 0)
			break;
	if (!err && ferror(f))
		err = cc_error_set(CC_EIO, "cannot read '%s': %s", path, strerror(errno));
	fclose(f);
	if (err) {
		cc_buf_free(&b);
		return err;
	}
	if (len)
		*len = b.len;
	*out = cc_buf_detach(&b);
	return *out ? 0 : CC_ENOMEM;
}

int cc_write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
