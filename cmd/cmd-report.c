/* cmd-report.c - casectl report [--since DATE] [--until DATE]
 *                               [--format text|json|html] [-o FILE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/date.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/views/report.h"
#include "cmd.h"

static const char usage[] =
	"report [--since DATE] [--until DATE] [--format text|json|html] [-o FILE]";


static int write_out(const char *path, const char *data, size_t len)
{
	int err = cc_write_output(path ? path : "-", data, len);

	return err ? cmd_fail(err) : 0;
}

CMD(report)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char since[CC_DATE_STRLEN], until[CC_DATE_STRLEN], *out = NULL;
	cc_report_period period = { NULL, NULL };
	cc_report_format f = CC_REPORT_TEXT;
	const char *output = NULL;
	cc_store *s = NULL;
	size_t len = 0;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if ((rc = cmd_date_arg(usage, "since", optarg, since)))
				return rc;
			period.since = since;
			break;
		case 'u':
			if ((rc = cmd_date_arg(usage, "until", optarg, until)))
				return rc;
			period.until = until;
			break;
		case 'F':
			if ((err = cc_report_format_parse(optarg, &f)))
				return cmd_usage_error(usage, "%s", cc_error_msg());
			break;
		case 'o':
			if (!*optarg)
				return cmd_usage_error(usage, "-o needs a file name");
			output = strcmp(optarg, "-") ? optarg : NULL;
			break;
		default:
			return cmd_usage(usage);
		}
	}
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if (period.since && period.until && strcmp(period.since, period.until) > 0)
		return cmd_usage_error(usage, "--since %s is after --until %s; swap them",
			period.since, period.until);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_report(s, &period, f, &out, &len);
	cc_store_free(s);
	if (err)
		return cmd_fail(err);
	rc = write_out(output, out, len);
	free(out);
	return rc;
}
