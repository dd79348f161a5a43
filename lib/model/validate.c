/* validate.c - check store files against the record formats */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "casectl/model/settings.h"
#include "casectl/store/sync.h"
#include "casectl/model/validate.h"
#include "validate-rules-int.h"

int cc_problems_add(cc_problems *p, const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (err)
		return err;
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 16;
		char **nv = realloc(p->items, ncap * sizeof(*nv));
		if (!nv) {
			cc_buf_free(&b);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		p->items = nv;
		p->cap = ncap;
	}
	p->items[p->n++] = cc_buf_detach(&b);
	return 0;
}

void cc_problems_free(cc_problems *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->items[i]);
	free(p->items);
	p->items = NULL;
	p->n = p->cap = 0;
}

int cc_problems_raise(const cc_problems *p)
{
	if (!p->n)
		return 0;
	if (p->n == 1)
		return cc_error_set(CC_EINVALID, "%s", p->items[0]);
	return cc_error_set(CC_EINVALID, "%s (and %zu more problems; run 'casectl check')",
		p->items[0], p->n - 1);
}

/* The node at a dotted path, or NULL. */
static cc_node *lookup(cc_node *n, const char *path)
{
	char key[128];
	const char *dot;

	while (n && (dot = strchr(path, '.')) != NULL) {
		size_t k = (size_t)(dot - path);
		if (k >= sizeof(key) || cc_node_kind(n) != CC_NODE_MAP)
			return NULL;
		memcpy(key, path, k);
		key[k] = '\0';
		n = cc_map_get(n, key);
		path = dot + 1;
	}
	return n && cc_node_kind(n) == CC_NODE_MAP ? cc_map_get(n, path) : NULL;
}

static int in_list(const char *v, const char *const *vals)
{
	for (; *vals; vals++)
		if (!strcmp(v, *vals))
			return 1;
	return 0;
}

static int join(cc_buf *b, const char *const *vals)
{
	int err = 0;
	for (; !err && *vals; vals++)
		err = cc_buf_printf(b, "%s%s", b->len ? ", " : "", *vals);
	return err;
}

/* Check one value against RULE; LINE_OF is the line to blame. */
int cc_rule_check_value(const char *path, const cc_rule *r, const cc_node *n,
	size_t line, cc_problems *out)
{
	const char *v;
	cc_date d;
	char *end;
	cc_buf b = CC_BUF_INIT;
	int err = 0;

	if (r->kind == CC_RULE_MAP || r->kind == CC_RULE_LIST) {
		if (cc_node_kind(n) != (r->kind == CC_RULE_MAP ? CC_NODE_MAP : CC_NODE_LIST))
			return cc_problems_add(out, "%s:%zu: '%s' must be a %s", path, line,
				r->key, r->kind == CC_RULE_MAP ? "map of keys" : "list");
		return 0;
	}
	v = cc_node_value(n);
	if (!v)
		return cc_problems_add(out, "%s:%zu: '%s' must be a single value", path,
			line, r->key);
	if (r->required && !*v)
		return cc_problems_add(out, "%s:%zu: '%s' must not be empty", path, line,
			r->key);
	if (!*v)
		return 0;
	switch (r->kind) {
	case CC_RULE_DATE:
		if (cc_date_parse_iso(v, &d))
			return cc_problems_add(out, "%s:%zu: '%s' is not a date (YYYY-MM-DD): '%s'",
				path, line, r->key, v);
		break;
	case CC_RULE_INT:
		if (strtol(v, &end, 10) < 0 || *end)
			return cc_problems_add(out, "%s:%zu: '%s' must be a whole number, not '%s'",
				path, line, r->key, v);
		break;
	case CC_RULE_BOOL:
		if (strcmp(v, "true") && strcmp(v, "false"))
			return cc_problems_add(out, "%s:%zu: '%s' must be true or false, not '%s'",
				path, line, r->key, v);
		break;
	case CC_RULE_ENUM:
		if (!in_list(v, r->values)) {
			if ((err = join(&b, r->values)) == 0)
				err = cc_problems_add(out, "%s:%zu: '%s' must be one of %s, not '%s'",
					path, line, r->key, cc_buf_cstr(&b), v);
			cc_buf_free(&b);
			return err;
		}
		break;
	case CC_RULE_ID:
		if (!cc_id_valid(v))
			return cc_problems_add(out, "%s:%zu: '%s' is not a case ID: '%s'", path,
				line, r->key, v);
		break;
	default:
		break;
	}
	return 0;
}

int cc_rules_check(const char *path, const cc_node *map, const cc_rule *rules,
	cc_problems *out)
{
	const cc_rule *r;
	cc_node *n;
	int err = 0;

	for (r = rules; !err && r->key; r++) {
		n = lookup((cc_node *)map, r->key);
		if (!n) {
			if (r->required)
				err = cc_problems_add(out, "%s:%zu: missing required key '%s'",
					path, cc_node_line(map) ? cc_node_line(map) : 1, r->key);
			continue;
		}
		err = cc_rule_check_value(path, r, n, cc_node_line(n), out);
	}
	return err;
}

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
	    (err = cc_check_controls(relpath, doc, body_line, out)) != 0)
		return err;
	if (!strcmp(kind, "case.md")) {
		if ((err = cc_rules_check(relpath, root, cc_rules_case, out)) != 0)
			return err;
		v = cc_map_str(root, "id");
		if (v && cc_id_valid(v) && strcmp(v, id))
			return cc_problems_add(out, "%s:%zu: 'id' is '%s' but the folder is '%s'",
				relpath, cc_node_line(cc_map_get(root, "id")), v, id);
		return cc_validate_record(relpath, kind, doc, out); /* state checks */
	}
	return cc_validate_record(relpath, kind, doc, out);
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
		err = cc_check_controls(relpath, doc, body_line_of(doc, buf, len), out);
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
