/*
 * casectl/store/trust.h - can the store be trusted: who may read its files,
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

#include "casectl/store/store.h"
#include "casectl/util/problems.h"

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
	size_t roots;           /* trust roots: commits that added the file */
	char root[13];          /* the newest of them, 12 hex digits */
} cc_verify_stats;

/* Check the commits of HEAD (only those that touched the case folder
 * RELDIR when it is non-NULL, and every commit that changed
 * CC_ALLOWED_SIGNERS), newest first, with 'ssh-keygen -Y'.  A commit's
 * signature is judged by the trusted CC_ALLOWED_SIGNERS of each of its
 * parents (the key must be allowed in all of them), so that a change of
 * the file must be signed by a key allowed before it; the trusted file
 * after a refused change is the one before it.  A commit that adds the
 * file to a history without it is a trust root, judged by the file it
 * adds; commits before any are judged by HEAD's.  The key must also
 * still be in HEAD's trusted file, valid as of the commit time.  Lines with a pattern principal ('*')
 * allow nobody.  One line in OUT per commit that is not signed well,
 * in that order, "COMMIT AUTHOR <EMAIL>: " and then:
 *   "unsigned"
 *   "not an ssh signature (an OpenPGP signature); casectl cannot check
 *    it: check it with 'git verify-commit COMMIT'"
 *   "bad signature (the commit was changed after it was signed)"
 *   "signed by a key not in allowed-signers"
 *   "changes allowed-signers but is signed by a key not in
 *    allowed-signers before this change" (or "... but is unsigned")
 *   "signed by a key that allowed-signers allows only for the pattern
 *    'P', which names nobody"
 *   "signed by EMAIL with a key since removed from allowed-signers"
 *   "signed by EMAIL, not by its author"
 *   "rewritten by the erasure in TOMB on DATE; the original signatures
 *    cannot survive it"
 *   "unsigned (already before the erasure in TOMB on DATE)"
 * with " (trust root: ...)" appended for a trust root; first, one line
 * "allowed-signers: the file in HEAD holds a change that no allowed
 * signer signed; ..." when HEAD's file is not the trusted one, and one
 * "allowed-signers:LINE: the principal 'P' is a pattern, ..." when it
 * has a pattern line.  All are problems but
 * "rewritten": an unsigned commit that the erasure TOMB (erase.h)
 * records as rebuilt from a commit that had a signature, where TOMB has
 * a good signature by an allowed signer (or was itself rebuilt so by a
 * later such erasure); stats->rewritten counts those lines.  When
 * VERBOSE is non-NULL a line "COMMIT good signature by EMAIL" is
 * written there for each good one.  CC_ENOTFOUND when HEAD has no
 * CC_ALLOWED_SIGNERS (with a message saying how to add one). */
int cc_verify(cc_store *s, const char *reldir, FILE *verbose,
	cc_problems *out, cc_verify_stats *stats);

/* Add "EMAIL KEY" (KEYFILE is an OpenSSH public key file, e.g.
 * ~/.ssh/id_ed25519.pub) to CC_ALLOWED_SIGNERS and commit it
 * ("signer: allowed signer added").  The email must not contain spaces
 * and the key line must be "TYPE BASE64 [comment]". */
int cc_verify_add_signer(cc_store *s, const char *email, const char *keyfile);

#endif
