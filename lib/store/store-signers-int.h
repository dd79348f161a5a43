/*
 * store-signers-int.h - the versions of the allowed-signers file in the
 * history, and checking one SSH signature against one of them with
 * ssh-keygen: private to lib/store/store-verify.c and
 * lib/store/store-signers.c.
 *
 * Each version (a blob) is written once to a temporary file in the
 * casectl folder of the git directory, without its pattern lines: a
 * principal with '*', '?' or a leading '!' names nobody, so casectl
 * never takes it for a worker.  The file as committed is kept too, to
 * say that a key is allowed only by such a pattern.
 */
#ifndef CASECTL_STORE_SIGNERS_H
#define CASECTL_STORE_SIGNERS_H

#include <stdint.h>

#include "store-int.h"

typedef struct {
	git_oid blob;
	char *path;             /* without pattern lines, for ssh-keygen */
	char *raw;              /* as committed; NULL when it has no pattern */
	size_t pattern_line;    /* the first pattern line (1-based), or 0 */
	char *pattern;          /* its principals field */
} cc__signers_file;

typedef struct {
	cc_store *s;
	char *program;          /* gpg.ssh.program, else ssh-keygen */
	cc__signers_file **v;
	size_t n, cap;
} cc__signers;

enum {
	CC__SIG_GOOD,           /* a good signature by an allowed principal */
	CC__SIG_BAD,            /* it does not match the signed content */
	CC__SIG_UNKNOWN,        /* sound, by a key the file does not allow */
	CC__SIG_PATTERN         /* sound, by a key allowed only by a pattern */
};

int cc__signers_init(cc__signers *g, cc_store *s);
/* Remove the temporary files and free G. */
void cc__signers_free(cc__signers *g);

/* The version of allowed-signers in TREE into *out, or NULL when TREE
 * has none (or it is not a regular file). */
int cc__signers_of_tree(cc__signers *g, git_tree *tree, const cc__signers_file **out);

/* The version with blob ID, when it was loaded already, else NULL. */
const cc__signers_file *cc__signers_by_blob(const cc__signers *g, const git_oid *id);

/* Check the SSH signature in the file SIGPATH of PAYLOAD (namespace
 * git) against F, with the keys' validity as of WHEN (seconds since the
 * epoch; the commit time, as git does): CC__SIG_* in *result; for GOOD
 * the principals that hold the key, one a line, into *principals
 * (malloc'd). */
int cc__signers_check(cc__signers *g, const cc__signers_file *f, const char *sigpath,
	const char *payload, size_t plen, int64_t when, int *result, char **principals);

#endif
