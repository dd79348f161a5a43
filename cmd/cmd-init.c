/* cmd-init.c - casectl init [DIR] [--lang LANG] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/model/settings.h"
#include "casectl/store/store.h"
#include "cmd.h"

static const char usage[] = "init [DIR] [--lang LANG]";

CMD(init)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_settings st;
	cc_store *s = NULL;
	cc_txn *t = NULL;
	char *text = NULL;
	size_t len;
	const char *dir = ".";
	int c, err;

	cc_settings_default(&st);
	while ((c = getopt_long(argc, argv, "l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (!cc_lang_valid(optarg))
				return cmd_usage_error(usage,
					"unknown language '%s'; use en, cs, de, nb, es or ru", optarg);
			snprintf(st.language, sizeof(st.language), "%s", optarg);
			break;
		default:
			return cmd_usage(usage);
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(usage, "too many arguments");
	if (optind < argc)
		dir = argv[optind];
	if (ctx->dir && optind >= argc)
		dir = ctx->dir;

	if ((err = cc_store_init(&s, dir)) ||
	    (err = cc_settings_render(&st, &text, &len)) ||
	    (err = cc_txn_begin(&t, s)) ||
	    (err = cc_txn_put(t, CC_SETTINGS_FILE, text, len)))
		goto out;
	{
		cc_commit_info info = { "init", NULL, "create case store", NULL };
		if ((err = cc_txn_commit(t, &info, NULL)))
			goto out;
	}
	printf("Initialized empty case store in %s/\n", cc_store_root(s));
out:
	cc_txn_free(t);
	free(text);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
