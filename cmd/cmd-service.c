/* cmd-service.c - casectl service add|list|show|edit: the directory */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/views/service-view.h"
#include "casectl/util/error.h"
#include "casectl/ops/service.h"
#include "casectl/views/view.h"
#include "cmd.h"

static const char usage[] =
	"service list [--format text|json]\n"
	"   or: casectl service show SLUG [--format text|json]\n"
	"   or: casectl service add NAME [--org ORG] [--contact TEXT] [--area AREA]\n"
	"                           [--offers X]... [--places N] [--updated DATE] [--slug SLUG]\n"
	"   or: casectl service edit SLUG [--name NAME] [--org ORG] [--contact TEXT]\n"
	"                           [--area AREA] [--offers X]... [--places N] [--updated DATE]";

CMD(service)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "org", required_argument, NULL, 'o' },
		{ "contact", required_argument, NULL, 'c' },
		{ "area", required_argument, NULL, 'a' },
		{ "offers", required_argument, NULL, 'O' },
		{ "places", required_argument, NULL, 'p' },
		{ "updated", required_argument, NULL, 'u' },
		{ "slug", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_service_opts o;
	cc_format f = CC_FMT_TEXT;
	const char *sub, **offers;
	int c, err = 0, rc, changes = 0, fmt = 0, nargs;
	cc_store *s = NULL;
	char slug[CC_SLUG_MAX];

	memset(&o, 0, sizeof(o));
	offers = calloc((size_t)argc + 1, sizeof(*offers));
	if (!offers)
		return cmd_fail(cc_error_set(CC_ENOMEM, "out of memory"));
	o.offers = offers;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': o.name = optarg; changes++; break;
		case 'o': o.organisation = optarg; changes++; break;
		case 'c': o.contact = optarg; changes++; break;
		case 'a': o.area = optarg; changes++; break;
		case 'O': offers[o.noffers++] = optarg; o.set_offers = 1; changes++; break;
		case 'p': o.places = optarg; changes++; break;
		case 'u': o.updated = optarg; changes++; break;
		case 's': o.slug = optarg; changes++; break;
		case 'F':
			fmt = 1;
			if ((err = cc_format_parse(optarg, &f))) {
				free(offers);
				return cmd_fail(err);
			}
			break;
		default:
			free(offers);
			return cmd_usage(usage);
		}
	}
	rc = 2;
	if (optind >= argc) {
		cmd_usage_error(usage, "which subcommand? add, list, show or edit");
		goto out;
	}
	sub = argv[optind];
	nargs = argc - optind - 1;
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "show") &&
	    strcmp(sub, "edit")) {
		cmd_usage_error(usage, "unknown subcommand '%s'; use add, list, show or edit", sub);
		goto out;
	}
	if (nargs != (strcmp(sub, "list") ? 1 : 0)) {
		cmd_usage_error(usage, nargs ? "too many arguments" : !strcmp(sub, "add") ?
			"the service needs a name" : "which service? give its slug");
		goto out;
	}
	if ((!strcmp(sub, "list") || !strcmp(sub, "show")) && changes) {
		cmd_usage_error(usage, "'service %s' takes no options but --format", sub);
		goto out;
	}
	if ((!strcmp(sub, "add") || !strcmp(sub, "edit")) && fmt) {
		cmd_usage_error(usage, "--format is for list and show");
		goto out;
	}
	if (!strcmp(sub, "add") && o.name) {
		cmd_usage_error(usage, "'service add' takes the name as its argument");
		goto out;
	}
	if (!strcmp(sub, "edit") && !changes) {
		cmd_usage_error(usage, "nothing to change; give --name, --org, --contact, "
			"--area, --offers, --places or --updated");
		goto out;
	}
	if ((rc = cmd_open_store(ctx, &s)))
		goto out;
	if (!strcmp(sub, "list")) {
		err = cc_service_list(s, f, stdout);
	} else if (!strcmp(sub, "show")) {
		err = cc_service_show(s, argv[optind + 1], f, stdout);
	} else if (!strcmp(sub, "add")) {
		o.name = argv[optind + 1];
		if (!(err = cc_service_add(s, &o, slug)))
			printf("%s\n", slug);
	} else {
		err = cc_service_edit(s, argv[optind + 1], &o, slug);
	}
	rc = err ? cmd_fail(err) : 0;
out:
	free(offers);
	cc_store_free(s);
	return rc;
}
