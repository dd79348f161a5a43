/* cmd-erase.c - casectl erase: a case out of the whole history */
#include <stdio.h>

#include "casectl/store/erase.h"
#include "casectl/util/error.h"
#include "cmd.h"

static const char usage[] = "erase CASE [--force] [--reason TEXT]";

CMD(erase)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_erase_opts o = { 0 };
	cc_erase_stats st;
	cc_store *s = NULL;
	char id[CC_ID_LEN + 1] = "";
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': o.force = 1; break;
		case 'r': o.reason = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(usage, "which case? give its ID");
	if (argc - optind > 1)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind + 1]);
	if (o.force && (!o.reason || !*o.reason))
		return cmd_usage_error(usage, "--force needs --reason TEXT");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	err = cc_erase(s, argv[optind], &o, &st, id);
	if (!err) {
		printf("%s case '%s': %zu commits rebuilt, %zu dropped, %zu refs moved; "
			"tombstone %.12s\n", st.finished ? "finished the erasure of" : "erased", id,
			st.rewritten, st.dropped, st.refs, st.tombstone);
		if (st.unsigned_now)
			printf("note: %zu rebuilt commits lost their signatures (no signature survives "
				"a change); the tombstone records which: see casectl-verify(1)\n",
				st.unsigned_now);
		cc_erase_instructions(stdout, id);
	}
	rc = err ? cmd_fail(err) : 0;
	cc_store_free(s);
	return rc;
}
