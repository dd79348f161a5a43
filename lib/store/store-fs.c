/* store-fs.c - working tree files: no symbolic links, atomic writes */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>   /* RUNNING_ON_VALGRIND: 0 when not */
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"

/* Whether writes are flushed to the disk (see cc__set_durable). */
static int durable = 1;

void cc__set_durable(int on)
{
	durable = on;
}

int cc__durable(void)
{
	return durable;
}

int cc__syncfs(cc_store *s)
{
	int fd, rc;

	if (!durable)
		return 0;
	if ((fd = open(s->gitdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return cc_error_set(CC_EIO, "cannot open '%s': %s", s->gitdir, strerror(errno));
	rc = syncfs(fd);
	close(fd);
	return rc ? cc_error_set(CC_EIO, "cannot flush the store to the disk: %s",
		strerror(errno)) : 0;
}

int cc__fsync(int fd)
{
	return durable ? fsync(fd) : 0;
}

int cc__fsync_dir_path(const char *path)
{
	int fd, rc;

	if (!durable)
		return 0;
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int symlink_error(const char *relpath, size_t len)
{
	return cc_error_set(CC_EINVALID,
		"'%.*s' is a symbolic link; casectl does not follow links inside the store",
		(int)len, relpath);
}

/* Open the next component NAME (relpath[0..len) names it in messages)
 * below DIRFD as a folder, creating it (0700) if asked. */
static int step(int dirfd, const char *name, const char *relpath, size_t len,
	int create, int *out)
{
	struct stat st;
	int fd;

	for (;;) {
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			*out = fd;
			return 0;
		}
		if (errno == ENOENT && create) {
			if (mkdirat(dirfd, name, 0700) != 0 && errno != EEXIST)
				return cc_error_set(CC_EIO, "cannot create '%.*s': %s",
					(int)len, relpath, strerror(errno));
			fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd >= 0) {
				if (fchmod(fd, 0700) != 0 || cc__fsync(dirfd) != 0) {
					close(fd);
					return cc_error_set(CC_EIO, "cannot create '%.*s': %s",
						(int)len, relpath, strerror(errno));
				}
				*out = fd;
				return 0;
			}
			continue;
		}
		if (errno == ENOENT)
			return cc_error_set(CC_ENOTFOUND, "'%.*s' does not exist", (int)len, relpath);
		if (errno == ELOOP || errno == ENOTDIR) {
			int e = errno;
			if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
				if (S_ISLNK(st.st_mode))
					return symlink_error(relpath, len);
				if (!S_ISDIR(st.st_mode))
					return cc_error_set(create ? CC_EINVALID : CC_ENOTFOUND,
						"'%.*s' is not a folder", (int)len, relpath);
			}
			errno = e;
		}
		return cc_error_set(CC_EIO, "cannot open '%.*s': %s", (int)len, relpath,
			strerror(errno));
	}
}

/* RELPATH[0..len) of S in one openat2(2) that refuses symbolic links,
 * as the steps below do (the top is canonical: it has none; relpaths
 * have no ".." component): an fd opened with FLAGS, or -1 and errno
 * (ENOSYS when not tried; then the steps open it, or say why not).  A
 * file five folders down costs one call instead of six opens and
 * closes. */
static int open_beneath(cc_store *s, const char *relpath, size_t len, int flags)
{
#ifdef SYS_openat2
	static int unsupported = -1;
	struct open_how how;
	char path[8192];
	size_t rl = strlen(s->root);
	int fd;

	/* valgrind before 3.20 does not know openat2 and says so on every
	 * run, which its checks count as a failure: not under valgrind. */
	if (unsupported < 0)
		unsupported = RUNNING_ON_VALGRIND ? 1 : 0;
	if (unsupported || rl + 1 + len >= sizeof(path)) {
		errno = ENOSYS;
		return -1;
	}
	memcpy(path, s->root, rl);
	path[rl] = '/';
	memcpy(path + rl + 1, relpath, len);
	path[rl + 1 + len] = '\0';
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned)flags | O_CLOEXEC;
	how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		unsupported = 1;     /* an old kernel, or a filter that forbids it */
	return fd;
#else
	(void)s;
	(void)relpath;
	(void)len;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/* Open folder RELDIR[0..len) from the top. */
static int open_dir_n(cc_store *s, const char *reldir, size_t len, int create, int *out)
{
	char name[4097];
	size_t i = 0, j;
	int fd, next = -1, err;

	*out = -1;
	if (len && (fd = open_beneath(s, reldir, len, O_RDONLY | O_DIRECTORY)) >= 0) {
		*out = fd;
		return 0;
	}
	if (len && !create && errno == ENOENT)    /* a folder on the way is missing */
		return cc_error_set(CC_ENOTFOUND, "'%.*s' does not exist", (int)len, reldir);
	fd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return cc_error_set(CC_EIO, "cannot open '%s': %s", s->root, strerror(errno));
	while (i < len) {
		for (j = i; j < len && reldir[j] != '/'; j++)
			;
		if (j - i >= sizeof(name)) {
			close(fd);
			return cc_error_set(CC_EINVALID, "path too long: '%.*s'", (int)len, reldir);
		}
		memcpy(name, reldir + i, j - i);
		name[j - i] = '\0';
		err = step(fd, name, reldir, j, create, &next);
		close(fd);
		if (err)
			return err;
		fd = next;
		i = j + 1;
	}
	*out = fd;
	return 0;
}

int cc__open_dir(cc_store *s, const char *reldir, int create, int *fd)
{
	return open_dir_n(s, reldir, strlen(reldir), create, fd);
}

int cc__open_parent(cc_store *s, const char *relpath, int create, int *dirfd,
	const char **base)
{
	const char *slash = strrchr(relpath, '/');

	*base = slash ? slash + 1 : relpath;
	return open_dir_n(s, relpath, slash ? (size_t)(slash - relpath) : 0, create, dirfd);
}

int cc__read_file(cc_store *s, const char *relpath, char **out, size_t *len)
{
	cc_buf b = CC_BUF_INIT;
	const char *base;
	struct stat st;
	char chunk[65536];
	ssize_t r;
	int dirfd, fd, err;

	*out = NULL;
	if (len)
		*len = 0;
	/* In one openat2(2); any failure: step by step, which says why. */
	if ((fd = open_beneath(s, relpath, strlen(relpath), O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) >= 0)
		goto opened;
	if ((err = cc__open_parent(s, relpath, 0, &dirfd, &base)) != 0) {
		if (err == CC_ENOTFOUND)
			return cc_error_set(CC_ENOTFOUND, "'%s' does not exist", relpath);
		return err;
	}
	fd = openat(dirfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP || (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode)))
			err = symlink_error(relpath, strlen(relpath));
		else if (e == ENOENT)
			err = cc_error_set(CC_ENOTFOUND, "'%s' does not exist", relpath);
		else
			err = cc_error_set(CC_EIO, "cannot read '%s': %s", relpath, strerror(e));
		close(dirfd);
		return err;
	}
	close(dirfd);
opened:
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cc_error_set(CC_EINVALID, "'%s' is not a file", relpath);
	}
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = cc_error_set(CC_EIO, "cannot read '%s': %s", relpath, strerror(errno));
			break;
		}
		if ((err = cc_buf_put(&b, chunk, (size_t)r)) != 0)
			break;
	}
	close(fd);
	if (err) {
		cc_buf_free(&b);
		return err;
	}
	if (len)
		*len = b.len;
	if (!(*out = cc_buf_detach(&b)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	return 0;
}

static void tmp_name(char *name, size_t size)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char rnd[6];
	size_t i, n = strlen(CC_TMP_PREFIX);

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)((ts.tv_nsec >> (i * 5)) ^ (getpid() >> i));
	}
	snprintf(name, size, "%s", CC_TMP_PREFIX);
	for (i = 0; i < sizeof(rnd) && n + i + 1 < size; i++)
		name[n + i] = set[rnd[i] % (sizeof(set) - 1)];
	name[n + i] = '\0';
}

int cc__write_file(cc_store *s, const char *relpath, const char *data, size_t len)
{
	char tmp[64];
	const char *base;
	struct stat st;
	int dirfd, fd = -1, err, tries;

	if ((err = cc__open_parent(s, relpath, 1, &dirfd, &base)) != 0)
		return err;
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode))
			err = symlink_error(relpath, strlen(relpath));
		else if (!S_ISREG(st.st_mode))
			err = cc_error_set(CC_EINVALID, "'%s' is in the way and is not a file", relpath);
		if (err) {
			close(dirfd);
			return err;
		}
	}
	for (tries = 0; tries < 100; tries++) {
		tmp_name(tmp, sizeof(tmp));
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", relpath, strerror(errno));
		close(dirfd);
		return err;
	}
	if (fchmod(fd, 0600) != 0 || cc_write_all(fd, data, len) != 0 || cc__fsync(fd) != 0) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", relpath, strerror(errno));
		close(fd);
		unlinkat(dirfd, tmp, 0);
		close(dirfd);
		return err;
	}
	if (close(fd) != 0 || renameat(dirfd, tmp, dirfd, base) != 0) {
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", relpath, strerror(errno));
		unlinkat(dirfd, tmp, 0);
		close(dirfd);
		return err;
	}
	if (cc__fsync(dirfd) != 0)
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", relpath, strerror(errno));
	close(dirfd);
	return err;
}

/* Remove the now empty folders above RELPATH, deepest first. */
static void prune_dirs(cc_store *s, const char *relpath)
{
	size_t len = strlen(relpath);
	int fd;

	while (len > 0) {
		size_t end = len, start;
		while (end > 0 && relpath[end - 1] != '/')
			end--;
		if (end == 0)
			return;          /* reached the top */
		len = end - 1;       /* the folder relpath[0..len) */
		start = len;
		while (start > 0 && relpath[start - 1] != '/')
			start--;
		if (open_dir_n(s, relpath, start ? start - 1 : 0, 0, &fd) != 0)
			return;
		{
			char name[4097];
			if (len - start >= sizeof(name)) {
				close(fd);
				return;
			}
			memcpy(name, relpath + start, len - start);
			name[len - start] = '\0';
			if (unlinkat(fd, name, AT_REMOVEDIR) != 0) {
				close(fd);
				return;
			}
			cc__fsync(fd);
		}
		close(fd);
	}
}

int cc__remove_file(cc_store *s, const char *relpath)
{
	const char *base;
	struct stat st;
	int dirfd, err;

	if ((err = cc__open_parent(s, relpath, 0, &dirfd, &base)) != 0) {
		if (err == CC_ENOTFOUND) {
			cc_error_clear();
			return 0;
		}
		return err;
	}
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		close(dirfd);
		prune_dirs(s, relpath);   /* a folder made for it, left empty by a crash */
		return 0;
	}
	if (S_ISLNK(st.st_mode))
		err = symlink_error(relpath, strlen(relpath));
	else if (!S_ISREG(st.st_mode))
		err = cc_error_set(CC_EINVALID, "'%s' is not a file", relpath);
	else if (unlinkat(dirfd, base, 0) != 0 || cc__fsync(dirfd) != 0)
		err = cc_error_set(CC_EIO, "cannot remove '%s': %s", relpath, strerror(errno));
	close(dirfd);
	if (!err)
		prune_dirs(s, relpath);
	return err;
}

int cc__remove_tmpfiles(cc_store *s, const char *relpath)
{
	const char *base;
	struct dirent *de;
	DIR *d;
	int dirfd, fd2, err, removed = 0;

	if ((err = cc__open_parent(s, relpath, 0, &dirfd, &base)) != 0) {
		cc_error_clear();
		return 0;
	}
	if ((fd2 = dup(dirfd)) < 0 || !(d = fdopendir(fd2))) {
		if (fd2 >= 0)
			close(fd2);
		close(dirfd);
		return cc_error_set(CC_EIO, "cannot list the folder of '%s': %s", relpath,
			strerror(errno));
	}
	while ((de = readdir(d)) != NULL)
		if (!strncmp(de->d_name, CC_TMP_PREFIX, strlen(CC_TMP_PREFIX)) &&
		    unlinkat(dirfd, de->d_name, 0) == 0)
			removed++;
	closedir(d);
	close(dirfd);
	if (removed)
		prune_dirs(s, relpath);   /* the folder may hold nothing else */
	return 0;
}
