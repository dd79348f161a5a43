/* store-reshape.c - putting journaled paths back as a commit has them,
 * whatever shape the working tree is in: the recovery of a killed or
 * failed command (store-lock.c) must always succeed, also when a file
 * stands where the commit has a folder or a folder where it has a file.
 *
 * A file or link in the way of a path is removed when it is itself one
 * of the journaled paths (the dead command wrote it from a commit, so
 * the history has it) and moved to .git/casectl/displaced/ otherwise;
 * a folder in the way that still holds something after the journaled
 * files in it were removed is moved there too.  Nothing is lost, no
 * link is followed, and a warning names what was moved.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"

typedef struct {
	cc_store *s;
	git_tree *tree;
	char *const *paths;
	size_t n;
} reshape;

static int journaled(const reshape *r, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strlen(r->paths[i]) == len && !strncmp(r->paths[i], path, len))
			return 1;
	return 0;
}

/* The tree has a plain file at PATH. */
static int tree_has_file(git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	int yes;

	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	yes = git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	      git_tree_entry_filemode(e) != GIT_FILEMODE_LINK;
	git_tree_entry_free(e);
	return yes;
}

/* Move BASE (in DIRFD; PATH[0..len) names it) to .git/casectl/displaced/. */
static int displace(reshape *r, int dirfd, const char *base, const char *path, size_t len)
{
	cc_buf to = CC_BUF_INIT;
	size_t i;
	int err = 0;

	if (cc_buf_printf(&to, "%s/%s/displaced", r->s->gitdir, CC_LOCK_DIR))
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (mkdir(to.ptr, 0700) != 0 && errno != EEXIST) {
		err = cc_error_set(CC_EIO, "cannot create '%s': %s", to.ptr, strerror(errno));
		goto out;
	}
	if (cc_buf_printf(&to, "/%ld-%ld-", (long)time(NULL), (long)getpid())) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < len && !err; i++)
		err = cc_buf_printf(&to, "%c", path[i] == '/' ? '%' : path[i]);
	if (err) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (renameat(dirfd, base, AT_FDCWD, to.ptr) != 0) {
		err = cc_error_set(CC_EIO, "cannot move '%.*s' out of the way to '%s': %s; "
			"move it away by hand and run the command again", (int)len, path,
			to.ptr, strerror(errno));
		goto out;
	}
	cc__fsync(dirfd);
	cc_warn("moved '%.*s', which was in the way, to '%s'", (int)len, path, to.ptr);
out:
	cc_buf_free(&to);
	return err;
}

/* What stands at PATH[0..len) when something else must: a journaled
 * file goes, anything else is displaced.  KEEP_DIR: a folder may stay. */
static int clear(reshape *r, const char *path, size_t len, int keep_dir, int *gone)
{
	char rel[4097];
	const char *base;
	struct stat st;
	int dirfd, err;

	*gone = 1;
	if (len >= sizeof(rel))
		return cc_error_set(CC_EINVALID, "path too long: '%.*s'", (int)len, path);
	memcpy(rel, path, len);
	rel[len] = '\0';
	if ((err = cc__open_parent(r->s, rel, 0, &dirfd, &base)) != 0) {
		if (err != CC_ENOTFOUND)
			return err;
		cc_error_clear();
		return 0;
	}
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0)
		err = 0;
	else if (S_ISDIR(st.st_mode) && keep_dir)
		*gone = 0;
	else if (S_ISREG(st.st_mode) && journaled(r, path, len)) {
		if (unlinkat(dirfd, base, 0) != 0)
			err = cc_error_set(CC_EIO, "cannot remove '%s': %s", rel, strerror(errno));
		else
			cc__fsync(dirfd);
	} else if (S_ISDIR(st.st_mode) && unlinkat(dirfd, base, AT_REMOVEDIR) == 0)
		cc__fsync(dirfd);       /* an empty folder */
	else
		err = displace(r, dirfd, base, path, len);
	close(dirfd);
	return err;
}

/* PATH, which the tree has as a file: every folder on the way a folder,
 * nothing but a file at the end, then its content. */
static int put(reshape *r, const char *path)
{
	const char *p;
	int err, gone;

	for (p = strchr(path, '/'); p; p = strchr(p + 1, '/'))
		if ((err = clear(r, path, (size_t)(p - path), 1, &gone)) != 0)
			return err;
	if ((err = clear(r, path, strlen(path), 0, &gone)) != 0)
		return err;
	return cc__materialize(r->s, r->tree, path);
}

/* PATH, which the tree does not have as a file: no journaled file there
 * and no folder left empty for it (a folder or a link is left alone). */
static int drop(reshape *r, const char *path)
{
	const char *base;
	struct stat st;
	int dirfd, err;

	if ((err = cc__open_parent(r->s, path, 0, &dirfd, &base)) != 0) {
		/* a file or link on the way: nothing of ours can be below it */
		cc_error_clear();
		return err == CC_ENOMEM ? err : 0;
	}
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		close(dirfd);
		return 0;
	}
	close(dirfd);
	return cc__remove_file(r->s, path);    /* also prunes the folders left empty */
}

int cc__restore_paths(cc_store *s, git_tree *tree, char *const *paths, size_t n)
{
	reshape r = { s, tree, paths, n };
	size_t i;
	int err = 0;

	/* first what goes, so that folders emptied by it can become files */
	for (i = 0; !err && i < n; i++)
		if (!tree_has_file(tree, paths[i]))
			err = drop(&r, paths[i]);
	for (i = 0; !err && i < n; i++)
		if (tree_has_file(tree, paths[i]))
			err = put(&r, paths[i]);
	for (i = 0; !err && i < n; i++)
		err = cc__remove_tmpfiles(s, paths[i]);
	return err;
}

int cc__remove_entry(cc_store *s, const char *relpath)
{
	const char *base;
	struct stat st;
	int dirfd, err, rc = 0;

	if ((err = cc__open_parent(s, relpath, 0, &dirfd, &base)) != 0)
		return cc__remove_file(s, relpath);     /* says why, or nothing to do */
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode)))
		rc = unlinkat(dirfd, base, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
	close(dirfd);
	if (rc != 0 && errno != ENOTEMPTY && errno != EEXIST)
		return cc_error_set(CC_EIO, "cannot remove '%s': %s", relpath, strerror(errno));
	if (rc != 0)
		return cc_error_set(CC_EINVALID, "'%s' is a folder that is not empty; move it "
			"away and run 'casectl sync' again", relpath);
	return cc__remove_file(s, relpath);    /* the file, or the folders left empty */
}
