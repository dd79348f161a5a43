/* cmd-monitor.c - casectl monitor CASE: a contact or meeting in the journal */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "casectl/ops/monitor.h"
#include "cmd.h"
#include "edit-draft.h"

static const char usage[] =
	"monitor CASE [-m TEXT] [--kind KIND] [--with WHO]... [--minutes N]\n"
	"                       [--date DATE] [--goal G --progress STATE]...\n"
	"                       [--client-present | --client-absent REASON]\n"
	"                       [--next-review DATE] [--force REASON]";

struct commit_ctx {
	const char *input;
	const cc_monitor_opts *o;
	char file[CC_EVENT_NAME_MAX];
};

static int commit_text(cc_store *s, const char *text, size_t len, void *payload)
{
	struct commit_ctx *c = payload;
	int err = cc_monitor_commit(s, c->input, c->o, text, len, c->file);

	if (!err)
		printf("%s\n", c->file);
	return err;
}

CMD(monitor)
{
	static const struct option opts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "kind", required_argument, NULL, 'k' },
		{ "with", required_argument, NULL, 'w' },
		{ "minutes", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'D' },
		{ "goal", required_argument, NULL, 'g' },
		{ "progress", required_argument, NULL, 'p' },
		{ "client-present", no_argument, NULL, 'P' },
		{ "client-absent", required_argument, NULL, 'A' },
		{ "next-review", required_argument, NULL, 'R' },
		{ "force", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_monitor_opts o;
	cc_progress *prog = NULL;
	const char **with = NULL;
	struct commit_ctx ctx2;
	cc_store *s = NULL;
	char *draft = NULL;
	size_t len, i, nwith = 0;
	int c, err = 0, rc = 0, presence = 0;

	memset(&o, 0, sizeof(o));
	o.client_present = -1;
	prog = calloc((size_t)argc + 1, sizeof(*prog));
	with = calloc((size_t)argc + 1, sizeof(*with));
	if (!prog || !with) {
		rc = cmd_fail(cc_error_set(CC_ENOMEM, "out of memory"));
		goto out;
	}
	o.progress = prog;
	o.with.v = with;
	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': o.message = optarg; break;
		case 'k': o.kind = optarg; break;
		case 'w': with[nwith++] = optarg; o.with.n = nwith; break;
		case 'n': o.minutes = optarg; break;
		case 'D': o.date = optarg; break;
		case 'g':
			prog[o.n_progress].goal = optarg;
			prog[o.n_progress++].state = NULL;
			break;
		case 'p':
			if (!o.n_progress || prog[o.n_progress - 1].state) {
				rc = cmd_usage_error(usage, "--progress %s: put it after the --goal "
					"it is for", optarg);
				goto out;
			}
			prog[o.n_progress - 1].state = optarg;
			break;
		case 'P': o.client_present = 1; presence++; break;
		case 'A': o.client_present = 0; o.absent_reason = optarg; presence++; break;
		case 'R': o.next_review = optarg; break;
		case 'f': o.force = optarg; break;
		default:
			rc = cmd_usage(usage);
			goto out;
		}
	}
	if (argc - optind != 1) {
		rc = cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							  : "too many arguments");
		goto out;
	}
	for (i = 0; i < o.n_progress; i++)
		if (!prog[i].state) {
			rc = cmd_usage_error(usage, "--goal %s needs --progress STATE after it "
				"(not-started, on-track, behind, blocked, done)", prog[i].goal);
			goto out;
		}
	if (presence > 1) {
		rc = cmd_usage_error(usage, "give --client-present or --client-absent REASON, "
			"not both");
		goto out;
	}
	if (o.force && !*o.force) {
		rc = cmd_usage_error(usage, "--force needs a reason");
		goto out;
	}
	if (!o.message && (err = cc_editor_check("give the note with -m TEXT"))) {
		rc = cmd_fail(err);
		goto out;
	}
	if ((rc = cmd_open_store(ctx, &s)))
		goto out;
	ctx2.input = argv[optind];
	ctx2.o = &o;
	if (o.message)
		err = commit_text(s, NULL, 0, &ctx2);
	else if ((err = cc_monitor_draft(s, argv[optind], &o, &draft, &len)) == 0)
		rc = cmd_edit_draft(s, "JOURNAL.md", draft, len, commit_text, &ctx2);
	if (err)
		rc = cmd_fail(err);
out:
	free(prog);
	free(with);
	free(draft);
	cc_store_free(s);
	return rc;
}
