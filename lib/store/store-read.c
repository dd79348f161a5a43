/* store-read.c - reading the working tree and old revisions */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/error.h"
#include "store-int.h"

static int bad_path(const char *relpath)
{
	return cc_error_set(CC_EINVALID, "invalid path '%s' in the store", relpath ? relpath : "");
}

int cc_store_read(cc_store *s, const char *relpath, char **out, size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	if (!cc_path_valid(relpath))
		return bad_path(relpath);
	return cc__read_file(s, relpath, out, len);
}

int cc_store_exists(cc_store *s, const char *relpath)
{
	const char *base;
	struct stat st;
	int dirfd, err, rc;

	if (!cc_path_valid(relpath))
		return bad_path(relpath);
	if ((err = cc__open_parent(s, relpath, 0, &dirfd, &base)) != 0) {
		if (err == CC_ENOTFOUND) {
			cc_error_clear();
			return 0;
		}
		return err;
	}
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0)
		rc = errno == ENOENT || errno == ENOTDIR ? 0 :
			cc_error_set(CC_EIO, "cannot look at '%s': %s", relpath, strerror(errno));
	else if (S_ISREG(st.st_mode))
		rc = 1;
	else if (S_ISDIR(st.st_mode))
		rc = 2;
	else if (S_ISLNK(st.st_mode))
		rc = cc_error_set(CC_EINVALID,
			"'%s' is a symbolic link; casectl does not follow links inside the store",
			relpath);
	else
		rc = cc_error_set(CC_EINVALID, "'%s' is neither a file nor a folder", relpath);
	close(dirfd);
	return rc;
}

void cc_strv_free(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cc_store_list(cc_store *s, const char *reldir, char ***names, size_t *n)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t cnt = 0, cap = 0;
	DIR *d;
	int fd, err;

	*names = NULL;
	*n = 0;
	if (!reldir)
		reldir = "";
	if (*reldir && !cc_path_valid(reldir))
		return bad_path(reldir);
	if ((err = cc__open_dir(s, reldir, 0, &fd)) != 0) {
		if (err == CC_ENOTFOUND) {
			cc_error_clear();
			return 0;
		}
		return err;
	}
	if (!(d = fdopendir(fd))) {
		err = cc_error_set(CC_EIO, "cannot list '%s': %s", reldir, strerror(errno));
		close(fd);
		return err;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				err = CC_ENOMEM;
				break;
			}
			v = nv;
		}
		if (!(v[cnt] = strdup(de->d_name))) {
			err = CC_ENOMEM;
			break;
		}
		cnt++;
	}
	closedir(d);
	if (err) {
		cc_strv_free(v, cnt);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_str);
	*names = v;
	*n = cnt;
	return 0;
}

int cc_store_read_at(cc_store *s, const char *rev, const char *relpath,
	char **out, size_t *len)
{
	git_object *obj = NULL, *peeled = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	const void *raw;
	size_t size;
	int err = 0;

	*out = NULL;
	if (len)
		*len = 0;
	if (!cc_path_valid(relpath))
		return bad_path(relpath);
	if (!rev || !*rev || git_revparse_single(&obj, s->repo, rev) < 0)
		return cc_error_set(CC_ENOTFOUND, "revision '%s' not found", rev ? rev : "");
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		err = cc_error_set(CC_ENOTFOUND, "revision '%s' is not a commit", rev);
		goto out;
	}
	if (git_commit_tree(&tree, (git_commit *)peeled) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the tree of '%s'", rev);
		goto out;
	}
	if (git_tree_entry_bypath(&entry, tree, relpath) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		err = cc_error_set(CC_ENOTFOUND, "'%s' does not exist in revision '%s'", relpath, rev);
		goto out;
	}
	if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) {
		err = cc_error_set(CC_EINVALID,
			"'%s' is a symbolic link in revision '%s'; casectl does not follow links",
			relpath, rev);
		goto out;
	}
	if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(entry)) < 0) {
		err = cc__git_error(CC_EIO, "cannot read '%s' in revision '%s'", relpath, rev);
		goto out;
	}
	raw = git_blob_rawcontent(blob);
	size = (size_t)git_blob_rawsize(blob);
	if (!(*out = malloc(size + 1))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (size)
		memcpy(*out, raw, size);
	(*out)[size] = '\0';
	if (len)
		*len = size;
out:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_object_free(peeled);
	git_object_free(obj);
	return err;
}
