/* store-signers.c - versions of allowed-signers and ssh-keygen -Y checks */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/trust.h"
#include "store-signers-int.h"

int cc__signers_init(cc__signers *g, cc_store *s)
{
	int err;

	memset(g, 0, sizeof(*g));
	g->s = s;
	err = cc_store_config(s, "gpg.ssh.program", &g->program);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		err = (g->program = strdup("ssh-keygen")) ? 0 :
			cc_error_set(CC_ENOMEM, "out of memory");
	}
	return err;
}

static void file_free(cc__signers_file *f)
{
	if (!f)
		return;
	if (f->path)
		unlink(f->path);
	if (f->raw)
		unlink(f->raw);
	free(f->path);
	free(f->raw);
	free(f->pattern);
	free(f);
}

void cc__signers_free(cc__signers *g)
{
	for (size_t i = 0; i < g->n; i++)
		file_free(g->v[i]);
	free(g->v);
	free(g->program);
	memset(g, 0, sizeof(*g));
}

/* Whether the principals field P (LEN bytes, comma-separated) holds a
 * pattern rather than names. */
static int is_pattern(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] == '*' || p[i] == '?' || (p[i] == '!' && (i == 0 || p[i - 1] == ',')))
			return 1;
	return 0;
}

/* DATA without its pattern lines into CLEAN; the first pattern into F. */
static int strip_patterns(const char *data, size_t len, cc_buf *clean, cc__signers_file *f)
{
	const char *p = data, *end = data + len;
	size_t lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p, *w;
		const char *eol = nl ? nl : end;
		lineno++;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		w = q;
		while (w < eol && *w != ' ' && *w != '\t')
			w++;
		if (q < eol && *q != '#' && is_pattern(q, (size_t)(w - q))) {
			if (!f->pattern_line) {
				f->pattern_line = lineno;
				if (!(f->pattern = strndup(q, (size_t)(w - q))))
					return cc_error_set(CC_ENOMEM, "out of memory");
			}
		} else if (cc_buf_put(clean, p, (size_t)(eol - p)) || cc_buf_putc(clean, '\n')) {
			return CC_ENOMEM;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int load(cc__signers *g, const git_oid *id, cc__signers_file **out)
{
	git_blob *blob = NULL;
	cc__signers_file *f;
	cc_buf clean = CC_BUF_INIT;
	const char *data;
	size_t len;
	int err;

	if (!(f = calloc(1, sizeof(*f))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	git_oid_cpy(&f->blob, id);
	if (git_blob_lookup(&blob, g->s->repo, id) < 0) {
		err = cc__git_error(CC_EIO, "cannot read '%s' (blob %s)", CC_ALLOWED_SIGNERS,
			git_oid_tostr_s(id));
		goto fail;
	}
	data = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	if ((err = strip_patterns(data, len, &clean, f)) ||
	    (err = cc__tmp_named(g->s, "signers", clean.ptr ? clean.ptr : "", clean.len,
			&f->path)))
		goto fail;
	if (f->pattern_line && (err = cc__tmp_named(g->s, "signers", data, len, &f->raw)))
		goto fail;
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 4;
		cc__signers_file **v = realloc(g->v, cap * sizeof(*v));
		if (!v) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto fail;
		}
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n++] = f;
	*out = f;
	git_blob_free(blob);
	cc_buf_free(&clean);
	return 0;
fail:
	git_blob_free(blob);
	cc_buf_free(&clean);
	file_free(f);
	return err;
}

const cc__signers_file *cc__signers_by_blob(const cc__signers *g, const git_oid *id)
{
	for (size_t i = 0; i < g->n; i++)
		if (git_oid_equal(&g->v[i]->blob, id))
			return g->v[i];
	return NULL;
}

int cc__signers_of_tree(cc__signers *g, git_tree *tree, const cc__signers_file **out)
{
	const git_tree_entry *te = git_tree_entry_byname(tree, CC_ALLOWED_SIGNERS);
	cc__signers_file *f = NULL;
	int err;

	*out = NULL;
	if (!te || git_tree_entry_type(te) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(te) == GIT_FILEMODE_LINK)
		return 0;
	if ((*out = cc__signers_by_blob(g, git_tree_entry_id(te))))
		return 0;
	if ((err = load(g, git_tree_entry_id(te), &f)) != 0)
		return err;
	*out = f;
	return 0;
}

/* Run ssh-keygen ARGV with PAYLOAD on stdin; *ok 1 when it exits 0. */
static int keygen(cc__signers *g, char **argv, const char *payload, size_t plen,
	int *ok, cc_buf *out)
{
	cc_buf errout = CC_BUF_INIT;
	int fd = -1, status = 0, err;

	*ok = 0;
	cc_buf_clear(out);
	if ((err = cc__anon_file(g->s, payload, plen, &fd)) != 0)
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

/* The principals FILE gives the key of SIGPATH, into OUT (empty: none). */
static int find_principals(cc__signers *g, const char *file, const char *sigpath,
	char *when, cc_buf *out)
{
	char *argv[] = { g->program, "-Y", "find-principals", "-O", when, "-f", (char *)file,
		"-s", (char *)sigpath, NULL };
	int ok, err;

	if ((err = keygen(g, argv, "", 0, &ok, out)) != 0)
		return err;
	if (!ok)
		cc_buf_clear(out);
	return 0;
}

int cc__signers_check(cc__signers *g, const cc__signers_file *f, const char *sigpath,
	const char *payload, size_t plen, int64_t when, int *result, char **principals)
{
	cc_buf out = CC_BUF_INIT;
	char *first = NULL, *nl, at[64];
	struct tm tm;
	time_t t = (time_t)when;
	int err, ok = 0;

	*principals = NULL;
	/* keys are valid (valid-after, valid-before) as of the commit's time */
	if (!gmtime_r(&t, &tm) || !strftime(at, sizeof(at), "verify-time=%Y%m%d%H%M%SZ", &tm))
		return cc_error_set(CC_EINVALID, "bad commit time %lld", (long long)when);
	if ((err = find_principals(g, f->path, sigpath, at, &out)) != 0)
		goto done;
	if (!out.len) {
		/* no named principal holds this key: is the signature itself sound? */
		char *argv[] = { g->program, "-Y", "check-novalidate", "-n", "git",
			"-s", (char *)sigpath, NULL };
		if ((err = keygen(g, argv, payload, plen, &ok, &out)) != 0)
			goto done;
		*result = ok ? CC__SIG_UNKNOWN : CC__SIG_BAD;
		if (ok && f->raw) {
			if ((err = find_principals(g, f->raw, sigpath, at, &out)) != 0)
				goto done;
			if (out.len)
				*result = CC__SIG_PATTERN;
		}
		goto done;
	}
	if (!(*principals = strdup(out.ptr)) || !(first = strdup(out.ptr))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto done;
	}
	if ((nl = strchr(first, '\n')))
		*nl = '\0';
	{
		char *argv[] = { g->program, "-Y", "verify", "-O", at, "-n", "git", "-f", f->path,
			"-I", first, "-s", (char *)sigpath, NULL };
		if ((err = keygen(g, argv, payload, plen, &ok, &out)) != 0)
			goto done;
	}
	*result = ok ? CC__SIG_GOOD : CC__SIG_BAD;
done:
	if (err || *result != CC__SIG_GOOD) {
		free(*principals);
		*principals = NULL;
	}
	free(first);
	cc_buf_free(&out);
	return err;
}
