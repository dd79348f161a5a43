/* cmd-retention.c - casectl retention: cases to erase, and holds */
#include <stdio.h>
#include <string.h>

#include "casectl/views/retention-view.h"
#include "casectl/store/erase.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] =
	"retention [--format text|json]\n"
	"   or: casectl retention hold CASE --reason TEXT\n"
	"   or: casectl retention hold CASE --release [--reason TEXT]";

CMD(retention)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "reason", required_argument, NULL, 'r' },
		{ "release", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	const char *reason = NULL, *fmt = "text";
	size_t n = 0;
	int c, err, rc, release = 0, json;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'F': fmt = optarg; break;
		case 'r': reason = optarg; break;
		case 'R': release = 1; break;
		default: return cmd_usage(usage);
		}
	}
	if (strcmp(fmt, "text") && strcmp(fmt, "json"))
		return cmd_usage_error(usage, "unknown format '%s'; use text or json", fmt);
	json = !strcmp(fmt, "json");
	if (optind < argc) {
		if (strcmp(argv[optind], "hold"))
			return cmd_usage_error(usage, "unknown subcommand '%s'", argv[optind]);
		if (argc - optind != 2)
			return cmd_usage_error(usage, "retention hold needs one CASE");
		if (!release && !reason)
			return cmd_usage_error(usage, "a hold needs --reason TEXT");
		if ((rc = cmd_open_store(ctx, &s)))
			return rc;
		err = cc_retention_hold(s, argv[optind + 1], !release, reason);
		if (!err)
			printf("%s case '%s'\n", release ? "released the hold of" : "holding",
				argv[optind + 1]);
	} else {
		if (release || reason)
			return cmd_usage_error(usage, "--reason and --release go with 'hold'");
		if ((rc = cmd_open_store(ctx, &s)))
			return rc;
		err = cc_retention_list(s, json, stdout, &n);
	}
	rc = err ? cmd_fail(err) : 0;
	cc_store_free(s);
	return rc;
}
