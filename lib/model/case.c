/* case.c - finding, loading and listing cases */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/error.h"

struct cc_case {
	char id[CC_ID_LEN + 1];
	char dir[CC_ID_DIR_MAX];
	cc_doc *doc;
};

/* Append the IDs in shard folder cases/A/B that start with PREFIX. */
static int scan_shard(cc_store *s, char a, char b, const char *prefix,
	char ***ids, size_t *n, size_t *cap)
{
	char dir[16], **names;
	size_t i, count, plen = strlen(prefix);
	int err;

	snprintf(dir, sizeof(dir), "cases/%c/%c", a, b);
	if ((err = cc_store_list(s, dir, &names, &count)) != 0)
		return err;
	for (i = 0; i < count; i++) {
		const char *name = names[i];
		if (!cc_id_valid(name) || name[2] != a || name[3] != b ||
		    strncmp(name, prefix, plen))
			continue;
		if (*n == *cap) {
			size_t ncap = *cap ? *cap * 2 : 64;
			char **nv = realloc(*ids, ncap * sizeof(*nv));
			if (!nv) {
				err = cc_error_set(CC_ENOMEM, "out of memory");
				break;
			}
			*ids = nv;
			*cap = ncap;
		}
		(*ids)[(*n)++] = names[i];
		names[i] = NULL;
	}
	cc_strv_free(names, count);
	return err;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The IDs starting with PREFIX (normalised), sorted. */
static int find_ids(cc_store *s, const char *prefix, char ***ids, size_t *n)
{
	size_t cap = 0, plen = strlen(prefix);
	int a, b, err = 0;

	*ids = NULL;
	*n = 0;
	if (plen >= 4)
		err = scan_shard(s, prefix[2], prefix[3], prefix, ids, n, &cap);
	for (a = 0; !err && plen < 4 && a < 32; a++) {
		if (plen >= 3 && cc_id_alphabet[a] != prefix[2])
			continue;
		for (b = 0; !err && b < 32; b++)
			err = scan_shard(s, cc_id_alphabet[a], cc_id_alphabet[b],
				prefix, ids, n, &cap);
	}
	if (err) {
		cc_strv_free(*ids, *n);
		*ids = NULL;
		*n = 0;
		return err;
	}
	if (*n > 1)
		qsort(*ids, *n, sizeof(**ids), cmp_str);
	return 0;
}

int cc_case_ids(cc_store *s, char ***ids, size_t *n)
{
	return find_ids(s, "", ids, n);
}

int cc_case_resolve(cc_store *s, const char *input, char id[CC_ID_LEN + 1])
{
	char prefix[CC_ID_LEN + 1], **ids;
	size_t n, i;
	cc_buf msg = CC_BUF_INIT;
	int err;

	if ((err = cc_id_normalize(input, prefix)) != 0)
		return err;
	if ((err = find_ids(s, prefix, &ids, &n)) != 0)
		return err;
	if (n == 1) {
		memcpy(id, ids[0], CC_ID_LEN + 1);
	} else if (n == 0) {
		err = cc_error_set(CC_ENOTFOUND,
			"no case '%s'; run 'casectl list' to see the cases", input);
	} else {
		for (i = 0; i < n && i < 10; i++)
			cc_buf_printf(&msg, "%s%s", i ? ", " : "", ids[i]);
		if (n > 10)
			cc_buf_printf(&msg, " and %zu more", n - 10);
		err = cc_error_set(CC_EAMBIGUOUS,
			"case ID '%s' is ambiguous; it matches %s; type more of it",
			input, cc_buf_cstr(&msg));
		cc_buf_free(&msg);
	}
	cc_strv_free(ids, n);
	return err;
}

int cc_case_parse(const char *id, const char *buf, size_t len, cc_case **out)
{
	cc_case *c;
	char path[CC_ID_DIR_MAX + 16];
	int err;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return cc_error_set(CC_ENOMEM, "out of memory");
	if ((err = cc_id_dir(id, c->dir)) != 0) {
		free(c);
		return err;
	}
	memcpy(c->id, id, CC_ID_LEN + 1);
	snprintf(path, sizeof(path), "%s/%s", c->dir, CC_CASE_FILE);
	if ((err = cc_doc_parse(&c->doc, buf, len, path)) != 0) {
		free(c);
		return err;
	}
	*out = c;
	return 0;
}

int cc_case_load(cc_store *s, const char *id, cc_case **out)
{
	char dir[CC_ID_DIR_MAX], path[CC_ID_DIR_MAX + 16], *buf;
	size_t len;
	int err;

	*out = NULL;
	if ((err = cc_id_dir(id, dir)) != 0)
		return err;
	snprintf(path, sizeof(path), "%s/%s", dir, CC_CASE_FILE);
	err = cc_store_read(s, path, &buf, &len);
	if (err == CC_ENOTFOUND)
		return cc_error_set(CC_ENOTFOUND,
			"case '%s' has no %s; restore it with 'git checkout -- %s'",
			id, path, path);
	if (err)
		return err;
	err = cc_case_parse(id, buf, len, out);
	free(buf);
	return err;
}

void cc_case_free(cc_case *c)
{
	if (!c)
		return;
	cc_doc_free(c->doc);
	free(c);
}

const char *cc_case_id(const cc_case *c)
{
	return c->id;
}

const char *cc_case_dir(const cc_case *c)
{
	return c->dir;
}

cc_doc *cc_case_doc(const cc_case *c)
{
	return c->doc;
}

cc_node *cc_case_root(const cc_case *c)
{
	return cc_doc_root(c->doc);
}

const char *cc_case_get(const cc_case *c, const char *path)
{
	char key[128];
	const char *dot;
	cc_node *n = cc_doc_root(c->doc);

	while ((dot = strchr(path, '.')) != NULL) {
		size_t k = (size_t)(dot - path);
		if (k >= sizeof(key))
			return NULL;
		memcpy(key, path, k);
		key[k] = '\0';
		n = cc_map_get(n, key);
		if (!n || cc_node_kind(n) != CC_NODE_MAP)
			return NULL;
		path = dot + 1;
	}
	return cc_map_str(n, path);
}

void cc_case_path(const cc_case *c, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", c->dir, name);
}

int cc_case_is_closed(const cc_case *c)
{
	const char *st = cc_case_get(c, "status");
	return st && !strcmp(st, "closed");
}
