/*
 * store-net-int.h - private: talking to a git remote
 * (lib/store/store-remote.c) and merging two commits
 * (lib/store/store-merge.c), used by lib/store/store-sync.c.
 * Nothing outside lib/store/ includes it.
 */
#ifndef CASECTL_STORE_NET_H
#define CASECTL_STORE_NET_H

#include "casectl/util/buf.h"
#include "casectl/store/sync.h"
#include "store-int.h"

/* What one fetch or push is doing, for its messages. */
typedef struct {
	cc_store *s;
	const char *remote;
	char *url;           /* the URL in use, after url.*.insteadOf */
	char *ssh_command;   /* core.sshCommand, or NULL */
	char msg[1024];      /* why it failed */
	int whole;           /* MSG is the whole message, not "cannot fetch ...: MSG" */
	int cred_http;       /* git stored or rejected credentials of plain http:// */
	int cred_erased;     /* git told the credential helpers to forget some */
	cc_buf sideband;     /* what the server said (its "remote:" lines) */
} cc_net;

/* store-remote.c: C for a fetch (PUSH 0) or push of remote NAME: the
 * URL git uses, core.sshCommand; warns when the URL has a password and
 * is plain http://.  Free with cc__net_done. */
int cc__net_open(cc_store *s, const char *name, int push, cc_net *c);

/* store-neterr.c (cc__net_msg and cc__net_pick_line in store-nettext.c):
 * cc__net_msg sets C's reason; cc__net_fail sets the
 * error "cannot WHAT 'REMOTE': REASON" (or TEXT when given) followed by
 * what the server said, with no password of any URL in it, and returns
 * its code (CC_EIO).  cc__net_explain turns git's standard error TEXT,
 * exit STATUS and TIMED_OUT (after LIMIT seconds) into that error.
 * cc__net_pick_line puts the line of TEXT that says why (the first
 * "fatal:", "error:" or "ssh:" line, else the last; "remote:" lines
 * left out) into OUT, control characters as '?'.  cc__net_read_note
 * reads what the listening credential helper noted (store-transport.c)
 * and cc__net_url_check / cc__net_http_check warn once per URL of a
 * password over plain http://, from the URL or from what git stored. */
void cc__net_msg(cc_net *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cc__net_fail(cc_net *c, const char *what, const char *text);
int cc__net_explain(cc_net *c, const char *what, const char *text, int status,
	int timed_out, int limit);
void cc__net_pick_line(const char *text, char *out, size_t size);
void cc__net_read_note(cc_net *c, const char *path);
void cc__net_url_check(cc_net *c);
void cc__net_http_check(cc_net *c);
void cc__net_done(cc_net *c);

/* store-netssh.c: the worker's ssh command, as git would run it
 * (GIT_SSH_COMMAND, core.sshCommand, GIT_SSH quoted, else "ssh"), into
 * BASE, ready for a shell; *PROG its program, to tell OpenSSH from
 * PuTTY.  1 when it cannot be quoted (a GIT_SSH with a quote), CC_ENOMEM. */
int cc__ssh_base(cc_net *c, struct cc_buf_s *base, const char **prog);

/* store-netssh.c: C's reason for a failed ssh connection, from ssh's
 * and git's standard error TEXT and git's exit STATUS. */
void cc__ssh_explain(cc_net *c, const char *text, int status);

/* store-nettext.c: what is shown of a fetch or push.  cc__redact
 * appends TEXT to OUT with the password of every URL in it (the
 * "user:PASSWORD@" of scheme://user:PASSWORD@host) replaced by
 * "<redacted>", as git does; cc__redact_dup the same, malloc'd (NULL
 * when out of memory); cc__url_has_password whether URL has one.
 * cc__net_sideband keeps what the server sent on its side band;
 * cc__net_remote_lines appends it to OUT as git shows it, one
 * "remote: LINE" a line (joined by newlines), control characters as
 * ^X, progress lines left out, URLs redacted. */
int cc__redact(const char *text, struct cc_buf_s *out);
char *cc__redact_dup(const char *text);
int cc__url_has_password(const char *url);
void cc__net_sideband(cc_net *c, const char *text, size_t len);
int cc__net_remote_lines(const cc_net *c, struct cc_buf_s *out);

/* store-ssh-url.c: cc__ssh_url tells whether URL is an ssh URL (ssh://,
 * git+ssh://, ssh+git://, or scp-like [USER@]HOST:PATH that is not a
 * local folder).  cc__ssh_parse splits one (user and port may be NULL;
 * -1 for a URL that is not one or has a host or user starting with
 * '-').  cc__ssh_command appends "CMD 'PATH'" quoted for the remote
 * shell. */
typedef struct {
	char *user, *host, *port, *path;
} cc_ssh_target;
int cc__ssh_url(const char *url);
int cc__ssh_parse(const char *url, cc_ssh_target *t);
void cc__ssh_target_free(cc_ssh_target *t);
int cc__ssh_command(struct cc_buf_s *b, const char *cmd, const char *path);

/* store-transport.c: fetch REMOTE's branches into refs/remotes/REMOTE/
 * with 'git fetch'. */
int cc__remote_fetch(cc_store *s, const char *remote);

/* Push local BRANCH ("refs/heads/main") to the same name on REMOTE with
 * 'git push'.  *rejected is set (and 0 returned) when the remote refused
 * because it moved (someone else pushed first).  After a push the
 * remote-tracking ref is the pushed commit, and a branch without an
 * upstream gets REMOTE's.  SAID (may be NULL) gets what the server said,
 * as "remote: LINE" lines. */
int cc__remote_push(cc_store *s, const char *remote, const char *branch, int *rejected,
	struct cc_buf_s *said);

/* --- the merge (store-merge.c) --- */

typedef struct {
	char **v;
	size_t n;
} strset;

typedef struct {
	const cc_merge_hooks *h;
	strset conflicted;     /* case IDs (or paths) left with conflicts */
} merge_ctx;

/* store-merge-sets.c: add the case ID of "cases/A/B/ID/..." to SET (once); with ALL, other
 * paths are added whole. */
int cc__add_case_of(strset *set, const char *path, int all);
int cc__read_blob(cc_store *s, const git_oid *id, git_blob **out);
/* OURS with what THEIRS changed since BASE; files both changed merged by
 * M->fn.  *out is the new tree's id (written, not yet referenced). */
int cc__merge_trees(cc_store *s, git_tree *base, git_tree *ours, git_tree *theirs,
	merge_ctx *m, git_oid *out);
/* The commit "sync: merge from REMOTE" (trailer "Action: sync") with
 * parents OURS and THEIRS, signed when the config asks for it; NOTE
 * (NULL or lines) is a paragraph of the message before the trailer. */
int cc__make_merge_commit(cc_store *s, const char *remote, const char *note,
	git_tree *tree, git_commit *ours, git_commit *theirs, git_oid *out);

/* --- deletes (store-merge-del.c) --- */

/* A case one side deleted files of while the other changed it. */
typedef struct {
	char *dir;             /* "cases/A/B/ID/" */
	size_t len;
	strset ours, theirs;   /* the names (inside DIR) each side deleted */
} cc__delcase;

typedef struct {
	cc__delcase *v;        /* sorted by dir */
	size_t n;
} cc__delconf;

/* The cases in conflict between the diffs base..OURS and base..THEIRS:
 * a file deleted on one side, any file added or changed on the other. */
int cc__delconf_scan(const cc__deltas *ours, const cc__deltas *theirs, cc__delconf *out);
void cc__delconf_free(cc__delconf *dc);
/* The case of PATH if it is in conflict, else NULL. */
cc__delcase *cc__delconf_find(cc__delconf *dc, const char *path);
/* PATH was deleted by their side (THEIRS) or ours, and kept. */
int cc__delconf_record(cc__delcase *k, int theirs, const char *path);
/* TREE with the delete conflicts recorded in the case.md of every case
 * of DC (cc_merge_mark_deleted), each case added to M->conflicted. */
int cc__delconf_mark(cc_store *s, cc__delconf *dc, git_tree *tree, merge_ctx *m,
	git_oid *out);

/* The IDs of the cases whose case.md is in A and not in B (CASES), and
 * the paths of the other files deleted between A and B (FILES, may be
 * NULL). */
int cc__deletions(cc_store *s, git_tree *a, git_tree *b, strset *cases, strset *files);

/* CC_ECONFLICT (naming the IDs, with hints) when going from OURS to
 * RESULT deletes two or more cases and more than a quarter of the cases
 * of OURS, unless ALLOW.  TRACKING is the remote-tracking ref. */
int cc__check_mass_delete(cc_store *s, git_tree *ours, git_tree *result,
	const char *remote, const char *tracking, int allow);

/* --- settings (store-merge-settings.c) --- */

/* When RESULT's casectl.md is one casectl refuses (cc_settings_parse
 * fails, or it is gone) and OURS's is good: *tree_out gets RESULT with
 * OURS's casectl.md, *kept is set and a warning says why.  Else *kept
 * is 0 and RESULT is to be used as it is. */
int cc__guard_settings(cc_store *s, const cc_merge_hooks *h, git_tree *ours,
	git_tree *result, const char *remote, git_oid *tree_out, int *kept);

#endif
