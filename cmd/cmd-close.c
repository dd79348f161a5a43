/* cmd-close.c - casectl close CASE --reason REASON */
#include <stdio.h>

#include "casectl/ops/closure.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] =
	"close CASE --reason REASON [--follow-up DATE] [-m TEXT] [--force REASON]";

CMD(close)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "follow-up", required_argument, NULL, 'u' },
		{ "message", required_argument, NULL, 'm' },
		{ "force", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_close_opts o = { NULL, NULL, NULL, NULL };
	cc_store *s = NULL;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o.reason = optarg; break;
		case 'u': o.follow_up = optarg; break;
		case 'm': o.message = optarg; break;
		case 'f': o.force = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							     : "too many arguments");
	if (!o.reason || !*o.reason)
		return cmd_usage_error(usage, "a case is closed with a reason; give --reason "
			"REASON");
	if (o.force && !*o.force)
		return cmd_usage_error(usage, "--force needs a reason");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_case_close(s, argv[optind], &o);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
