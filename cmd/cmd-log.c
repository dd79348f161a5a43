/* cmd-log.c - casectl log [CASE] [filters] [-p] [--format text|json] */
#include <stdio.h>
#include <stdlib.h>

#include "casectl/model/case.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/views/view.h"
#include "cmd.h"

static const char usage[] =
	"log [CASE] [--since DATE] [--until DATE] [--author WHO] [--action ACTION]\n"
	"                    [-p] [-n N] [--format text|json]";


CMD(log)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "author", required_argument, NULL, 'a' },
		{ "action", required_argument, NULL, 'A' },
		{ "patch", no_argument, NULL, 'p' },
		{ "max-count", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_log_filter flt = { 0 };
	cc_format f = CC_FMT_TEXT;
	cc_store *s = NULL;
	char id[CC_ID_LEN + 1], since[CC_DATE_STRLEN], until[CC_DATE_STRLEN], *end;
	int c, err = 0, rc;

	while ((c = getopt_long(argc, argv, "pn:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if ((rc = cmd_date_arg(usage, "since", optarg, since)))
				return rc;
			flt.since = since;
			break;
		case 'u':
			if ((rc = cmd_date_arg(usage, "until", optarg, until)))
				return rc;
			flt.until = until;
			break;
		case 'a': flt.author = optarg; break;
		case 'A': flt.action = optarg; break;
		case 'p': flt.patch = 1; break;
		case 'n':
			flt.max = strtol(optarg, &end, 10);
			if (*end || flt.max < 1)
				return cmd_usage_error(usage, "-n needs a positive number");
			break;
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
	/* One case's log straight from the caches when they can answer: it
	 * saves the start of libgit2, most of the time of this command. */
	if (optind < argc && (err = cc_view_log_peek(ctx->dir, argv[optind], &flt, f, stdout)) <= 0)
		return err ? cmd_fail(err) : 0;
	err = 0;
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (optind < argc && !(err = cc_case_resolve(s, argv[optind], id)))
		flt.id = id;
	if (!err)
		err = cc_view_log(s, &flt, f, stdout);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
