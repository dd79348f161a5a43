/* store-diff.c - patches between revisions, and revisions by date */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "store-int.h"

static int lookup_commit(cc_store *s, const char *rev, git_commit **out)
{
	git_object *obj = NULL;
	int rc;

	rc = git_revparse_single(&obj, s->repo, rev);
	if (rc == 0) {
		rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
	}
	if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC ||
	    rc == GIT_EPEEL)
		return cc_error_set(CC_ENOTFOUND, "no revision '%s' in the store", rev);
	if (rc < 0)
		return cc__git_error(CC_EIO, "cannot read revision '%s'", rev);
	return 0;
}

static int print_line(const git_diff_delta *d, const git_diff_hunk *h,
	const git_diff_line *l, void *payload)
{
	cc_buf *out = payload;
	int err = 0;

	(void)d;
	(void)h;
	if (l->origin == GIT_DIFF_LINE_CONTEXT || l->origin == GIT_DIFF_LINE_ADDITION ||
	    l->origin == GIT_DIFF_LINE_DELETION)
		err = cc_buf_putc(out, l->origin);
	if (!err)
		err = cc_buf_put(out, l->content, l->content_len);
	return err ? -1 : 0;
}

int cc_store_diff(cc_store *s, const char *from, const char *to,
	const char *relpath, cc_buf *out)
{
	git_commit *cfrom = NULL, *cto = NULL;
	git_tree *tfrom = NULL, *tto = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	char *spec = (char *)relpath;
	int err = 0;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (relpath && *relpath && !cc_path_valid(relpath))
		return cc_error_set(CC_EINVALID, "invalid path '%s' in the store", relpath);
	if (relpath && *relpath) {
		opts.pathspec.strings = &spec;
		opts.pathspec.count = 1;
		opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	}
	opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
		GIT_DIFF_SHOW_UNTRACKED_CONTENT;
	if (to && (err = lookup_commit(s, to, &cto)))
		goto out;
	if (from) {
		if ((err = lookup_commit(s, from, &cfrom)))
			goto out;
	} else if (cto && git_commit_parentcount(cto) > 0) {
		if (git_commit_parent(&cfrom, cto, 0) < 0) {
			err = cc__git_error(CC_EIO, "cannot read the parent of '%s'", to);
			goto out;
		}
	} else if (!cto && (err = lookup_commit(s, "HEAD", &cfrom))) {
		goto out;
	}
	if ((cfrom && git_commit_tree(&tfrom, cfrom) < 0) ||
	    (cto && git_commit_tree(&tto, cto) < 0)) {
		err = cc__git_error(CC_EIO, "cannot read a tree");
		goto out;
	}
	if (cto ? git_diff_tree_to_tree(&diff, s->repo, tfrom, tto, &opts) < 0
		: git_diff_tree_to_workdir_with_index(&diff, s->repo, tfrom, &opts) < 0) {
		err = cc__git_error(CC_EIO, "cannot compare the revisions");
		goto out;
	}
	if (git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, out) < 0)
		err = cc_error_code() ? cc_error_code() : cc__git_error(CC_EIO, "cannot print the differences");
out:
	git_diff_free(diff);
	git_tree_free(tfrom);
	git_tree_free(tto);
	git_commit_free(cfrom);
	git_commit_free(cto);
	return err;
}

/* The commit's own local date as YYYY-MM-DD. */
static void commit_day(const git_commit *c, char out[CC_DATE_STRLEN])
{
	int64_t t = (int64_t)git_commit_time(c) + (int64_t)git_commit_time_offset(c) * 60;
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;

	cc_date_format(cc_date_from_days(days), out);
}

int cc_store_rev_at_date(cc_store *s, const char *date, char oid[41])
{
	git_commit *c = NULL, *parent;
	char day[CC_DATE_STRLEN];
	int err;

	if ((err = lookup_commit(s, "HEAD", &c)))
		return err;
	for (;;) {
		commit_day(c, day);
		if (strcmp(day, date) <= 0) {
			git_oid_tostr(oid, 41, git_commit_id(c));
			git_commit_free(c);
			return 0;
		}
		if (git_commit_parentcount(c) == 0 || git_commit_parent(&parent, c, 0) < 0)
			break;
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	return cc_error_set(CC_ENOTFOUND, "the store has no history on or before %s", date);
}

int cc_store_resolve_rev(cc_store *s, const char *spec, char oid[41])
{
	git_commit *c = NULL;
	cc_date today, d;
	char day[CC_DATE_STRLEN];
	int err;

	if ((spec[0] >= '0' && spec[0] <= '9' && strlen(spec) == 10 && spec[4] == '-') ||
	    ((spec[0] == '+' || spec[0] == '-') && spec[1] >= '0' && spec[1] <= '9') ||
	    !strcmp(spec, "today")) {
		if ((err = cc_date_today(&today)) || (err = cc_date_parse(spec, today, &d)))
			return err;
		cc_date_format(d, day);
		return cc_store_rev_at_date(s, day, oid);
	}
	if ((err = lookup_commit(s, spec, &c)))
		return err;
	git_oid_tostr(oid, 41, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int cc_store_list_at(cc_store *s, const char *rev, const char *reldir,
	char ***names, size_t *n)
{
	git_commit *c = NULL;
	git_tree *root = NULL, *sub = NULL;
	git_tree_entry *e = NULL;
	size_t i, count, k = 0;
	int err;

	*names = NULL;
	*n = 0;
	if (!cc_path_valid(reldir))
		return cc_error_set(CC_EINVALID, "invalid path '%s' in the store", reldir);
	if ((err = lookup_commit(s, rev, &c)))
		return err;
	if (git_commit_tree(&root, c) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the tree of '%s'", rev);
		goto out;
	}
	if (git_tree_entry_bypath(&e, root, reldir) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		goto out; /* missing: no names */
	if (git_tree_lookup(&sub, s->repo, git_tree_entry_id(e)) < 0) {
		err = cc__git_error(CC_EIO, "cannot read '%s' in '%s'", reldir, rev);
		goto out;
	}
	count = git_tree_entrycount(sub);
	if (count && !(*names = calloc(count, sizeof(**names)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < count; i++) {
		const char *name = git_tree_entry_name(git_tree_entry_byindex(sub, i));
		if (name[0] == '.')
			continue;
		if (!((*names)[k] = strdup(name))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		k++;
	}
	*n = k; /* git trees are sorted bytewise already */
	if (err) {
		cc_strv_free(*names, k);
		*names = NULL;
		*n = 0;
	}
out:
	git_tree_entry_free(e);
	git_tree_free(sub);
	git_tree_free(root);
	git_commit_free(c);
	return err;
}
