/* cmd-team.c - casectl team CASE: the responsibility group and contact
 * overview */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/error.h"
#include "casectl/team.h"
#include "casectl/view.h"
#include "cmd.h"

static const char usage[] =
	"team CASE [--format text|json]\n"
	"   or: casectl team CASE --add NAME [--role ROLE] [--org ORG] [--contact TEXT]\n"
	"                         [--topic TOPIC]... [--informal] [--guardian]\n"
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
	cc_team_opts o = { NULL, NULL, NULL, NULL, NULL, 0, 0, -1, -1 };
	const char *add = NULL, *set = NULL, *rm = NULL, **topics;
	cc_format f = CC_FMT_TEXT;
	int c, err = 0, rc, changes = 0, fmt = 0;
	cc_store *s = NULL;
	char id[16];

	topics = calloc((size_t)argc + 1, sizeof(*topics));
	if (!topics)
		return cmd_fail(cc_error_set(CC_ENOMEM, "out of memory"));
	o.topics = topics;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': add = optarg; break;
		case 's': set = optarg; break;
		case 'x': rm = optarg; break;
		case 'n': o.name = optarg; changes++; break;
		case 'r': o.role = optarg; changes++; break;
		case 'o': o.organisation = optarg; changes++; break;
		case 'c': o.contact = optarg; changes++; break;
		case 't': topics[o.ntopics++] = optarg; o.set_topics = 1; changes++; break;
		case 'I': o.informal = 1; changes++; break;
		case 'P': o.informal = 0; changes++; break;
		case 'G': o.guardian = 1; changes++; break;
		case 'N': o.guardian = 0; changes++; break;
		case 'F':
			fmt = 1;
			if ((err = cc_format_parse(optarg, &f))) {
				free(topics);
				return cmd_fail(err);
			}
			break;
		default:
			free(topics);
			return cmd_usage(usage);
		}
	}
	if (argc - optind != 1) {
		rc = cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							  : "too many arguments");
		goto out;
	}
	if (!!add + !!set + !!rm > 1) {
		rc = cmd_usage_error(usage, "give only one of --add, --set and --remove");
		goto out;
	}
	if ((add || set || rm) && fmt) {
		rc = cmd_usage_error(usage, "--format is for listing the team");
		goto out;
	}
	if ((!add && !set && changes) || (rm && changes)) {
		rc = cmd_usage_error(usage, "the member options go with --add or --set");
		goto out;
	}
	if (add && o.name) {
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
	if (add) {
		o.name = add;
		if (!(err = cc_team_add(s, argv[optind], &o, id)))
			printf("%s\n", id);
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
	cc_store_free(s);
	return rc;
}
