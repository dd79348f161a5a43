/* casectl.c - the program: global options and the command table */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "casectl/error.h"
#include "cmd.h"

/* The table 'casectl help' prints, grouped like git's. */
const cmd_entry cmd_table[] = {
	{ "init", cmd_init, "start a case store", "create a new case store" },
	{ "open", cmd_open, "work through a case", "open a case (intake)" },
	{ "show", cmd_show, "look at cases", "show one case" },
	{ "list", cmd_list, "look at cases", "list cases, with filters" },
	{ "log", cmd_log, "look at cases", "the audit trail of the store or a case" },
	{ "check", cmd_check, "look at cases", "validate every file of the store" },
	{ "edit", cmd_edit, "change by hand", "edit a case file in your editor and commit it" },
	{ "commit", cmd_commit, "change by hand", "validate and commit hand edits" },
	{ "help", cmd_help, "get help", "show help for casectl or a command" },
	{ NULL, NULL, NULL, NULL }
};

const cmd_entry *cmd_lookup(const char *name)
{
	const cmd_entry *e;

	for (e = cmd_table; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

static const char usage_line[] =
	"usage: casectl [-C DIR] [--version] [--help] COMMAND [ARGS]\n";

int main(int argc, char **argv)
{
	cc_ctx ctx = { NULL };
	const cmd_entry *e;
	int i = 1;

	/* case records are special-category data: nothing we create is
	 * readable by others, whatever the caller's umask */
	umask(077);
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (!strcmp(a, "-C")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "error: -C needs a directory\n%s", usage_line);
				return 2;
			}
			ctx.dir = argv[i + 1];
			i += 2;
		} else if (!strncmp(a, "-C", 2)) {
			ctx.dir = a + 2;
			i++;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-v")) {
			printf("casectl version %s\n", CASECTL_VERSION);
			return 0;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			char *hargv[] = { "help", NULL };
			return cmd_help(1, hargv, &ctx);
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", a, usage_line);
			return 2;
		}
	}
	if (i >= argc) {
		char *hargv[] = { "help", NULL };
		cmd_help(1, hargv, &ctx);
		return 2;
	}
	e = cmd_lookup(argv[i]);
	if (!e) {
		fprintf(stderr, "error: '%s' is not a casectl command; see 'casectl help'\n",
			argv[i]);
		return 2;
	}
	cmd_getopt_reset();
	return e->fn(argc - i, argv + i, &ctx);
}
