/* store-tmp.c - temporary files in the casectl folder of the git directory */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"

int cc__tmp_create(cc_store *s, const char *stem, int *fd_out, char **path_out)
{
	cc_buf p = CC_BUF_INIT;
	int fd;

	*fd_out = -1;
	*path_out = NULL;
	/* a fresh clone has no casectl folder yet: whoever needs it makes it */
	if (cc_buf_printf(&p, "%s/%s", s->gitdir, CC_LOCK_DIR))
		return CC_ENOMEM;
	if (mkdir(p.ptr, 0700) != 0 && errno != EEXIST) {
		int err = cc_error_set(CC_EIO, "cannot create '%s': %s", p.ptr, strerror(errno));
		cc_buf_free(&p);
		return err;
	}
	if (cc_buf_printf(&p, "/%s.tmp-XXXXXX", stem))
		return CC_ENOMEM;
	fd = mkostemp(p.ptr, O_CLOEXEC);
	if (fd < 0 || fchmod(fd, 0600) != 0) {
		int err = cc_error_set(CC_EIO, "cannot create a temporary file in '%s/%s': %s",
			s->gitdir, CC_LOCK_DIR, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(p.ptr);
		}
		cc_buf_free(&p);
		return err;
	}
	*fd_out = fd;
	*path_out = cc_buf_detach(&p);
	return 0;
}

int cc__tmp_named(cc_store *s, const char *stem, const char *data, size_t len, char **path)
{
	int fd, err;

	if ((err = cc__tmp_create(s, stem, &fd, path)) != 0)
		return err;
	if (cc_write_all(fd, data, len) != 0) {
		err = cc_error_set(CC_EIO, "cannot write a temporary file: %s", strerror(errno));
		close(fd);
		unlink(*path);
		free(*path);
		*path = NULL;
		return err;
	}
	close(fd);
	return 0;
}

int cc__anon_file(cc_store *s, const char *data, size_t len, int *out)
{
	char *path = NULL;
	int fd, err;

	if ((err = cc__tmp_create(s, "sign", &fd, &path)) != 0)
		return err;
	unlink(path);
	free(path);
	if (cc_write_all(fd, data, len) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
		err = cc_error_set(CC_EIO, "cannot write a temporary file: %s", strerror(errno));
		close(fd);
		return err;
	}
	*out = fd;
	return 0;
}
