/* store-index.c - what is staged: for the pre-commit hook */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "casectl/util/error.h"
#include "store-int.h"

int cc_store_staged(cc_store *s, cc_change **out, size_t *n)
{
	git_status_options opts;
	git_status_list *list = NULL;
	cc_change *v = NULL;
	size_t i, cnt = 0, total;
	int err = 0;

	*out = NULL;
	*n = 0;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_ONLY;
	opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	if (git_status_list_new(&list, s->repo, &opts) < 0)
		return cc__git_error(CC_EIO, "cannot compare the index with HEAD");
	total = git_status_list_entrycount(list);
	if (total && !(v = calloc(total, sizeof(*v)))) {
		git_status_list_free(list);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	for (i = 0; i < total; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->head_to_index;
		if (!d)
			continue;
		if (!(v[cnt].path = strdup(d->new_file.path ? d->new_file.path : d->old_file.path))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		v[cnt++].kind = (e->status & GIT_STATUS_INDEX_DELETED) ? CC_CHANGE_DELETED :
			(e->status & GIT_STATUS_INDEX_NEW) ? CC_CHANGE_ADDED : CC_CHANGE_MODIFIED;
	}
	git_status_list_free(list);
	if (err || !cnt) {
		cc_changes_free(v, cnt);
		return err;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int cc_store_read_staged(cc_store *s, const char *relpath, char **out, size_t *len)
{
	git_index *idx = NULL;
	const git_index_entry *e;
	git_blob *blob = NULL;
	size_t size;
	int err = 0;

	*out = NULL;
	if (!cc_path_valid(relpath))
		return cc_error_set(CC_EINVALID, "invalid path '%s' in the store", relpath);
	if (git_repository_index(&idx, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot read the index");
	e = git_index_get_bypath(idx, relpath, 0);
	if (!e) {
		err = cc_error_set(CC_ENOTFOUND, "'%s' is not staged", relpath);
		goto out;
	}
	if (!S_ISREG(e->mode) && e->mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
		err = cc_error_set(CC_EINVALID, "'%s' is staged as a link or folder, not a file",
			relpath);
		goto out;
	}
	if (git_blob_lookup(&blob, s->repo, &e->id) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the staged '%s'", relpath);
		goto out;
	}
	size = (size_t)git_blob_rawsize(blob);
	if (!(*out = malloc(size + 1))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*out, git_blob_rawcontent(blob), size);
	(*out)[size] = '\0';
	if (len)
		*len = size;
out:
	git_blob_free(blob);
	git_index_free(idx);
	return err;
}
