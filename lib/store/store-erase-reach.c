/* store-erase-reach.c - what an erasure cannot reach, refused before
 * anything changes (erase.h: cc_store_erase_reach_check) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "casectl/util/buf.h"
#include "casectl/store/erase.h"
#include "casectl/util/error.h"
#include "store-int.h"

/* A linked worktree has its own HEAD, index and files, out of reach. */
static int check_worktrees(cc_store *s)
{
	git_strarray names = { 0 };
	git_worktree *wt = NULL;
	int err = 0;

	if (git_repository_is_worktree(s->repo))
		return cc_error_set(CC_EREFUSED, "'%s' is a linked worktree (git worktree add); erase "
			"cannot reach the main worktree's files and index from here; run erase in the "
			"main worktree after removing this one with 'git worktree remove %s'",
			s->root, s->root);
	if (git_worktree_list(&names, s->repo) < 0) {
		git_error_clear();
		return 0;
	}
	if (names.count > 0) {
		const char *path = names.strings[0];
		if (git_worktree_lookup(&wt, s->repo, names.strings[0]) == 0)
			path = git_worktree_path(wt);
		err = cc_error_set(CC_EREFUSED, "the store has %zu linked worktree%s ('%s'), whose "
			"files, index and HEAD erase cannot reach; remove %s with 'git worktree remove "
			"%s' (or 'git worktree prune' when its folder is gone), then run erase again",
			names.count, names.count > 1 ? "s" : "", path, names.count > 1 ? "them" : "it",
			path);
		git_worktree_free(wt);
	}
	git_error_clear();
	git_strarray_dispose(&names);
	return err;
}

/* git gc never deletes the objects of a pack kept by a .keep file. */
static int check_keep(cc_store *s)
{
	cc_buf dir = CC_BUF_INIT;
	struct dirent *de;
	DIR *d;
	int err = 0;

	if (cc_buf_printf(&dir, "%s/objects/pack", git_repository_commondir(s->repo)))
		return CC_ENOMEM;
	if ((d = opendir(dir.ptr)) != NULL) {
		while (!err && (de = readdir(d)) != NULL) {
			size_t n = strlen(de->d_name);
			if (n > 5 && !strcmp(de->d_name + n - 5, ".keep"))
				err = cc_error_set(CC_EREFUSED, "the pack '%s/%.*s.pack' is kept by a "
					".keep file, so git gc would keep the erased objects in it; remove "
					"'%s/%s' (rm), then run erase again", dir.ptr, (int)(n - 5),
					de->d_name, dir.ptr, de->d_name);
		}
		closedir(d);
	}
	cc_buf_free(&dir);
	return err;
}

/* Objects borrowed from another repository are in it, out of reach. */
static int check_alternates(cc_store *s)
{
	cc_buf p = CC_BUF_INIT;
	struct stat st;
	const char *env = getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	int err = 0;

	if (env && *env)
		return cc_error_set(CC_EREFUSED, "GIT_ALTERNATE_OBJECT_DIRECTORIES is set, so the "
			"store borrows objects that erase cannot reach; unset it, then run erase again");
	if (cc_buf_printf(&p, "%s/objects/info/alternates", git_repository_commondir(s->repo)))
		return CC_ENOMEM;
	if (stat(p.ptr, &st) == 0 && st.st_size > 0)
		err = cc_error_set(CC_EREFUSED, "the store borrows objects from another repository "
			"('%s': a 'git clone --shared' or '--reference'), where erase cannot reach "
			"them; copy them in with 'git repack -a -d', delete '%s', then run erase "
			"again (the other repository keeps its own copy: erase it there too)",
			p.ptr, p.ptr);
	cc_buf_free(&p);
	return err;
}

int cc_store_erase_reach_check(cc_store *s)
{
	int err;

	if ((err = check_worktrees(s)) || (err = check_keep(s)) || (err = check_alternates(s)))
		return err;
	return 0;
}
