/* cmd-ecomap.c - casectl ecomap CASE: the client's network as DOT */
#include <stdio.h>

#include "casectl/views/ecomap.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] = "ecomap CASE";

CMD(ecomap)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return cmd_usage(usage);
	if (argc - optind != 1)
		return cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							       : "too many arguments");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_ecomap_write(s, argv[optind], stdout);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
