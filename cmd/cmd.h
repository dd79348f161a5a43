/*
 * cmd.h - what the command files share: the context, the command
 * table's entry points, and helpers for errors, usage and the store.
 * Only cmd/ exits the process, and only through the return value of
 * its cmd_* function (0, 1 for a failed operation, 2 for bad usage).
 */
#ifndef CASECTL_CMD_H
#define CASECTL_CMD_H

#include <getopt.h>

#include "casectl/store/store.h"

typedef struct {
	const char *dir;     /* -C DIR, or NULL */
} cc_ctx;

typedef int (*cmd_fn)(int argc, char **argv, cc_ctx *ctx);

typedef struct {
	const char *name;
	cmd_fn fn;
	const char *group;   /* heading in 'casectl help' */
	const char *summary;
} cmd_entry;

extern const cmd_entry cmd_table[];
const cmd_entry *cmd_lookup(const char *name);

/* Print "error: MSG" for ERR (the last lib error) and return the exit
 * status: 2 for CC_EUSAGE, 1 otherwise. */
int cmd_fail(int err);

/* Print "usage: casectl USAGE" to stderr and return 2. */
int cmd_usage(const char *usage);

/* Print a usage error "error: MSG" plus the usage line; return 2. */
int cmd_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Open the store (-C, $CASECTL_DIR, cwd).  Prints the error; returns
 * 0 or an exit status. */
int cmd_open_store(cc_ctx *ctx, cc_store **s);

/* Parse the date given to --OPT (ISO or relative) into OUT
 * (YYYY-MM-DD); a bad one is a usage error: returns 2 after printing. */
int cmd_date_arg(const char *usage, const char *opt, const char *arg, char out[11]);

/* Reset getopt before a command parses its options. */
void cmd_getopt_reset(void);

#define CMD(name) int cmd_##name(int argc, char **argv, cc_ctx *ctx)
CMD(init); CMD(open); CMD(show); CMD(list); CMD(log); CMD(edit);
CMD(commit); CMD(check); CMD(help); CMD(diff); CMD(import); CMD(hooks); CMD(due);
/* the method */
CMD(plan);
CMD(team); CMD(consent); CMD(service); CMD(link); CMD(ecomap);
CMD(assess); CMD(monitor); CMD(evaluate); CMD(close); CMD(reopen); CMD(handover);
CMD(report);
CMD(remote); CMD(sync); CMD(resolve);
CMD(verify); CMD(export); CMD(erase); CMD(retention);

#endif
