/* cmd-check.c - casectl check: validate every file of the store */
#include <stdio.h>

#include "casectl/util/error.h"
#include "casectl/store/trust.h"
#include "casectl/model/validate.h"
#include "cmd.h"

static const char usage[] = "check [--staged] [--quiet]";

CMD(check)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "staged", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_store *s = NULL;
	size_t i;
	int c, err, rc, quiet = 0, staged = 0;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (c == 'q')
			quiet = 1;
		else if (c == 's')
			staged = 1;
		else
			return cmd_usage(usage);
	}
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = staged ? cc_validate_staged(s, &probs) : cc_validate_tree(s, "", &probs);
	if (!err && !staged)
		err = cc_check_modes(s, &probs);
	if (!err && !staged)
		err = cc_check_mandates(s, &probs);
	if (err) {
		rc = cmd_fail(err);
	} else {
		for (i = 0; i < probs.n; i++)
			printf("%s\n", probs.items[i]);
		if (!quiet && probs.n)
			fprintf(stderr, "%zu problem%s found\n", probs.n, probs.n == 1 ? "" : "s");
		rc = probs.n ? 1 : 0;
	}
	cc_problems_free(&probs);
	cc_store_free(s);
	return rc;
}
