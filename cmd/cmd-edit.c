/* cmd-edit.c - casectl edit CASE [FILE] | casectl edit --settings */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "casectl/ops/handedit.h"
#include "cmd.h"

static const char usage[] = "edit CASE [FILE] | edit --settings";

static int report(const cc_problems *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		fprintf(stderr, "%s\n", p->items[i]);
	fprintf(stderr, "error: nothing committed; the file is kept as you left it: fix it "
		"with 'casectl edit' again or undo it with 'git checkout -- %s'\n", path);
	return 1;
}

/* Refuse uncommitted changes under SCOPE other than to FILE itself: a
 * worker may come back to the file an earlier edit left invalid. */
static int require_only(cc_store *s, const char *scope, const char *file, const char *id)
{
	cc_change *ch;
	size_t n, i;
	int err;

	if ((err = cc_store_changes(s, scope, &ch, &n)))
		return err;
	for (i = 0; i < n; i++)
		if (strcmp(ch[i].path, file))
			break;
	if (i < n)
		err = cc_error_set(CC_EDIRTY, "'%s' has uncommitted changes; run 'casectl commit%s%s' "
			"to keep them or 'git stash' to set them aside", ch[i].path,
			id ? " " : "", id ? id : "");
	cc_changes_free(ch, n);
	return err;
}

CMD(edit)
{
	static const struct option opts[] = {
		{ "settings", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_store *s = NULL;
	cc_buf rel = CC_BUF_INIT;
	char id[CC_ID_LEN + 1], dir[CC_ID_DIR_MAX];
	const char *file = "case.md";
	size_t commits = 0;
	int c, err, rc, settings = 0, changed = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'S')
			settings = 1;
		else
			return cmd_usage(usage);
	}
	if (settings ? argc != optind : (argc - optind < 1 || argc - optind > 2))
		return cmd_usage_error(usage, settings ? "--settings takes no case"
						      : "which case? give its ID");
	if ((err = cc_editor_check("change the file with another editor and run "
				   "'casectl commit'")))
		return cmd_fail(err);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (settings) {
		err = cc_buf_puts(&rel, CC_SETTINGS_FILE);
	} else {
		if (optind + 1 < argc)
			file = argv[optind + 1];
		if ((err = cc_case_resolve(s, argv[optind], id)) || (err = cc_id_dir(id, dir)) ||
		    (err = cc_handedit_allowed(s, id)))
			goto out;
		if (strchr(file, '/') || !cc_path_valid(file)) {
			err = cc_error_set(CC_EINVALID, "'%s' is not a file name in a case folder",
				file);
			goto out;
		}
		err = cc_buf_printf(&rel, "%s/%s", dir, file);
	}
	if (err)
		goto out;
	if ((err = cc_store_exists(s, rel.ptr)) < 0)
		goto out;
	if (err != 1) {
		err = cc_error_set(CC_ENOTFOUND, "no file '%s'; see 'casectl show %s' for the "
			"case's files", rel.ptr, settings ? "" : id);
		goto out;
	}
	if ((err = require_only(s, settings ? CC_SETTINGS_FILE : dir, rel.ptr,
		     settings ? NULL : id)))
		goto out;
	if ((err = cc_editor_edit_file(s, rel.ptr, &changed)))
		goto out;
	err = cc_handedit_commit(s, settings ? NULL : id, &probs, &commits);
	if (err == CC_EINVALID && probs.n) {
		rc = report(&probs, rel.ptr);
		goto done;
	}
	if (!err && !commits)
		fprintf(stderr, "no changes; nothing committed\n");
out:
	rc = err ? cmd_fail(err) : 0;
done:
	cc_problems_free(&probs);
	cc_buf_free(&rel);
	cc_store_free(s);
	return rc;
}
