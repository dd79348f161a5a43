/*
 * store-peek.c - find a store and read its HEAD without libgit2.
 *
 * Starting libgit2 costs more than everything else a read of one
 * case's history does: git_libgit2_init parses every CA certificate of
 * the system (Debian's libgit2 uses mbedTLS), about 55 million
 * instructions, before any repository is opened.  Read-only commands
 * that can be answered from casectl's derived caches use these
 * functions first.  They only answer for the plain layout - a .git
 * folder at the top of the store, owned by this user, HEAD naming a
 * branch in a loose or packed ref - and decline (1) everything else:
 * then the caller opens the store through libgit2 as always, so the
 * answers and the error messages never differ.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "casectl/store/store.h"
#include "store-dirc-int.h"
#include "store-hindex-int.h"
#include "store-peek-int.h"

/* Read a small file into BUF (NUL-terminated); its length, or -1. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static int is_dir(const char *a, const char *b, struct stat *st)
{
	char p[PATH_MAX];

	return (size_t)snprintf(p, sizeof(p), "%s%s", a, b) < sizeof(p) &&
		lstat(p, st) == 0 && S_ISDIR(st->st_mode);
}

static int exists(const char *a, const char *b)
{
	char p[PATH_MAX];
	struct stat st;

	return (size_t)snprintf(p, sizeof(p), "%s%s", a, b) >= sizeof(p) || lstat(p, &st) == 0;
}

int cc__peek_store(const char *dir, cc__peek *out)
{
	const char *env = getenv("CASECTL_DIR");
	char cur[PATH_MAX], *start;
	struct stat st, gst;
	dev_t dev;
	int top_only = 0;

	memset(out, 0, sizeof(*out));
	/* Whatever changes how libgit2 searches is libgit2's to handle. */
	if (getenv("GIT_CEILING_DIRECTORIES") || getenv("GIT_DISCOVERY_ACROSS_FILESYSTEM"))
		return 1;
	if (!dir && env && *env) {
		dir = env;
		top_only = 1;
	}
	if (!(start = realpath(dir ? dir : ".", NULL)))
		return 1;
	if (strlen(start) >= sizeof(cur)) {
		free(start);
		return 1;
	}
	strcpy(cur, start);
	free(start);
	if (lstat(cur, &st) != 0 || !S_ISDIR(st.st_mode))
		return 1;
	dev = st.st_dev;
	for (;;) {
		char *slash;

		if (is_dir(cur, "/.git", &gst))
			break;
		/* a .git file (worktree, submodule), or inside a git dir */
		if (exists(cur, "/.git") || top_only ||
		    (exists(cur, "/HEAD") && exists(cur, "/objects")))
			return 1;
		if (!strcmp(cur, "/") || !(slash = strrchr(cur, '/')))
			return 1;
		if (slash == cur)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (lstat(cur, &st) != 0 || st.st_dev != dev)
			return 1;
	}
	/* libgit2 refuses repositories of other users (safe.directory). */
	if (gst.st_uid != geteuid() || !exists(cur, "/" CC_SETTINGS_FILE) ||
	    exists(cur, "/.git/commondir"))
		return 1;
	if ((size_t)snprintf(out->root, sizeof(out->root), "%s", cur) >= sizeof(out->root) ||
	    (size_t)snprintf(out->gitdir, sizeof(out->gitdir), "%s%s.git", cur,
		strcmp(cur, "/") ? "/" : "") >= sizeof(out->gitdir))
		return 1;
	return 0;
}

static int hex20(const char *hex, unsigned char out[20])
{
	int i;

	for (i = 0; i < 40; i++) {
		int c = hex[i], v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return -1;
		if (i % 2)
			out[i / 2] |= (unsigned char)v;
		else
			out[i / 2] = (unsigned char)(v << 4);
	}
	return 0;
}

/* The id REF has in packed-refs; 0, or 1 when not there. */
static int packed(const cc__peek *p, const char *ref, unsigned char oid[20])
{
	char path[PATH_MAX], line[1024];
	size_t rl = strlen(ref);
	FILE *f;
	int rc = 1;

	if ((size_t)snprintf(path, sizeof(path), "%s/packed-refs", p->gitdir) >= sizeof(path) ||
	    !(f = fopen(path, "re")))
		return 1;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);
		if (n == 40 + 1 + rl + 1 && line[40] == ' ' && line[n - 1] == '\n' &&
		    !memcmp(line + 41, ref, rl)) {
			rc = hex20(line, oid) ? 1 : 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

int cc__peek_head(const cc__peek *p, unsigned char oid[20])
{
	char path[PATH_MAX], buf[512], *ref;
	ssize_t n;

	if ((size_t)snprintf(path, sizeof(path), "%s/HEAD", p->gitdir) >= sizeof(path) ||
	    (n = slurp(path, buf, sizeof(buf))) < 0)
		return 1;
	if (n == 41 && buf[40] == '\n')                 /* detached */
		return hex20(buf, oid) ? 1 : 0;
	if (strncmp(buf, "ref: refs/heads/", 16) || buf[n - 1] != '\n')
		return 1;
	buf[n - 1] = '\0';
	ref = buf + 5;
	if (strstr(ref, "..") || strpbrk(ref, " \t\\:?*["))
		return 1;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", p->gitdir, ref) >= sizeof(path))
		return 1;
	{
		char val[128];
		ssize_t m = slurp(path, val, sizeof(val));
		if (m == 41 && val[40] == '\n')
			return hex20(val, oid) ? 1 : 0;
		if (m >= 0 || errno != ENOENT)
			return 1;           /* a symbolic ref, or unreadable */
	}
	return packed(p, ref, oid);
}

/* Split the logmeta line at P into E (fields point into COPY). */
static int entry_of(const char *p, char *copy, size_t size, cc_log_entry *e)
{
	const char *nl = strchr(p, '\n');
	char *f[9], *q, *end;
	size_t len, i;

	if (!nl || (len = (size_t)(nl - p)) >= size)
		return -1;
	memcpy(copy, p, len);
	copy[len] = '\0';
	for (i = 0, q = copy; i < 9; i++) {
		f[i] = q;
		if ((q = strchr(q, '\t')))
			*q++ = '\0';
		else if (i < 8)
			return -1;
		else
			break;
	}
	if (q || strlen(f[0]) != 40)
		return -1;
	memset(e, 0, sizeof(*e));
	memcpy(e->oid, f[0], 41);
	e->time = strtoll(f[1], &end, 10);
	if (*end)
		return -1;
	e->tz_minutes = (int)strtol(f[2], &end, 10);
	if (*end)
		return -1;
	e->parents = (unsigned)strtoul(f[3], &end, 10);
	if (*end)
		return -1;
	e->case_id = *f[4] ? f[4] : NULL;
	e->action = *f[5] ? f[5] : NULL;
	e->author_name = f[6];
	e->author_email = f[7];
	e->subject = e->message = f[8];
	return 0;
}

int cc_store_log_peek(const char *dir, const char *input, cc_log_fn fn, void *payload)
{
	const char *hx = getenv("CASECTL_HISTORY_INDEX");
	char id[CC_ID_LEN + 1], rel[CC_ID_DIR_MAX], full[PATH_MAX], tipf[PATH_MAX];
	char tipbuf[128], *meta = NULL, *copy = NULL;
	const char **lines = NULL;
	unsigned char head[20], tip[20];
	cc__peek pk;
	cc_store fake;
	git_oid *v = NULL;
	size_t n = 0, mlen = 0, i, tl = strlen(CC__HX_TIP_MAGIC);
	struct stat st;
	ssize_t got;
	int fd = -1, rc = 1;

	if ((hx && !strcmp(hx, "0")) || cc_id_normalize(input, id) || strlen(id) != CC_ID_LEN ||
	    !cc_id_valid(id) || cc_id_dir(id, rel) || cc__peek_store(dir, &pk)) {
		cc_error_clear();
		return 1;
	}
	if ((size_t)snprintf(full, sizeof(full), "%s/%s", pk.root, rel) >= sizeof(full) ||
	    lstat(full, &st) != 0 || !S_ISDIR(st.st_mode))
		return 1;
	fake.repo = NULL;
	fake.root = pk.root;
	fake.gitdir = pk.gitdir;
	if ((fd = cc__hx_lock_take(&fake, 1)) < 0)
		return 1;
	/* The index must be complete up to HEAD: then its list of the
	 * case's commits is the walk's. */
	if ((size_t)snprintf(tipf, sizeof(tipf), "%s/%s/history/tip", pk.gitdir,
		CC_LOCK_DIR) >= sizeof(tipf) ||
	    (got = slurp(tipf, tipbuf, sizeof(tipbuf))) != (ssize_t)(tl + 41) ||
	    memcmp(tipbuf, CC__HX_TIP_MAGIC, tl) || tipbuf[tl + 40] != '\n' ||
	    hex20(tipbuf + tl, tip) || cc__peek_head(&pk, head) || memcmp(tip, head, 20))
		goto out;
	/* A case folder with no commit listed: uncommitted, or an index
	 * that lost lines; the full check is cc_store_log's. */
	if (cc__hx_case_read(&fake, id, &v, &n) != 0 || !n ||
	    cc__logmeta_read(pk.gitdir, id, &meta, &mlen) != 0 ||
	    !(lines = calloc(n + 1, sizeof(*lines))) || !(copy = malloc(mlen + 1)))
		goto out;
	for (i = 0; i < n; i++) {
		char hex[41];
		cc_log_entry e;
		git_oid_tostr(hex, sizeof(hex), &v[i]);
		if (!meta || !(lines[i] = cc__logmeta_find(meta, mlen, hex)) ||
		    entry_of(lines[i], copy, mlen + 1, &e))
			goto out;
	}
	rc = 0;
out:
	cc__hx_lock_drop(fd);
	for (i = 0; rc == 0 && i < n; i++) {
		cc_log_entry e;
		entry_of(lines[i], copy, mlen + 1, &e);     /* checked above */
		if ((rc = fn(&e, payload)) > 0)
			rc = 0, i = n;
	}
	if (rc == 0)
		cc__trace("index", "log peek");
	free(copy);
	free(lines);
	free(meta);
	free(v);
	return rc;
}
