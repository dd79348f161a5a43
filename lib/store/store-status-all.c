/*
 * store-status-all.c - uncommitted changes anywhere in the store, for
 * the checks that want the whole working tree clean (casectl sync).
 *
 * The same answer as git_status_list_new over the whole tree (see
 * store-status.c) in two streaming passes over the git index, which
 * store-dirc.c maps without decoding it:
 *
 *  - HEAD against the index: the HEAD tree walked in path order beside
 *    the index entries.  A folder whose cache-tree node (the index's
 *    TREE extension, kept by store-dirc.c and libgit2 with the folders
 *    above every changed path invalidated) is valid and names HEAD's
 *    tree there holds exactly HEAD's files, so it is skipped without
 *    being read, as git's own status does.
 *  - the index against the files: every folder read once, through its
 *    file descriptor (one path component per lstat, not the whole
 *    path), its entries sorted in git's order beside the index's.  A
 *    file whose stat data matches its entry, and is not racily clean,
 *    is unchanged; any other is hashed as libgit2 would.  Files the
 *    index does not have are untracked unless ignored.
 *
 * Anything unusual makes it decline (1) and the caller asks libgit2:
 * an index store-dirc.c does not handle, symbolic links, submodules,
 * nested repositories, a .gitattributes anywhere, a file where the
 * index has a folder or the other way round, core.fileMode false,
 * core.ignoreCase true.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/error.h"
#include "store-dirc-int.h"
#include "store-int.h"

#define MAX_DEPTH 32

typedef struct {
	char *path;             /* "a/b" of a valid cache-tree node, "" the top */
	long count;
	unsigned char oid[20];
} ctnode;

typedef struct {
	char *path;
	unsigned int bits;
} change;

typedef struct {
	cc_store *s;
	cc__dirc *d;
	ctnode *nodes;
	size_t nnodes, capnodes;
	change *ch;
	size_t nch, capch;
	size_t i;               /* the index cursor */
	int raw;                /* no filters: files hash as they are */
	int declined;
	char path[4096];
} actx;

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* git's order of two paths: bytes, then length. */
static int path_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen < blen ? -1 : alen > blen);
}

static int note(actx *c, const char *path, unsigned int bits)
{
	if (c->nch == c->capch) {
		size_t cap = c->capch ? c->capch * 2 : 16;
		change *nv = realloc(c->ch, cap * sizeof(*nv));
		if (!nv)
			return cc_error_set(CC_ENOMEM, "out of memory");
		c->ch = nv;
		c->capch = cap;
	}
	if (!(c->ch[c->nch].path = strdup(path)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	c->ch[c->nch++].bits = bits;
	return 0;
}

/* --- the cache-tree ----------------------------------------------------- */

static int node_cmp(const void *a, const void *b)
{
	return strcmp(((const ctnode *)a)->path, ((const ctnode *)b)->path);
}

/* One node at *POS of the TREE data X (LEN bytes) below folder DIR
 * (DLEN bytes), and its subtrees; 1 when malformed, < 0 on error. */
static int ct_node(actx *c, const unsigned char *x, size_t len, size_t *pos, char *dir,
	size_t dlen, int depth)
{
	const char *name = (const char *)x + *pos, *nul = memchr(name, 0, len - *pos);
	char buf[32], *end;
	long cnt, sub, k;
	size_t nlen, sublen = dlen, p, blen;

	if (!nul || depth > MAX_DEPTH)
		return 1;
	nlen = (size_t)(nul - name);
	p = *pos + nlen + 1;
	blen = len - p < sizeof(buf) - 1 ? len - p : sizeof(buf) - 1;
	memcpy(buf, x + p, blen);
	buf[blen] = '\0';
	errno = 0;
	cnt = strtol(buf, &end, 10);
	if (errno || *end != ' ' || end == buf)
		return 1;
	sub = strtol(end + 1, &end, 10);
	if (errno || *end != '\n' || sub < 0 || sub > 1000000)
		return 1;
	p += (size_t)(end + 1 - buf);
	if (nlen) {
		if (dlen + nlen + 2 > sizeof(c->path))
			return 1;
		if (dlen)
			dir[sublen++] = '/';
		memcpy(dir + sublen, name, nlen);
		sublen += nlen;
	}
	dir[sublen] = '\0';
	if (cnt >= 0) {
		if (p + 20 > len)
			return 1;
		if (c->nnodes == c->capnodes) {
			size_t cap = c->capnodes ? c->capnodes * 2 : 256;
			ctnode *nv = realloc(c->nodes, cap * sizeof(*nv));
			if (!nv)
				return cc_error_set(CC_ENOMEM, "out of memory");
			c->nodes = nv;
			c->capnodes = cap;
		}
		if (!(c->nodes[c->nnodes].path = strdup(dir)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		c->nodes[c->nnodes].count = cnt;
		memcpy(c->nodes[c->nnodes++].oid, x + p, 20);
		p += 20;
	}
	*pos = p;
	for (k = 0; k < sub; k++) {
		int r = *pos >= len ? 1 : ct_node(c, x, len, pos, dir, sublen, depth + 1);
		if (r)
			return r;
	}
	return 0;
}

/* The valid cache-tree nodes, sorted by path; none when the index has
 * no TREE extension or one this cannot read (then every folder is read). */
static int ct_load(actx *c)
{
	const cc__dirc *d = c->d;
	size_t off = d->ext_off, end = d->len - 20;
	char dir[4096];

	while (off + 8 <= end) {
		const unsigned char *x = d->map + off;
		size_t sz = be32(x + 4), pos = 0;
		int r = 0;

		if (!memcmp(x, "TREE", 4)) {
			while (pos < sz && r == 0)
				r = ct_node(c, x + 8, sz, &pos, dir, 0, 0);
			if (r < 0)
				return r;
			if (r) {        /* unreadable: trust none of it */
				while (c->nnodes)
					free(c->nodes[--c->nnodes].path);
			}
			break;
		}
		off += 8 + sz;
	}
	if (c->nnodes > 1)
		qsort(c->nodes, c->nnodes, sizeof(*c->nodes), node_cmp);
	return 0;
}

static const ctnode *ct_find(const actx *c, const char *path)
{
	ctnode key;

	key.path = (char *)path;
	return c->nnodes ? bsearch(&key, c->nodes, c->nnodes, sizeof(*c->nodes), node_cmp) : NULL;
}

/* --- HEAD against the index ------------------------------------------- */

static const char *ipath(const actx *c, size_t i, size_t *len)
{
	*len = c->d->ents[i].plen;
	return c->d->ents[i].path;
}

/* Index entries before PATH (LEN bytes; NULL: all that are left) get
 * BITS: not at HEAD, or not on disk. */
static int index_before(actx *c, const char *path, size_t len, unsigned int bits)
{
	const char *p;
	size_t pl;
	int err;

	while (c->i < c->d->n &&
	       (p = ipath(c, c->i, &pl), !path || path_cmp(p, pl, path, len) < 0)) {
		if ((err = note(c, p, bits)) != 0)
			return err;
		c->i++;
	}
	return 0;
}

static int index_new_before(actx *c, const char *path, size_t len)
{
	return index_before(c, path, len, GIT_STATUS_INDEX_NEW);
}

/* HEAD's folder TREE at c->path (LEN bytes, "" the top). */
static int head_tree(actx *c, git_tree *tree, size_t len, int depth)
{
	size_t k, n = git_tree_entrycount(tree);
	int err = 0;

	if (depth > MAX_DEPTH) {
		c->declined = 1;
		return 0;
	}
	for (k = 0; !err && !c->declined && k < n; k++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, k);
		const char *name = git_tree_entry_name(e);
		size_t nl = strlen(name), full = len + (len ? 1 : 0) + nl;
		git_filemode_t m = git_tree_entry_filemode_raw(e);

		if (full + 2 > sizeof(c->path)) {
			c->declined = 1;
			break;
		}
		if (len)
			c->path[len] = '/';
		memcpy(c->path + full - nl, name, nl);
		c->path[full] = '\0';
		if (m == GIT_FILEMODE_TREE) {
			const ctnode *ct = ct_find(c, c->path);
			size_t first;
			c->path[full] = '/';
			c->path[full + 1] = '\0';
			if ((err = index_new_before(c, c->path, full + 1)) != 0)
				break;
			c->path[full] = '0';         /* '/' + 1: past the folder */
			first = c->i;
			if (ct && !memcmp(ct->oid, git_tree_entry_id(e)->id, 20)) {
				size_t past = cc__dirc_find(c->d, c->path);
				if ((long)(past - first) == ct->count) {
					c->i = past;         /* as at HEAD, unread */
					continue;
				}
			}
			{
				git_tree *sub = NULL;
				c->path[full] = '\0';
				if (git_tree_lookup(&sub, c->s->repo, git_tree_entry_id(e)) < 0)
					return cc__git_error(CC_EIO, "cannot read '%s' at HEAD", c->path);
				err = head_tree(c, sub, full, depth + 1);
				git_tree_free(sub);
			}
			continue;
		}
		if (m != GIT_FILEMODE_BLOB && m != GIT_FILEMODE_BLOB_EXECUTABLE) {
			c->declined = 1;
			break;
		}
		if ((err = index_new_before(c, c->path, full)) != 0)
			break;
		if (c->i < c->d->n) {
			cc__dirc_ent ie;
			cc__dirc_stat(c->d, c->i, &ie);
			if (!strcmp(ie.path, c->path)) {
				c->i++;
				if (memcmp(ie.oid, git_tree_entry_id(e)->id, 20) || ie.mode != (uint32_t)m)
					err = note(c, c->path, GIT_STATUS_INDEX_MODIFIED);
				continue;
			}
		}
		err = note(c, c->path, GIT_STATUS_INDEX_DELETED);
	}
	if (len)
		c->path[len] = '\0';
	return err;
}

static int head_vs_index(actx *c)
{
	git_commit *head = NULL;
	git_tree *root = NULL;
	int err;

	c->i = 0;
	c->path[0] = '\0';
	if ((err = cc__head_commit(c->s, &head)) != 0)
		return err;
	if (head) {
		const ctnode *ct = ct_find(c, "");
		if (git_commit_tree(&root, head) < 0) {
			git_commit_free(head);
			return cc__git_error(CC_EIO, "cannot read the tree of HEAD");
		}
		if (ct && ct->count == (long)c->d->n && !memcmp(ct->oid, git_tree_id(root)->id, 20))
			c->i = c->d->n;              /* the index is HEAD */
		else
			err = head_tree(c, root, 0, 0);
		c->path[0] = '\0';
	}
	if (!err && !c->declined)
		err = index_new_before(c, NULL, 0);
	git_tree_free(root);
	git_commit_free(head);
	return err;
}

/* --- the index against the files --------------------------------------- */

typedef struct {
	char *name;
	size_t len;
	int dir;
} dent;

/* git's order in a folder: a folder sorts as its name with '/' after it. */
static int dent_cmp(const void *pa, const void *pb)
{
	const dent *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = a->len > n ? (unsigned char)a->name[n] : a->dir ? '/' : 0;
	cb = b->len > n ? (unsigned char)b->name[n] : b->dir ? '/' : 0;
	return (ca > cb) - (ca < cb);
}

static int index_gone_before(actx *c, const char *path, size_t len)
{
	return index_before(c, path, len, GIT_STATUS_WT_DELETED);
}

/* The file c->path (LEN bytes; FD its folder, NAME in it), on disk. */
static int wd_file(actx *c, int fd, const char *name, size_t len)
{
	cc__dirc_ent ie;
	struct stat st;
	git_oid oid;
	const char *p;
	size_t pl;
	int err;

	if ((err = index_gone_before(c, c->path, len)) != 0)
		return err;
	if (c->i == c->d->n || strcmp(c->d->ents[c->i].path, c->path)) {
		int ign = 0;
		/* a file where the index has a folder: libgit2's to judge */
		if (c->i < c->d->n && (p = ipath(c, c->i, &pl), pl > len) &&
		    !memcmp(p, c->path, len) && p[len] == '/') {
			c->declined = 1;
			return 0;
		}
		if (git_ignore_path_is_ignored(&ign, c->s->repo, c->path) < 0)
			return cc__git_error(CC_EIO, "cannot compare '%s' with HEAD", c->path);
		/* ignored: not there for status, even where HEAD had it */
		return ign ? 0 : note(c, c->path, GIT_STATUS_WT_NEW);
	}
	cc__dirc_stat(c->d, c->i++, &ie);
	if (ie.mode != 0100644 && ie.mode != 0100755) {
		c->declined = 1;
		return 0;
	}
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode)) {
		c->declined = 1;    /* gone or changed kind meanwhile */
		return 0;
	}
	if (((st.st_mode & 0100) ? 0100755u : 0100644u) != ie.mode)
		return note(c, c->path, GIT_STATUS_WT_MODIFIED);
	if (cc__dirc_stat_clean(c->d, &ie, &st))
		return 0;
	if (git_repository_hashfile(&oid, c->s->repo, c->path, GIT_OBJECT_BLOB,
	    c->raw ? "" : NULL) < 0)
		return cc__git_error(CC_EIO, "cannot compare '%s' with HEAD", c->path);
	return memcmp(oid.id, ie.oid, 20) ? note(c, c->path, GIT_STATUS_WT_MODIFIED) : 0;
}

/* The entries of the open folder DIR in git's order (declines on a
 * nested repository, a .gitattributes, a link or a device). */
static int read_dir(actx *c, DIR *dir, int top, dent **out, size_t *count)
{
	struct dirent *de;
	dent *v = NULL;
	size_t n = 0, cap = 0;
	int err = 0;

	while (!err && !c->declined && (de = readdir(dir))) {
		const char *nm = de->d_name;
		int isdir;
		if (!strcmp(nm, ".") || !strcmp(nm, ".."))
			continue;
		if (!strcmp(nm, ".git")) {
			if (!top)
				c->declined = 1;     /* a nested repository */
			continue;
		}
		if (!strcmp(nm, ".gitattributes")) {
			c->declined = 1;
			break;
		}
		if (de->d_type == DT_DIR || de->d_type == DT_REG) {
			isdir = de->d_type == DT_DIR;
		} else {
			struct stat st;
			if (de->d_type != DT_UNKNOWN ||
			    fstatat(dirfd(dir), nm, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
				c->declined = 1;   /* a link, a device, ... */
				break;
			}
			isdir = S_ISDIR(st.st_mode);
		}
		if (n == cap) {
			dent *nv;
			cap = cap ? cap * 2 : 32;
			if (!(nv = realloc(v, cap * sizeof(*nv)))) {
				err = cc_error_set(CC_ENOMEM, "out of memory");
				break;
			}
			v = nv;
		}
		if (!(v[n].name = strdup(nm))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		v[n].len = strlen(nm);
		v[n++].dir = isdir;
	}
	if (!err && !c->declined && n > 1)
		qsort(v, n, sizeof(*v), dent_cmp);
	*out = v;
	*count = n;
	return err;
}

/* The folder c->path (LEN bytes, "" the top), open as FD (taken). */
static int wd_dir(actx *c, int fd, size_t len, int depth)
{
	DIR *dir;
	dent *v = NULL;
	size_t k, n = 0;
	int err;

	if (depth > MAX_DEPTH || !(dir = fdopendir(fd))) {
		close(fd);
		c->declined = 1;
		return 0;
	}
	if ((err = read_dir(c, dir, depth == 0, &v, &n)) != 0 || c->declined)
		goto out;
	for (k = 0; !err && !c->declined && k < n; k++) {
		size_t full = len + (len ? 1 : 0) + v[k].len;
		if (full + 2 > sizeof(c->path)) {
			c->declined = 1;
			break;
		}
		if (len)
			c->path[len] = '/';
		memcpy(c->path + full - v[k].len, v[k].name, v[k].len);
		c->path[full] = '\0';
		if (v[k].dir) {
			int sub;
			if ((err = index_gone_before(c, c->path, full)) != 0)
				break;
			if (c->i < c->d->n && !strcmp(c->d->ents[c->i].path, c->path)) {
				c->declined = 1;     /* a folder where the index has a file */
				break;
			}
			c->path[full] = '/';
			c->path[full + 1] = '\0';
			if ((err = index_gone_before(c, c->path, full + 1)) != 0)
				break;
			c->path[full] = '\0';
			sub = openat(dirfd(dir), v[k].name,
				O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				c->declined = 1;
				break;
			}
			err = wd_dir(c, sub, full, depth + 1);
		} else {
			err = wd_file(c, dirfd(dir), v[k].name, full);
		}
	}
	if (len)
		c->path[len] = '\0';
out:
	while (n)
		free(v[--n].name);
	free(v);
	closedir(dir);
	return err;
}

static int index_vs_files(actx *c)
{
	int fd = open(c->s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err;

	c->i = 0;
	c->path[0] = '\0';
	if (fd < 0) {
		c->declined = 1;
		return 0;
	}
	if ((err = wd_dir(c, fd, 0, 0)) != 0 || c->declined)
		return err;
	return index_gone_before(c, NULL, 0);
}

/* --- putting it together ------------------------------------------------ */

static int change_cmp(const void *a, const void *b)
{
	return strcmp(((const change *)a)->path, ((const change *)b)->path);
}

static int config_allows(cc_store *s)
{
	git_config *cfg = NULL;
	int v, ok = 1;

	if (git_repository_config_snapshot(&cfg, s->repo) < 0) {
		cc_error_clear();
		return 0;
	}
	if ((git_config_get_bool(&v, cfg, "core.filemode") == 0 && !v) ||
	    (git_config_get_bool(&v, cfg, "core.ignorecase") == 0 && v) ||
	    (git_config_get_bool(&v, cfg, "core.precomposeunicode") == 0 && v))
		ok = 0;
	git_config_free(cfg);
	cc_error_clear();
	return ok;
}

int cc__status_all(cc_store *s, cc_change **out, size_t *n)
{
	actx c;
	cc_change *v = NULL;
	size_t i, j, cnt = 0;
	int r;

	*out = NULL;
	*n = 0;
	memset(&c, 0, sizeof(c));
	c.s = s;
	if (!config_allows(s) || (r = cc__dirc_open(s, &c.d)) == 1)
		return 1;
	if (r < 0)
		return r;
	c.raw = cc__dirc_no_filters(s, "");
	if ((r = ct_load(&c)) == 0 && (r = head_vs_index(&c)) == 0 && !c.declined)
		r = index_vs_files(&c);
	if (r == 0 && c.declined)
		r = 1;
	if (r == 0 && c.nch > 1)
		qsort(c.ch, c.nch, sizeof(*c.ch), change_cmp);
	if (r == 0 && c.nch && !(v = calloc(c.nch, sizeof(*v))))
		r = cc_error_set(CC_ENOMEM, "out of memory");
	/* one change per path, its bits from both passes */
	for (i = 0; r == 0 && i < c.nch; i = j) {
		unsigned int bits = 0;
		for (j = i; j < c.nch && !strcmp(c.ch[j].path, c.ch[i].path); j++)
			bits |= c.ch[j].bits;
		v[cnt].path = c.ch[i].path;
		c.ch[i].path = NULL;
		v[cnt++].kind = cc__change_kind(bits);
	}
	for (i = 0; i < c.nch; i++)
		free(c.ch[i].path);
	free(c.ch);
	for (i = 0; i < c.nnodes; i++)
		free(c.nodes[i].path);
	free(c.nodes);
	cc__dirc_free(c.d);
	if (r == 1) {
		free(v);
		return 1;
	}
	return cc__changes_finish(v, cnt, r, out, n);
}
