/* store-log.c - walking the history of HEAD */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/util/buf.h"
#include "casectl/util/id.h"
#include "store-hindex-int.h"
#include "store-peek-int.h"

/* The id of RELPATH in COMMIT's tree; 0 if absent, 1 if present, <0 on error. */
static int path_id(git_commit *commit, const char *relpath, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int rc;

	if (git_commit_tree(&tree, commit) < 0)
		return cc__git_error(CC_EIO, "cannot read the tree of a commit");
	rc = git_tree_entry_bypath(&e, tree, relpath);
	if (rc == 0) {
		git_oid_cpy(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
		rc = 1;
	} else if (rc == GIT_ENOTFOUND) {
		rc = 0;
	} else {
		rc = cc__git_error(CC_EIO, "cannot look up '%s'", relpath);
	}
	git_tree_free(tree);
	return rc;
}

/* 1 if COMMIT changed RELPATH compared with its first parent. */
static int touches(git_commit *commit, const char *relpath)
{
	git_commit *parent = NULL;
	git_oid a, b;
	int ha, hb;

	if ((ha = path_id(commit, relpath, &a)) < 0)
		return ha;
	if (git_commit_parentcount(commit) == 0)
		return ha;
	if (git_commit_parent(&parent, commit, 0) < 0)
		return cc__git_error(CC_EIO, "cannot read the parent of a commit");
	hb = path_id(parent, relpath, &b);
	git_commit_free(parent);
	if (hb < 0)
		return hb;
	if (ha != hb)
		return 1;
	return ha && !git_oid_equal(&a, &b);
}

/* Call FN with COMMIT; META (if not NULL) gets its log cache line. */
static int emit(git_commit *commit, cc_buf *meta, cc_log_fn fn, void *payload)
{
	const git_signature *author = git_commit_author(commit);
	const char *message = git_commit_message(commit);
	git_message_trailer_array tr;
	cc_log_entry e;
	char *subject;
	size_t i, n;
	int rc;

	memset(&e, 0, sizeof(e));
	memset(&tr, 0, sizeof(tr));
	if (!message)
		message = "";
	n = strcspn(message, "\n");
	if (!(subject = strndup(message, n)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	git_oid_tostr(e.oid, sizeof(e.oid), git_commit_id(commit));
	e.author_name = author ? author->name : "";
	e.author_email = author ? author->email : "";
	e.time = author ? (int64_t)author->when.time : (int64_t)git_commit_time(commit);
	e.tz_minutes = author ? author->when.offset : git_commit_time_offset(commit);
	e.subject = subject;
	e.message = message;
	e.parents = git_commit_parentcount(commit);
	if (git_message_trailers(&tr, message) == 0) {
		for (i = 0; i < tr.count; i++) {
			if (!strcmp(tr.trailers[i].key, "Case"))
				e.case_id = tr.trailers[i].value;
			else if (!strcmp(tr.trailers[i].key, "Action"))
				e.action = tr.trailers[i].value;
		}
	}
	if (meta)
		cc__logmeta_put(meta, &e);   /* best effort: a cache */
	rc = fn(&e, payload);
	git_message_trailer_array_free(&tr);
	free(subject);
	return rc;
}

/* The commits of the history index (newest first) that changed RELPATH. */
static int log_indexed(cc_store *s, const char *relpath, const git_oid *v, size_t n,
	cc_buf *meta, cc_log_fn fn, void *payload)
{
	size_t i;
	int rc = 0, t;

	for (i = 0; i < n && !rc; i++) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->repo, &v[i]) < 0)
			return cc__git_error(CC_EIO, "cannot read a commit");
		t = touches(c, relpath);
		if (t < 0)
			rc = t;
		else if (t > 0)
			rc = emit(c, meta, fn, payload);
		git_commit_free(c);
	}
	return rc;
}

/* ID, when RELPATH is the folder of case ID (the log cache is kept
 * for those); else NULL. */
static const char *case_folder(const char *relpath, char id[CC_ID_LEN + 1])
{
	const char *base = relpath ? strrchr(relpath, '/') : NULL;
	char dir[CC_ID_DIR_MAX];

	if (!base || strlen(base + 1) != CC_ID_LEN)
		return NULL;
	memcpy(id, base + 1, CC_ID_LEN + 1);
	return cc_id_valid(id) && !cc_id_dir(id, dir) && !strcmp(dir, relpath) ? id : NULL;
}

static int walk(cc_store *s, const char *relpath, cc_buf *meta, cc_log_fn fn, void *payload);

int cc_store_log(cc_store *s, const char *relpath, cc_log_fn fn, void *payload)
{
	cc_buf meta = CC_BUF_INIT;
	char id[CC_ID_LEN + 1];
	const char *cid = case_folder(relpath, id);
	int rc = walk(s, relpath, cid ? &meta : NULL, fn, payload);

	if (rc >= 0 && cid && meta.len)
		cc__logmeta_merge(s->gitdir, cid, &meta);
	cc_buf_free(&meta);
	return rc;
}

static int walk(cc_store *s, const char *relpath, cc_buf *meta, cc_log_fn fn, void *payload)
{
	git_revwalk *walk = NULL;
	git_oid oid, *cand = NULL;
	size_t ncand = 0;
	int rc = 0, t;

	if (relpath && !*relpath)
		relpath = NULL;
	if (relpath && !cc_path_valid(relpath))
		return cc_error_set(CC_EINVALID, "invalid path '%s' in the store", relpath);
	if (git_repository_head_unborn(s->repo) == 1)
		return 0;          /* no history yet */
	if (relpath && cc__hindex_candidates(s, relpath, &cand, &ncand) == 1) {
		rc = log_indexed(s, relpath, cand, ncand, meta, fn, payload);
		free(cand);
		return rc;
	}
	if (git_revwalk_new(&walk, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot walk the history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	t = git_revwalk_push_head(walk);
	if (t == GIT_ENOTFOUND || t == GIT_EUNBORNBRANCH) {
		git_revwalk_free(walk);
		return 0;
	}
	if (t < 0) {
		git_revwalk_free(walk);
		return cc__git_error(CC_EIO, "cannot read HEAD");
	}
	while ((t = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->repo, &oid) < 0) {
			rc = cc__git_error(CC_EIO, "cannot read a commit");
			break;
		}
		t = relpath ? touches(c, relpath) : 1;
		if (t < 0)
			rc = t;
		else if (t > 0)
			rc = emit(c, meta, fn, payload);
		git_commit_free(c);
		if (rc)
			break;
	}
	if (!rc && t < 0 && t != GIT_ITEROVER)
		rc = cc__git_error(CC_EIO, "cannot walk the history");
	git_revwalk_free(walk);
	return rc;
}
