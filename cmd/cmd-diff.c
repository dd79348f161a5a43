/* cmd-diff.c - casectl diff CASE [REV [REV]]: what changed in a case */
#include <stdio.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] = "diff CASE [REV|DATE [REV|DATE]]";

CMD(diff)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	cc_buf out = CC_BUF_INIT;
	char id[CC_ID_LEN + 1], dir[CC_ID_DIR_MAX], from[41], to[41];
	int c, err, rc, nrev;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return cmd_usage(usage);
	nrev = argc - optind - 1;
	if (nrev < 0)
		return cmd_usage_error(usage, "which case? give its ID");
	if (nrev > 2)
		return cmd_usage_error(usage, "too many arguments");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if ((err = cc_case_resolve(s, argv[optind], id)) || (err = cc_id_dir(id, dir)))
		goto out;
	/* like git diff: nothing = uncommitted changes; one = since then;
	 * two = between them */
	if ((err = cc_store_resolve_rev(s, nrev >= 1 ? argv[optind + 1] : "HEAD", from)))
		goto out;
	if (nrev == 2 && (err = cc_store_resolve_rev(s, argv[optind + 2], to)))
		goto out;
	if ((err = cc_store_diff(s, from, nrev == 2 ? to : NULL, dir, &out)))
		goto out;
	fwrite(cc_buf_cstr(&out), 1, out.len, stdout);
out:
	cc_buf_free(&out);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
