/* cmd-log.c - casectl log [CASE] [--format text|json] */
#include <stdio.h>

#include "casectl/case.h"
#include "casectl/error.h"
#include "casectl/view.h"
#include "cmd.h"

static const char usage[] = "log [CASE] [--format text|json]";

CMD(log)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_format f = CC_FMT_TEXT;
	cc_store *s = NULL;
	char id[CC_ID_LEN + 1];
	int c, err = 0, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if ((err = cc_format_parse(optarg, &f)))
				return cmd_fail(err);
			break;
		default:
			return cmd_usage(usage);
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(usage, "too many arguments");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (optind < argc)
		err = cc_case_resolve(s, argv[optind], id);
	if (!err)
		err = cc_view_log(s, optind < argc ? id : NULL, f, stdout);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
