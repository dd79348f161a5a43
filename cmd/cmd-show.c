/* cmd-show.c - casectl show CASE [--format text|json] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "casectl/views/view.h"
#include "cmd.h"

static const char usage[] = "show CASE [--at DATE|REV] [--format text|json]";

CMD(show)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_format f = CC_FMT_TEXT;
	cc_store *s = NULL;
	cc_case *cs = NULL;
	char id[CC_ID_LEN + 1], rev[41], dir[CC_ID_DIR_MAX + 16], *buf = NULL;
	const char *at = NULL;
	size_t len;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if ((err = cc_format_parse(optarg, &f)))
				return cmd_fail(err);
			break;
		case 'a':
			at = optarg;
			break;
		default:
			return cmd_usage(usage);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							       : "too many arguments");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if ((err = cc_case_resolve(s, argv[optind], id)))
		goto out;
	if (at) {
		/* the case as it stood then: case.md of that commit */
		if ((err = cc_store_resolve_rev(s, at, rev)) || (err = cc_id_dir(id, dir)))
			goto out;
		snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/%s", CC_CASE_FILE);
		err = cc_store_read_at(s, rev, dir, &buf, &len);
		if (err == CC_ENOTFOUND)
			err = cc_error_set(CC_ENOTFOUND, "case '%s' did not exist yet at '%s'", id, at);
		if (err || (err = cc_case_parse(id, buf, len, &cs)))
			goto out;
	} else if ((err = cc_case_load(s, id, &cs))) {
		goto out;
	}
	err = cc_view_show(s, cs, at ? rev : NULL, f, stdout);
out:
	free(buf);
	cc_case_free(cs);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
