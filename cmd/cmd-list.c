/* cmd-list.c - casectl list [filters] [--format text|json] */
#include <stdio.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/views/view.h"
#include "cmd.h"

static const char usage[] =
	"list [--status open|closed|all | --all] [--phase PHASE] [--manager WHO] [--mine]\n"
	"                    [--format text|json]";

static const char *const phases[] = {
	"intake", "assessment", "planning", "linking", "monitoring", "evaluation", "closed", NULL
};

CMD(list)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "phase", required_argument, NULL, 'p' },
		{ "manager", required_argument, NULL, 'M' },
		{ "mine", no_argument, NULL, 'i' },
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_list_filter flt = { 0 };
	int status_given = 0;
	cc_format f = CC_FMT_TEXT;
	cc_store *s = NULL;
	int c, err, rc, ok;
	size_t i;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (strcmp(optarg, "open") && strcmp(optarg, "closed") && strcmp(optarg, "all"))
				return cmd_usage_error(usage,
					"unknown status '%s'; use open, closed or all", optarg);
			flt.status = strcmp(optarg, "all") ? optarg : NULL;
			status_given = 1;
			break;
		case 'p':
			for (ok = 0, i = 0; phases[i]; i++)
				ok |= !strcmp(phases[i], optarg);
			if (!ok)
				return cmd_usage_error(usage, "unknown phase '%s'; use one of "
					"intake, assessment, planning, linking, monitoring, "
					"evaluation, closed", optarg);
			flt.phase = optarg;
			break;
		case 'M': flt.manager = optarg; break;
		case 'i': flt.mine = 1; break;
		case 'a': flt.status = NULL; status_given = 1; break;
		case 'F':
			if ((err = cc_format_parse(optarg, &f)))
				return cmd_fail(err);
			break;
		default:
			return cmd_usage(usage);
		}
	}
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	/* open cases unless asked otherwise; --phase closed implies them */
	if (!status_given && !(flt.phase && !strcmp(flt.phase, "closed")))
		flt.status = "open";
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_view_list(s, &flt, f, stdout);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
