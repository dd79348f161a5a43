/* cmd-verify.c - casectl verify: who signed each commit of the store */
#include <stdio.h>

#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "casectl/store/trust.h"
#include "cmd.h"

static const char usage[] =
	"verify [CASE] [--verbose] [--quiet]\n"
	"   or: casectl verify --add-signer EMAIL KEYFILE";

CMD(verify)
{
	static const struct option opts[] = {
		{ "add-signer", no_argument, NULL, 'a' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_store *s = NULL;
	cc_case *cs = NULL;
	char id[CC_ID_LEN + 1];
	cc_verify_stats st = { 0, 0, 0, "" };
	size_t i, problems = 0;
	int c, err = 0, rc, add = 0, verbose = 0, quiet = 0;

	while ((c = getopt_long(argc, argv, "vqh", opts, NULL)) != -1) {
		switch (c) {
		case 'a': add = 1; break;
		case 'v': verbose = 1; break;
		case 'q': quiet = 1; break;
		default: return cmd_usage(usage);
		}
	}
	if (add && argc - optind != 2)
		return cmd_usage_error(usage, "--add-signer needs EMAIL and KEYFILE");
	if (!add && argc - optind > 1)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind + 1]);
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (add) {
		if (!(err = cc_verify_add_signer(s, argv[optind], argv[optind + 1])))
			printf("added %s to %s\n", argv[optind], CC_ALLOWED_SIGNERS);
		goto out;
	}
	if (optind < argc) {
		if ((err = cc_case_resolve(s, argv[optind], id)) ||
		    (err = cc_case_load(s, id, &cs)))
			goto out;
	}
	err = cc_verify(s, cs ? cc_case_dir(cs) : NULL, verbose ? stdout : NULL, &probs, &st);
	if (!err) {
		problems = probs.n - st.rewritten;
		for (i = 0; i < probs.n; i++)
			printf("%s\n", probs.items[i]);
		if (!quiet) {
			fprintf(stderr, "%zu commit%s checked, %zu problem%s", st.checked,
				st.checked == 1 ? "" : "s", problems, problems == 1 ? "" : "s");
			if (st.rewritten)
				fprintf(stderr, ", %zu rewritten by an erasure", st.rewritten);
			if (st.roots)
				fprintf(stderr, "; trust root %s%s", st.root, st.roots > 1 ?
					" and others (each added allowed-signers)" :
					" (it added allowed-signers)");
			fputc('\n', stderr);
		}
	}
out:
	rc = err ? cmd_fail(err) : problems ? 1 : 0;
	cc_problems_free(&probs);
	cc_case_free(cs);
	cc_store_free(s);
	return rc;
}
