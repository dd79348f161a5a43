/* outfile.c - the files a worker asks for with -o: atomic, private,
 * never through a symbolic link */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/text.h"

static int to_stdout(const char *data, size_t len)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
		return cc_error_set(CC_EIO, "cannot write to standard output: %s",
			strerror(errno));
	return 0;
}

int cc_write_output(const char *path, const char *data, size_t len)
{
	cc_buf safe = CC_BUF_INIT;
	char *copy = NULL, *dir, *base, tmp[64];
	unsigned char rnd[6];
	struct stat st;
	int dirfd = -1, fd = -1, err = 0, tries, e;
	size_t i;

	if (!strcmp(path, "-"))
		return to_stdout(data, len);
	if (!*path || path[strlen(path) - 1] == '/')
		return cc_error_set(CC_EINVALID, "'%s' is not a file name", path);
	if (!(copy = strdup(path)) || !(dir = strdup(path))) {
		free(copy);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	base = basename(copy);
	if ((dirfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode))
			err = cc_error_set(CC_EINVALID, "'%s' is a symbolic link; casectl does "
				"not write through links\nhint: remove it, or give the file it "
				"points to", path);
		else if (!S_ISREG(st.st_mode))
			err = cc_error_set(CC_EINVALID, "'%s' is in the way and is not a file",
				path);
		if (err)
			goto out;
	} else if (errno != ENOENT) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	for (tries = 0; tries < 100 && fd < 0; tries++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			memset(rnd, tries, sizeof(rnd));
		i = (size_t)snprintf(tmp, sizeof(tmp), ".casectl-out-");
		for (size_t k = 0; k < sizeof(rnd); k++)
			i += (size_t)snprintf(tmp + i, sizeof(tmp) - i, "%02x", rnd[k]);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	/* as on standard output (text.h): no control character reaches
	 * whoever opens the file */
	if ((err = cc_text_escape(&safe, data, len, 1))) {
		close(fd);
		unlinkat(dirfd, tmp, 0);
		goto out;
	}
	if (fchmod(fd, 0600) || cc_write_all(fd, cc_buf_cstr(&safe), safe.len) || fsync(fd)) {
		e = errno;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path, strerror(e));
		goto out;
	}
	/* rename replaces a link that appeared meanwhile, never its target */
	if (close(fd) || renameat(dirfd, tmp, dirfd, base)) {
		e = errno;
		unlinkat(dirfd, tmp, 0);
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", path, strerror(e));
		goto out;
	}
	fsync(dirfd);
out:
	if (dirfd >= 0)
		close(dirfd);
	free(copy);
	free(dir);
	cc_buf_free(&safe);
	return err;
}
