/* validate.c - check store files against the record formats */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "casectl/model/settings.h"
#include "casectl/store/sync.h"
#include "casectl/model/validate.h"
#include "plan-int.h"
#include "validate-rules-int.h"

/* The kind of record at RELPATH: its base name inside a case folder,
 * "settings", "service", or NULL for files casectl does not check. */
static const char *record_kind(const char *relpath, char id[CC_ID_LEN + 1])
{
	const char *p;

	id[0] = '\0';
	if (!strcmp(relpath, CC_SETTINGS_FILE))
		return "settings";
	if (!strncmp(relpath, "services/", 9) && !strchr(relpath + 9, '/'))
		return "service";
	if (strncmp(relpath, "cases/", 6))
		return NULL;
	/* cases/A/B/ID/rest */
	p = relpath + 6;
	if (strlen(p) < 5 + CC_ID_LEN || p[1] != '/' || p[3] != '/')
		return "misplaced";
	memcpy(id, p + 4, CC_ID_LEN);
	id[CC_ID_LEN] = '\0';
	if (!cc_id_valid(id) || id[2] != p[0] || id[3] != p[2] || p[4 + CC_ID_LEN] != '/')
		return "misplaced";
	return p + 5 + CC_ID_LEN;
}

static int validate_doc(const char *relpath, const cc_doc *doc, size_t body_line,
	cc_problems *out)
{
	char id[CC_ID_LEN + 1];
	const char *kind = record_kind(relpath, id);
	const cc_node *root = cc_doc_root(doc);
	const char *v;
	int err;

	if (!kind)
		return 0;
	if ((err = cc_check_conflicts(relpath, id[0] ? id : NULL, doc, out)) != 0 ||
	    (err = cc__check_controls(relpath, doc, body_line, out)) != 0)
		return err;
	if (!strcmp(kind, "case.md")) {
		if ((err = cc__rules_check(relpath, root, cc__rules_case, out)) != 0)
			return err;
		v = cc_map_str(root, "id");
		if (v && cc_id_valid(v) && strcmp(v, id))
			return cc_problems_add(out, "%s:%zu: 'id' is '%s' but the folder is '%s'",
				relpath, cc_node_line(cc_map_get(root, "id")), v, id);
		return cc__validate_record(relpath, kind, doc, out); /* state checks */
	}
	return cc__validate_record(relpath, kind, doc, out);
}

/* The line of BUF (LEN bytes, parsed into DOC) its body starts on. */
static size_t body_line_of(const cc_doc *doc, const char *buf, size_t len)
{
	size_t blen, k, line = 1;

	cc_doc_body(doc, &blen);
	for (k = 0; k + blen < len; k++)
		line += buf[k] == '\n';
	return line;
}

int cc_validate_doc(const char *relpath, const cc_doc *doc, cc_problems *out)
{
	return validate_doc(relpath, doc, 0, out);
}

int cc_validate_file(const char *relpath, const char *buf, size_t len,
	cc_problems *out)
{
	char id[CC_ID_LEN + 1];
	const char *kind = record_kind(relpath, id);
	cc_settings st;
	cc_doc *doc = NULL;
	size_t n;
	int err;

	if (!kind)
		return 0;
	if (!strcmp(kind, "misplaced"))
		return cc_problems_add(out, "%s: not inside a case folder "
			"(cases/X/Y/ID/ with a valid ID)", relpath);
	n = strlen(relpath);
	if (n < 3 || strcmp(relpath + n - 3, ".md"))
		return cc_problems_add(out, "%s: only Markdown files (.md) belong here",
			relpath);
	if (!strcmp(kind, "settings")) {
		int bad = cc_settings_parse(buf, len, &st) != 0;
		if (bad && (err = cc_problems_add(out, "%s", cc_error_msg())) != 0)
			return err;
		if ((err = cc_settings_unknown(buf, len, out)) != 0)
			return err;
		/* the settings are a colleague's input too (text.h) */
		if (cc_doc_parse(&doc, buf, len, relpath))
			return bad ? 0 : cc_problems_add(out, "%s", cc_error_msg());
		err = cc__check_controls(relpath, doc, body_line_of(doc, buf, len), out);
		cc_doc_free(doc);
		return err;
	}
	if (cc_doc_parse(&doc, buf, len, relpath))
		return cc_problems_add(out, "%s", cc_error_msg());
	err = validate_doc(relpath, doc, body_line_of(doc, buf, len), out);
	cc_doc_free(doc);
	return err;
}

static int walk(cc_store *s, const char *reldir, cc_problems *out, int depth)
{
	char **names, *path, *buf;
	size_t n, i, len;
	int err = 0, kind;

	if ((err = cc_store_list(s, reldir, &names, &n)) != 0)
		return err;
	for (i = 0; !err && i < n; i++) {
		cc_buf p = CC_BUF_INIT;
		if ((err = cc_buf_printf(&p, "%s%s%s", reldir, *reldir ? "/" : "", names[i])))
			break;
		path = p.ptr;
		kind = cc_store_exists(s, path);
		if (kind < 0) {
			err = cc_problems_add(out, "%s", cc_error_msg());
		} else if (kind == 2 && depth < 8) {
			if (cc__is_case_folder(path))
				err = cc__check_case_folder(s, path, out);
			if (!err)
				err = walk(s, path, out, depth + 1);
		} else if (kind == 1) {
			int rerr = cc_store_read(s, path, &buf, &len);
			if (rerr == CC_ENOMEM)
				err = rerr;
			else if (rerr)
				err = cc_problems_add(out, "%s", cc_error_msg());
			else {
				err = cc_validate_file(path, buf, len, out);
				free(buf);
			}
		}
		cc_buf_free(&p);
	}
	cc_strv_free(names, n);
	return err;
}

int cc_validate_tree(cc_store *s, const char *reldir, cc_problems *out)
{
	char *buf;
	size_t len;
	int err;

	if (!*reldir) {
		if ((err = cc_store_read(s, CC_SETTINGS_FILE, &buf, &len)) != 0) {
			if (err == CC_ENOMEM)
				return err;
			if ((err = cc_problems_add(out, "%s", cc_error_msg())))
				return err;
		} else {
			err = cc_validate_file(CC_SETTINGS_FILE, buf, len, out);
			free(buf);
			if (err)
				return err;
		}
		if ((err = walk(s, "cases", out, 0)) != 0)
			return err;
		return walk(s, "services", out, 0);
	}
	return walk(s, reldir, out, 0);
}

int cc_validate_staged(cc_store *s, cc_problems *out)
{
	cc_change *ch = NULL;
	size_t n = 0, i, len;
	char *buf, id[CC_ID_LEN + 1];
	const char *kind;
	int err, rerr;

	if ((err = cc_store_staged(s, &ch, &n)))
		return err;
	for (i = 0; !err && i < n; i++) {
		if (ch[i].kind == CC_CHANGE_DELETED) {
			kind = record_kind(ch[i].path, id);
			if (kind && (!strcmp(kind, "case.md") || !strcmp(kind, "settings")))
				err = cc_problems_add(out, "%s: deleted; casectl needs this file",
					ch[i].path);
			continue;
		}
		rerr = cc_store_read_staged(s, ch[i].path, &buf, &len);
		if (rerr == CC_ENOMEM) {
			err = rerr;
		} else if (rerr) {
			err = cc_problems_add(out, "%s", cc_error_msg());
		} else {
			err = cc_validate_file(ch[i].path, buf, len, out);
			free(buf);
		}
	}
	cc_changes_free(ch, n);
	return err;
}

int cc__plan_check_raise(const char *relpath, const cc_doc *doc)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_buf b = CC_BUF_INIT;
	size_t i;
	int err;

	if ((err = cc_validate_doc(relpath, doc, &probs)) || !probs.n)
		goto out;
	/* every problem, one "error:" line each as cmd/ prints them */
	for (i = 0; !err && i < probs.n; i++)
		err = cc_buf_printf(&b, "%s%s", i ? "\nerror: " : "", probs.items[i]);
	if (!err)
		err = cc_error_set(CC_EINVALID, "%s", b.ptr);
out:
	cc_buf_free(&b);
	cc_problems_free(&probs);
	return err;
}
