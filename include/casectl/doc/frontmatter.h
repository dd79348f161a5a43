/*
 * casectl/doc/frontmatter.h - Markdown files with a YAML front-matter block.
 *
 * A document is "---\n" YAML "---\n" (or "...\n") followed by a Markdown
 * body.  The YAML is parsed with libyaml's event API into an ordered
 * tree of cc_node (maps keep their key order, lists their item order,
 * every scalar is kept as its text).  The body is kept byte for byte.
 *
 * Round trip: cc_doc_emit() of a document that was parsed and not
 * changed returns the original bytes exactly.  Once any setter changed
 * the tree, the front matter is emitted canonically: block style, keys
 * in tree order, one scalar per line, two-space indentation, lists of
 * maps as "- key: value", multi-line strings as literal blocks ("|").
 * Emitting canonical output, parsing it and emitting again gives the
 * same bytes.
 *
 * Typing: every scalar keeps whether it was plain in the source.  A
 * plain scalar ("12", "true", "2026-11-23") keeps its YAML meaning and
 * is written plain again.  Values set with cc_map_set_str() are strings:
 * the emitter quotes them whenever a YAML 1.1 or 1.2 parser would read
 * the plain form as anything but that string (null, booleans including
 * yes/no/on/off, numbers, dates, leading indicators, ": ", " #" ...).
 * Values set with cc_map_set_plain() are written plain (use it for
 * integers, booleans and dates that the model has already validated).
 *
 * Limits (hostile input is refused with CC_EINVALID and a message
 * "PATH:LINE: what"): anchors and aliases, explicit tags other than the
 * standard !!str/!!int/!!bool/!!null/!!float/!!timestamp (and those
 * but !!str on text that does not look like their type), nesting deeper
 * than CC_FM_MAX_DEPTH, front matter longer than CC_FM_MAX_BYTES,
 * duplicate keys in one map, keys that are not scalars, empty plain
 * (null) keys, keys longer than CC_FM_MAX_KEY bytes (so that every key
 * can be written back as a simple key), a NUL in a scalar (from a "\0"
 * escape), control characters in the front matter, multiple YAML
 * documents, invalid UTF-8 or a NUL byte anywhere in the file (body
 * included), and a file that does not start with "---".  A top-level
 * value that is not a map is refused too.
 *
 * Canonical details: comments, flow style, tags and "..." are not kept
 * once the tree changed (a tag's meaning is: !!str 12 becomes "12",
 * !!int "12" becomes 12).  Folded (">") scalars come back as literal
 * blocks; strings that a literal block cannot hold exactly are written
 * double quoted with escapes.  Empty maps and lists are "{}" and "[]",
 * an empty plain value stays empty ("key:").  A file whose first line
 * ends in "\r\n" gets "\r\n" line ends in its canonical front matter.
 * cc_doc_emit() refuses (CC_EINVALID) front matter that would not fit
 * in CC_FM_MAX_BYTES.  Setting a key to the text and meaning it already
 * has is not a change.
 *
 * Lines: a map value reports the line of its key, a list item the line
 * where it starts.
 *
 * Ownership: a cc_doc owns its whole tree and body.  Nodes returned by
 * the getters are borrowed from the document and live until it is freed
 * or the node is removed.  Strings returned by the getters are borrowed
 * likewise.  Strings passed to setters are copied.
 */
#ifndef CASECTL_FRONTMATTER_H
#define CASECTL_FRONTMATTER_H

#include <stddef.h>

#define CC_FM_MAX_DEPTH 16
#define CC_FM_MAX_BYTES (64 * 1024)
#define CC_FM_MAX_KEY 128 /* bytes in one map key */

typedef enum { CC_NODE_SCALAR, CC_NODE_MAP, CC_NODE_LIST } cc_node_type;

typedef struct cc_node cc_node;
typedef struct cc_doc cc_doc;

/* --- documents ------------------------------------------------------ */

/* Parse BUF (LEN bytes, need not be NUL-terminated).  PATH is used in
 * error messages only.  On success *out is a new document. */
int cc_doc_parse(cc_doc **out, const char *buf, size_t len, const char *path);

/* A new document: an empty map and an empty body. */
int cc_doc_new(cc_doc **out);

void cc_doc_free(cc_doc *doc);

/* The whole file as bytes.  *out is malloc'd (caller frees) and
 * NUL-terminated; *len excludes the NUL. */
int cc_doc_emit(const cc_doc *doc, char **out, size_t *len);

/* The top-level map (never NULL). */
cc_node *cc_doc_root(const cc_doc *doc);

/* The body: bytes after the closing delimiter line. */
const char *cc_doc_body(const cc_doc *doc, size_t *len);
int cc_doc_set_body(cc_doc *doc, const char *body, size_t len);

/* Whether the tree or body changed since parsing. */
int cc_doc_modified(const cc_doc *doc);

/* --- nodes ---------------------------------------------------------- */

cc_node_type cc_node_kind(const cc_node *n);
size_t cc_node_line(const cc_node *n);      /* 1-based line in the file, 0 if set by code */
const char *cc_node_value(const cc_node *n); /* scalar text, NULL for maps and lists */
int cc_node_is_plain(const cc_node *n);      /* scalar written without quotes or block style */
const char *cc_node_key(const cc_node *n);   /* key when the node is a map value, else NULL */
size_t cc_node_count(const cc_node *n);      /* entries of a map or list, 0 for scalars */
cc_node *cc_node_at(const cc_node *n, size_t i); /* i-th value of a map or list, NULL past end */

/* --- maps ----------------------------------------------------------- */

cc_node *cc_map_get(const cc_node *map, const char *key);
/* The scalar text of KEY, or NULL if absent or not a scalar. */
const char *cc_map_str(const cc_node *map, const char *key);

/* Set KEY to a string / plain scalar.  An existing key keeps its place
 * in the order (whatever its old kind); a new key is appended.  A NULL
 * value removes the key. */
int cc_map_set_str(cc_node *map, const char *key, const char *value);
int cc_map_set_plain(cc_node *map, const char *key, const char *value);

/* The map or list at KEY, created empty (appended) if absent.  Fails
 * with CC_EINVALID if KEY holds another kind. */
int cc_map_child_map(cc_node *map, const char *key, cc_node **out);
int cc_map_child_list(cc_node *map, const char *key, cc_node **out);

int cc_map_remove(cc_node *map, const char *key); /* 0 even if absent */

/* --- lists ---------------------------------------------------------- */

int cc_list_append_str(cc_node *list, const char *value);
int cc_list_append_plain(cc_node *list, const char *value);
int cc_list_append_map(cc_node *list, cc_node **out);
int cc_list_remove_at(cc_node *list, size_t i);
/* Remove every item. */
int cc_list_clear(cc_node *list);

/* The first map item of LIST whose KEY equals VALUE (e.g. id: G1). */
cc_node *cc_list_find(const cc_node *list, const char *key, const char *value);

/* --- checks --------------------------------------------------------- */

/* Whether S (LEN bytes) is valid UTF-8 with no NUL and no C0 control
 * character other than tab, newline and carriage return.  Returns the
 * 1-based line of the first bad byte in *line when it is not. */
int cc_utf8_valid(const char *s, size_t len, size_t *line);

#endif
