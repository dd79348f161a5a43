/* store-verify.c - who signed each commit, against the allowed-signers
 * file that was in force before it (see casectl-verify(1)) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/trust.h"
#include "store-erasures-int.h"
#include "store-oidmap-int.h"
#include "store-signers-int.h"

#define SSH_SIG "-----BEGIN SSH SIGNATURE-----"

typedef struct {
	cc_store *s;
	cc__signers signers;
	const cc__signers_file *head;   /* the trusted allowed-signers of HEAD */
	cc__oidmap trust;       /* commit -> blob of its trusted allowed-signers */
	int building;           /* trust is being built: no check against head */
	FILE *verbose;
	cc_problems *out;
	cc_verify_stats *stats;
	int changes_only;       /* this pass judges only changes of the file */
	int skip_changes;       /* this pass leaves them to the other one */
	cc__erasures erasures;  /* loaded at the first unsigned commit */
	int erasures_loaded;
} verify_ctx;

/* The verdict on one commit. */
enum {
	V_GOOD, V_UNSIGNED, V_FOREIGN, V_BAD, V_UNKNOWN, V_PATTERN, V_REMOVED, V_NOT_AUTHOR
};

typedef struct {
	int verdict;
	int changes;            /* it changes allowed-signers */
	int root;               /* it introduces allowed-signers */
	int agree;              /* the first parent with the same file, or -1 */
	const char *format;     /* V_FOREIGN: the signature's kind */
	const char *pattern;    /* V_PATTERN: the pattern that allows the key */
	char *principals;       /* V_GOOD, V_REMOVED, V_NOT_AUTHOR: one a line */
} judgement;

static const char *foreign_format(const char *sig)
{
	if (!strncmp(sig, "-----BEGIN PGP SIGNATURE-----", 29))
		return "an OpenPGP signature";
	if (!strncmp(sig, "-----BEGIN SIGNED MESSAGE-----", 30))
		return "an X.509 signature";
	return "a signature of a kind casectl does not know";
}

/* Whether EMAIL is one of PRINCIPALS (one a line). */
static int is_principal(const char *principals, const char *email)
{
	size_t n = strlen(email);

	for (const char *p = principals; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !strncasecmp(p, email, n))
			return 1;
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

/* The allowed-signers trusted after commit ID (see build_trust), or
 * OWN, the file in it, when the walk did not reach it. */
static const cc__signers_file *trusted_of(verify_ctx *v, const git_oid *id,
	const cc__signers_file *own)
{
	const git_oid *blob = cc__oidmap_get(&v->trust, id);

	if (!blob)
		return own;
	return git_oid_is_zero(blob) ? NULL : cc__signers_by_blob(&v->signers, blob);
}

/* The files a commit's signature is judged by, into FILES (up to
 * NPARENTS + 2): the trusted allowed-signers of each parent that has
 * one, else its own (a trust root) or, before any, HEAD's; and HEAD's,
 * for keys removed since.  J->changes: the file differs from every
 * parent's; J->root: no parent has one; *own: the commit's. */
static int files_for(verify_ctx *v, git_commit *c, judgement *j,
	const cc__signers_file **files, size_t *nfiles, const cc__signers_file **own_out)
{
	const cc__signers_file *own = NULL, *pf, *pt;
	git_tree *tree = NULL;
	unsigned np = git_commit_parentcount(c), any = 0;
	size_t n = 0;
	int err;

	j->agree = -1;
	if (git_commit_tree(&tree, c) < 0)
		return cc__git_error(CC_EIO, "cannot read the tree of commit '%s'",
			git_oid_tostr_s(git_commit_id(c)));
	err = cc__signers_of_tree(&v->signers, tree, &own);
	git_tree_free(tree);
	for (unsigned i = 0; !err && i < np; i++) {
		git_commit *p = NULL;
		if (git_commit_parent(&p, c, i) < 0)
			return cc__git_error(CC_EIO, "cannot read a parent of commit '%s'",
				git_oid_tostr_s(git_commit_id(c)));
		if (git_commit_tree(&tree, p) < 0)
			err = cc__git_error(CC_EIO, "cannot read the tree of commit '%s'",
				git_oid_tostr_s(git_commit_id(p)));
		else
			err = cc__signers_of_tree(&v->signers, tree, &pf);
		pt = err ? NULL : trusted_of(v, git_commit_id(p), pf);
		git_tree_free(tree);
		git_commit_free(p);
		if (err)
			return err;
		if (pf == own && j->agree < 0)
			j->agree = (int)i;
		any |= pf != NULL;
		if (pt)
			files[n++] = pt;
	}
	j->changes = np ? j->agree < 0 : own != NULL;
	j->root = own && !any;
	if (!n)
		files[n++] = own ? own : v->head;
	if (!v->building && v->head != files[n - 1])
		files[n++] = v->head;
	*nfiles = n;
	if (own_out)
		*own_out = own;
	return 0;
}

/* Judge the signature SIG of commit C (PAYLOAD its signed content). */
static int judge_sig(verify_ctx *v, git_commit *c, const char *sig, size_t slen,
	const char *payload, size_t plen, judgement *j, const cc__signers_file **own)
{
	const cc__signers_file *files[66];
	char *sigpath = NULL, *pr = NULL;
	size_t n = 0;
	int err, res = CC__SIG_GOOD;

	if (git_commit_parentcount(c) > 64)
		return cc_error_set(CC_EINVALID, "commit '%s' has more than 64 parents",
			git_oid_tostr_s(git_commit_id(c)));
	if ((err = files_for(v, c, j, files, &n, own)) != 0)
		return err;
	if (slen < sizeof(SSH_SIG) - 1 || strncmp(sig, SSH_SIG, sizeof(SSH_SIG) - 1)) {
		j->verdict = V_FOREIGN;
		j->format = foreign_format(sig);
		return 0;
	}
	if ((err = cc__tmp_named(v->s, "verify", sig, slen, &sigpath)) != 0)
		return err;
	j->verdict = V_GOOD;
	for (size_t i = 0; i < n && !err && j->verdict == V_GOOD; i++) {
		err = cc__signers_check(&v->signers, files[i], sigpath, payload, plen,
			(int64_t)git_commit_time(c), &res, &pr);
		if (err)
			break;
		if (res == CC__SIG_BAD)
			j->verdict = V_BAD;
		else if (res == CC__SIG_PATTERN && i == 0)
			j->verdict = V_PATTERN, j->pattern = files[i]->pattern;
		else if (res != CC__SIG_GOOD)
			/* the last file is HEAD's, unless it is the only one */
			j->verdict = i && i == n - 1 && !v->building && files[i] == v->head ?
				V_REMOVED : V_UNKNOWN;
		if (i == 0) {
			j->principals = pr;
			pr = NULL;
		}
		free(pr);
		pr = NULL;
	}
	unlink(sigpath);
	free(sigpath);
	return err;
}

/* Judge commit OID; J's principals are the caller's to free.  *own
 * (when OWN is non-NULL): the commit's allowed-signers. */
static int judge(verify_ctx *v, const git_oid *oid, const char *author_email, judgement *j,
	const cc__signers_file **own)
{
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	git_commit *c = NULL;
	int rc, err = 0;

	memset(j, 0, sizeof(*j));
	if (git_commit_lookup(&c, v->s->repo, oid) < 0)
		return cc__git_error(CC_EIO, "cannot read commit '%s'", git_oid_tostr_s(oid));
	rc = git_commit_extract_signature(&sig, &data, v->s->repo, (git_oid *)oid, NULL);
	if (rc == GIT_ENOTFOUND) {
		const cc__signers_file *files[66];
		size_t n;
		git_error_clear();
		j->verdict = V_UNSIGNED;
		if (git_commit_parentcount(c) <= 64)
			err = files_for(v, c, j, files, &n, own);
	} else if (rc < 0) {
		err = cc__git_error(CC_EIO, "cannot read the signature of commit '%s'",
			git_oid_tostr_s(oid));
	} else {
		err = judge_sig(v, c, sig.ptr, sig.size, data.ptr, data.size, j, own);
	}
	if (!err && j->verdict == V_GOOD && !is_principal(j->principals, author_email))
		j->verdict = V_NOT_AUTHOR;
	git_commit_free(c);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return err;
}

/* A tombstone is vouched for when its signature is good (cc__trust_fn). */
static int good_tombstone(const git_oid *commit, int *trusted, void *payload)
{
	verify_ctx *v = payload;
	const git_signature *a;
	git_commit *c = NULL;
	judgement j;
	int err;

	*trusted = 0;
	if (git_commit_lookup(&c, v->s->repo, commit) < 0)
		return cc__git_error(CC_EIO, "cannot read commit '%s'", git_oid_tostr_s(commit));
	a = git_commit_author(c);
	err = judge(v, commit, a && a->email ? a->email : "", &j, NULL);
	*trusted = !err && j.verdict == V_GOOD;
	free(j.principals);
	git_commit_free(c);
	return err;
}

/* The vouched-for erasure that rebuilt OID into *t, or NULL; *bare as
 * for cc__erasures_find. */
static int rebuilt_by(verify_ctx *v, const git_oid *oid, const cc__erasure **t, int *bare)
{
	int err;

	*bare = 0;
	if (!v->erasures_loaded) {
		v->erasures_loaded = 1;
		if ((err = cc__erasures_load(v->s, good_tombstone, v, &v->erasures)))
			return err;
	}
	*t = cc__erasures_find(&v->erasures, oid, bare);
	return 0;
}

/* Report the unsigned commit E: rewritten by a vouched-for erasure (not
 * a problem), or unsigned. */
static int unsigned_one(verify_ctx *v, const cc_log_entry *e, const git_oid *oid,
	const char *what)
{
	const cc__erasure *t;
	char tid[13];
	int bare = 0, err;

	if ((err = rebuilt_by(v, oid, &t, &bare)) != 0)
		return err;
	if (!t)
		return cc_problems_add(v->out, "%.12s %s <%s>: %s", e->oid,
			e->author_name, e->author_email, what);
	git_oid_tostr(tid, sizeof(tid), &t->id);
	if (bare)
		return cc_problems_add(v->out, "%.12s %s <%s>: %s (already before the "
			"erasure in %s on %s)", e->oid, e->author_name, e->author_email, what,
			tid, t->date);
	v->stats->rewritten++;
	return cc_problems_add(v->out, "%.12s %s <%s>: rewritten by the erasure in %s on %s; "
		"the original signatures cannot survive it", e->oid, e->author_name,
		e->author_email, tid, t->date);
}

/* "a, b" from principals one a line, into B. */
static int principal_list(cc_buf *b, const char *principals)
{
	for (const char *p = principals; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (b->len && cc_buf_puts(b, ", "))
			return CC_ENOMEM;
		if (cc_buf_put(b, p, len))
			return CC_ENOMEM;
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

static int report(verify_ctx *v, const cc_log_entry *e, const git_oid *oid, judgement *j)
{
	cc_buf who = CC_BUF_INIT, what = CC_BUF_INIT;
	const char *root = j->root ? " (trust root: it adds allowed-signers, and nothing "
		"before it can vouch for its signer)" : "";
	int err = 0;

	if (j->principals && (err = principal_list(&who, j->principals)))
		goto out;
	if (j->root) {
		v->stats->roots++;
		snprintf(v->stats->root, sizeof(v->stats->root), "%.12s", e->oid);
	}
	switch (j->verdict) {
	case V_GOOD:
		if (v->verbose)
			fprintf(v->verbose, "%.12s good signature by %s%s\n", e->oid, who.ptr,
				j->root ? " (trust root: it adds allowed-signers)" : "");
		goto out;
	case V_UNSIGNED:
		/* an erasure's rebuilt commits, changes of the file too, are vouched
		 * for by its tombstone */
		err = cc_buf_printf(&what, "%s%s", j->changes ? "changes " CC_ALLOWED_SIGNERS
			" but is unsigned" : "unsigned", root);
		if (!err)
			err = unsigned_one(v, e, oid, what.ptr);
		goto out;
	case V_FOREIGN:
		err = cc_buf_printf(&what, "not an ssh signature (%s); casectl cannot check it: "
			"check it with 'git verify-commit %.12s'", j->format, e->oid);
		break;
	case V_BAD:
		err = cc_buf_puts(&what, "bad signature (the commit was changed after it was "
			"signed)");
		break;
	case V_UNKNOWN:
		err = cc_buf_puts(&what, j->changes ? "changes " CC_ALLOWED_SIGNERS " but is "
			"signed by a key not in " CC_ALLOWED_SIGNERS " before this change" :
			"signed by a key not in " CC_ALLOWED_SIGNERS);
		break;
	case V_PATTERN:
		err = cc_buf_printf(&what, "signed by a key that " CC_ALLOWED_SIGNERS " allows "
			"only for the pattern '%s', which names nobody", j->pattern);
		break;
	case V_REMOVED:
		err = cc_buf_printf(&what, "signed by %s with a key since removed from "
			CC_ALLOWED_SIGNERS, who.ptr);
		break;
	case V_NOT_AUTHOR:
		err = cc_buf_printf(&what, "signed by %s, not by its author", who.ptr);
		break;
	}
	if (!err)
		err = cc_problems_add(v->out, "%.12s %s <%s>: %s%s", e->oid, e->author_name,
			e->author_email, what.ptr, root);
out:
	cc_buf_free(&who);
	cc_buf_free(&what);
	return err;
}

static int one(const cc_log_entry *e, void *payload)
{
	verify_ctx *v = payload;
	judgement j;
	git_oid oid;
	int err;

	if (git_oid_fromstr(&oid, e->oid) < 0)
		return cc__git_error(CC_EINVALID, "bad commit id '%s'", e->oid);
	if ((err = judge(v, &oid, e->author_email, &j, NULL)) != 0)
		goto out;
	if ((v->changes_only && !j.changes) || (v->skip_changes && j.changes))
		goto out;
	v->stats->checked++;
	err = report(v, e, &oid, &j);
out:
	free(j.principals);
	return err;
}

/* The trusted allowed-signers after each commit of HEAD, oldest first:
 * a commit that changes the file with a good signature by a key allowed
 * before (or adds it to a history without one) makes its file trusted;
 * one that changes it otherwise leaves the trust of its first parent;
 * one that does not change it keeps that of the parent it agrees with.
 * So a refused change gives nobody a key, whatever comes after it. */
static int build_trust(verify_ctx *v)
{
	git_revwalk *w = NULL;
	git_oid id, zero;
	int err = 0, rc;

	memset(&zero, 0, sizeof(zero));
	v->building = 1;
	if (git_revwalk_new(&w, v->s->repo) < 0 || git_revwalk_push_head(w) < 0) {
		err = cc__git_error(CC_EIO, "cannot walk the history of HEAD");
		goto out;
	}
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while (!err && (rc = git_revwalk_next(&id, w)) == 0) {
		const cc__signers_file *own = NULL, *t = NULL;
		git_commit *c = NULL;
		judgement j;
		if (git_commit_lookup(&c, v->s->repo, &id) < 0) {
			err = cc__git_error(CC_EIO, "cannot read commit '%s'", git_oid_tostr_s(&id));
			break;
		}
		memset(&j, 0, sizeof(j));
		if (git_commit_parentcount(c) > 64) {
			err = cc_error_set(CC_EINVALID, "commit '%s' has more than 64 parents",
				git_oid_tostr_s(&id));
		} else {
			const cc__signers_file *files[66];
			size_t n;
			err = files_for(v, c, &j, files, &n, &own);
			if (!err && (j.changes || j.root)) {
				const git_signature *a = git_commit_author(c);
				free(j.principals);
				const cc__erasure *e = NULL;
				int bare = 0;
				err = judge(v, &id, a && a->email ? a->email : "", &j, NULL);
				/* rebuilt from a signed change by a vouched-for erasure */
				if (!err && j.verdict == V_UNSIGNED)
					err = rebuilt_by(v, &id, &e, &bare);
				t = j.verdict == V_GOOD || (e && !bare) ? own :
					git_commit_parentcount(c) ?
					trusted_of(v, git_commit_parent_id(c, 0), NULL) : NULL;
			} else if (!err) {
				/* the trust of the parent it agrees with */
				t = j.agree < 0 ? own : trusted_of(v,
					git_commit_parent_id(c, (unsigned)j.agree), own);
			}
		}
		free(j.principals);
		git_commit_free(c);
		if (!err && cc__oidmap_put(&v->trust, &id, t ? &t->blob : &zero))
			err = cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (!err && rc != GIT_ITEROVER)
		err = cc__git_error(CC_EIO, "cannot walk the history of HEAD");
out:
	git_revwalk_free(w);
	v->building = 0;
	return err;
}

/* The allowed-signers of HEAD and the trust in each commit's; problems
 * for a file in HEAD that is not the trusted one, and for a pattern. */
static int head_signers(verify_ctx *v)
{
	const cc__signers_file *own = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	int err;

	if ((err = cc__head_commit(v->s, &head)) != 0)
		return err;
	if (git_commit_tree(&tree, head) < 0)
		err = cc__git_error(CC_EIO, "cannot read the tree of HEAD");
	else
		err = cc__signers_of_tree(&v->signers, tree, &own);
	git_tree_free(tree);
	if (!err && !own && cc_store_exists(v->s, CC_ALLOWED_SIGNERS) == 1)
		err = cc_error_set(CC_ENOTFOUND, "'%s' is not committed; only a committed "
			"file is trusted: run 'casectl commit'", CC_ALLOWED_SIGNERS);
	else if (!err && !own)
		err = cc_error_set(CC_ENOTFOUND, "the store has no '%s' file; run 'casectl verify "
			"--add-signer EMAIL KEYFILE' for each worker who signs", CC_ALLOWED_SIGNERS);
	v->head = own;
	if (!err)
		err = build_trust(v);
	if (!err) {
		const cc__signers_file *t = trusted_of(v, git_commit_id(head), own);
		if (t != own)
			err = cc_problems_add(v->out, "%s: the file in HEAD holds a change that no "
				"allowed signer signed; casectl uses the version before it: "
				"revert the change with a commit an allowed worker signs",
				CC_ALLOWED_SIGNERS);
		if (t)
			v->head = t;
	}
	if (!err && own->pattern_line)
		err = cc_problems_add(v->out, "%s:%zu: the principal '%s' is a pattern, not a "
			"worker; casectl ignores the line: name each worker by email",
			CC_ALLOWED_SIGNERS, own->pattern_line, own->pattern);
	git_commit_free(head);
	return err;
}

int cc_verify(cc_store *s, const char *reldir, FILE *verbose, cc_problems *out,
	cc_verify_stats *stats)
{
	verify_ctx v;
	int err;

	memset(&v, 0, sizeof(v));
	memset(stats, 0, sizeof(*stats));
	v.s = s;
	v.verbose = verbose;
	v.out = out;
	v.stats = stats;
	if (!(err = cc__signers_init(&v.signers, s)))
		err = head_signers(&v);
	if (!err && reldir) {
		/* the trust of the case's commits rests on every change of the file */
		v.changes_only = 1;
		err = cc_store_log(s, CC_ALLOWED_SIGNERS, one, &v);
		v.changes_only = 0;
		v.skip_changes = 1;
	}
	if (!err)
		err = cc_store_log(s, reldir, one, &v);
	cc__erasures_free(&v.erasures);
	cc__oidmap_free(&v.trust);
	cc__signers_free(&v.signers);
	return err < 0 ? err : 0;
}
