/* cmd-reopen.c - casectl reopen CASE [-m TEXT] */
#include <stdio.h>

#include "casectl/ops/closure.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] = "reopen CASE [-m TEXT]";

CMD(reopen)
{
	static const struct option opts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *msg = NULL;
	cc_store *s = NULL;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		if (c != 'm')
			return cmd_usage(usage);
		msg = optarg;
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							     : "too many arguments");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_case_reopen(s, argv[optind], msg);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
