/* json.c - front-matter trees as JSON (jansson) */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casectl/util/error.h"
#include "casectl/doc/json.h"
#include "json-int.h"

static int is_int(const char *v)
{
	const char *p = v;

	if (*p == '-')
		p++;
	if (!*p || (*p == '0' && p[1]))
		return 0;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return strlen(v) < 16;
}

json_t *cc__json_from_node(const cc_node *n)
{
	json_t *j;
	size_t i, count;
	const char *v;

	switch (cc_node_kind(n)) {
	case CC_NODE_MAP:
		j = json_object();
		count = cc_node_count(n);
		for (i = 0; j && i < count; i++) {
			cc_node *c = cc_node_at(n, i);
			json_t *cj = cc__json_from_node(c);
			if (!cj || json_object_set_new(j, cc_node_key(c), cj)) {
				json_decref(j);
				return NULL;
			}
		}
		return j;
	case CC_NODE_LIST:
		j = json_array();
		count = cc_node_count(n);
		for (i = 0; j && i < count; i++) {
			json_t *cj = cc__json_from_node(cc_node_at(n, i));
			if (!cj || json_array_append_new(j, cj)) {
				json_decref(j);
				return NULL;
			}
		}
		return j;
	default:
		v = cc_node_value(n);
		if (cc_node_is_plain(n)) {
			if (!strcmp(v, "true"))
				return json_true();
			if (!strcmp(v, "false"))
				return json_false();
			if (!strcmp(v, "null") || !strcmp(v, "~") || !*v)
				return json_null();
			if (is_int(v))
				return json_integer(strtoll(v, NULL, 10));
		}
		return json_string(v);
	}
}

int cc__json_dump(json_t *j, char **out)
{
	*out = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!*out)
		return cc_error_set(CC_ENOMEM, "cannot write JSON");
	return 0;
}

int cc_node_json(const cc_node *n, char **out)
{
	json_t *j = cc__json_from_node(n);
	int err = cc__json_dump(j, out);

	json_decref(j);
	return err;
}
