/* cmd-team.c - casectl team CASE: the responsibility group and contact
 * overview */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/views/team-view.h"
#include "casectl/util/error.h"
#include "casectl/ops/team.h"
#include "casectl/views/view.h"
#include "cmd.h"

static const char usage[] =
	"team CASE [--format text|json]\n"
	"   or: casectl team CASE --add NAME [--role ROLE] [--org ORG] [--contact TEXT]\n"
	"                         [--topic TOPIC]... [--informal] [--guardian]\n"
	"                         [--add NAME [--role ROLE] ...]...\n"
	"   or: casectl team CASE --set TN [--name NAME] [--role ROLE] [--org ORG]\n"
	"                         [--contact TEXT] [--topic TOPIC]... [--informal | --professional]\n"
	"                         [--guardian | --no-guardian]\n"
	"   or: casectl team CASE --remove TN";

CMD(team)
{
	static const struct option opts[] = {
		{ "add", required_argument, NULL, 'a' },
		{ "set", required_argument, NULL, 's' },
		{ "remove", required_argument, NULL, 'x' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "contact", required_argument, NULL, 'c' },
		{ "topic", required_argument, NULL, 't' },
		{ "informal", no_argument, NULL, 'I' },
		{ "professional", no_argument, NULL, 'P' },
		{ "guardian", no_argument, NULL, 'G' },
		{ "no-guardian", no_argument, NULL, 'N' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const cc_team_opts none = { NULL, NULL, NULL, NULL, NULL, 0, 0, -1, -1 };
	cc_team_opts o = none, *members = NULL, *cur = &o;
	const char *set = NULL, *rm = NULL, **topics;
	cc_format f = CC_FMT_TEXT;
	int c, err = 0, rc, changes = 0, before_add = 0, named = 0, fmt = 0;
	size_t nadd = 0, ntopics = 0, i;
	cc_store *s = NULL;
	char (*ids)[16] = NULL;

	topics = calloc((size_t)argc + 1, sizeof(*topics));
	members = calloc((size_t)argc + 1, sizeof(*members));
	ids = calloc((size_t)argc + 1, sizeof(*ids));
	if (!topics || !members || !ids) {
		rc = cmd_fail(cc_error_set(CC_ENOMEM, "out of memory"));
		goto out;
	}
	o.topics = topics;
	/* Each --add takes the member options that follow it, up to the next
	 * --add; with a single --add, those before it count too. */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (strchr("nroctIPGN", c)) {
			changes++;
			if (!nadd)
				before_add++;
		}
		switch (c) {
		case 'a':
			if (nadd == 1 && before_add) {
				rc = cmd_usage_error(usage, "with several --add, give each member's "
					"options after its --add");
				goto out;
			}
			members[nadd] = nadd ? none : o;
			if (nadd)
				members[nadd].topics = topics + ntopics;
			members[nadd].name = optarg;
			cur = &members[nadd++];
			break;
		case 's': set = optarg; break;
		case 'x': rm = optarg; break;
		case 'n': cur->name = optarg; named++; break;
		case 'r': cur->role = optarg; break;
		case 'o': cur->organisation = optarg; break;
		case 'c': cur->contact = optarg; break;
		case 't':
			topics[ntopics++] = optarg;
			cur->ntopics++;
			cur->set_topics = 1;
			break;
		case 'I': cur->informal = 1; break;
		case 'P': cur->informal = 0; break;
		case 'G': cur->guardian = 1; break;
		case 'N': cur->guardian = 0; break;
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
	if (!!nadd + !!set + !!rm > 1) {
		rc = cmd_usage_error(usage, "give only one of --add, --set and --remove");
		goto out;
	}
	if ((nadd || set || rm) && fmt) {
		rc = cmd_usage_error(usage, "--format is for listing the team");
		goto out;
	}
	if ((!nadd && !set && changes) || (rm && changes)) {
		rc = cmd_usage_error(usage, "the member options go with --add or --set");
		goto out;
	}
	if (nadd && named) {
		rc = cmd_usage_error(usage, "--name is for --set; --add takes the name");
		goto out;
	}
	if (set && !changes) {
		rc = cmd_usage_error(usage, "nothing to change; give --name, --role, --org, "
			"--contact, --topic, --informal, --professional, --guardian or --no-guardian");
		goto out;
	}
	if ((rc = cmd_open_store(ctx, &s)))
		goto out;
	if (nadd) {
		if (!(err = cc_team_add_many(s, argv[optind], members, nadd, ids)))
			for (i = 0; i < nadd; i++)
				printf("%s\n", ids[i]);
	} else if (set) {
		err = cc_team_set(s, argv[optind], set, &o);
	} else if (rm) {
		err = cc_team_remove(s, argv[optind], rm);
	} else {
		err = cc_team_print(s, argv[optind], f, stdout);
	}
	rc = err ? cmd_fail(err) : 0;
out:
	free(topics);
	free(members);
	free(ids);
	cc_store_free(s);
	return rc;
}
