/* store-tree.c - bringing working tree files and the index in line with a commit */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "store-dirc-int.h"
#include "store-int.h"

int cc__head_commit(cc_store *s, git_commit **out)
{
	git_oid oid;
	int rc;

	*out = NULL;
	rc = git_reference_name_to_id(&oid, s->repo, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 0;
	if (rc < 0 || git_commit_lookup(out, s->repo, &oid) < 0)
		return cc__git_error(CC_EIO, "cannot read HEAD");
	return 0;
}

/* Make RELPATH in the working tree what it is in TREE (NULL: empty):
 * write the file, or remove it when TREE does not hold it. */
int cc__materialize(cc_store *s, git_tree *tree, const char *relpath)
{
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int err;

	if (!tree || git_tree_entry_bypath(&entry, tree, relpath) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) {
		git_tree_entry_free(entry);
		return cc__remove_file(s, relpath);
	}
	if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(entry)) < 0) {
		git_tree_entry_free(entry);
		return cc__git_error(CC_EIO, "cannot read '%s' from the repository", relpath);
	}
	err = cc__write_file(s, relpath, git_blob_rawcontent(blob),
		(size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	git_tree_entry_free(entry);
	return err;
}

int cc__index_update(cc_store *s, char *const *paths, size_t n)
{
	git_index *idx = NULL;
	size_t i;
	int err = 0, ex;

	/* Splice the few changed entries into the file when its shape
	 * allows (store-dirc.c); libgit2 rewrites all of it otherwise. */
	if ((err = cc__dirc_update(s, paths, n)) <= 0) {
		if (!err)
			cc__trace("index", "spliced");
		return err;
	}
	cc__trace("index", "libgit2");
	err = 0;
	if (git_repository_index(&idx, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot open the git index");
	/* force 0: reread only when the file changed since this process
	 * last read it (make_plan, the status check): with 100,000 files
	 * the index is megabytes, and reading it twice costs more than the
	 * rest of a commit. */
	if (git_index_read(idx, 0) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the git index");
		goto out;
	}
	for (i = 0; i < n; i++) {
		ex = cc_store_exists(s, paths[i]);
		if (ex < 0) {
			err = ex;
			goto out;
		}
		if (ex == 1 ? git_index_add_bypath(idx, paths[i]) < 0 :
		    (git_index_remove_bypath(idx, paths[i]) < 0)) {
			err = cc__git_error(CC_EIO, "cannot update '%s' in the git index", paths[i]);
			goto out;
		}
	}
	if (git_index_write(idx) < 0)
		err = cc__git_error(CC_EIO, "cannot write the git index");
out:
	git_index_free(idx);
	return err;
}
