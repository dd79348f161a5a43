/* cmd-due.c - casectl due [--within DURATION] [--manager WHO] [--format text|json] */
#include <stdio.h>
#include <stdlib.h>

#include "casectl/views/due.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] = "due [--within DURATION] [--manager WHO | --mine] [--format text|json]";

CMD(due)
{
	static const struct option opts[] = {
		{ "within", required_argument, NULL, 'w' },
		{ "manager", required_argument, NULL, 'M' },
		{ "mine", no_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_due_filter flt = { { 0, 'd' }, NULL };
	cc_format f = CC_FMT_TEXT;
	cc_due *items = NULL;
	cc_store *s = NULL;
	char *me = NULL, *mail = NULL;
	int c, err, rc, mine = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (cc_duration_parse(optarg, &flt.within))
				return cmd_usage_error(usage, "%s", cc_error_msg());
			break;
		case 'M': flt.manager = optarg; break;
		case 'i': mine = 1; break;
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
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (mine && !(err = cc_store_identity(s, &me, &mail)))
		flt.manager = mail ? mail : me;
	if (!mine || flt.manager) {
		if (!(err = cc_due_collect(s, &flt, &items)))
			err = cc_due_print(items, f, stdout);
	}
	cc_due_free(items);
	free(me);
	free(mail);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
