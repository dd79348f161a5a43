/* frontmatter-parse.c - split a file and parse its YAML with libyaml */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "casectl/util/error.h"
#include "frontmatter-int.h"

/* The YAML text starts on line 2 of the file; libyaml counts from 0. */
#define LINE(mark) ((size_t)(mark).line + 2)

/* Keys seen so far, per map, to find duplicates in O(1). */
struct kent {
	const cc_node *map;
	const char *key;
};

struct kset {
	struct kent *e;
	size_t n, cap;
};

static size_t khash(const cc_node *map, const char *key)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)map;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

/* 1 if (MAP, KEY) was there already, 0 if added, CC_ENOMEM. */
static int kset_add(struct kset *s, const cc_node *map, const char *key)
{
	struct kent *e, *old = s->e;
	size_t i, j, cap;

	if ((s->n + 1) * 2 > s->cap) {
		cap = s->cap ? s->cap * 2 : 64;
		e = calloc(cap, sizeof(*e));
		if (!e)
			return cc_error_set(CC_ENOMEM, "out of memory");
		for (i = 0; i < s->cap; i++) {
			if (!old[i].key)
				continue;
			j = khash(old[i].map, old[i].key) & (cap - 1);
			while (e[j].key)
				j = (j + 1) & (cap - 1);
			e[j] = old[i];
		}
		free(old);
		s->e = e;
		s->cap = cap;
	}
	j = khash(map, key) & (s->cap - 1);
	for (; s->e[j].key; j = (j + 1) & (s->cap - 1))
		if (s->e[j].map == map && !strcmp(s->e[j].key, key))
			return 1;
	s->e[j].map = map;
	s->e[j].key = key;
	s->n++;
	return 0;
}

struct frame {
	cc_node *node;
	char *key;              /* pending key of a map, owned */
	enum fm_style key_style;
	size_t key_line;
};

struct pstate {
	const char *path;
	cc_doc *doc;
	struct frame stack[CC_FM_MAX_DEPTH];
	size_t depth;
	size_t docs;
	struct kset keys;
};

static enum fm_style style_of(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return FM_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return FM_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE:
		return FM_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE:
		return FM_FOLDED;
	default:
		return FM_PLAIN;
	}
}

static int bad(struct pstate *ps, yaml_mark_t mark, const char *msg)
{
	return cc_error_set(CC_EINVALID, "%s:%zu: %s", ps->path, LINE(mark), msg);
}

/* Check anchors and tags; adjust *style for a scalar's core tag. */
static int check_props(struct pstate *ps, const yaml_event_t *ev,
		       const yaml_char_t *anchor, const yaml_char_t *tag,
		       enum fm_style *style, const char *v, size_t len)
{
	static const char *const scalar_tags[] = {
		"str", "int", "bool", "null", "float", "timestamp"
	};
	const char *t = (const char *)tag, *name;
	size_t i;

	if (anchor)
		return bad(ps, ev->start_mark, "anchors and aliases are not allowed");
	if (!t)
		return 0;
	if (strncmp(t, "tag:yaml.org,2002:", 18))
		goto refuse;
	name = t + 18;
	if (ev->type == YAML_MAPPING_START_EVENT) {
		if (!strcmp(name, "map"))
			return 0;
		goto refuse;
	}
	if (ev->type == YAML_SEQUENCE_START_EVENT) {
		if (!strcmp(name, "seq"))
			return 0;
		goto refuse;
	}
	for (i = 0; i < sizeof(scalar_tags) / sizeof(*scalar_tags); i++) {
		if (strcmp(name, scalar_tags[i]))
			continue;
		/* Keep the meaning once the tag is gone: !!str is a string,
		 * the others are plain scalars of their type, so their text
		 * must look like one ("!!int abc" is refused). */
		if (i == 0) {
			*style = *style == FM_PLAIN ? FM_AUTO : *style;
			return 0;
		}
		if (len ? !cc__fm_plain_ok(v, len) || !cc__fm_ambiguous(v, len) : i != 3)
			return cc_error_set(CC_EINVALID, "%s:%zu: '%.100s' is not a valid !!%s",
					    ps->path, LINE(ev->start_mark), v, name);
		*style = FM_PLAIN;
		return 0;
	}
refuse:
	return cc_error_set(CC_EINVALID, "%s:%zu: tag '%.100s' is not allowed",
			    ps->path, LINE(ev->start_mark), t);
}

/* Attach a finished value node N (from event EV) to the open collection. */
static int attach(struct pstate *ps, cc_node *n, const yaml_event_t *ev)
{
	struct frame *f = &ps->stack[ps->depth - 1];
	int err;

	if (f->node->type == CC_NODE_MAP) {
		n->key = f->key;
		n->key_style = f->key_style;
		n->line = f->key_line;
		f->key = NULL;
	} else {
		n->line = LINE(ev->start_mark);
	}
	err = cc__fm_node_push(f->node, n);
	if (err) {
		f->key = n->key; /* still owned by the frame */
		n->key = NULL;
	}
	return err;
}

static int on_scalar(struct pstate *ps, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length, line;
	enum fm_style style = style_of(ev->data.scalar.style);
	struct frame *f;
	const char *why;
	cc_node *n;
	int err;

	err = check_props(ps, ev, ev->data.scalar.anchor, ev->data.scalar.tag,
			  &style, v, len);
	if (err)
		return err;
	if (!ps->depth)
		return bad(ps, ev->start_mark, "front matter is not a map");
	if (cc__fm_utf8_scan(v, len, 0, &line, &why) != len)
		return cc_error_set(CC_EINVALID, "%s:%zu: %s in a value", ps->path,
				    LINE(ev->start_mark), why);
	f = &ps->stack[ps->depth - 1];
	if (f->node->type == CC_NODE_MAP && !f->key) {
		if (!len && style == FM_PLAIN)
			return bad(ps, ev->start_mark, "empty key");
		if (len > CC_FM_MAX_KEY)
			return cc_error_set(CC_EINVALID, "%s:%zu: key longer than %d bytes",
					    ps->path, LINE(ev->start_mark), CC_FM_MAX_KEY);
		f->key = malloc(len + 1);
		if (!f->key)
			return cc_error_set(CC_ENOMEM, "out of memory");
		memcpy(f->key, v, len + 1);
		f->key_style = style;
		f->key_line = LINE(ev->start_mark);
		err = kset_add(&ps->keys, f->node, f->key);
		if (err == 1)
			return cc_error_set(CC_EINVALID, "%s:%zu: duplicate key '%s'",
					    ps->path, f->key_line, f->key);
		return err;
	}
	n = cc__fm_node_new(ps->doc, CC_NODE_SCALAR);
	if (!n)
		return cc_error_set(CC_ENOMEM, "out of memory");
	n->style = style;
	if ((err = cc__fm_node_set_text(n, v, len)) != 0 ||
	    (err = attach(ps, n, ev)) != 0)
		cc__fm_node_free(n);
	return err;
}

static int on_start(struct pstate *ps, const yaml_event_t *ev)
{
	int is_map = ev->type == YAML_MAPPING_START_EVENT;
	enum fm_style style = FM_AUTO;
	struct frame *f;
	cc_node *n;
	int err;

	err = check_props(ps, ev,
			  is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor,
			  is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag,
			  &style, NULL, 0);
	if (err)
		return err;
	if (!ps->depth) {
		if (!is_map)
			return bad(ps, ev->start_mark, "front matter is not a map");
		n = ps->doc->root;
		n->line = LINE(ev->start_mark);
	} else {
		f = &ps->stack[ps->depth - 1];
		if (f->node->type == CC_NODE_MAP && !f->key)
			return bad(ps, ev->start_mark, "keys must be scalars");
		if (ps->depth >= CC_FM_MAX_DEPTH)
			return cc_error_set(CC_EINVALID, "%s:%zu: nesting deeper than %d levels",
					    ps->path, LINE(ev->start_mark), CC_FM_MAX_DEPTH);
		n = cc__fm_node_new(ps->doc, is_map ? CC_NODE_MAP : CC_NODE_LIST);
		if (!n)
			return cc_error_set(CC_ENOMEM, "out of memory");
		if ((err = attach(ps, n, ev)) != 0) {
			cc__fm_node_free(n);
			return err;
		}
	}
	f = &ps->stack[ps->depth++];
	f->node = n;
	f->key = NULL;
	return 0;
}

static int on_event(struct pstate *ps, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (ps->docs++)
			return bad(ps, ev->start_mark, "more than one YAML document");
		return 0;
	case YAML_ALIAS_EVENT:
		return bad(ps, ev->start_mark, "anchors and aliases are not allowed");
	case YAML_SCALAR_EVENT:
		return on_scalar(ps, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_start(ps, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (ps->depth) {
			ps->depth--;
			free(ps->stack[ps->depth].key);
			ps->stack[ps->depth].key = NULL;
		}
		return 0;
	default:
		return 0;
	}
}

/* The file line of a libyaml error; reader errors give an offset only. */
static size_t problem_line(const yaml_parser_t *parser, const char *yaml,
			   size_t len)
{
	size_t off = parser->problem_offset, line = 2, i;

	if (parser->error != YAML_READER_ERROR)
		return LINE(parser->problem_mark);
	for (i = 0; i < off && i < len; i++)
		line += yaml[i] == '\n';
	return line;
}

static int parse_yaml(struct pstate *ps, const char *yaml, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int err = 0, done = 0;
	size_t i;

	if (!yaml_parser_initialize(&parser))
		return cc_error_set(CC_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!err && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR)
				err = cc_error_set(CC_ENOMEM, "out of memory");
			else
				err = cc_error_set(CC_EINVALID, "%s:%zu: %s", ps->path,
						   problem_line(&parser, yaml, len),
						   parser.problem ? parser.problem : "invalid YAML");
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		err = on_event(ps, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (i = 0; i < ps->depth; i++)
		free(ps->stack[i].key);
	free(ps->keys.e);
	return err;
}

/* Find the end of the front matter: *yaml_len bytes of YAML start at
 * START, the closing line ends at *front_len (the body starts there). */
static int split(const char *buf, size_t len, size_t start, const char *path,
		 size_t *yaml_len, size_t *front_len)
{
	size_t pos = start, lim = start + CC_FM_MAX_BYTES, scan, end, clen;
	const char *eol;

	for (;;) {
		if (pos >= len)
			break;
		if (pos > lim)
			return cc_error_set(CC_EINVALID, "%s:1: front matter is longer than %d bytes",
					    path, CC_FM_MAX_BYTES);
		scan = len - pos;
		if (scan > lim + 8 - pos)
			scan = lim + 8 - pos;
		eol = memchr(buf + pos, '\n', scan);
		end = eol ? (size_t)(eol - buf) : pos + scan;
		clen = end - pos;
		if (clen && buf[end - 1] == '\r')
			clen--;
		if (clen == 3 && (eol || end == len) &&
		    (!memcmp(buf + pos, "---", 3) || !memcmp(buf + pos, "...", 3))) {
			*yaml_len = pos - start;
			*front_len = eol ? end + 1 : end;
			return 0;
		}
		if (!eol && end < len)
			return cc_error_set(CC_EINVALID, "%s:1: front matter is longer than %d bytes",
					    path, CC_FM_MAX_BYTES);
		pos = end + 1;
	}
	return cc_error_set(CC_EINVALID, "%s:1: front matter has no closing '---' line",
			    path);
}

int cc_doc_parse(cc_doc **out, const char *buf, size_t len, const char *path)
{
	struct pstate ps;
	size_t start, yaml_len = 0, front_len = 0, line;
	const char *why;
	cc_doc *doc;
	int err, crlf = 0;

	*out = NULL;
	if (!path)
		path = "(front matter)";
	if (len >= 4 && !memcmp(buf, "---\n", 4)) {
		start = 4;
	} else if (len >= 5 && !memcmp(buf, "---\r\n", 5)) {
		start = 5;
		crlf = 1;
	} else {
		return cc_error_set(CC_EINVALID, "%s:1: missing '---' line at the start",
				    path);
	}
	if ((err = split(buf, len, start, path, &yaml_len, &front_len)) != 0)
		return err;
	if (cc__fm_utf8_scan(buf, len, 0, &line, &why) != len)
		return cc_error_set(CC_EINVALID, "%s:%zu: %s", path, line, why);
	if (cc__fm_utf8_scan(buf + start, yaml_len, 1, &line, &why) != yaml_len)
		return cc_error_set(CC_EINVALID, "%s:%zu: %s in the front matter",
				    path, line + 1, why);

	if (!(doc = cc__fm_doc_alloc()))
		return cc_error_set(CC_ENOMEM, "out of memory");
	doc->crlf = crlf;
	doc->front = malloc(front_len + 1);
	free(doc->body);
	doc->body = malloc(len - front_len + 1);
	if (!doc->front || !doc->body) {
		cc_doc_free(doc);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	memcpy(doc->front, buf, front_len);
	doc->front[front_len] = '\0';
	doc->front_len = front_len;
	memcpy(doc->body, buf + front_len, len - front_len);
	doc->body[len - front_len] = '\0';
	doc->body_len = len - front_len;

	memset(&ps, 0, sizeof(ps));
	ps.path = path;
	ps.doc = doc;
	if ((err = parse_yaml(&ps, buf + start, yaml_len)) != 0) {
		cc_doc_free(doc);
		return err;
	}
	*out = doc;
	return 0;
}
