/* cmd-evaluate.c - casectl evaluate CASE --decision D: an evaluation */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "casectl/ops/evaluate.h"
#include "cmd.h"
#include "edit-draft.h"

static const char usage[] =
	"evaluate CASE --decision continue|replan|step-down|refer|close\n"
	"                        [--goal G=OUTCOME]... [--client-view TEXT]\n"
	"                        [--worker-view TEXT] [--date DATE] [-m TEXT]\n"
	"                        [--force REASON]";

struct commit_ctx {
	const char *input;
	const cc_evaluate_opts *o;
	char file[CC_EVENT_NAME_MAX];
};

static int commit_text(cc_store *s, const char *text, size_t len, void *payload)
{
	struct commit_ctx *c = payload;
	int err = cc_evaluate_commit(s, c->input, c->o, text, len, c->file);

	if (!err)
		printf("%s\n", c->file);
	return err;
}

CMD(evaluate)
{
	static const struct option opts[] = {
		{ "decision", required_argument, NULL, 'd' },
		{ "goal", required_argument, NULL, 'g' },
		{ "client-view", required_argument, NULL, 'c' },
		{ "worker-view", required_argument, NULL, 'w' },
		{ "date", required_argument, NULL, 'D' },
		{ "message", required_argument, NULL, 'm' },
		{ "force", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_evaluate_opts o;
	cc_outcome *outs = NULL;
	struct commit_ctx ctx2;
	cc_store *s = NULL;
	char *draft = NULL;
	size_t len;
	int c, err = 0, rc = 0;

	memset(&o, 0, sizeof(o));
	if (!(outs = calloc((size_t)argc + 1, sizeof(*outs)))) {
		rc = cmd_fail(cc_error_set(CC_ENOMEM, "out of memory"));
		goto out;
	}
	o.outcomes = outs;
	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.decision = optarg; break;
		case 'g':
			if ((err = cc_outcome_parse(optarg, &outs[o.n_outcomes]))) {
				rc = cmd_usage_error(usage, "%s", cc_error_msg());
				goto out;
			}
			o.n_outcomes++;
			break;
		case 'c': o.client_view = optarg; break;
		case 'w': o.worker_view = optarg; break;
		case 'D': o.date = optarg; break;
		case 'm': o.message = optarg; break;
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
	if (!o.decision) {
		rc = cmd_usage_error(usage, "an evaluation needs a decision: give --decision "
			"continue, replan, step-down, refer or close");
		goto out;
	}
	if (o.force && !*o.force) {
		rc = cmd_usage_error(usage, "--force needs a reason");
		goto out;
	}
	if (!o.message && !o.client_view && !o.worker_view &&
	    (err = cc_editor_check("say what changed with -m TEXT, --client-view TEXT or "
				   "--worker-view TEXT"))) {
		rc = cmd_fail(err);
		goto out;
	}
	if ((rc = cmd_open_store(ctx, &s)))
		goto out;
	ctx2.input = argv[optind];
	ctx2.o = &o;
	if (o.message || o.client_view || o.worker_view)
		err = commit_text(s, NULL, 0, &ctx2);
	else if ((err = cc_evaluate_draft(s, argv[optind], &o, &draft, &len)) == 0)
		rc = cmd_edit_draft(s, "EVALUATION.md", draft, len, commit_text, &ctx2);
	if (err)
		rc = cmd_fail(err);
out:
	free(outs);
	free(draft);
	cc_store_free(s);
	return rc;
}
