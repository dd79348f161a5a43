/* cmd-export.c - casectl export: everything about a case, for the client */
#include <stdio.h>

#include "casectl/util/error.h"
#include "casectl/views/export.h"
#include "cmd.h"

static const char usage[] = "export CASE -o DIR";

CMD(export)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	const char *dir = NULL;
	size_t n = 0;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'o')
			dir = optarg;
		else
			return cmd_usage(usage);
	}
	if (optind >= argc)
		return cmd_usage_error(usage, "which case? give its ID");
	if (argc - optind > 1)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind + 1]);
	if (!dir)
		return cmd_usage_error(usage, "give the folder to write to with -o DIR");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_export(s, argv[optind], dir, &n);
	if (!err)
		printf("exported %zu file%s of case '%s' to %s\n", n, n == 1 ? "" : "s",
			argv[optind], dir);
	rc = err ? cmd_fail(err) : 0;
	cc_store_free(s);
	return rc;
}
