/* casectl.c - the program: global options and the command table */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/error.h"
#include "casectl/util/signals.h"
#include "casectl/util/text.h"
#include "cmd.h"

/* The table 'casectl help' prints, grouped like git's. */
const cmd_entry cmd_table[] = {
	{ "init", cmd_init, "start a case store", "create a new case store" },
	{ "open", cmd_open, "work through a case", "open a case (intake)" },
	{ "assess", cmd_assess, "work through a case", "record a (re)assessment: needs, resources, risks" },
	{ "plan", cmd_plan, "work through a case", "the individual plan: goals, steps, crisis plan; print it" },
	{ "link", cmd_link, "work through a case", "link the client to a service or an informal support" },
	{ "monitor", cmd_monitor, "work through a case", "note a contact or meeting in the journal" },
	{ "evaluate", cmd_evaluate, "work through a case", "evaluate the goals and decide what next" },
	{ "close", cmd_close, "work through a case", "close a case after an evaluation decided so" },
	{ "reopen", cmd_reopen, "work through a case", "reopen a closed case" },
	{ "show", cmd_show, "look at cases", "show one case" },
	{ "list", cmd_list, "look at cases", "list cases, with filters" },
	{ "log", cmd_log, "look at cases", "the audit trail of the store or a case" },
	{ "diff", cmd_diff, "look at cases", "what changed in a case, between two points in time" },
	{ "due", cmd_due, "look at cases", "what is due or overdue: for the morning cron job" },
	{ "check", cmd_check, "look at cases", "validate every file of the store" },
	{ "report", cmd_report, "look at cases", "programme evaluation: cases, phases, goals, referrals, costs" },
	{ "edit", cmd_edit, "change by hand", "edit a case file in your editor and commit it" },
	{ "commit", cmd_commit, "change by hand", "validate and commit hand edits" },
	{ "import", cmd_import, "change by hand", "bring cases in bulk from JSON Lines" },
	{ "hooks", cmd_hooks, "change by hand", "install the git hook that checks hand commits" },
	{ "team", cmd_team, "around the case", "the responsibility group and contact overview" },
	{ "consent", cmd_consent, "around the case", "record, withdraw and list the client's consents" },
	{ "service", cmd_service, "around the case", "the service directory and its free places" },
	{ "ecomap", cmd_ecomap, "around the case", "the client's network as a Graphviz graph" },
	{ "handover", cmd_handover, "around the case", "hand the case over to another case manager" },
	{ "verify", cmd_verify, "privacy and trust", "check every commit's signature against the allowed signers" },
	{ "export", cmd_export, "privacy and trust", "everything about a case, for the client (right of access)" },
	{ "remote", cmd_remote, "share a store", "the git remotes the store syncs with" },
	{ "sync", cmd_sync, "share a store", "fetch, merge and push the store through a git remote" },
	{ "resolve", cmd_resolve, "share a store", "choose between the two sides of a sync conflict" },
	{ "erase", cmd_erase, "privacy and trust", "remove a case from the whole history (right to erasure)" },
	{ "retention", cmd_retention, "privacy and trust", "closed cases past their retention, and holds" },
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

static int run(int argc, char **argv)
{
	cc_ctx ctx = { NULL };
	const cmd_entry *e;
	int i = 1;

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
	/* "casectl CMD --help" is "casectl help CMD", as in git */
	for (int k = i + 1; k < argc && strcmp(argv[k], "--"); k++)
		if (!strcmp(argv[k], "--help")) {
			char *hargv[] = { "help", argv[i], NULL };
			return cmd_help(2, hargv, &ctx);
		}
	cmd_getopt_reset();
	return e->fn(argc - i, argv + i, &ctx);
}

int main(int argc, char **argv)
{
	FILE *raw_out = stdout, *raw_err = stderr, *out, *err;
	int rc;

	/* case records are special-category data: nothing we create is
	 * readable by others, whatever the caller's umask */
	umask(077);
	/* a signal that stops casectl says so, and reaches git or ssh first */
	cc_signals_install();
	/* values come from colleagues and files: whatever casectl prints
	 * goes through one escaping of control characters (text.h), so
	 * that no value can drive the terminal or the cron mail */
	out = cc_text_stream(STDOUT_FILENO, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	err = cc_text_stream(STDERR_FILENO, _IONBF);
	if (out)
		stdout = out;
	if (err)
		stderr = err;
	rc = run(argc, argv);
	if (out && fclose(out) != 0 && !rc)
		rc = 1;
	stdout = raw_out;
	if (err)
		fclose(err);
	stderr = raw_err;
	return rc;
}
