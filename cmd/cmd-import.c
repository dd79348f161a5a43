/* cmd-import.c - casectl import FILE [--batch]: cases in bulk */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/ops/import.h"
#include "cmd.h"

static const char usage[] = "import FILE|- [--batch]";

static void progress(size_t done, size_t total, void *payload)
{
	(void)payload;
	fprintf(stderr, "\rimporting cases: %zu/%zu", done, total);
	if (done == total)
		fputc('\n', stderr);
}

CMD(import)
{
	static const struct option opts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	char *buf = NULL;
	size_t len = 0, count = 0;
	int c, err, rc, batch = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'b')
			batch = 1;
		else
			return cmd_usage(usage);
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, "give one file of JSON Lines, or - for standard input");
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	{
		const char *name = strcmp(argv[optind], "-") ? argv[optind] : "stdin";
		int fd = strcmp(argv[optind], "-") ? open(argv[optind], O_RDONLY | O_CLOEXEC)
						   : STDIN_FILENO;
		if (fd < 0) {
			err = cc_error_set(errno == ENOENT ? CC_ENOTFOUND : CC_EIO,
				"cannot read '%s': %s", name, strerror(errno));
			goto out;
		}
		err = cc_import_read(fd, name, &buf, &len);
		if (fd != STDIN_FILENO)
			close(fd);
		if (err)
			goto out;
	}
	err = cc_import(s, buf ? buf : "", len, strcmp(argv[optind], "-") ? argv[optind] : "stdin",
		batch, isatty(STDERR_FILENO) ? progress : NULL, NULL, &count);
	if (!err)
		fprintf(stderr, "imported %zu case%s\n", count, count == 1 ? "" : "s");
out:
	free(buf);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
