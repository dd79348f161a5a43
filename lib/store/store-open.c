/* store-open.c - creating, finding and opening a store */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"

/* git_libgit2_init is reference counted; every successful call here is
 * balanced by git_libgit2_shutdown in cc_store_free (or on failure). */
static int lib_init(void)
{
	if (git_libgit2_init() < 0)
		return cc_error_set(CC_ERROR, "cannot initialise libgit2");
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	return 0;
}

static char *strip_slash(char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

static void store_destroy(cc_store *s)
{
	if (!s)
		return;
	if (s->held_path) {
		/* an erasure that did not end: its journal stays for recovery */
		if (s->held_fd >= 0)
			close(s->held_fd);
		free(s->held_path);
	}
	git_repository_free(s->repo);
	free(s->root);
	free(s->gitdir);
	free(s);
}

/* Fill S from its open repository.  Takes ownership of repo. */
static int store_new(cc_store **out, git_repository *repo)
{
	const char *wd = git_repository_workdir(repo);
	cc_store *s;
	int err;

	if (!wd) {
		int rc = cc_error_set(CC_ENOTFOUND,
			"'%s' is a bare git repository, not a casectl store", git_repository_path(repo));
		git_repository_free(repo);
		return rc;
	}
	if ((err = cc__config_install(repo))) {
		git_repository_free(repo);
		return err;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		git_repository_free(repo);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	s->repo = repo;
	s->root = realpath(wd, NULL);
	s->gitdir = realpath(git_repository_path(repo), NULL);
	if (!s->root || !s->gitdir) {
		int e = errno;
		git_repository_free(repo);
		free(s->root);
		free(s->gitdir);
		free(s);
		return cc_error_set(e == ENOMEM ? CC_ENOMEM : CC_EIO, "cannot resolve '%s': %s",
			wd, strerror(e));
	}
	strip_slash(s->root);
	strip_slash(s->gitdir);
	*out = s;
	return 0;
}

static int mkdir_p(const char *dir)
{
	char *copy, *p;
	int err = 0;

	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return cc_error_set(CC_EIO, "cannot create '%s': %s", dir, strerror(errno));
	if (!(copy = strdup(dir)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST)
			err = cc_error_set(CC_EIO, "cannot create '%s': %s", copy, strerror(errno));
		*p = '/';
		if (err)
			break;
	}
	if (!err && mkdir(copy, 0700) != 0 && errno != EEXIST)
		err = cc_error_set(CC_EIO, "cannot create '%s': %s", copy, strerror(errno));
	free(copy);
	return err;
}

/* The shallowest folder of DIR, which does not exist, that does not
 * exist yet (a copy; NULL when out of memory): what a failed init
 * removes again. */
static char *first_missing(const char *dir)
{
	struct stat st;
	char *top, *slash;

	if (!(top = strdup(dir)))
		return NULL;
	strip_slash(top);
	while ((slash = strrchr(top, '/')) != NULL && slash != top) {
		*slash = '\0';
		if (stat(top, &st) == 0) {
			*slash = '/';
			break;
		}
	}
	return top;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

int cc_store_init(cc_store **out, const char *dir)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	struct stat st;
	char *top = NULL, *name = NULL, *email = NULL, *git = NULL;
	int made = 0, err;

	*out = NULL;
	if (!dir || !*dir)
		return cc_error_set(CC_EUSAGE, "no folder given for the new store");
	if ((err = lib_init()) != 0)
		return err;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			err = cc_error_set(CC_EINVALID, "'%s' exists and is not a folder", dir);
			goto fail;
		}
		if (git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0) {
			git_repository_free(repo);
			repo = NULL;
			err = cc_error_set(CC_EINVALID,
				"'%s' is already a git repository; choose a new folder for the store", dir);
			goto fail;
		}
		/* a failed init removes the .git it made, never one that was there */
		if (!(git = malloc(strlen(dir) + sizeof("/.git")))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto fail;
		}
		sprintf(git, "%s/.git", dir);
		made = lstat(git, &st) != 0 && errno == ENOENT;
	} else {
		if (!(top = first_missing(dir))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto fail;
		}
		made = 1;
		if ((err = mkdir_p(dir)) != 0)
			goto fail;
	}
	if (top && chmod(dir, 0700) != 0) {
		err = cc_error_set(CC_EIO, "cannot set the mode of '%s': %s", dir, strerror(errno));
		goto fail;
	}
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	if (git_repository_init_ext(&repo, dir, &opts) < 0) {
		err = cc__git_error(CC_EIO, "cannot create a git repository in '%s'", dir);
		goto fail;
	}
	if (chmod(git_repository_path(repo), 0700) != 0) {
		err = cc_error_set(CC_EIO, "cannot set the mode of '%s': %s",
			git_repository_path(repo), strerror(errno));
		git_repository_free(repo);
		goto fail;
	}
	if ((err = store_new(out, repo)) != 0)
		goto fail;
	/* the first commit needs the worker's identity: without it, leave
	 * nothing behind, so that init runs again once it is set */
	if ((err = cc_store_identity(*out, &name, &email)) != 0) {
		store_destroy(*out);
		*out = NULL;
		goto fail;
	}
	free(name);
	free(email);
	free(top);
	free(git);
	return 0;
fail:
	/* take back what this init made: the folders it created, or else
	 * the .git it made in an existing folder */
	if (made)
		nftw(top ? top : git, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(top);
	free(git);
	git_libgit2_shutdown();
	return err;
}

static int not_a_store(const char *start)
{
	return cc_error_set(CC_ENOTFOUND,
		"not a casectl store (or any of the parent folders): '%s'; "
		"run 'casectl init' to create one", start);
}

static int check_settings(cc_store *s)
{
	struct stat st;
	char *p;
	int ok, err;

	if (!(p = malloc(strlen(s->root) + sizeof(CC_SETTINGS_FILE) + 1)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	sprintf(p, "%s/%s", s->root, CC_SETTINGS_FILE);
	ok = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	/* a command killed while it changed casectl.md: its journal puts
	 * the file back */
	if (!ok && (err = cc__lock_recover(s)) != 0)
		return err;
	if (!ok && (p = malloc(strlen(s->root) + sizeof(CC_SETTINGS_FILE) + 1))) {
		sprintf(p, "%s/%s", s->root, CC_SETTINGS_FILE);
		ok = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
		free(p);
	}
	if (!ok)
		return cc_error_set(CC_ENOTFOUND,
			"'%s' is a git repository but not a casectl store (no '%s' at its top); "
			"run 'casectl init' in a new folder to create one", s->root, CC_SETTINGS_FILE);
	return 0;
}

/* Every write is flushed to the disk (fsync of files, folders, objects,
 * refs and the index) unless the git configuration says core.fsync=none,
 * as git understands it: then the operating system decides when, as
 * with git's own defaults.  A crash of casectl alone loses nothing
 * either way; a power cut may lose the last commits with none. */
static void durability(cc_store *s)
{
	git_config *cfg = NULL;
	const char *v = NULL;
	int on = 1;

	if (git_repository_config_snapshot(&cfg, s->repo) == 0 &&
	    git_config_get_string(&v, cfg, "core.fsync") == 0 && !strcmp(v, "none"))
		on = 0;
	git_config_free(cfg);
	git_error_clear();
	cc__set_durable(on);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on);
}

static int open_discover(cc_store **out, const char *start)
{
	git_buf found = GIT_BUF_INIT;
	git_repository *repo = NULL;
	const char *ceiling = getenv("GIT_CEILING_DIRECTORIES");
	int rc;

	rc = git_repository_discover(&found, start, 0, ceiling);
	if (rc == GIT_ENOTFOUND) {
		git_buf_dispose(&found);
		return not_a_store(start);
	}
	if (rc < 0)
		return cc__git_error(CC_EIO, "cannot look for a store from '%s'", start);
	rc = git_repository_open_ext(&repo, found.ptr, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc < 0) {
		rc = cc__git_error(CC_EIO, "cannot open the repository '%s'", found.ptr);
		git_buf_dispose(&found);
		return rc;
	}
	git_buf_dispose(&found);
	return store_new(out, repo);
}

static int open_top(cc_store **out, const char *dir)
{
	git_repository *repo = NULL;
	char *top;
	int rc;

	if (!(top = realpath(dir, NULL)))
		return cc_error_set(CC_ENOTFOUND,
			"CASECTL_DIR '%s' does not exist; unset it or run 'casectl init %s'", dir, dir);
	rc = git_repository_open_ext(&repo, top, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc < 0 && rc != GIT_ENOTFOUND) {
		free(top);
		return cc__git_error(CC_EIO, "cannot open the store '%s' (CASECTL_DIR)", dir);
	}
	if (rc < 0) {
		free(top);
		return cc_error_set(CC_ENOTFOUND,
			"CASECTL_DIR '%s' is not the top of a casectl store; unset it or run 'casectl init %s'",
			dir, dir);
	}
	if ((rc = store_new(out, repo)) != 0) {
		free(top);
		return rc;
	}
	if (strcmp((*out)->root, top) != 0) {
		rc = cc_error_set(CC_ENOTFOUND,
			"CASECTL_DIR '%s' is not the top of a casectl store (that is '%s')",
			dir, (*out)->root);
		store_destroy(*out);
		*out = NULL;
		free(top);
		return rc;
	}
	free(top);
	return 0;
}

int cc_store_open(cc_store **out, const char *dir)
{
	const char *env = getenv("CASECTL_DIR");
	char cwd[PATH_MAX];
	struct stat st;
	int err;

	*out = NULL;
	if ((err = lib_init()) != 0)
		return err;
	if (dir) {
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			err = cc_error_set(CC_ENOTFOUND, "cannot change to '%s': %s", dir,
				stat(dir, &st) != 0 ? strerror(errno) : "not a folder");
			goto fail;
		}
		err = open_discover(out, dir);
	} else if (env && *env) {
		if ((err = open_top(out, env)) == 0)
			err = check_settings(*out);
		if (err)
			goto fail_store;
		durability(*out);
		return 0;
	} else {
		if (!getcwd(cwd, sizeof(cwd))) {
			err = cc_error_set(CC_EIO, "cannot find the current folder: %s", strerror(errno));
			goto fail;
		}
		err = open_discover(out, cwd);
	}
	if (err)
		goto fail;
	if ((err = check_settings(*out)) != 0)
		goto fail_store;
	durability(*out);
	return 0;
fail_store:
	store_destroy(*out);
	*out = NULL;
fail:
	git_libgit2_shutdown();
	return err;
}

void cc_store_free(cc_store *s)
{
	if (!s)
		return;
	store_destroy(s);
	git_libgit2_shutdown();
}

const char *cc_store_root(const cc_store *s)
{
	return s->root;
}

const char *cc_store_gitdir(const cc_store *s)
{
	return s->gitdir;
}
