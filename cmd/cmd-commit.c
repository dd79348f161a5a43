/* cmd-commit.c - casectl commit [CASE]: validate and commit hand edits */
#include <stdio.h>

#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "casectl/ops/handedit.h"
#include "cmd.h"

static const char usage[] = "commit [CASE]";

CMD(commit)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_store *s = NULL;
	char id[CC_ID_LEN + 1];
	size_t commits = 0, i;
	int c, err = 0, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return cmd_usage(usage);
	if (argc - optind > 1)
		return cmd_usage_error(usage, "too many arguments");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (optind < argc)
		err = cc_case_resolve(s, argv[optind], id);
	if (!err)
		err = cc_handedit_commit(s, optind < argc ? id : NULL, &probs, &commits);
	if (err == CC_EINVALID && probs.n) {
		for (i = 0; i < probs.n; i++)
			fprintf(stderr, "%s\n", probs.items[i]);
		fprintf(stderr, "error: nothing committed; fix the files above and run "
			"'casectl commit' again\n");
		rc = 1;
	} else if (err) {
		rc = cmd_fail(err);
	} else if (!commits) {
		fprintf(stderr, "nothing to commit\n");
	} else {
		fprintf(stderr, "committed hand edits in %zu commit%s\n", commits,
			commits == 1 ? "" : "s");
	}
	cc_problems_free(&probs);
	cc_store_free(s);
	return rc;
}
