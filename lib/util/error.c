/* error.c - the last error message, per thread */
#include <stdio.h>
#include <string.h>

#include "casectl/util/error.h"

#define MSG_MAX 2048

static _Thread_local char last_msg[MSG_MAX];
static _Thread_local int last_code;

int cc_error_setv(int code, const char *fmt, va_list ap)
{
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	last_code = code;
	return code;
}

int cc_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

int cc_error_prefix(const char *fmt, ...)
{
	char old[MSG_MAX];
	size_t n;
	va_list ap;

	memcpy(old, last_msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	n = strlen(last_msg);
	if (n + 2 < sizeof(last_msg)) {
		memcpy(last_msg + n, ": ", 2);
		n += 2;
		size_t k = strlen(old);
		if (k > sizeof(last_msg) - n - 1)
			k = sizeof(last_msg) - n - 1;
		memcpy(last_msg + n, old, k);
		last_msg[n + k] = '\0';
	}
	return last_code;
}

const char *cc_error_msg(void)
{
	return last_msg;
}

int cc_error_code(void)
{
	return last_code;
}

void cc_error_clear(void)
{
	last_msg[0] = '\0';
	last_code = CC_OK;
}

static void default_warn(const char *msg)
{
	fprintf(stderr, "warning: %s\n", msg);
}

static cc_warn_fn warn_handler = default_warn;

void cc_warn_set_handler(cc_warn_fn fn)
{
	warn_handler = fn ? fn : default_warn;
}

void cc_warn(const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn_handler(msg);
}
