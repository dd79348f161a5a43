/* cmd-help.c - casectl help [COMMAND]: the command list or a man page */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/util/error.h"
#include "cmd.h"

static void list_commands(FILE *out)
{
	const cmd_entry *e, *g;
	const char *group;

	fprintf(out, "usage: casectl [-C DIR] [--version] [--help] COMMAND [ARGS]\n\n"
		"These are the casectl commands:\n");
	for (g = cmd_table; g->name; g++) {
		group = g->group;
		/* print each group once, at its first command */
		for (e = cmd_table; e < g; e++)
			if (!strcmp(e->group, group))
				break;
		if (e < g)
			continue;
		fprintf(out, "\n%s\n", group);
		for (e = g; e->name; e++)
			if (!strcmp(e->group, group))
				fprintf(out, "   %-10s %s\n", e->name, e->summary);
	}
	fprintf(out, "\nSee 'casectl help COMMAND' for the manual of one command, and\n"
		"'casectl help case' for the format of the case files.\n");
}

/* Where the page is: next to the binary in the source tree (build/..),
 * else the installed man directory. */
static int find_page(const char *page, const char *section, char *out, size_t size)
{
	char exe[PATH_MAX - 128], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *const rel[] = { "/../man/", "/../../man/", NULL };
	size_t i;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (i = 0; rel[i]; i++) {
			snprintf(out, size, "%s%s%s.%s", exe, rel[i], page, section);
			if (access(out, R_OK) == 0)
				return 0;
		}
	}
	snprintf(out, size, "%s/man%s/%s.%s", CASECTL_MANDIR, section, page, section);
	return access(out, R_OK) == 0 ? 0 : -1;
}

CMD(help)
{
	char page[64], path[PATH_MAX + 256];
	const char *section = "1";
	pid_t pid;
	int status;

	if (argc < 2) {
		list_commands(stdout);
		return 0;
	}
	if (argc > 2)
		return cmd_usage("help [COMMAND]");
	if (!strcmp(argv[1], "case") || !strcmp(argv[1], "format")) {
		snprintf(page, sizeof(page), "casectl-case");
		section = "5";
	} else if (!strcmp(argv[1], "casectl")) {
		snprintf(page, sizeof(page), "casectl");
	} else if (cmd_lookup(argv[1])) {
		snprintf(page, sizeof(page), "casectl-%s", argv[1]);
	} else {
		fprintf(stderr, "error: '%s' is not a casectl command; see 'casectl help'\n",
			argv[1]);
		return 2;
	}
	if (find_page(page, section, path, sizeof(path))) {
		fprintf(stderr, "error: no manual page '%s(%s)' is installed; run 'make install' "
			"or read man/%s.%s\n", page, section, page, section);
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execlp("man", "man", "-l", path, (char *)NULL);
		fprintf(stderr, "error: cannot run man: %s; the page is %s\n",
			strerror(errno), path);
		_exit(1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
