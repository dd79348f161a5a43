/* store-merge-settings.c - a sync never takes a casectl.md that casectl
 * refuses (a value out of range, a file that does not parse, or no
 * casectl.md at all): the store keeps its own, says so, and its next
 * push puts the good one back on the remote.  Every other file of what
 * came in is taken as usual, so the store keeps working and syncing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "store-net-int.h"

/* 0 when the casectl.md entry E is one casectl takes; else the reason
 * in the error message (and CC_EINVALID).  A deleted casectl.md or one
 * turned into a folder is refused before the merge (store-incoming.c);
 * the checks here only keep that true whatever the caller passes. */
static int settings_ok(cc_store *s, const cc_merge_hooks *h, const git_tree_entry *e)
{
	git_blob *b = NULL;
	int err;

	if (!e)
		return cc_error_set(CC_EINVALID, "it deleted %s", CC_SETTINGS_FILE);
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return cc_error_set(CC_EINVALID, "%s is not a file there", CC_SETTINGS_FILE);
	if ((err = cc__read_blob(s, git_tree_entry_id(e), &b)) != 0)
		return err;
	err = h->settings_ok(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return err;
}

int cc__guard_settings(cc_store *s, const cc_merge_hooks *h, git_tree *ours,
	git_tree *result, const char *remote, git_oid *tree_out, int *kept)
{
	const git_tree_entry *oe = git_tree_entry_byname(ours, CC_SETTINGS_FILE);
	const git_tree_entry *re = git_tree_entry_byname(result, CC_SETTINGS_FILE);
	git_tree_update u;
	char why[512];
	int err;

	*kept = 0;
	if (!oe || (re && !git_oid_cmp(git_tree_entry_id(oe), git_tree_entry_id(re))))
		return 0;       /* nothing of ours to keep, or nothing new */
	if ((err = settings_ok(s, h, re)) == 0)
		return 0;
	if (err == CC_ENOMEM)
		return err;
	snprintf(why, sizeof(why), "%s", cc_error_msg());
	cc_error_clear();
	if (settings_ok(s, h, oe) != 0) {
		cc_error_clear();
		return 0;       /* ours is no better: 'check' reports it */
	}
	memset(&u, 0, sizeof(u));
	u.action = GIT_TREE_UPDATE_UPSERT;
	u.path = CC_SETTINGS_FILE;
	u.filemode = GIT_FILEMODE_BLOB;
	git_oid_cpy(&u.id, git_tree_entry_id(oe));
	if (git_tree_create_updated(tree_out, s->repo, result, 1, &u) < 0)
		return cc__git_error(CC_EIO, "cannot build the merged tree");
	*kept = 1;
	cc_warn("what came from '%s' has a %s that casectl refuses (%s); the store keeps its "
		"own %s and puts it back on '%s' with this sync; everything else came in as "
		"usual\nhint: to change a setting, give it a value in range in %s and run "
		"'casectl commit'", remote, CC_SETTINGS_FILE, why, CC_SETTINGS_FILE, remote,
		CC_SETTINGS_FILE);
	return 0;
}
