/* perm.c - files and folders of the store that others may read */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/trust.h"

#define MAX_DEPTH 64

static int report(cc_problems *out, const char *shown, mode_t mode)
{
	const char *what, *who;
	int dir = S_ISDIR(mode);
	mode_t r = mode & (S_IRGRP | S_IROTH), w = mode & (S_IWGRP | S_IWOTH);
	mode_t g = mode & (S_IRWXG & ~S_IXGRP), o = mode & (S_IRWXO & ~S_IXOTH);

	if (!r && !w)
		return 0;
	what = r && w ? "readable and writable" : r ? "readable" : "writable";
	who = g && o ? "group and others" : g ? "group" : "others";
	return cc_problems_add(out, "%s: %s by %s (mode %04o); run 'chmod %s %s'",
		shown, what, who, (unsigned)(mode & 07777), dir ? "700" : "600", shown);
}

static int walk(int dirfd, const char *rel, cc_problems *out, int depth)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	cc_buf p = CC_BUF_INIT;
	int err = 0, fd;

	if (depth > MAX_DEPTH)
		return 0;
	if (!(d = fdopendir(dirfd))) {
		close(dirfd);
		return cc_error_set(CC_EIO, "cannot read folder '%s': %s", rel, strerror(errno));
	}
	while (!err && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISLNK(st.st_mode))
			continue;
		cc_buf_clear(&p);
		if ((err = cc_buf_printf(&p, "%s%s%s", rel, *rel ? "/" : "", de->d_name)))
			break;
		if ((err = report(out, p.ptr, st.st_mode)))
			break;
		if (!S_ISDIR(st.st_mode) || (!*rel && !strcmp(de->d_name, ".git")))
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		err = walk(fd, p.ptr, out, depth + 1);
	}
	closedir(d);
	cc_buf_free(&p);
	return err;
}

int cc_check_modes(cc_store *s, cc_problems *out)
{
	const char *root = cc_store_root(s);
	struct stat st;
	int fd, err;

	if (lstat(root, &st) == 0 && (err = report(out, root, st.st_mode)))
		return err;
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return cc_error_set(CC_EIO, "cannot read folder '%s': %s", root, strerror(errno));
	return walk(fd, "", out, 0);
}
