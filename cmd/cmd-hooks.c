/* cmd-hooks.c - casectl hooks install|remove|status */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/error.h"
#include "casectl/store/hooks.h"
#include "cmd.h"

static const char usage[] = "hooks install [--force] | hooks remove | hooks status";

CMD(hooks)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	char exe[PATH_MAX];
	ssize_t n;
	int c, err = 0, rc, force = 0;
	const char *what;

	while ((c = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		if (c == 'f')
			force = 1;
		else
			return cmd_usage(usage);
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, "say install, remove or status");
	what = argv[optind];
	if (strcmp(what, "install") && strcmp(what, "remove") && strcmp(what, "status"))
		return cmd_usage_error(usage, "unknown hooks action '%s'", what);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (!strcmp(what, "install")) {
		/* the hook calls this very program, so it works off $PATH too */
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n > 0)
			exe[n] = '\0';
		else
			strcpy(exe, "casectl");
		if (!(err = cc_hooks_install(s, exe, force)))
			fprintf(stderr, "installed the pre-commit hook: plain 'git commit' now runs "
				"'casectl check --staged'\n");
	} else if (!strcmp(what, "remove")) {
		err = cc_hooks_remove(s);
	} else {
		printf("%s\n", cc_hooks_installed(s) ? "installed" : "not installed");
	}
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
