/* store-verify.c - checking commit signatures with ssh-keygen -Y verify */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/buf.h"
#include "casectl/error.h"
#include "casectl/trust.h"
#include "store-erasures.h"
#include "store-internal.h"

typedef struct {
	cc_store *s;
	char *program;
	char *allowed;          /* absolute path of the allowed-signers file */
	FILE *verbose;
	cc_problems *out;
	cc_verify_stats *stats;
	cc__erasures erasures;  /* loaded at the first unsigned commit */
	int erasures_loaded;
} verify_ctx;

/* A named temporary file holding DATA; *path malloc'd. */
static int named_tmp(cc_store *s, const char *data, size_t len, char **path)
{
	cc_buf p = CC_BUF_INIT;
	int fd, err = 0;

	if (cc_buf_printf(&p, "%s/%s/verify.tmp-XXXXXX", s->gitdir, CC_LOCK_DIR))
		return CC_ENOMEM;
	fd = mkostemp(p.ptr, O_CLOEXEC);
	if (fd < 0) {
		err = cc_error_set(CC_EIO, "cannot create a temporary file: %s", strerror(errno));
		cc_buf_free(&p);
		return err;
	}
	if (cc__write_all(fd, data, len) != 0) {
		err = cc_error_set(CC_EIO, "cannot write a temporary file: %s", strerror(errno));
		close(fd);
		unlink(p.ptr);
		cc_buf_free(&p);
		return err;
	}
	close(fd);
	*path = cc_buf_detach(&p);
	return 0;
}

/* Run ssh-keygen ARGV with PAYLOAD on stdin; 0 and *ok set to 1 when
 * it exits 0.  OUT receives its standard output. */
static int keygen(verify_ctx *v, char **argv, const char *payload, size_t plen,
	int *ok, cc_buf *out)
{
	cc_buf errout = CC_BUF_INIT;
	int fd = -1, status = 0, err;

	*ok = 0;
	if ((err = cc__anon_file(v->s, payload, plen, &fd)) != 0)
		return err;
	err = cc__run(argv, fd, out, &errout, &status);
	close(fd);
	if (!err && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		err = cc_error_set(CC_ERROR, "cannot run '%s'; install openssh-client", argv[0]);
	if (!err)
		*ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	cc_buf_free(&errout);
	return err;
}

/* "good", "bad" or "unknown" into *verdict; *principal malloc'd for good. */
static int check_sig(verify_ctx *v, const char *sig, size_t slen, const char *payload,
	size_t plen, const char **verdict, char **principal)
{
	cc_buf out = CC_BUF_INIT;
	char *sigpath = NULL, *nl;
	char *argv[12];
	int err, ok = 0;

	*principal = NULL;
	if ((err = named_tmp(v->s, sig, slen, &sigpath)) != 0)
		return err;
	argv[0] = v->program; argv[1] = "-Y"; argv[2] = "find-principals";
	argv[3] = "-f"; argv[4] = v->allowed; argv[5] = "-s"; argv[6] = sigpath; argv[7] = NULL;
	if ((err = keygen(v, argv, "", 0, &ok, &out)) != 0)
		goto out;
	if (!ok || !out.len) {
		/* no principal holds this key: is the signature itself sound? */
		argv[2] = "check-novalidate"; argv[3] = "-n"; argv[4] = "git";
		argv[5] = "-s"; argv[6] = sigpath; argv[7] = NULL;
		cc_buf_clear(&out);
		if ((err = keygen(v, argv, payload, plen, &ok, &out)) != 0)
			goto out;
		*verdict = ok ? "unknown" : "bad";
		goto out;
	}
	if ((nl = strchr(out.ptr, '\n')))
		*nl = '\0';
	if (!(*principal = strdup(out.ptr))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	argv[2] = "verify"; argv[3] = "-n"; argv[4] = "git"; argv[5] = "-f";
	argv[6] = v->allowed; argv[7] = "-I"; argv[8] = *principal; argv[9] = "-s";
	argv[10] = sigpath; argv[11] = NULL;
	cc_buf_clear(&out);
	if ((err = keygen(v, argv, payload, plen, &ok, &out)) != 0)
		goto out;
	*verdict = ok ? "good" : "bad";
out:
	if (sigpath)
		unlink(sigpath);
	free(sigpath);
	cc_buf_free(&out);
	return err;
}

/* A tombstone is vouched for when its signature is good (cc__trust_fn). */
static int good_tombstone(const git_oid *commit, int *trusted, void *payload)
{
	verify_ctx *v = payload;
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	const char *verdict = NULL;
	char *principal = NULL;
	int err;

	*trusted = 0;
	if (git_commit_extract_signature(&sig, &data, v->s->repo, (git_oid *)commit, NULL) < 0)
		return cc__git_error(CC_EIO, "cannot read commit '%s'", git_oid_tostr_s(commit));
	err = check_sig(v, sig.ptr, sig.size, data.ptr, data.size, &verdict, &principal);
	*trusted = !err && !strcmp(verdict, "good");
	free(principal);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return err;
}

/* Report the unsigned commit E: rewritten by a vouched-for erasure (not
 * a problem), or unsigned. */
static int unsigned_one(verify_ctx *v, const cc_log_entry *e, const git_oid *oid)
{
	const cc__erasure *t;
	char tid[13];
	int bare = 0, err;

	if (!v->erasures_loaded) {
		v->erasures_loaded = 1;
		if ((err = cc__erasures_load(v->s, good_tombstone, v, &v->erasures)))
			return err;
	}
	if (!(t = cc__erasures_find(&v->erasures, oid, &bare)))
		return cc_problems_add(v->out, "%.12s %s <%s>: unsigned", e->oid,
			e->author_name, e->author_email);
	git_oid_tostr(tid, sizeof(tid), &t->id);
	if (bare)
		return cc_problems_add(v->out, "%.12s %s <%s>: unsigned (already before the "
			"erasure in %s on %s)", e->oid, e->author_name, e->author_email, tid, t->date);
	v->stats->rewritten++;
	return cc_problems_add(v->out, "%.12s %s <%s>: rewritten by the erasure in %s on %s; "
		"the original signatures cannot survive it", e->oid, e->author_name,
		e->author_email, tid, t->date);
}

static int one(const cc_log_entry *e, void *payload)
{
	verify_ctx *v = payload;
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	git_oid oid;
	const char *verdict = NULL;
	char *principal = NULL;
	int rc, err = 0;

	v->stats->checked++;
	if (git_oid_fromstr(&oid, e->oid) < 0)
		return cc__git_error(CC_EINVALID, "bad commit id '%s'", e->oid);
	rc = git_commit_extract_signature(&sig, &data, v->s->repo, &oid, NULL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return unsigned_one(v, e, &oid);
	}
	if (rc < 0)
		return cc__git_error(CC_EIO, "cannot read commit '%s'", e->oid);
	err = check_sig(v, sig.ptr, sig.size, data.ptr, data.size, &verdict, &principal);
	if (!err && !strcmp(verdict, "good")) {
		if (v->verbose)
			fprintf(v->verbose, "%.12s good signature by %s\n", e->oid, principal);
	} else if (!err) {
		err = cc_problems_add(v->out, "%.12s %s <%s>: %s", e->oid, e->author_name,
			e->author_email, !strcmp(verdict, "bad") ? "bad signature" :
			"signed by a key not in " CC_ALLOWED_SIGNERS);
	}
	free(principal);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return err;
}

int cc_verify(cc_store *s, const char *reldir, FILE *verbose, cc_problems *out,
	cc_verify_stats *stats)
{
	verify_ctx v;
	cc_buf p = CC_BUF_INIT;
	int err, kind;

	memset(&v, 0, sizeof(v));
	memset(stats, 0, sizeof(*stats));
	v.s = s;
	v.verbose = verbose;
	v.out = out;
	v.stats = stats;
	kind = cc_store_exists(s, CC_ALLOWED_SIGNERS);
	if (kind < 0)
		return kind;
	if (kind != 1)
		return cc_error_set(CC_ENOTFOUND, "the store has no '%s' file; run 'casectl verify "
			"--add-signer EMAIL KEYFILE' for each worker who signs", CC_ALLOWED_SIGNERS);
	if (cc_buf_printf(&p, "%s/%s", s->root, CC_ALLOWED_SIGNERS))
		return CC_ENOMEM;
	v.allowed = p.ptr;
	err = cc_store_config(s, "gpg.ssh.program", &v.program);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		err = (v.program = strdup("ssh-keygen")) ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (!err)
		err = cc_store_log(s, reldir, one, &v);
	cc__erasures_free(&v.erasures);
	free(v.program);
	cc_buf_free(&p);
	return err < 0 ? err : 0;
}
