/* cmd-sync.c - casectl sync: fetch, merge and push through a git remote */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/settings.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "cmd.h"

static const char usage[] =
	"sync [--quiet] [--allow-deletes] [--timeout SECONDS] [REMOTE]";

/* What the sync deleted here: one line per case and per other file on
 * stdout, and one warning line with the count and the IDs on stderr. */
static void report_deletes(const cc_sync_result *r, int quiet)
{
	size_t i;

	for (i = 0; !quiet && i < r->ndeleted_cases; i++)
		printf("deleted: case %s\n", r->deleted_cases[i]);
	for (i = 0; !quiet && i < r->ndeleted_files; i++)
		printf("deleted: %s\n", r->deleted_files[i]);
	if (!r->ndeleted_cases)
		return;
	fflush(stdout);
	fprintf(stderr, "warning: this sync deleted %zu case%s:", r->ndeleted_cases,
		r->ndeleted_cases == 1 ? "" : "s");
	for (i = 0; i < r->ndeleted_cases && i < 20; i++)
		fprintf(stderr, "%s %s", i ? "," : "", r->deleted_cases[i]);
	if (r->ndeleted_cases > 20)
		fprintf(stderr, " and %zu more", r->ndeleted_cases - 20);
	fputc('\n', stderr);
}

CMD(sync)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "allow-deletes", no_argument, NULL, 'D' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_sync_opts so = { 0, 0 };
	cc_merge_hooks hooks = { cc_merge_file, cc_merge_mark_deleted, cc_settings_check, NULL };
	cc_sync_result res;
	char *end;
	long n;
	cc_store *s = NULL;
	const char *remote = NULL;
	char *dflt = NULL;
	size_t i;
	int c, err, rc, quiet = 0;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (c == 'q') {
			quiet = 1;
		} else if (c == 'D') {
			so.allow_deletes = 1;
		} else if (c == 'T') {
			n = strtol(optarg, &end, 10);
			if (end == optarg || *end || n < 1 || n > 86400)
				return cmd_usage_error(usage, "--timeout must be a whole number of "
					"seconds from 1 to 86400, not '%s'", optarg);
			so.timeout = (int)n;
		} else {
			return cmd_usage(usage);
		}
	}
	if (optind < argc)
		remote = argv[optind++];
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (!remote && (err = cc_store_remote_default(s, &dflt)) != 0) {
		cc_store_free(s);
		return cmd_fail(err);
	}
	if (!remote)
		remote = dflt;
	hooks.payload = (void *)remote;
	err = cc_store_sync(s, remote, &hooks, &so, &res);
	if (!err && res.said)   /* as git push shows a hook's words */
		fprintf(stderr, "%s\n", res.said);
	if (!err && !quiet) {
		printf("%zu case%s received, %zu case%s sent%s",
			res.received, res.received == 1 ? "" : "s",
			res.sent, res.sent == 1 ? "" : "s",
			res.merged ? " (merged)" : res.fast_forward ? " (fast-forward)" : "");
		if (res.attempts > 1)   /* someone else pushed first meanwhile */
			printf(" after %d rounds", res.attempts);
		putchar('\n');
	}
	if (!err)
		report_deletes(&res, quiet);
	for (i = 0; i < res.nconflicted; i++) {
		if (strchr(res.conflicted[i], '.'))   /* a file outside the cases */
			printf("conflict: %s; edit it and run 'casectl commit'\n",
				res.conflicted[i]);
		else
			printf("conflict: %s; run 'casectl resolve %s'\n", res.conflicted[i],
				res.conflicted[i]);
	}
	rc = err ? cmd_fail(err) : 0;
	if (!err && res.nconflicted) {
		fprintf(stderr, "%zu case%s need%s a person to choose; "
			"see 'casectl check'\n", res.nconflicted,
			res.nconflicted == 1 ? "" : "s", res.nconflicted == 1 ? "s" : "");
		rc = 0;
	}
	cc_sync_result_free(&res);
	free(dflt);
	cc_store_free(s);
	return rc;
}
