/* store-status.c - uncommitted changes in the working tree and index */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "store-dirc-int.h"
#include "store-int.h"

/* 1 if PATH is RELDIR or lies below it ("" holds everything).  A prefix
 * "cases/ab/ID" must not match "cases/ab/ID2". */
static int under(const char *path, const char *reldir, size_t dlen)
{
	if (!dlen)
		return 1;
	return !strncmp(path, reldir, dlen) && (path[dlen] == '\0' || path[dlen] == '/');
}

int cc_store_changes(cc_store *s, const char *reldir, cc_change **out, size_t *n)
{
	git_status_options opts;
	git_status_list *list = NULL;
	char *spec[1];
	cc_change *v = NULL;
	size_t i, cnt = 0, total, dlen;
	int err = 0;

	*out = NULL;
	*n = 0;
	if (!reldir)
		reldir = "";
	if (*reldir && !cc_path_valid(reldir))
		return cc_error_set(CC_EINVALID, "invalid path '%s' in the store", reldir);
	dlen = strlen(reldir);
	/* One folder (a case): without reading the whole index. */
	if (dlen && (err = cc__status_dir(s, reldir, out, n)) <= 0) {
		if (!err)
			cc__trace("index", "status direct");
		return err;
	}
	if (!dlen && (err = cc__status_all(s, out, n)) <= 0) {
		if (!err)
			cc__trace("index", "status whole");
		return err;
	}
	cc__trace("index", "status libgit2");
	err = 0;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	/* The pathspec only narrows the scan; the result is filtered again
	 * below, so wildcard characters are simply not handed to libgit2. */
	if (dlen && !strpbrk(reldir, "*?[]!:")) {
		spec[0] = (char *)reldir;
		opts.pathspec.strings = spec;
		opts.pathspec.count = 1;
		opts.flags |= GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	}
	if (git_status_list_new(&list, s->repo, &opts) < 0)
		return cc__git_error(CC_EIO, "cannot compare the working tree with HEAD");
	total = git_status_list_entrycount(list);
	if (total && !(v = calloc(total, sizeof(*v)))) {
		git_status_list_free(list);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	for (i = 0; i < total; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->head_to_index ? e->head_to_index : e->index_to_workdir;
		const char *path;

		if (!d || e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED))
			continue;
		path = d->old_file.path ? d->old_file.path : d->new_file.path;
		if (!path || !under(path, reldir, dlen))
			continue;
		if (!(v[cnt].path = strdup(path))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		v[cnt++].kind = cc__change_kind(e->status);
	}
	git_status_list_free(list);
	return cc__changes_finish(v, cnt, err, out, n);
}

int cc_store_require_clean(cc_store *s, const char *reldir, const char *case_id)
{
	cc_change *c = NULL;
	size_t n = 0;
	int err;

	if ((err = cc_store_changes(s, reldir, &c, &n)) != 0)
		return err;
	if (n)
		err = cc_error_set(CC_EDIRTY,
			"'%s' has uncommitted changes; run 'casectl commit%s%s' to keep them "
			"or 'git stash' to set them aside",
			c[0].path, case_id ? " " : "", case_id ? case_id : "");
	cc_changes_free(c, n);
	return err;
}
