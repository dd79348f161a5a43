/*
 * casectl/util/buf.h - a growable byte buffer, always NUL-terminated.
 *
 * A cc_buf is a value type the caller owns: initialise it with
 * CC_BUF_INIT, append to it, and release it with cc_buf_free().
 * cc_buf_detach() hands the bytes to the caller (free() them) and
 * resets the buffer.  Appends return 0 or CC_ENOMEM.
 */
#ifndef CASECTL_BUF_H
#define CASECTL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct cc_buf_s {
	char *ptr;   /* NUL-terminated; NULL until the first append */
	size_t len;  /* bytes, not counting the NUL */
	size_t cap;
} cc_buf;

#define CC_BUF_INIT { NULL, 0, 0 }

int cc_buf_grow(cc_buf *b, size_t extra);
int cc_buf_put(cc_buf *b, const char *data, size_t len);
int cc_buf_puts(cc_buf *b, const char *s);
int cc_buf_putc(cc_buf *b, char c);
int cc_buf_printf(cc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cc_buf_vprintf(cc_buf *b, const char *fmt, va_list ap);
void cc_buf_clear(cc_buf *b);               /* len = 0, keeps memory */
void cc_buf_free(cc_buf *b);                /* releases memory */
char *cc_buf_detach(cc_buf *b);             /* never NULL on success: "" if empty; NULL only on ENOMEM */
const char *cc_buf_cstr(const cc_buf *b);   /* "" when empty */

/* Read a whole file.  *out is malloc'd, NUL-terminated, *len excludes
 * the NUL.  Returns CC_ENOTFOUND if it does not exist, CC_EIO otherwise. */
int cc_read_file(const char *path, char **out, size_t *len);

/* Write DATA (LEN bytes) to the file PATH that the worker asked for
 * (every -o FILE: plan --render, report, ...), "-" being standard
 * output: atomically (a temporary file in the same folder, flushed to
 * the disk, renamed over PATH), with mode 0600 whatever the old file's
 * mode.  A symbolic link at PATH, or anything that is not a regular
 * file, is refused (CC_EINVALID) and left alone.  Control characters
 * are escaped as on standard output (cc_text_escape, text.h). */
int cc_write_output(const char *path, const char *data, size_t len);

/* Write all LEN bytes to FD, again after EINTR and short writes: 0, or
 * -1 with errno set. */
int cc_write_all(int fd, const char *data, size_t len);

#endif
