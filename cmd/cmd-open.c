/* cmd-open.c - casectl open: a new case from its intake */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "casectl/ops/intake.h"
#include "cmd.h"

static const char usage[] =
	"open [--client NAME] [--birth-date DATE] [--contact TEXT] [--manager WHO]\n"
	"                    [--referral SOURCE] [--referral-date DATE] [--reason TEXT]\n"
	"                    [--ref NUMBER] [--review DATE] [--mandate TEXT] [-m TEXT]";

CMD(open)
{
	static const struct option opts[] = {
		{ "client", required_argument, NULL, 'c' },
		{ "birth-date", required_argument, NULL, 'b' },
		{ "contact", required_argument, NULL, 'k' },
		{ "manager", required_argument, NULL, 'M' },
		{ "referral", required_argument, NULL, 'r' },
		{ "referral-date", required_argument, NULL, 'd' },
		{ "reason", required_argument, NULL, 'R' },
		{ "ref", required_argument, NULL, 'f' },
		{ "review", required_argument, NULL, 'v' },
		{ "message", required_argument, NULL, 'm' },
		{ "mandate", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_open_opts o = { 0 };
	cc_store *s = NULL;
	char id[CC_ID_LEN + 1], *draft = NULL, *text = NULL;
	size_t draft_len, len;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o.client = optarg; break;
		case 'b': o.birth_date = optarg; break;
		case 'k': o.contact = optarg; break;
		case 'M': o.manager = optarg; break;
		case 'A': o.mandate = optarg; break;
		case 'r': o.referral = optarg; break;
		case 'd': o.referral_date = optarg; break;
		case 'R': o.reason = optarg; break;
		case 'f': o.ref = optarg; break;
		case 'v': o.review = optarg; break;
		case 'm': o.message = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if (o.message && !o.client)
		return cmd_usage_error(usage, "a case needs the client's name; add --client NAME");
	if (!o.message && (err = cc_editor_check("give the client with --client and "
						 "the reason for case management with -m")))
		return cmd_fail(err);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if ((err = cc_intake_draft(s, &o, &draft, &draft_len)))
		goto out;
	if (o.message) {
		err = cc_intake_commit(s, draft, draft_len, id);
	} else {
		if ((err = cc_editor_edit_text(s, "OPEN_CASE.md", draft, draft_len, &text, &len)))
			goto out;
		len = cc_editor_strip_hints(text, len);
		err = cc_intake_commit(s, text, len, id);
		if (err && err != CC_ENOMEM) {
			char *kept = NULL;
			int kerr = err;
			fprintf(stderr, "error: %s\n", cc_error_msg());
			if (cc_editor_keep(s, "OPEN_CASE.md", text, len, &kept) == 0)
				fprintf(stderr, "hint: your text is kept in %s; fix it and open "
					"the case again\n", kept);
			free(kept);
			free(draft);
			free(text);
			cc_store_free(s);
			return kerr == CC_EUSAGE ? 2 : 1;
		}
	}
	if (!err)
		printf("%s\n", id);
out:
	free(draft);
	free(text);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
