/* store-config.c - git config values, the worker's identity, commit time */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <git2/sys/repository.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"

static int config_get(cc_store *s, const char *key, char **out)
{
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT;
	int rc;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot read the git configuration");
	rc = git_config_get_string_buf(&b, cfg, key);
	git_config_free(cfg);
	if (rc == GIT_ENOTFOUND) {
		git_buf_dispose(&b);
		return cc_error_set(CC_ENOTFOUND, "'%s' is not set in the git configuration", key);
	}
	if (rc < 0) {
		git_buf_dispose(&b);
		return cc__git_error(CC_EINVALID, "cannot read '%s' from the git configuration", key);
	}
	*out = strdup(b.ptr ? b.ptr : "");
	git_buf_dispose(&b);
	return *out ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

int cc_store_config(cc_store *s, const char *key, char **out)
{
	if (!key || !*key) {
		*out = NULL;
		return cc_error_set(CC_EINVALID, "empty configuration key");
	}
	return config_get(s, key, out);
}

int cc__config_seconds(cc_store *s, const char *key, int dflt, int *out)
{
	char *v = NULL, *end;
	long n;
	int err;

	*out = dflt;
	if ((err = cc_store_config(s, key, &v)) == CC_ENOTFOUND) {
		cc_error_clear();
		return 0;
	}
	if (err)
		return err;
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 1 || n > 86400) {
		err = cc_error_set(CC_EINVALID, "'%s' in the git configuration is '%s'; it "
			"must be a whole number of seconds from 1 to 86400", key, v);
		free(v);
		return err;
	}
	free(v);
	*out = (int)n;
	return 0;
}

int cc__config_bool(cc_store *s, const char *key, int *out)
{
	git_config *cfg = NULL;
	int rc;

	*out = 0;
	if (git_repository_config_snapshot(&cfg, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot read the git configuration");
	rc = git_config_get_bool(out, cfg, key);
	git_config_free(cfg);
	if (rc == GIT_ENOTFOUND) {
		*out = 0;
		return 0;
	}
	if (rc < 0)
		return cc__git_error(CC_EINVALID, "'%s' in the git configuration is not a boolean", key);
	return 0;
}

/* An environment value, or NULL when unset or empty. */
static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static int pick(cc_store *s, const char *env, const char *key, const char *env2, char **out)
{
	const char *v = env_nonempty(env);
	int rc;

	if (!v) {
		rc = config_get(s, key, out);
		if (rc == 0 && **out)
			return 0;
		free(*out);
		*out = NULL;
		if (rc != 0 && rc != CC_ENOTFOUND)
			return rc;
		if (env2)
			v = env_nonempty(env2);
		if (!v)
			return CC_ENOTFOUND;
	}
	*out = strdup(v);
	return *out ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

int cc_store_identity(cc_store *s, char **name, char **email)
{
	int rc;

	*name = *email = NULL;
	rc = pick(s, "GIT_AUTHOR_NAME", "user.name", NULL, name);
	if (rc == 0)
		rc = pick(s, "GIT_AUTHOR_EMAIL", "user.email", "EMAIL", email);
	if (rc == 0)
		return 0;
	free(*name);
	free(*email);
	*name = *email = NULL;
	if (rc != CC_ENOTFOUND)
		return rc;
	return cc_error_set(CC_EIDENTITY,
		"author identity unknown; run 'git config --global user.name \"Your Name\"' "
		"and 'git config --global user.email \"you@example.org\"'");
}

static int digits(const char *p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parse $CASECTL_NOW: YYYY-MM-DD (12:00 UTC) or YYYY-MM-DDTHH:MM:SS
 * followed by Z, +HH:MM, -HH:MM, +HHMM, -HHMM, or nothing (local time). */
static int parse_now(const char *v, git_time_t *when, int *offset)
{
	struct tm tm;
	int y, mo, d, h = 12, mi = 0, sec = 0, oh, om, sign, local = 0;
	size_t len = strlen(v);
	const char *z;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	*offset = 0;
	if (len < 10 || digits(v, 4, &y) || v[4] != '-' || digits(v + 5, 2, &mo) ||
	    v[7] != '-' || digits(v + 8, 2, &d))
		return -1;
	if (len > 10) {
		if ((v[10] != 'T' && v[10] != ' ') || len < 19 || digits(v + 11, 2, &h) ||
		    v[13] != ':' || digits(v + 14, 2, &mi) || v[16] != ':' ||
		    digits(v + 17, 2, &sec))
			return -1;
		z = v + 19;
		if (!*z) {
			local = 1;
		} else if (!strcmp(z, "Z")) {
			*offset = 0;
		} else if (*z == '+' || *z == '-') {
			sign = *z == '-' ? -1 : 1;
			if (digits(z + 1, 2, &oh))
				return -1;
			if (z[3] == ':') {
				if (digits(z + 4, 2, &om) || z[6])
					return -1;
			} else if (digits(z + 3, 2, &om) || z[5]) {
				return -1;
			}
			if (oh > 23 || om > 59)
				return -1;
			*offset = sign * (oh * 60 + om);
		} else {
			return -1;
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (local) {
		struct tm lt;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1 || !localtime_r(&t, &lt))
			return -1;
		*offset = (int)(lt.tm_gmtoff / 60);
	} else {
		t = timegm(&tm);
		if (t == (time_t)-1)
			return -1;
		t -= (time_t)*offset * 60;
	}
	if (tm.tm_mday != d)   /* normalised: e.g. February 30 */
		return -1;
	*when = (git_time_t)t;
	return 0;
}

int cc__signature(cc_store *s, git_signature **out)
{
	const char *now = getenv("CASECTL_NOW");
	char *name = NULL, *email = NULL;
	git_time_t when;
	int offset, rc;

	*out = NULL;
	if ((rc = cc_store_identity(s, &name, &email)) != 0)
		return rc;
	if (now && *now) {
		if (parse_now(now, &when, &offset) != 0) {
			rc = cc_error_set(CC_EINVALID,
				"CASECTL_NOW '%s' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
				now);
			goto out;
		}
	} else {
		struct tm lt;
		time_t t = time(NULL);
		if (!localtime_r(&t, &lt)) {
			rc = cc_error_set(CC_ERROR, "cannot find the local time");
			goto out;
		}
		when = (git_time_t)t;
		offset = (int)(lt.tm_gmtoff / 60);
	}
	if (git_signature_new(out, name, email, when, offset) < 0)
		rc = cc__git_error(CC_EIDENTITY, "invalid author identity '%s <%s>'", name, email);
out:
	free(name);
	free(email);
	return rc;
}

/* git's git_env_bool: unset is DEF; "", "0", "false", "no", "off" false */
static int env_bool(const char *name, int def)
{
	const char *v = getenv(name);

	if (!v)
		return def;
	return !(!*v || !strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
		 !strcasecmp(v, "off"));
}

static int add_level(git_config *cfg, const char *path, git_config_level_t level,
	const git_repository *repo)
{
	if (!path || !*path)
		return 0;
	return git_config_add_file_ondisk(cfg, path, level, repo, 0);
}

int cc__config_install(git_repository *repo)
{
	const char *global = getenv("GIT_CONFIG_GLOBAL"), *sys = getenv("GIT_CONFIG_SYSTEM");
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	git_config *cfg = NULL;
	cc_buf xdgp = CC_BUF_INIT, userp = CC_BUF_INIT, local = CC_BUF_INIT;
	int err = 0;

	if (git_config_new(&cfg) < 0)
		return cc__git_error(CC_ENOMEM, "cannot read the git configuration");
	if (!global) {
		if (xdg && *xdg)
			err = cc_buf_printf(&xdgp, "%s/git/config", xdg);
		else if (home && *home)
			err = cc_buf_printf(&xdgp, "%s/.config/git/config", home);
		if (!err && home && *home)
			err = cc_buf_printf(&userp, "%s/.gitconfig", home);
	}
	if (!err)
		err = cc_buf_printf(&local, "%sconfig", git_repository_commondir(repo));
	if (err)
		goto out;
	if ((!env_bool("GIT_CONFIG_NOSYSTEM", 0) &&
	     add_level(cfg, sys ? sys : "/etc/gitconfig", GIT_CONFIG_LEVEL_SYSTEM, repo) < 0) ||
	    add_level(cfg, global ? NULL : xdgp.ptr, GIT_CONFIG_LEVEL_XDG, repo) < 0 ||
	    add_level(cfg, global ? global : userp.ptr, GIT_CONFIG_LEVEL_GLOBAL, repo) < 0 ||
	    add_level(cfg, local.ptr, GIT_CONFIG_LEVEL_LOCAL, repo) < 0) {
		err = cc__git_error(CC_EINVALID, "cannot read the git configuration");
		goto out;
	}
	git_repository_set_config(repo, cfg);
out:
	git_config_free(cfg);
	cc_buf_free(&xdgp);
	cc_buf_free(&userp);
	cc_buf_free(&local);
	return err;
}
