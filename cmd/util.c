/* util.c - helpers the command files share */
#include <stdarg.h>
#include <stdio.h>

#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "cmd.h"

int cmd_fail(int err)
{
	const char *msg = cc_error_msg();

	fprintf(stderr, "error: %s\n", *msg ? msg : "unknown error");
	return err == CC_EUSAGE ? 2 : 1;
}

int cmd_usage(const char *usage)
{
	fprintf(stderr, "usage: casectl %s\n", usage);
	return 2;
}

int cmd_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return cmd_usage(usage);
}

int cmd_open_store(cc_ctx *ctx, cc_store **s)
{
	int err = cc_store_open(s, ctx->dir);
	return err ? cmd_fail(err) : 0;
}

void cmd_getopt_reset(void)
{
	optind = 0; /* GNU: full re-initialisation */
	opterr = 1;
}

int cmd_date_arg(const char *usage, const char *opt, const char *arg, char out[11])
{
	cc_date today, d;

	if (cc_date_today(&today) || cc_date_parse(arg, today, &d))
		return cmd_usage_error(usage, "--%s: %s", opt, cc_error_msg());
	cc_date_format(d, out);
	return 0;
}
