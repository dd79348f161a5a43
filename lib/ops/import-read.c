/* import-read.c - reading import's JSON Lines with every line bounded */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/ops/import.h"

static int too_long(const char *name, size_t line)
{
	return cc_error_set(CC_EINVALID, "%s:%zu: line longer than %u bytes; import takes "
		"one case of at most that size per line", name, line, CC_IMPORT_MAX_LINE);
}

int cc_import_read(int fd, const char *name, char **buf, size_t *len)
{
	cc_buf b = CC_BUF_INIT;
	char chunk[65536];
	size_t line = 1, run = 0, i;   /* run: bytes of the current line so far */
	ssize_t n;
	int err = 0;

	*buf = NULL;
	*len = 0;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = cc_error_set(CC_EIO, "cannot read '%s': %s", name, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		for (i = 0; i < (size_t)n; i++) {
			if (chunk[i] == '\n') {
				line++;
				run = 0;
			} else if (++run > CC_IMPORT_MAX_LINE) {
				break;
			}
		}
		if (run > CC_IMPORT_MAX_LINE) {
			err = too_long(name, line);
			break;
		}
		if ((err = cc_buf_put(&b, chunk, (size_t)n)))
			break;
	}
	if (err) {
		cc_buf_free(&b);
		return err;
	}
	*len = b.len;
	if (!(*buf = cc_buf_detach(&b)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	return 0;
}
