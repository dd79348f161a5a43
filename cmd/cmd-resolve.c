/* cmd-resolve.c - casectl resolve: choose between the sides of a conflict */
#include <stdio.h>

#include "casectl/error.h"
#include "casectl/sync.h"
#include "cmd.h"

static const char usage[] = "resolve CASE (--ours | --theirs | KEY=VALUE...)";

CMD(resolve)
{
	static const struct option opts[] = {
		{ "ours", no_argument, NULL, 'o' },
		{ "theirs", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	const char *input;
	char id[16];
	int c, err, rc, mode = CC_RESOLVE_ASSIGN;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'o' && mode != CC_RESOLVE_THEIRS)
			mode = CC_RESOLVE_OURS;
		else if (c == 't' && mode != CC_RESOLVE_OURS)
			mode = CC_RESOLVE_THEIRS;
		else if (c == 'o' || c == 't')
			return cmd_usage_error(usage, "--ours and --theirs exclude each other");
		else
			return cmd_usage(usage);
	}
	if (optind >= argc)
		return cmd_usage_error(usage, "which case? give its ID");
	input = argv[optind++];
	if (mode != CC_RESOLVE_ASSIGN && optind < argc)
		return cmd_usage_error(usage, "KEY=VALUE cannot be given with --ours or --theirs");
	if (mode == CC_RESOLVE_ASSIGN && optind >= argc)
		return cmd_usage_error(usage, "say how to resolve: --ours, --theirs or KEY=VALUE "
			"(or edit the file with 'casectl edit %s' and remove its conflict map)", input);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_resolve(s, input, mode, argv + optind, (size_t)(argc - optind), id);
	if (!err)
		printf("%s\n", id);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
