/* store-giterr.c - libgit2's last error as casectl's, and the trace
 * the tests read */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "casectl/util/error.h"
#include "store-int.h"

void cc__trace(const char *topic, const char *what)
{
	const char *t = getenv("CASECTL_TRACE_INDEX");

	if (t && *t && strcmp(t, "0"))
		fprintf(stderr, "casectl: %s: %s\n", topic, what);
}

int cc__git_error(int code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (e && e->message && *e->message)
		return cc_error_set(code, "%s: %s", msg, e->message);
	return cc_error_set(code, "%s", msg);
}
