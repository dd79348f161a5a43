/* cmd-assess.c - casectl assess CASE: a new (re)assessment */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/views/assess-view.h"
#include "casectl/views/view.h"
#include "casectl/ops/assess.h"
#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "cmd.h"
#include "edit-draft.h"

static const char usage[] =
	"assess CASE [--client-need TEXT]... [--need TEXT]...\n"
	"                      [--personal TEXT]... [--social TEXT]... [--community TEXT]...\n"
	"                      [--strength TEXT]... [--works TEXT]... [--risk TEXT]...\n"
	"                      [--domain NAME]... [--with-client | --without-client]\n"
	"                      [--date DATE] [-m TEXT]\n"
	"   or: casectl assess CASE --list [--format text|json]";

struct commit_ctx {
	const char *input;
	const cc_assess_opts *o;
	char file[CC_EVENT_NAME_MAX];
};

static int commit_text(cc_store *s, const char *text, size_t len, void *payload)
{
	struct commit_ctx *c = payload;
	int err = cc_assess_commit(s, c->input, c->o, text, len, c->file);

	if (!err)
		printf("%s\n", c->file);
	return err;
}

CMD(assess)
{
	static const struct option opts[] = {
		{ "client-need", required_argument, NULL, 'C' },
		{ "need", required_argument, NULL, 'N' },
		{ "personal", required_argument, NULL, 'P' },
		{ "social", required_argument, NULL, 'S' },
		{ "community", required_argument, NULL, 'Y' },
		{ "strength", required_argument, NULL, 's' },
		{ "works", required_argument, NULL, 'w' },
		{ "risk", required_argument, NULL, 'r' },
		{ "domain", required_argument, NULL, 'd' },
		{ "with-client", no_argument, NULL, 'i' },
		{ "without-client", no_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "message", required_argument, NULL, 'm' },
		{ "list", no_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char keys[] = "CNPSYswrd";
	cc_assess_opts o;
	cc_strlist *lists[9];
	const char **vals[9] = { NULL };
	struct commit_ctx ctx2;
	cc_format f = CC_FMT_TEXT;
	cc_store *s = NULL;
	char *draft = NULL;
	size_t len, k;
	int c, err = 0, rc = 0, list = 0, fmt = 0, with = 0, other = 0;

	memset(&o, 0, sizeof(o));
	lists[0] = &o.client_needs; lists[1] = &o.needs; lists[2] = &o.personal;
	lists[3] = &o.social; lists[4] = &o.community; lists[5] = &o.strengths;
	lists[6] = &o.works; lists[7] = &o.risks; lists[8] = &o.domains;
	for (k = 0; k < 9; k++) {
		if (!(vals[k] = calloc((size_t)argc + 1, sizeof(*vals[k])))) {
			rc = cmd_fail(cc_error_set(CC_ENOMEM, "out of memory"));
			goto out;
		}
		lists[k]->v = vals[k];
	}
	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		const char *p = strchr(keys, c);
		if (c && p) {
			k = (size_t)(p - keys);
			vals[k][lists[k]->n++] = optarg;
			other = 1;
			continue;
		}
		switch (c) {
		case 'i': o.without_client = 0; with++; break;
		case 'o': o.without_client = 1; with++; break;
		case 'D': o.date = optarg; other = 1; break;
		case 'm': o.message = optarg; other = 1; break;
		case 'l': list = 1; break;
		case 'F':
			fmt = 1;
			if ((err = cc_format_parse(optarg, &f))) {
				rc = cmd_fail(err);
				goto out;
			}
			break;
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
	if (list && (other || with)) {
		rc = cmd_usage_error(usage, "--list shows the assessments; it takes no other "
			"options than --format");
		goto out;
	}
	if (fmt && !list) {
		rc = cmd_usage_error(usage, "--format goes with --list");
		goto out;
	}
	if (with > 1) {
		rc = cmd_usage_error(usage, "give --with-client or --without-client, not both");
		goto out;
	}
	if (!list && !cc_assess_has_content(&o) &&
	    (err = cc_editor_check("give the needs with --client-need TEXT (as the client "
				   "sees them) or --need TEXT (as you assess them), and the "
				   "other options in 'casectl help assess'"))) {
		rc = cmd_fail(err);
		goto out;
	}
	if ((rc = cmd_open_store(ctx, &s)))
		goto out;
	ctx2.input = argv[optind];
	ctx2.o = &o;
	if (list) {
		err = cc_assess_list(s, argv[optind], f, stdout);
	} else if (cc_assess_has_content(&o)) {
		err = commit_text(s, NULL, 0, &ctx2);
	} else {
		if ((err = cc_assess_draft(s, argv[optind], &o, &draft, &len)) == 0)
			rc = cmd_edit_draft(s, "ASSESSMENT.md", draft, len, commit_text, &ctx2);
	}
	if (err)
		rc = cmd_fail(err);
out:
	for (k = 0; k < 9; k++)
		free(vals[k]);
	free(draft);
	cc_store_free(s);
	return rc;
}
