/* store-remote.c - remotes: adding and listing them, and the URL git
 * uses for one (for casectl's messages and checks; the fetch and push
 * themselves run git, store-transport.c).
 *
 * A remote's URL is the one git would use: remote.NAME.url (to push,
 * remote.NAME.pushurl) rewritten by url.BASE.insteadOf and
 * url.BASE.pushInsteadOf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "store-net-int.h"

/* Whether remote.NAME.url is set. */
static int remote_exists(cc_store *s, const char *name)
{
	git_config *cfg = NULL, *snap = NULL;
	git_config_entry *e = NULL;
	cc_buf key = CC_BUF_INIT;
	int found;

	found = !cc_buf_printf(&key, "remote.%s.url", name) &&
		git_repository_config(&cfg, s->repo) == 0 &&
		git_config_snapshot(&snap, cfg) == 0 &&
		git_config_get_entry(&e, snap, key.ptr) == 0;
	git_config_entry_free(e);
	git_config_free(snap);
	git_config_free(cfg);
	cc_buf_free(&key);
	git_error_clear();
	return found;
}

int cc_store_remote_add(cc_store *s, const char *name, const char *url)
{
	int rc, valid = 0;

	if (name && git_remote_name_is_valid(&valid, name) < 0)
		valid = 0;
	if (!name || !*name || !valid || strchr(name, '/'))
		return cc_error_set(CC_EINVALID, "'%s' is not a valid remote name", name ? name : "");
	if (!url || !*url || strpbrk(url, "\r\n"))
		return cc_error_set(CC_EINVALID, "the remote '%s' needs a URL", name);
	if (remote_exists(s, name))
		return cc_error_set(CC_ECONFLICT, "the remote '%s' already exists; "
			"run 'git remote set-url %s URL' to change it", name, name);
	/* written as 'git remote add' does, without git_remote_create (which
	 * leaks in libgit2 1.5) */
	{
		git_config *cfg = NULL;
		cc_buf k1 = CC_BUF_INIT, k2 = CC_BUF_INIT, v2 = CC_BUF_INIT;
		rc = cc_buf_printf(&k1, "remote.%s.url", name) ||
		     cc_buf_printf(&k2, "remote.%s.fetch", name) ||
		     cc_buf_printf(&v2, "+refs/heads/*:refs/remotes/%s/*", name) ? -1 : 0;
		if (!rc && (git_repository_config(&cfg, s->repo) < 0 ||
		    git_config_set_string(cfg, k1.ptr, url) < 0 ||
		    git_config_set_string(cfg, k2.ptr, v2.ptr) < 0))
			rc = -1;
		git_config_free(cfg);
		cc_buf_free(&k1);
		cc_buf_free(&k2);
		cc_buf_free(&v2);
	}
	if (rc < 0)
		return cc__git_error(CC_EIO, "cannot add the remote '%s'", name);
	return 0;
}

void cc_remotes_free(cc_remote *r, size_t n)
{
	size_t i;

	for (i = 0; r && i < n; i++) {
		free(r[i].name);
		free(r[i].url);
	}
	free(r);
}

/* Remote names from the config, without git_remote_list: libgit2 1.5
 * leaks a regex match block for every entry its pattern does not match. */
int cc_store_remote_list(cc_store *s, cc_remote **out, size_t *n)
{
	git_config *cfg = NULL, *snap = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	cc_remote *v = NULL;
	size_t k = 0, i;
	int err = 0, rc;

	*out = NULL;
	*n = 0;
	if (git_repository_config(&cfg, s->repo) < 0 || git_config_snapshot(&snap, cfg) < 0 ||
	    git_config_iterator_new(&it, snap) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the remotes");
		goto out;
	}
	while (!err && (rc = git_config_next(&e, it)) == 0) {
		size_t len = strlen(e->name);
		cc_remote *nv;
		if (strncmp(e->name, "remote.", 7) || len < 12 || strcmp(e->name + len - 4, ".url"))
			continue;
		for (i = 0; i < k; i++)
			if (strlen(v[i].name) == len - 11 && !strncmp(v[i].name, e->name + 7, len - 11))
				break;
		if (i < k) {
			free(v[i].url);
			if (!(v[i].url = cc__redact_dup(e->value ? e->value : "")))
				err = cc_error_set(CC_ENOMEM, "out of memory");
			continue;
		}
		if (!(nv = realloc(v, (k + 1) * sizeof(*v)))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		v = nv;
		v[k].name = strndup(e->name + 7, len - 11);
		v[k].url = cc__redact_dup(e->value ? e->value : "");
		k++;
		if (!v[k - 1].name || !v[k - 1].url)
			err = cc_error_set(CC_ENOMEM, "out of memory");
	}
out:
	git_config_iterator_free(it);
	git_config_free(snap);
	git_config_free(cfg);
	if (err) {
		cc_remotes_free(v, k);
		return err;
	}
	*out = v;
	*n = k;
	return 0;
}

int cc_store_remote_default(cc_store *s, char **name)
{
	cc_remote *v;
	size_t n, i;
	int err;

	*name = NULL;
	if ((err = cc_store_remote_list(s, &v, &n)) != 0)
		return err;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, "origin"))
			break;
	if (i == n && n == 1)
		i = 0;
	if (n == 0)
		err = cc_error_set(CC_ENOTFOUND, "the store has no remote; "
			"run 'casectl remote add origin URL' first");
	else if (i == n)
		err = cc_error_set(CC_EUSAGE, "the store has %zu remotes and none is "
			"called 'origin'; name the one to sync with", n);
	else if (!(*name = strdup(v[i].name)))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	cc_remotes_free(v, n);
	return err;
}

/* --- the URL git would use ----------------------------------------------- */

/* URL rewritten by the longest url.BASE.insteadOf (KIND "insteadof")
 * or url.BASE.pushInsteadOf (KIND "pushinsteadof") that is a prefix of
 * it, as git does; NULL in *out when none is. */
static int rewrite_url(git_config *snap, const char *url, const char *kind, char **out)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t best = 0, klen = strlen(kind), len;
	cc_buf b = CC_BUF_INIT;
	int rc;

	*out = NULL;
	if (git_config_iterator_new(&it, snap) < 0)
		return cc__git_error(CC_EIO, "cannot read the git configuration");
	while ((rc = git_config_next(&e, it)) == 0) {
		len = strlen(e->name);
		if (strncmp(e->name, "url.", 4) || len < 5 + klen + 1 ||
		    e->name[len - klen - 1] != '.' || strcmp(e->name + len - klen, kind) ||
		    !e->value || !*e->value || strncmp(url, e->value, strlen(e->value)) ||
		    strlen(e->value) <= best)
			continue;
		best = strlen(e->value);
		cc_buf_clear(&b);
		if (cc_buf_put(&b, e->name + 4, len - 4 - klen - 1)) {
			rc = GIT_ERROR;
			break;
		}
	}
	git_config_iterator_free(it);
	if (rc != GIT_ITEROVER) {
		cc_buf_free(&b);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (best && (cc_buf_puts(&b, url + best) || !(*out = cc_buf_detach(&b)))) {
		cc_buf_free(&b);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	cc_buf_free(&b);
	return 0;
}

/* The URL of remote NAME as git uses it: to fetch, remote.NAME.url
 * after url.*.insteadOf; to push, remote.NAME.pushurl after insteadOf,
 * else the url after pushInsteadOf, else after insteadOf.  Also the
 * core.sshCommand, for the ssh transport. */
static int remote_url(cc_store *s, const char *name, int push, cc_net *c)
{
	git_config *cfg = NULL, *snap = NULL;
	cc_buf key = CC_BUF_INIT;
	const char *url = NULL, *pushurl = NULL, *sshcmd = NULL;
	char *out = NULL;
	int err = 0;

	if (git_repository_config(&cfg, s->repo) < 0 || git_config_snapshot(&snap, cfg) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the git configuration");
		goto out;
	}
	if (cc_buf_printf(&key, "remote.%s.url", name)) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (git_config_get_string(&url, snap, key.ptr) < 0 || !url || !*url) {
		err = cc_error_set(CC_ENOTFOUND, "no remote '%s'; run 'casectl remote add %s URL' "
			"first", name, name);
		goto out;
	}
	cc_buf_clear(&key);
	if (push && cc_buf_printf(&key, "remote.%s.pushurl", name)) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (push && git_config_get_string(&pushurl, snap, key.ptr) < 0)
		pushurl = NULL;
	if (pushurl && *pushurl)
		url = pushurl;
	else if (push && (err = rewrite_url(snap, url, "pushinsteadof", &out)) != 0)
		goto out;
	if (!out && (err = rewrite_url(snap, url, "insteadof", &out)) != 0)
		goto out;
	if (!out && !(out = strdup(url))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if (git_config_get_string(&sshcmd, snap, "core.sshcommand") == 0 && sshcmd && *sshcmd &&
	    !(c->ssh_command = strdup(sshcmd)))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	c->url = out;
	out = NULL;
out:
	free(out);
	git_error_clear();
	git_config_free(snap);
	git_config_free(cfg);
	cc_buf_free(&key);
	return err;
}

int cc__net_open(cc_store *s, const char *name, int push, cc_net *c)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->s = s;
	c->remote = name;
	if ((err = remote_url(s, name, push, c)) != 0)
		return err;
	cc__net_url_check(c);
	return 0;
}
