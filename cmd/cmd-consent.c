/* cmd-consent.c - casectl consent CASE: grant, withdraw, list */
#include <stdio.h>

#include "casectl/views/consent-view.h"
#include "casectl/ops/consent.h"
#include "casectl/util/error.h"
#include "casectl/views/view.h"
#include "cmd.h"

static const char usage[] =
	"consent CASE [--format text|json]\n"
	"   or: casectl consent CASE --grant --to ORG_OR_ROLE --what SCOPE [--expires DATE]\n"
	"   or: casectl consent CASE --withdraw CID";

CMD(consent)
{
	static const struct option opts[] = {
		{ "grant", no_argument, NULL, 'g' },
		{ "to", required_argument, NULL, 't' },
		{ "what", required_argument, NULL, 'w' },
		{ "expires", required_argument, NULL, 'e' },
		{ "withdraw", required_argument, NULL, 'W' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *to = NULL, *what = NULL, *expires = NULL, *withdraw = NULL;
	cc_format f = CC_FMT_TEXT;
	int c, err, rc, grant = 0, fmt = 0;
	cc_store *s = NULL;
	char id[8];

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'g': grant = 1; break;
		case 't': to = optarg; break;
		case 'w': what = optarg; break;
		case 'e': expires = optarg; break;
		case 'W': withdraw = optarg; break;
		case 'F':
			fmt = 1;
			if ((err = cc_format_parse(optarg, &f)))
				return cmd_fail(err);
			break;
		default: return cmd_usage(usage);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							       : "too many arguments");
	if (grant && withdraw)
		return cmd_usage_error(usage, "give --grant or --withdraw, not both");
	if ((grant || withdraw) && fmt)
		return cmd_usage_error(usage, "--format is for listing the consents");
	if (!grant && (to || what || expires))
		return cmd_usage_error(usage, "--to, --what and --expires go with --grant");
	if (grant && (!to || !*to || !what || !*what))
		return cmd_usage_error(usage, "a consent needs --to ORG_OR_ROLE (who may "
			"receive) and --what SCOPE (what may be shared)");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (grant) {
		if (!(err = cc_consent_grant(s, argv[optind], to, what, expires, id)))
			printf("%s\n", id);
	} else if (withdraw) {
		err = cc_consent_withdraw(s, argv[optind], withdraw);
	} else {
		err = cc_consent_print(s, argv[optind], f, stdout);
	}
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
