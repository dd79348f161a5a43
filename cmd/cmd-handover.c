/* cmd-handover.c - casectl handover CASE --to WORKER --reason TEXT */
#include <stdio.h>

#include "casectl/closure.h"
#include "casectl/error.h"
#include "cmd.h"

static const char usage[] = "handover CASE --to WORKER --reason TEXT";

CMD(handover)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *to = NULL, *reason = NULL;
	cc_store *s = NULL;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'r': reason = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							     : "too many arguments");
	if (!to || !*to)
		return cmd_usage_error(usage, "to whom? give --to WORKER (\"Name <email>\", a "
			"name or an email)");
	if (!reason || !*reason)
		return cmd_usage_error(usage, "a handover needs a reason; give --reason TEXT");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_case_handover(s, argv[optind], to, reason);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
