/* cmd-handover.c - casectl handover CASE --to WORKER --reason TEXT
 * [--mandate TEXT], or casectl handover CASE --mandate TEXT */
#include <stdio.h>
#include <stdlib.h>

#include "casectl/ops/closure.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] =
	"handover CASE --to WORKER --reason TEXT [--mandate TEXT]\n"
	"   or: casectl handover CASE --mandate TEXT";

CMD(handover)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "reason", required_argument, NULL, 'r' },
		{ "mandate", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *to = NULL, *reason = NULL, *mandate = NULL;
	char *stale = NULL;
	cc_store *s = NULL;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'r': reason = optarg; break;
		case 'M': mandate = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							     : "too many arguments");
	if (mandate && !*mandate)
		return cmd_usage_error(usage, "--mandate needs the text of the mandate: what the "
			"case manager may do, and how the work ends");
	if (mandate && !to && !reason) {
		/* the mandate agreed again with the manager the case has */
		if ((rc = cmd_open_store(ctx, &s)))
			return rc;
		err = cc_case_mandate(s, argv[optind], mandate);
		cc_store_free(s);
		return err ? cmd_fail(err) : 0;
	}
	if (!to || !*to)
		return cmd_usage_error(usage, "to whom? give --to WORKER (\"Name <email>\", a "
			"name or an email)");
	if (!reason || !*reason)
		return cmd_usage_error(usage, "a handover needs a reason; give --reason TEXT");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_case_handover(s, argv[optind], to, reason, mandate, &stale);
	if (!err && stale)
		fprintf(stderr, "warning: the mandate of case '%s' still names '%s'\n"
			"hint: agree it again with the client and record it with "
			"'casectl handover %s --mandate TEXT'\n", argv[optind], stale, argv[optind]);
	free(stale);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
