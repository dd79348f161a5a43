/* export.c - everything about one case, for the client (right of access) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/views/export.h"
#include "casectl/views/plan-view.h"
#include "casectl/doc/render.h"
#include "casectl/views/view.h"
#include "../doc/json-int.h"

#define MAX_DEPTH 16

typedef struct {
	cc_store *s;
	const char *casedir;     /* "cases/q/7/ID" */
	const char *out;         /* the export folder */
	json_t *records;
	size_t nfiles;
} export_ctx;

/* 0 if DIR is missing or an empty folder (then created/kept, 0700). */
static int prepare_dir(const char *dir)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int empty = 1;

	if (lstat(dir, &st) != 0) {
		if (errno != ENOENT)
			return cc_error_set(CC_EIO, "cannot use '%s': %s", dir, strerror(errno));
		if (mkdir(dir, 0700) != 0)
			return cc_error_set(CC_EIO, "cannot create folder '%s': %s", dir,
				strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return cc_error_set(CC_EINVALID, "'%s' exists and is not a folder; give a new "
			"folder with -o", dir);
	if (!(d = opendir(dir)))
		return cc_error_set(CC_EIO, "cannot read folder '%s': %s", dir, strerror(errno));
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = 0;
	closedir(d);
	if (!empty)
		return cc_error_set(CC_EINVALID, "folder '%s' is not empty; give a new or empty "
			"folder with -o", dir);
	if (chmod(dir, 0700) != 0)
		return cc_error_set(CC_EIO, "cannot change the mode of '%s': %s", dir,
			strerror(errno));
	return 0;
}

static int write_out(const char *dir, const char *name, const char *data, size_t len)
{
	cc_buf p = CC_BUF_INIT;
	size_t off = 0;
	int fd, err = 0;

	if (cc_buf_printf(&p, "%s/%s", dir, name))
		return CC_ENOMEM;
	fd = open(p.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = cc_error_set(CC_EIO, "cannot create '%s': %s", p.ptr, strerror(errno));
		cc_buf_free(&p);
		return err;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (off < len || fchmod(fd, 0600) != 0 || fsync(fd) != 0)
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", p.ptr, strerror(errno));
	if (close(fd) != 0 && !err)
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", p.ptr, strerror(errno));
	cc_buf_free(&p);
	return err;
}

static int make_dir(const char *dir, const char *name)
{
	cc_buf p = CC_BUF_INIT;
	int err = 0;

	if (cc_buf_printf(&p, "%s/%s", dir, name))
		return CC_ENOMEM;
	if (mkdir(p.ptr, 0700) != 0 && errno != EEXIST)
		err = cc_error_set(CC_EIO, "cannot create folder '%s': %s", p.ptr, strerror(errno));
	cc_buf_free(&p);
	return err;
}

/* One record into the JSON bundle: its front matter and its body. */
static int add_record(export_ctx *x, const char *rel, const char *data, size_t len)
{
	cc_doc *doc = NULL;
	json_t *o, *fm;
	const char *body;
	size_t blen;
	size_t nl = strlen(rel);

	if (nl < 3 || strcmp(rel + nl - 3, ".md"))
		return 0;
	if (cc_doc_parse(&doc, data, len, rel) != 0) {
		/* not parseable: keep it as text so nothing is lost */
		cc_error_clear();
		o = json_pack("{s:s, s:n, s:s%}", "path", rel, "data", "body", data, len);
	} else {
		body = cc_doc_body(doc, &blen);
		fm = cc__json_from_node(cc_doc_root(doc));
		o = fm ? json_pack("{s:s, s:o, s:s%}", "path", rel, "data", fm, "body",
			body ? body : "", body ? blen : 0) : NULL;
		cc_doc_free(doc);
	}
	if (!o || json_array_append_new(x->records, o))
		return cc_error_set(CC_ENOMEM, "out of memory");
	return 0;
}

/* Copy folder REL (relative to the case folder, "" for the top). */
static int copy_tree(export_ctx *x, const char *rel, int depth)
{
	char **names = NULL;
	size_t n = 0, i, len;
	cc_buf src = CC_BUF_INIT, sub = CC_BUF_INIT, dst = CC_BUF_INIT;
	char *data;
	int err, kind;

	if (depth > MAX_DEPTH)
		return 0;
	if ((err = cc_buf_printf(&src, "%s%s%s", x->casedir, *rel ? "/" : "", rel)))
		return err;
	err = cc_store_list(x->s, src.ptr, &names, &n);
	for (i = 0; !err && i < n; i++) {
		cc_buf_clear(&sub);
		cc_buf_clear(&dst);
		if ((err = cc_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i])) ||
		    (err = cc_buf_printf(&dst, "%s/%s", src.ptr, names[i])))
			break;
		kind = cc_store_exists(x->s, dst.ptr);
		if (kind == 2) {
			cc_buf_clear(&dst);
			if (!(err = cc_buf_printf(&dst, "files/%s", sub.ptr)) &&
			    !(err = make_dir(x->out, dst.ptr)))
				err = copy_tree(x, sub.ptr, depth + 1);
		} else if (kind == 1) {
			if ((err = cc_store_read(x->s, dst.ptr, &data, &len)))
				break;
			cc_buf_clear(&dst);
			if (!(err = cc_buf_printf(&dst, "files/%s", sub.ptr)) &&
			    !(err = write_out(x->out, dst.ptr, data, len)))
				err = add_record(x, sub.ptr, data, len);
			free(data);
			x->nfiles++;
		}
	}
	cc_strv_free(names, n);
	cc_buf_free(&src);
	cc_buf_free(&sub);
	cc_buf_free(&dst);
	return err;
}

static int write_history(cc_store *s, const char *id, const char *dir)
{
	cc_log_filter flt = { 0 };
	cc_buf p = CC_BUF_INIT;
	FILE *f;
	int fd, err;

	if (cc_buf_printf(&p, "%s/history.txt", dir))
		return CC_ENOMEM;
	fd = open(p.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		err = cc_error_set(CC_EIO, "cannot create '%s': %s", p.ptr, strerror(errno));
		if (fd >= 0)
			close(fd);
		cc_buf_free(&p);
		return err;
	}
	flt.id = id;
	err = cc_view_log(s, &flt, CC_FMT_TEXT, f);
	if (fclose(f) != 0 && !err)
		err = cc_error_set(CC_EIO, "cannot write '%s': %s", p.ptr, strerror(errno));
	cc_buf_free(&p);
	return err;
}

static int write_plan(cc_store *s, const char *id, const char *casedir, const char *dir)
{
	char rel[256], *out = NULL;
	size_t len = 0;
	int err;

	snprintf(rel, sizeof(rel), "%s/plan.md", casedir);
	if (cc_store_exists(s, rel) != 1)
		return 0;
	err = cc_plan_render(s, id, CC_RENDER_HTML, &out, &len);
	if (err == CC_EINVALID) {
		/* a plan that fails its check is still exported under files/ */
		cc_warn("the plan of case '%s' does not pass its check; plan.html left out: %s",
			id, cc_error_msg());
		cc_error_clear();
		return 0;
	}
	if (!err)
		err = write_out(dir, "plan.html", out, len);
	free(out);
	return err;
}

int cc_export(cc_store *s, const char *input, const char *dir, size_t *nfiles)
{
	char id[CC_ID_LEN + 1], *text = NULL, today[CC_DATE_STRLEN];
	cc_date d;
	cc_case *c = NULL;
	export_ctx x = { 0 };
	json_t *bundle = NULL, *cj;
	int err;

	*nfiles = 0;
	if ((err = cc_case_resolve(s, input, id)) || (err = cc_case_load(s, id, &c)))
		return err;
	if ((err = prepare_dir(dir)))
		goto out;
	x.s = s;
	x.casedir = cc_case_dir(c);
	x.out = dir;
	if (!(x.records = json_array())) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = make_dir(dir, "files")) || (err = copy_tree(&x, "", 0)))
		goto out;
	if ((err = write_plan(s, id, x.casedir, dir)) || (err = write_history(s, id, dir)))
		goto out;
	if ((err = cc_date_today(&d)))
		goto out;
	cc_date_format(d, today);
	cj = cc__json_from_node(cc_case_root(c));
	bundle = cj ? json_pack("{s:s, s:s, s:o, s:O}", "id", id, "exported", today,
		"case", cj, "records", x.records) : NULL;
	if (!bundle || (err = cc__json_dump(bundle, &text))) {
		err = err ? err : cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = write_out(dir, "case.json", text, strlen(text))))
		goto out;
	*nfiles = x.nfiles;
out:
	free(text);
	json_decref(bundle);
	json_decref(x.records);
	cc_case_free(c);
	return err;
}
