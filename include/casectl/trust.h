/*
 * casectl/trust.h - can the store be trusted: who may read its files,
 * and who signed its commits.
 *
 *   cc_check_modes()   files and folders of the store that the group or
 *                      others may read or write (casectl check)
 *   cc_verify()        every commit's signature against the store's
 *                      tracked allowed-signers file (casectl verify)
 *
 * Problems are appended to a cc_problems list (validate.h) the caller
 * owns, one line each.
 */
#ifndef CASECTL_TRUST_H
#define CASECTL_TRUST_H

#include <stdio.h>

#include "casectl/store.h"
#include "casectl/validate.h"

/* The tracked file, at the top of the store, in ssh-keygen's ALLOWED
 * SIGNERS format (one "EMAIL KEYTYPE KEY" line per worker). */
#define CC_ALLOWED_SIGNERS "allowed-signers"

/* Append one problem per file or folder of the store (the top folder,
 * the .git folder itself, and everything in the working tree; not what
 * is inside .git) whose mode lets the group or others read or write it:
 *   "FILE: readable by others (mode 0644); run 'chmod 600 FILE'"
 * Paths are relative to the top of the store (the top itself is given
 * by its absolute path).  Symbolic links are not followed. */
int cc_check_modes(cc_store *s, cc_problems *out);

typedef struct {
	size_t checked;         /* commits looked at */
	size_t rewritten;       /* lines of OUT that are not problems (below) */
} cc_verify_stats;

/* Check the commits of HEAD (only those that touched the case folder
 * RELDIR when it is non-NULL), newest first, against CC_ALLOWED_SIGNERS
 * as it is in the working tree, with 'ssh-keygen -Y verify'.  One line
 * in OUT per commit that is not signed well, in that order:
 *   "COMMIT AUTHOR <EMAIL>: unsigned"
 *   "COMMIT AUTHOR <EMAIL>: bad signature"
 *   "COMMIT AUTHOR <EMAIL>: signed by a key not in allowed-signers"
 *   "COMMIT AUTHOR <EMAIL>: rewritten by the erasure in TOMB on DATE;
 *    the original signatures cannot survive it"
 *   "COMMIT AUTHOR <EMAIL>: unsigned (already before the erasure in TOMB
 *    on DATE)"
 * All are problems but "rewritten": an unsigned commit that the
 * erasure TOMB (erase.h) records as rebuilt from a commit that had a
 * signature, where TOMB has a good signature by an allowed signer (or
 * was itself rebuilt so by a later such erasure); stats->rewritten
 * counts those lines.  When VERBOSE is non-NULL a line "COMMIT good
 * signature by EMAIL" is written there for each good one.
 * CC_ENOTFOUND when the store has no CC_ALLOWED_SIGNERS (with a message
 * saying how to add one). */
int cc_verify(cc_store *s, const char *reldir, FILE *verbose,
	cc_problems *out, cc_verify_stats *stats);

/* Add "EMAIL KEY" (KEYFILE is an OpenSSH public key file, e.g.
 * ~/.ssh/id_ed25519.pub) to CC_ALLOWED_SIGNERS and commit it
 * ("signer: allowed signer added").  The email must not contain spaces
 * and the key line must be "TYPE BASE64 [comment]". */
int cc_verify_add_signer(cc_store *s, const char *email, const char *keyfile);

#endif
