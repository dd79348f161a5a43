/*
 * store-status-dir.c - uncommitted changes below one folder, without
 * loading the whole git index.
 *
 * The same answer as git_status_list_new with a pathspec (see
 * store-status.c), computed from three small lists: the folder's files
 * at HEAD, its entries in the index (store-dirc.c finds them by binary
 * search in the mapped file), and its files on disk.  A file whose
 * stat data matches its index entry, and is not racily clean, is
 * unchanged; any other is hashed as libgit2 would.  Symbolic links,
 * submodules and indexes store-dirc.c does not handle make it decline
 * (1), and the caller asks libgit2.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "casectl/util/error.h"
#include "store-dirc-int.h"
#include "store-int.h"

typedef struct {
	char *path;
	unsigned char oid[20];
	uint32_t mode;
	int has_stat;
	struct stat st;
	int in_head, in_index, on_disk;
	cc__dirc_ent ie;
} item;

typedef struct {
	item *v;
	size_t n, cap;
	int declined;
	int oom;
} items;

static item *get(items *l, const char *path)
{
	size_t i;

	/* Folders hold a few dozen files: a linear search is fine. */
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].path, path))
			return &l->v[i];
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		item *nv = realloc(l->v, cap * sizeof(*nv));
		if (!nv) {
			l->oom = 1;
			return NULL;
		}
		l->v = nv;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(item));
	if (!(l->v[l->n].path = strdup(path))) {
		l->oom = 1;
		return NULL;
	}
	return &l->v[l->n++];
}

typedef struct {
	items *l;
	const char *reldir;
} walk_ctx;

static int head_cb(const char *root, const git_tree_entry *e, void *payload)
{
	walk_ctx *w = payload;
	git_filemode_t m = git_tree_entry_filemode(e);
	char path[4096];
	item *it;

	if (m == GIT_FILEMODE_TREE)
		return 0;
	if (m != GIT_FILEMODE_BLOB && m != GIT_FILEMODE_BLOB_EXECUTABLE) {
		w->l->declined = 1;
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s%s", w->reldir, root,
		git_tree_entry_name(e)) >= sizeof(path) || !(it = get(w->l, path)))
		return -1;
	it->in_head = 1;
	memcpy(it->oid, git_tree_entry_id(e)->id, 20);
	it->mode = (uint32_t)m;
	return 0;
}

static int from_head(cc_store *s, const char *reldir, items *l)
{
	git_commit *head = NULL;
	git_tree *root = NULL, *sub = NULL;
	git_tree_entry *te = NULL;
	walk_ctx w = { l, reldir };
	int r = 0, e;

	if ((e = cc__head_commit(s, &head)) != 0)
		return e == CC_ENOTFOUND ? 0 : e;   /* unborn: nothing at HEAD */
	if (git_commit_tree(&root, head) < 0) {
		r = cc__git_error(CC_EIO, "cannot read the tree of HEAD");
		goto out;
	}
	if ((e = git_tree_entry_bypath(&te, root, reldir)) == GIT_ENOTFOUND)
		goto out;
	if (e < 0 || git_tree_entry_type(te) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&sub, s->repo, git_tree_entry_id(te)) < 0) {
		l->declined = 1;
		goto out;
	}
	if (git_tree_walk(sub, GIT_TREEWALK_PRE, head_cb, &w) < 0 && !l->declined && !l->oom)
		r = cc__git_error(CC_EIO, "cannot read '%s' at HEAD", reldir);
out:
	git_tree_entry_free(te);
	git_tree_free(sub);
	git_tree_free(root);
	git_commit_free(head);
	return r;
}

/* Files on disk below the folder REL (relative to the store). */
static int from_disk(cc_store *s, const char *rel, items *l, int depth)
{
	char full[4096], sub[4096];
	DIR *dir;
	struct dirent *de;
	int r = 0;

	if ((size_t)snprintf(full, sizeof(full), "%s/%s", s->root, rel) >= sizeof(full) ||
	    depth > 16) {
		l->declined = 1;
		return 0;
	}
	if (!(dir = opendir(full))) {
		/* A folder that went away below one that exists is simply
		 * empty; a missing top (or a file) is libgit2's to judge. */
		if (errno != ENOENT || !depth)
			l->declined = 1;
		return 0;
	}
	while (!r && !l->declined && (de = readdir(dir))) {
		struct stat st;
		item *it;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", rel, de->d_name) >= sizeof(sub) ||
		    (size_t)snprintf(full, sizeof(full), "%s/%s", s->root, sub) >= sizeof(full) ||
		    lstat(full, &st) < 0) {
			l->declined = 1;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			r = from_disk(s, sub, l, depth + 1);
		} else if (!S_ISREG(st.st_mode)) {
			l->declined = 1;
		} else if ((it = get(l, sub))) {
			it->on_disk = 1;
			it->st = st;
		} else {
			r = -1;
		}
	}
	closedir(dir);
	return r;
}

static int from_index(cc__dirc *d, const char *reldir, items *l)
{
	char prefix[4096];
	size_t i, plen;

	if ((size_t)snprintf(prefix, sizeof(prefix), "%s/", reldir) >= sizeof(prefix)) {
		l->declined = 1;
		return 0;
	}
	plen = strlen(prefix);
	for (i = cc__dirc_find(d, prefix); i < d->n; i++) {
		cc__dirc_ent e;
		item *it;

		cc__dirc_stat(d, i, &e);
		if (strncmp(e.path, prefix, plen))
			break;
		if (!(it = get(l, e.path)))
			return -1;
		it->in_index = 1;
		it->ie = e;
	}
	return 0;
}

/* The git status bits of IT (0: unchanged); -1 on error. */
static int status_of(cc_store *s, const cc__dirc *d, item *it, int raw)
{
	unsigned int st = 0;
	git_oid oid;

	if (it->in_index && !it->in_head)
		st |= GIT_STATUS_INDEX_NEW;
	else if (it->in_head && !it->in_index)
		st |= GIT_STATUS_INDEX_DELETED;
	else if (it->in_head && (memcmp(it->oid, it->ie.oid, 20) || it->mode != it->ie.mode))
		st |= GIT_STATUS_INDEX_MODIFIED;
	if (it->in_index && !it->on_disk)
		return (int)(st | GIT_STATUS_WT_DELETED);
	if (!it->in_index && it->on_disk) {
		int ign = 0;
		if (git_ignore_path_is_ignored(&ign, s->repo, it->path) < 0)
			return -1;
		return ign && !st ? 0 : (int)(st | GIT_STATUS_WT_NEW);
	}
	if (!it->in_index)
		return (int)st;
	if (((it->st.st_mode & 0100) ? 0100755u : 0100644u) != it->ie.mode)
		return (int)(st | GIT_STATUS_WT_MODIFIED);
	/* git's stat check (ctime too, as with core.trustctime on); any
	 * doubt costs one hash of a small file. */
	if (cc__dirc_stat_clean(d, &it->ie, &it->st))
		return (int)st;
	if (git_repository_hashfile(&oid, s->repo, it->path, GIT_OBJECT_BLOB, raw ? "" : NULL) < 0)
		return -1;
	if (memcmp(oid.id, it->ie.oid, 20))
		st |= GIT_STATUS_WT_MODIFIED;
	return (int)st;
}

int cc__status_dir(cc_store *s, const char *reldir, cc_change **out, size_t *n)
{
	cc__dirc *d = NULL;
	items l = { 0 };
	cc_change *v = NULL;
	size_t i, cnt = 0;
	int r = 1, raw = 0;

	*out = NULL;
	*n = 0;
	if (!*reldir || (r = cc__dirc_open(s, &d)) != 0)
		return r;
	if ((r = from_head(s, reldir, &l)) == 0 && !l.declined)
		r = from_index(d, reldir, &l);
	if (r == 0 && !l.declined)
		r = from_disk(s, reldir, &l, 0);
	if (r == 0 && l.oom)
		r = cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; r == 0 && i < l.n; i++) {
		const char *base = strrchr(l.v[i].path, '/');
		if (!strcmp(base ? base + 1 : l.v[i].path, ".gitattributes"))
			l.declined = 1;
	}
	if (r == 0 && l.declined)
		r = 1;
	raw = r == 0 && cc__dirc_no_filters(s, reldir);
	if (r == 0 && l.n && !(v = calloc(l.n, sizeof(*v))))
		r = cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; r == 0 && i < l.n; i++) {
		int st = status_of(s, d, &l.v[i], raw);
		if (st < 0) {
			r = cc__git_error(CC_EIO, "cannot compare '%s' with HEAD", l.v[i].path);
		} else if (st) {
			v[cnt].path = l.v[i].path;
			l.v[i].path = NULL;
			v[cnt++].kind = cc__change_kind((unsigned int)st);
		}
	}
	for (i = 0; i < l.n; i++)
		free(l.v[i].path);
	free(l.v);
	cc__dirc_free(d);
	return cc__changes_finish(v, cnt, r, out, n);
}
