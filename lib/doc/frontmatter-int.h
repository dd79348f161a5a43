/*
 * frontmatter-int.h - what the four frontmatter-*.c files share.
 *
 * frontmatter-utf8.c holds the UTF-8 checks, frontmatter-tree.c the
 * document and node model, frontmatter-parse.c turns bytes into a
 * tree (the only file that includes <yaml.h>), frontmatter-emit.c
 * writes a tree back out and decides how each scalar is quoted.
 */
#ifndef CASECTL_FRONTMATTER_INT_H
#define CASECTL_FRONTMATTER_INT_H

#include <stddef.h>

#include "casectl/util/buf.h"
#include "casectl/doc/frontmatter.h"

/* How a scalar (or a key) was written, or is to be written. */
enum fm_style {
	FM_PLAIN,   /* plain in the source, or set with *_plain() */
	FM_SINGLE,  /* 'single quoted' in the source */
	FM_DOUBLE,  /* "double quoted" in the source */
	FM_LITERAL, /* | block in the source */
	FM_FOLDED,  /* > block in the source (written back as |) */
	FM_AUTO     /* a string set by code: the emitter picks */
};

struct cc_node {
	cc_node_type type;
	enum fm_style style;     /* scalars */
	enum fm_style key_style; /* map values */
	char *key;               /* NULL unless a map value */
	char *value;             /* scalars: NUL-terminated text */
	size_t len;              /* strlen(value) */
	size_t line;
	cc_node **kids;          /* maps and lists */
	size_t n, cap;
	cc_node *parent;
	cc_doc *doc;
};

struct cc_doc {
	cc_node *root;
	char *front;        /* parsed bytes up to the body; NULL for new docs */
	size_t front_len;
	char *body;         /* never NULL */
	size_t body_len;
	int crlf;           /* the opening line ended in "\r\n" */
	int tree_modified;
	int body_modified;
};

/* --- frontmatter-tree.c --- */
cc_node *cc__fm_node_new(cc_doc *doc, cc_node_type type);
void cc__fm_node_free(cc_node *n);
/* Append KID to PARENT (a map or list); 0 or CC_ENOMEM. */
int cc__fm_node_push(cc_node *parent, cc_node *kid);
/* Set the text of scalar N (LEN bytes, copied); 0 or CC_ENOMEM. */
int cc__fm_node_set_text(cc_node *n, const char *s, size_t len);
/* An empty document with no parsed bytes. */
cc_doc *cc__fm_doc_alloc(void);

/* --- frontmatter-utf8.c --- */
/* Index of the first byte of S that is not valid UTF-8, or a NUL, or
 * (when STRICT) a C0 control other than tab, LF and CR; LEN if none.
 * *line gets its 1-based line and *why a short description. */
size_t cc__fm_utf8_scan(const char *s, size_t len, int strict, size_t *line,
		    const char **why);
/* Decode the (valid) UTF-8 character at S[*i] and advance *i. */
unsigned long cc__fm_utf8_next(const char *s, size_t len, size_t *i);

/* --- frontmatter-emit.c --- */
/* Whether S can be written as a plain scalar in block context and read
 * back as the same text (syntax only: "12" is plain-safe). */
int cc__fm_plain_ok(const char *s, size_t len);
/* Whether a YAML 1.1 or 1.2 parser could resolve plain S to anything
 * but a string (null, bool, int, float, timestamp, merge, value). */
int cc__fm_ambiguous(const char *s, size_t len);
/* The canonical front matter "---\n...---\n" of DOC into OUT. */
int cc__fm_emit_canonical(const cc_doc *doc, cc_buf *out);

#endif
