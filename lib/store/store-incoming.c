/* store-incoming.c - what a sync brings in is input from someone else:
 * before it is merged, the part of the other side's tree that changed
 * since the merge base is checked entry by entry, and what casectl
 * refuses is replaced by this store's version of it (the merge is then
 * a merge commit made here, which the push takes to the remote).
 *
 * Accepted: plain files (mode 100644; an executable bit is dropped) and
 * folders, with names of valid UTF-8 without control characters, and
 * in casectl's layout: casectl.md a file, cases/ and the three levels
 * of folders under it (cases/A/B/ID) folders, nothing turned from a
 * file into a folder or back.  Refused: symbolic links, submodules,
 * other modes, '.', '..', names starting with '.' ('.git', '.GIT',
 * '.gitattributes', '.gitmodules', ...), names Windows or macOS read as
 * '.git' ('git~1', trailing dots or spaces, invisible characters),
 * characters Windows refuses, names over 255 bytes, paths over 1024
 * bytes, and a deleted casectl.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "store-incoming-int.h"

#define MAX_PATH_BYTES 1024
#define MAX_NAME_BYTES 255
#define MAX_WALK 5000        /* incoming commits searched for who brought a path */
#define MAX_BLAMED 20        /* paths searched for; later ones name the tip */
#define MAX_WARNED 100       /* warnings and message lines; then a count */

typedef struct {
	cc_store *s;
	git_commit *base, *theirs;
	git_oid *walk;           /* the incoming commits, oldest first */
	size_t nwalk;
	int walked;
	size_t nrefused, nblamed;
	cc_buf path;             /* the entry being looked at */
	cc_buf *note;
} ictx;

/* --- names --------------------------------------------------------------- */

/* The code point of the valid UTF-8 sequence at P (N bytes). */
static unsigned long code_point(const unsigned char *p, size_t n)
{
	unsigned long cp = n == 2 ? p[0] & 0x1f : n == 3 ? p[0] & 0x0f : p[0] & 0x07;
	size_t i;

	for (i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	return cp;
}

/* Length of the valid UTF-8 sequence at P (at most LEFT bytes), 0 if none. */
static size_t seq_len(const unsigned char *p, size_t left)
{
	size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;

	return n <= left && cc_utf8_valid((const char *)p, n, NULL) ? n : 0;
}

/* Characters that show nothing (and that HFS+ ignores in names). */
static int invisible(unsigned long cp)
{
	return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff || cp == 0xad;
}

/* PATH for a message or a commit message: control characters, invalid
 * UTF-8, invisible characters, '\' and '\'' escaped. */
static int quote(cc_buf *b, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;
	size_t left = strlen(path), n;
	int err = 0;

	while (!err && left) {
		if (*p >= 0x20 && *p < 0x7f && *p != '\\' && *p != '\'') {
			err = cc_buf_put(b, (const char *)p, 1);
			n = 1;
		} else if (*p >= 0x80 && (n = seq_len(p, left)) > 1) {
			unsigned long cp = code_point(p, n);
			err = invisible(cp) ? cc_buf_printf(b, "\\u{%04lx}", cp)
					    : cc_buf_put(b, (const char *)p, n);
		} else {
			err = cc_buf_printf(b, "\\x%02x", *p);
			n = 1;
		}
		p += n;
		left -= n;
	}
	return err ? cc_error_set(CC_ENOMEM, "out of memory") : 0;
}

/* Why NAME is not a name casectl takes from someone else, or NULL. */
static const char *name_problem(const char *name)
{
	const unsigned char *p;
	size_t len = strlen(name), n;

	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return *p == '\n' ? "a newline in the name" : "a control character in the name";
	for (p = (const unsigned char *)name; *p; p += n) {
		if (*p < 0x80) {
			n = 1;
			if (strchr("\\<>:\"|?*", *p))
				return "a character that Windows refuses in names";
			continue;
		}
		if ((n = seq_len(p, len - (size_t)((const char *)p - name))) == 0)
			return "a name that is not valid UTF-8";
		if (code_point(p, n) < 0xa0)
			return "a control character in the name";
		if (invisible(code_point(p, n)))
			return "an invisible character in the name (macOS reads such names as others)";
	}
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "a '.' or '..' name";
	if (!strncasecmp(name, ".git", 4))
		return "a name that git keeps for itself";
	if (name[0] == '.')
		return "a hidden name (starting with '.')";
	if (len == 5 && !strncasecmp(name, "git~", 4) && name[4] >= '1' && name[4] <= '9')
		return "a name that Windows reads as '.git'";
	if (name[len - 1] == '.' || name[len - 1] == ' ')
		return "a name ending in a dot or a space (Windows drops them)";
	if (len > MAX_NAME_BYTES)
		return "a name longer than 255 bytes";
	return NULL;
}

/* --- who brought it ------------------------------------------------------ */

static int walk_incoming(ictx *c)
{
	git_revwalk *w = NULL;
	git_oid id;
	int err = 0;

	c->walked = 1;
	if (git_revwalk_new(&w, c->s->repo) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(w, git_commit_id(c->theirs)) < 0 ||
	    (c->base && git_revwalk_hide(w, git_commit_id(c->base)) < 0)) {
		err = cc__git_error(CC_EIO, "cannot list the commits that came in");
		goto out;
	}
	if (!(c->walk = malloc(MAX_WALK * sizeof(*c->walk)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	while (c->nwalk < MAX_WALK && git_revwalk_next(&id, w) == 0)
		git_oid_cpy(&c->walk[c->nwalk++], &id);
out:
	git_revwalk_free(w);
	return err;
}

/* The oldest incoming commit whose tree has TE at the current path (TE
 * NULL: has nothing there); the tip when none is found. */
static int blame(ictx *c, const git_tree_entry *te, git_commit **out)
{
	size_t i;
	int err;

	*out = NULL;
	if (c->nblamed++ < MAX_BLAMED) {
		if (!c->walked && (err = walk_incoming(c)) != 0)
			return err;
		for (i = 0; !*out && i < c->nwalk; i++) {
			git_commit *k = NULL;
			git_tree *t = NULL;
			git_tree_entry *e = NULL;
			int found;
			if (git_commit_lookup(&k, c->s->repo, &c->walk[i]) < 0 ||
			    git_commit_tree(&t, k) < 0) {
				git_commit_free(k);
				return cc__git_error(CC_EIO, "cannot read a commit that came in");
			}
			found = git_tree_entry_bypath(&e, t, c->path.ptr) == 0;
			if (te ? found && git_oid_equal(git_tree_entry_id(e), git_tree_entry_id(te)) &&
			    git_tree_entry_filemode_raw(e) == git_tree_entry_filemode_raw(te) : !found)
				*out = k;
			else
				git_commit_free(k);
			git_tree_entry_free(e);
			git_tree_free(t);
		}
		if (*out)
			return 0;
	}
	if (git_commit_dup(out, c->theirs) < 0)
		return cc__git_error(CC_EIO, "cannot read a commit that came in");
	return 0;
}

/* Warn about the current path (TE: their entry, NULL when they deleted
 * it) and note it for the merge commit. */
static int report(ictx *c, const git_tree_entry *te, const char *why, int kept, int repaired)
{
	git_commit *k = NULL;
	const git_signature *a;
	cc_buf p = CC_BUF_INIT, who = CC_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	if (c->nrefused++ >= MAX_WARNED)
		return 0;
	if ((err = blame(c, te, &k)) != 0)
		return err;
	a = git_commit_author(k);
	git_oid_tostr(hex, sizeof(hex), git_commit_id(k));
	if ((err = quote(&p, c->path.ptr)) != 0 ||
	    (err = quote(&who, a && a->name ? a->name : "?")) != 0)
		goto out;
	if (repaired)
		cc_warn("'%s' from commit %.10s (%s) was executable; taken as a plain file",
			p.ptr, hex, who.ptr);
	else
		cc_warn("refused '%s' from commit %.10s (%s): %s; %s", p.ptr, hex, who.ptr, why,
			kept ? "this store keeps its own version" : "left out");
	if (cc_buf_printf(c->note, "%s: %s '%s' (%s)\n", repaired ? "Repaired" : "Refused",
	    hex, p.ptr, repaired ? "executable bit dropped" : why))
		err = cc_error_set(CC_ENOMEM, "out of memory");
out:
	cc_buf_free(&p);
	cc_buf_free(&who);
	git_commit_free(k);
	return err;
}

/* --- the walk ------------------------------------------------------------ */

static int is_tree(const git_tree_entry *e)
{
	return e && git_tree_entry_type(e) == GIT_OBJECT_TREE;
}

/* Why entry TE (NAME, at DEPTH; CASES: under cases/) is refused, or NULL. */
static const char *entry_problem(ictx *c, int depth, int cases, const char *name,
	const git_tree_entry *te, const git_tree_entry *be, const git_tree_entry *oe)
{
	unsigned mode = (unsigned)git_tree_entry_filemode_raw(te);
	git_object_t type = git_tree_entry_type(te);
	const char *why;

	if ((why = name_problem(name)) != NULL)
		return why;
	if (c->path.len > MAX_PATH_BYTES)
		return "a path longer than 1024 bytes";
	if (mode == GIT_FILEMODE_LINK)
		return "a symbolic link";
	if (mode == GIT_FILEMODE_COMMIT)
		return "a submodule";
	if (!(type == GIT_OBJECT_BLOB && (mode == 0100644 || mode == 0100664 || mode == 0100755)) &&
	    !(type == GIT_OBJECT_TREE && mode == 040000))
		return "neither a plain file nor a folder";
	if (depth == 0 && !strcmp(name, "casectl.md") && type == GIT_OBJECT_TREE)
		return "a folder where the settings file must be";
	if (depth == 0 && !strcmp(name, "cases") && type != GIT_OBJECT_TREE)
		return "a file where the folder of all cases must be";
	if (cases && depth <= 3 && type != GIT_OBJECT_TREE)
		return depth == 3 ? "a file where a case folder must be"
				  : "a file where casectl keeps folders of cases";
	if (depth == 0 && (!strcmp(name, "cases") || !strcmp(name, "casectl.md")))
		return NULL;    /* the layout's own shape, even where it was not */
	if (cases && depth <= 3)
		return NULL;
	if ((be && is_tree(be) != (type == GIT_OBJECT_TREE)) ||
	    (oe && is_tree(oe) != (type == GIT_OBJECT_TREE)))
		return type == GIT_OBJECT_TREE ? "a folder where a file was" : "a file where a folder was";
	return NULL;
}

/* In *BLD (made from SRC on first use), NAME becomes ID/MODE, or goes
 * (ID NULL). */
static int set_entry(cc_store *s, git_treebuilder **bld, git_tree *src, const char *name,
	const git_oid *id, git_filemode_t mode)
{
	if (!*bld && git_treebuilder_new(bld, s->repo, src) < 0)
		return cc__git_error(CC_EIO, "cannot build a tree");
	if (id ? git_treebuilder_insert(NULL, *bld, name, id, mode) < 0
	       : git_treebuilder_remove(*bld, name) < 0)
		return cc__git_error(CC_EIO, "cannot build a tree");
	return 0;
}

static int sub_tree(cc_store *s, const git_tree_entry *e, git_tree **out)
{
	*out = NULL;
	if (!is_tree(e))
		return 0;
	if (git_tree_lookup(out, s->repo, git_tree_entry_id(e)) < 0)
		return cc__git_error(CC_EIO, "cannot read a folder that came in");
	return 0;
}

static int check_tree(ictx *c, int depth, int cases, git_tree *base, git_tree *ours,
	git_tree *theirs, git_oid *out, int *changed);

/* Entry TE of THEIRS, changed since BASE (BE) or new. */
static int check_entry(ictx *c, git_treebuilder **bld, int depth, int cases, git_tree *theirs,
	const git_tree_entry *te, const git_tree_entry *be, const git_tree_entry *oe)
{
	const char *name = git_tree_entry_name(te), *why;
	git_tree *bt = NULL, *ot = NULL, *tt = NULL;
	git_oid id;
	int err, changed = 0;

	if ((why = entry_problem(c, depth, cases, name, te, be, oe)) != NULL) {
		if ((err = report(c, te, why, oe != NULL, 0)) != 0)
			return err;
		/* ours in its place; libgit2 writes no '.git' or '..' name:
		 * such an entry cannot have been ours */
		if (oe && set_entry(c->s, bld, theirs, name, git_tree_entry_id(oe),
		    git_tree_entry_filemode_raw(oe)) == 0)
			return 0;
		cc_error_clear();
		return set_entry(c->s, bld, theirs, name, NULL, 0);
	}
	if (git_tree_entry_filemode_raw(te) == GIT_FILEMODE_BLOB_EXECUTABLE) {
		if ((err = report(c, te, NULL, 1, 1)) != 0)
			return err;
		return set_entry(c->s, bld, theirs, name, git_tree_entry_id(te), GIT_FILEMODE_BLOB);
	}
	if (!is_tree(te))
		return 0;
	if ((err = sub_tree(c->s, be, &bt)) == 0 && (err = sub_tree(c->s, oe, &ot)) == 0 &&
	    (err = sub_tree(c->s, te, &tt)) == 0)
		err = check_tree(c, depth + 1, cases || (depth == 0 && !strcmp(name, "cases")),
			bt, ot, tt, &id, &changed);
	if (!err && changed)
		err = set_entry(c->s, bld, theirs, name, &id, GIT_FILEMODE_TREE);
	git_tree_free(tt);
	git_tree_free(ot);
	git_tree_free(bt);
	return err;
}

/* THEIRS at the folder c->path (DEPTH deep) checked against BASE and
 * OURS (either NULL when they have no folder there). */
static int check_tree(ictx *c, int depth, int cases, git_tree *base, git_tree *ours,
	git_tree *theirs, git_oid *out, int *changed)
{
	git_treebuilder *bld = NULL;
	size_t i, n = git_tree_entrycount(theirs), dl = c->path.len;
	int err = 0;

	*changed = 0;
	for (i = 0; !err && i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(theirs, i);
		const char *name = git_tree_entry_name(te);
		const git_tree_entry *be = base ? git_tree_entry_byname(base, name) : NULL;
		const git_tree_entry *oe = ours ? git_tree_entry_byname(ours, name) : NULL;

		if (be && git_oid_equal(git_tree_entry_id(be), git_tree_entry_id(te)) &&
		    git_tree_entry_filemode_raw(be) == git_tree_entry_filemode_raw(te))
			continue;       /* as it was: not theirs to answer for */
		c->path.len = dl;
		if (cc_buf_printf(&c->path, "%s%s", dl ? "/" : "", name)) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		err = check_entry(c, &bld, depth, cases, theirs, te, be, oe);
	}
	/* what must not go: the settings */
	if (!err && depth == 0 && base && ours && git_tree_entry_byname(base, "casectl.md") &&
	    !git_tree_entry_byname(theirs, "casectl.md")) {
		const git_tree_entry *oe = git_tree_entry_byname(ours, "casectl.md");
		c->path.len = 0;
		if (oe && cc_buf_puts(&c->path, "casectl.md") == 0 &&
		    (err = report(c, NULL, "the settings file was deleted", 1, 0)) == 0)
			err = set_entry(c->s, &bld, theirs, "casectl.md", git_tree_entry_id(oe),
				git_tree_entry_filemode_raw(oe));
	}
	if (!err && bld) {
		if (git_treebuilder_write(out, bld) < 0)
			err = cc__git_error(CC_EIO, "cannot write a checked tree");
		else
			*changed = 1;
	}
	git_treebuilder_free(bld);
	c->path.len = dl;
	if (c->path.ptr)
		c->path.ptr[dl] = '\0';
	return err;
}

int cc__incoming_check(cc_store *s, git_commit *base, git_commit *ours, git_commit *theirs,
	git_tree **out, size_t *nrefused, cc_buf *note)
{
	git_tree *bt = NULL, *ot = NULL, *tt = NULL;
	ictx c;
	git_oid id;
	int err = 0, changed = 0;

	*out = NULL;
	*nrefused = 0;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.base = base;
	c.theirs = theirs;
	c.note = note;
	if ((base && git_commit_tree(&bt, base) < 0) || git_commit_tree(&ot, ours) < 0 ||
	    git_commit_tree(&tt, theirs) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the trees to merge");
		goto out;
	}
	if ((err = check_tree(&c, 0, 0, bt, ot, tt, &id, &changed)) != 0)
		goto out;
	if (c.nrefused > MAX_WARNED) {
		cc_warn("and %zu more entries refused", c.nrefused - MAX_WARNED);
		if (cc_buf_printf(note, "Refused: %zu more entries\n", c.nrefused - MAX_WARNED))
			err = cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (!err && changed && git_tree_lookup(out, s->repo, &id) < 0)
		err = cc__git_error(CC_EIO, "cannot read a checked tree");
	if (!err && !changed && git_tree_dup(out, tt) < 0)
		err = cc__git_error(CC_EIO, "cannot read the trees to merge");
	*nrefused = changed ? c.nrefused : 0;
out:
	cc_buf_free(&c.path);
	free(c.walk);
	git_tree_free(tt);
	git_tree_free(ot);
	git_tree_free(bt);
	return err;
}

int cc__incoming_quarantine(cc_store *s, git_commit *theirs)
{
	git_reference *ref = NULL;
	cc_buf name = CC_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int err = 0;

	git_oid_tostr(hex, sizeof(hex), git_commit_id(theirs));
	if (cc_buf_printf(&name, "refs/casectl/quarantine/%s", hex))
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (git_reference_create(&ref, s->repo, name.ptr, git_commit_id(theirs), 1,
	    "sync: refused entries kept") < 0)
		err = cc__git_error(CC_EIO, "cannot keep the commit '%s' as '%s'", hex, name.ptr);
	else
		cc_warn("kept commit %.10s as '%s'; nothing is lost\n"
			"hint: this store keeps its own version of what was refused and its push "
			"repairs the remote; ask the commit's author to commit only plain files "
			"in casectl's layout (see casectl-sync(1))", hex, name.ptr);
	git_reference_free(ref);
	cc_buf_free(&name);
	return err;
}
