/*
 * casectl/util/error.h - error codes and the last error message.
 *
 * Every lib function returns 0 on success or one of the negative CC_E*
 * codes below.  A function that fails also records a human-readable
 * message, in git's style (lowercase, no final period, objects in
 * quotes), that cmd/ prints after "error: ".  The message is kept in a
 * per-thread buffer owned by this module; callers never free it.
 */
#ifndef CASECTL_ERROR_H
#define CASECTL_ERROR_H

#include <stdarg.h>

/* Error codes.  Keep them negative; 0 is success. */
enum {
	CC_OK = 0,
	CC_ERROR = -1,      /* generic failure */
	CC_ENOMEM = -2,     /* out of memory */
	CC_EIO = -3,        /* a read, write, fsync or rename failed */
	CC_ENOTFOUND = -4,  /* no such case, file, key or store */
	CC_EAMBIGUOUS = -5, /* an ID prefix matches several cases */
	CC_EINVALID = -6,   /* bad input: YAML, a field, a date, an ID */
	CC_EUSAGE = -7,     /* wrong use of a command (exit status 2) */
	CC_ELOCKED = -8,    /* the store lock is held by a live process */
	CC_EDIRTY = -9,     /* uncommitted hand edits in the way */
	CC_EPHASE = -10,    /* command out of phase */
	CC_ECLOSED = -11,   /* the case is closed */
	CC_EIDENTITY = -12, /* user.name / user.email not configured */
	CC_EREFUSED = -13,  /* a rule refused the change (SMART, consent, capacity) */
	CC_ECONFLICT = -14, /* concurrent change: HEAD moved, merge conflict */
	CC_EABORTED = -15   /* the user aborted (empty editor result) */
};

/* Record a message for the last error and return code (so that
 * "return cc_error_set(CC_EINVALID, ...)" reads naturally). */
int cc_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cc_error_setv(int code, const char *fmt, va_list ap);

/* Prefix the current message with "PREFIX: " (used to add a file name
 * and line to an error raised deeper down).  Returns the last code. */
int cc_error_prefix(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The last message, or "" if none.  Owned by this module. */
const char *cc_error_msg(void);

/* The code passed with the last message (CC_OK if none). */
int cc_error_code(void);

void cc_error_clear(void);

/* Warnings and notices that lib wants a person to see (a stale lock
 * cleared, a file skipped).  They go to the handler that cmd/ installs;
 * the default writes "warning: MSG\n" to stderr. */
typedef void (*cc_warn_fn)(const char *msg);
void cc_warn_set_handler(cc_warn_fn fn);
void cc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
