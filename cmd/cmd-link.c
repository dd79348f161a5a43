/* cmd-link.c - casectl link CASE SERVICE: link the client to a service
 * or an informal support, or move a link along its statuses */
#include <stdio.h>

#include "casectl/util/error.h"
#include "casectl/model/link.h"
#include "cmd.h"

static const char usage[] =
	"link CASE SERVICE [--goal G] [--informal] [--status STATUS] [--waitlist]\n"
	"                    [--legal-basis TEXT] [--force REASON]";

CMD(link)
{
	static const struct option opts[] = {
		{ "goal", required_argument, NULL, 'g' },
		{ "informal", no_argument, NULL, 'I' },
		{ "status", required_argument, NULL, 's' },
		{ "waitlist", no_argument, NULL, 'w' },
		{ "legal-basis", required_argument, NULL, 'L' },
		{ "force", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_link_opts o = { NULL, NULL, 0, NULL, 0, NULL, NULL };
	cc_store *s = NULL;
	char name[80];
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'g': o.goal = optarg; break;
		case 'I': o.informal = 1; break;
		case 's': o.status = optarg; break;
		case 'w': o.waitlist = 1; break;
		case 'L': o.legal_basis = optarg; break;
		case 'f': o.force = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error(usage, argc - optind < 2 ?
			"give the case and the service (or, with --informal, a name)" :
			"too many arguments; quote a name with spaces");
	if (o.force && !*o.force)
		return cmd_usage_error(usage, "--force needs a reason");
	if (o.legal_basis && !*o.legal_basis)
		return cmd_usage_error(usage, "--legal-basis needs the text of the legal basis");
	if (o.goal && !*o.goal)
		return cmd_usage_error(usage, "--goal needs a goal ID from the plan");
	o.service = argv[optind + 1];
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (!(err = cc_link(s, argv[optind], &o, name)))
		printf("%s\n", name);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
