/* cmd-remote.c - casectl remote: the git remotes a store syncs with */
#include <stdio.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "cmd.h"

static const char usage[] = "remote [list] | remote add NAME URL";

CMD(remote)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	cc_remote *v = NULL;
	size_t n = 0, i;
	const char *sub;
	int c, err = 0, rc;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1)
		return cmd_usage(usage);
	sub = optind < argc ? argv[optind++] : "list";
	if (!strcmp(sub, "add")) {
		if (argc - optind != 2)
			return cmd_usage_error(usage, "'remote add' needs a NAME and a URL");
	} else if (!strcmp(sub, "list")) {
		if (optind < argc)
			return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	} else {
		return cmd_usage_error(usage, "unknown subcommand '%s'", sub);
	}
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (!strcmp(sub, "add")) {
		err = cc_store_remote_add(s, argv[optind], argv[optind + 1]);
	} else if (!(err = cc_store_remote_list(s, &v, &n))) {
		for (i = 0; i < n; i++)
			printf("%s\t%s\n", v[i].name, v[i].url);
		cc_remotes_free(v, n);
	}
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
