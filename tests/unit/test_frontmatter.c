/* test_frontmatter.c - unit tests for lib/frontmatter*.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"

/* --- helpers ---------------------------------------------------------- */

static cc_doc *parse_ok(const char *text)
{
	cc_doc *doc = NULL;
	int err = cc_doc_parse(&doc, text, strlen(text), "t.md");

	if (err)
		fail_msg("parse failed: %s", cc_error_msg());
	return doc;
}

/* Parse TEXT (LEN bytes), expect CC_EINVALID and a message containing WANT. */
static void parse_fails_n(const char *text, size_t len, const char *want)
{
	cc_doc *doc = NULL;
	int err = cc_doc_parse(&doc, text, len, "t.md");

	assert_int_equal(err, CC_EINVALID);
	assert_null(doc);
	if (!strstr(cc_error_msg(), want))
		fail_msg("message '%s' lacks '%s'", cc_error_msg(), want);
}

static void parse_fails(const char *text, const char *want)
{
	parse_fails_n(text, strlen(text), want);
}

static char *emit(const cc_doc *doc)
{
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(cc_doc_emit(doc, &out, &len), 0);
	assert_int_equal(strlen(out), len);
	return out;
}

static void assert_emits(const cc_doc *doc, const char *want)
{
	char *out = emit(doc);

	assert_string_equal(out, want);
	free(out);
}

/* Make DOC "modified" without changing its content. */
static void touch(cc_doc *doc)
{
	cc_node *root = cc_doc_root(doc);

	assert_null(cc_map_get(root, "__touch"));
	assert_int_equal(cc_map_set_str(root, "__touch", "x"), 0);
	assert_int_equal(cc_map_remove(root, "__touch"), 0);
	assert_true(cc_doc_modified(doc));
}

/* Canonical emission of TEXT, and a check that it is a fixed point. */
static char *canonical(const char *text)
{
	cc_doc *doc = parse_ok(text), *again;
	char *out, *out2;

	touch(doc);
	out = emit(doc);
	cc_doc_free(doc);
	again = parse_ok(out);
	touch(again);
	out2 = emit(again);
	assert_string_equal(out, out2);
	free(out2);
	cc_doc_free(again);
	return out;
}

static void assert_canonical(const char *text, const char *want)
{
	char *out = canonical(text);

	assert_string_equal(out, want);
	free(out);
}

/* The line "key: ..." that set_str(KEY, VALUE) writes on a new doc. */
static char *emit_one(const char *value, int plain)
{
	cc_doc *doc;
	char *out;

	assert_int_equal(cc_doc_new(&doc), 0);
	if (plain)
		assert_int_equal(cc_map_set_plain(cc_doc_root(doc), "k", value), 0);
	else
		assert_int_equal(cc_map_set_str(cc_doc_root(doc), "k", value), 0);
	out = emit(doc);
	cc_doc_free(doc);
	return out;
}

/* set_str(VALUE) must be written as "k:WANT\n"; parse it back too. */
static void check_str(const char *value, const char *want)
{
	char *out = emit_one(value, 0), expect[512];
	cc_doc *doc;

	snprintf(expect, sizeof(expect), "---\nk:%s\n---\n", want);
	assert_string_equal(out, expect);
	doc = parse_ok(out);
	assert_string_equal(cc_map_str(cc_doc_root(doc), "k"), value);
	cc_doc_free(doc);
	free(out);
}

static double seconds_since(clock_t t0)
{
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static const char case_file[] =
	"---\n"
	"id: 2026-0001\n"
	"name: Jana Nováková\n"
	"born: 1990-04-02\n"
	"phase: assessment   # still open\n"
	"consent: true\n"
	"visits: 12\n"
	"x-custom: kept\n"
	"goals:\n"
	"- id: G1\n"
	"  text: \"Find work\"\n"
	"  due: 2026-11-23\n"
	"- id: G2\n"
	"  text: 'Stable housing'\n"
	"notes: |\n"
	"  First line.\n"
	"  Second line.\n"
	"---\n"
	"# Case notes\n"
	"\n"
	"Met the client.\n";

/* --- round trip ------------------------------------------------------- */

static void test_roundtrip_unchanged(void **state)
{
	static const char *const files[] = {
		case_file,
		"---\n---\n",
		"---\n---\nbody only\n",
		"---\r\na: 1\r\nb: [x, y]\r\n---\r\nbody\r\n",
		"---\na: 1\n...\nbody\n",
		"---\na: 1\n---",
		"---\na: 1\n---\r\n",
		"---\n# just a comment\n---\n",
		"---\nflow: {a: 1, b: [2, 3]}\nempty: {}\nnone: []\n---\n",
		"---\nимя: Пётр\nměsto: Brno   \n---\n\xc5\xbe\n",
		"---\n  a:    1\n  b:\n      - x\n      -   y\n---\nno newline",
		"---\nk: >-\n  folded\n  text\n\nz: |2\n    indented\n---\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		cc_doc *doc = parse_ok(files[i]);
		char *out;
		size_t len;

		assert_false(cc_doc_modified(doc));
		assert_int_equal(cc_doc_emit(doc, &out, &len), 0);
		assert_int_equal(len, strlen(files[i]));
		assert_memory_equal(out, files[i], len);
		free(out);
		cc_doc_free(doc);
	}
}

static void test_canonical_after_modify(void **state)
{
	cc_doc *doc = parse_ok(case_file);

	(void)state;
	assert_int_equal(cc_map_set_plain(cc_doc_root(doc), "visits", "13"), 0);
	assert_true(cc_doc_modified(doc));
	assert_emits(doc,
		     "---\n"
		     "id: 2026-0001\n"
		     "name: Jana Nováková\n"
		     "born: 1990-04-02\n"
		     "phase: assessment\n"
		     "consent: true\n"
		     "visits: 13\n"
		     "x-custom: kept\n"
		     "goals:\n"
		     "  - id: G1\n"
		     "    text: \"Find work\"\n"
		     "    due: 2026-11-23\n"
		     "  - id: G2\n"
		     "    text: 'Stable housing'\n"
		     "notes: |\n"
		     "  First line.\n"
		     "  Second line.\n"
		     "---\n"
		     "# Case notes\n"
		     "\n"
		     "Met the client.\n");
	cc_doc_free(doc);
}

static void test_canonical_shapes(void **state)
{
	(void)state;
	assert_canonical("---\n---\n", "---\n---\n");
	assert_canonical("---\n# only a comment\n---\nB", "---\n---\nB");
	assert_canonical("---\na: {x: 1, y: [1, [2, 3], {}, []]}\n---\n",
			 "---\n"
			 "a:\n"
			 "  x: 1\n"
			 "  y:\n"
			 "    - 1\n"
			 "    - - 2\n"
			 "      - 3\n"
			 "    - {}\n"
			 "    - []\n"
			 "---\n");
	assert_canonical("---\nl:\n- a: 1\n  b:\n  - c: |\n      x\n    d: 2\n---\n",
			 "---\n"
			 "l:\n"
			 "  - a: 1\n"
			 "    b:\n"
			 "      - c: |\n"
			 "          x\n"
			 "        d: 2\n"
			 "---\n");
	/* an empty plain value stays null; "..." closes as "---" */
	assert_canonical("---\na:\nb: ~\nc:\n-\n- x\n...\n", "---\na:\nb: ~\nc:\n  -\n  - x\n---\n");
	/* folded becomes literal; CRLF files stay CRLF */
	assert_canonical("---\r\nf: >\r\n  a\r\n  b\r\n---\r\nx\r\n",
			 "---\r\nf: |\r\n  a b\r\n---\r\nx\r\n");
	/* tags go, meaning stays */
	assert_canonical("---\na: !!str 12\nb: !!int \"13\"\nc: !!null ''\nd: !!map {}\n---\n",
			 "---\na: \"12\"\nb: 13\nc:\nd: {}\n---\n");
	/* a closing line without a newline gets one */
	assert_canonical("---\na: 1\n---", "---\na: 1\n---\n");
}

static void test_key_order(void **state)
{
	cc_doc *doc = parse_ok("---\nb: 1\na: 2\nunknown: {deep: [1]}\nc: 3\n---\n");
	cc_node *root = cc_doc_root(doc), *m;

	(void)state;
	assert_int_equal(cc_map_set_str(root, "a", "two"), 0);
	assert_int_equal(cc_map_set_str(root, "new", "nn"), 0);
	assert_int_equal(cc_map_set_plain(root, "b", "10"), 0);
	assert_int_equal(cc_map_child_map(root, "zmap", &m), 0);
	assert_int_equal(cc_map_set_str(m, "k", "v"), 0);
	assert_int_equal(cc_map_set_str(root, "c", NULL), 0); /* removes */
	assert_emits(doc,
		     "---\n"
		     "b: 10\n"
		     "a: two\n"
		     "unknown:\n"
		     "  deep:\n"
		     "    - 1\n"
		     "new: nn\n"
		     "zmap:\n"
		     "  k: v\n"
		     "---\n");
	/* a key that held a map keeps its place as a scalar */
	assert_int_equal(cc_map_set_str(root, "unknown", "flat"), 0);
	assert_string_equal(cc_node_key(cc_node_at(root, 2)), "unknown");
	assert_string_equal(cc_node_value(cc_node_at(root, 2)), "flat");
	assert_int_equal(cc_node_count(root), 5);
	cc_doc_free(doc);
}

static void test_body(void **state)
{
	static const char text[] = "---\n# keep me\na:   1\n---\nline\r\n---\n  spaces  \n\n";
	cc_doc *doc = parse_ok(text);
	const char *body;
	size_t len;

	(void)state;
	body = cc_doc_body(doc, &len);
	assert_int_equal(len, strlen("line\r\n---\n  spaces  \n\n"));
	assert_memory_equal(body, "line\r\n---\n  spaces  \n\n", len);

	/* a new body keeps the front-matter bytes, comments and all */
	assert_int_equal(cc_doc_set_body(doc, "new\n", 4), 0);
	assert_true(cc_doc_modified(doc));
	assert_emits(doc, "---\n# keep me\na:   1\n---\nnew\n");

	/* the body survives a tree change byte for byte */
	assert_int_equal(cc_doc_set_body(doc, "x\r\n\ty \n", 7), 0);
	assert_int_equal(cc_map_set_plain(cc_doc_root(doc), "a", "2"), 0);
	assert_emits(doc, "---\na: 2\n---\nx\r\n\ty \n");

	/* a body that could not be read back is refused */
	assert_int_equal(cc_doc_set_body(doc, "a\0b", 3), CC_EINVALID);
	assert_int_equal(cc_doc_set_body(doc, "\xff", 1), CC_EINVALID);
	cc_doc_free(doc);

	/* no newline after the closing line, then a body */
	doc = parse_ok("---\na: 1\n---");
	assert_int_equal(cc_doc_set_body(doc, "b\n", 2), 0);
	assert_emits(doc, "---\na: 1\n---\nb\n");
	cc_doc_free(doc);

	/* the same body is not a change */
	doc = parse_ok(text);
	assert_int_equal(cc_doc_set_body(doc, "line\r\n---\n  spaces  \n\n", len), 0);
	assert_false(cc_doc_modified(doc));
	cc_doc_free(doc);
}

/* --- quoting ---------------------------------------------------------- */

static void test_quoting(void **state)
{
	(void)state;
	/* safe strings stay plain */
	check_str("Praha", " Praha");
	check_str("Jana Nováková", " Jana Nováková");
	check_str("Получить работу", " Получить работу");
	check_str("a:b", " a:b");
	check_str("a#b", " a#b");
	check_str("C:\\dir", " C:\\dir");
	check_str("it's", " it's");
	check_str("yesterday", " yesterday");
	check_str("no way", " no way");
	/* null and booleans in YAML 1.1 and 1.2, any case */
	check_str("", " \"\"");
	check_str("~", " \"~\"");
	check_str("null", " \"null\"");
	check_str("NULL", " \"NULL\"");
	check_str("nUlL", " \"nUlL\"");
	check_str("true", " \"true\"");
	check_str("False", " \"False\"");
	check_str("yes", " \"yes\"");
	check_str("No", " \"No\"");
	check_str("ON", " \"ON\"");
	check_str("off", " \"off\"");
	check_str("y", " \"y\"");
	check_str("N", " \"N\"");
	/* numbers */
	check_str("12", " \"12\"");
	check_str("012", " \"012\"");
	check_str("0o17", " \"0o17\"");
	check_str("0x1F", " \"0x1F\"");
	check_str("1_000", " \"1_000\"");
	check_str("0b101", " \"0b101\"");
	check_str("-5", " \"-5\"");
	check_str("+5", " \"+5\"");
	check_str("1.5", " \"1.5\"");
	check_str(".5", " \".5\"");
	check_str("1e5", " \"1e5\"");
	check_str("190:20:30", " \"190:20:30\"");
	check_str(".inf", " \".inf\"");
	check_str("-.Inf", " \"-.Inf\"");
	check_str(".NaN", " \".NaN\"");
	/* dates and timestamps */
	check_str("2026-11-23", " \"2026-11-23\"");
	check_str("2001-12-14t21:59:43.10-05:00", " \"2001-12-14t21:59:43.10-05:00\"");
	check_str("2001-12-14 21:59:43.10 -5", " \"2001-12-14 21:59:43.10 -5\"");
	/* YAML 1.1 merge and value keys */
	check_str("<<", " \"<<\"");
	check_str("=", " \"=\"");
	/* indicators, ": ", " #", spaces */
	check_str(": x", " \": x\"");
	check_str("-", " \"-\"");
	check_str("- a", " \"- a\"");
	check_str("-a", " \"-a\"");
	check_str("? a", " \"? a\"");
	check_str("#x", " \"#x\"");
	check_str("&a", " \"&a\"");
	check_str("*a", " \"*a\"");
	check_str("!a", " \"!a\"");
	check_str("|", " \"|\"");
	check_str(">", " \">\"");
	check_str("%x", " \"%x\"");
	check_str("@x", " \"@x\"");
	check_str("`x", " \"`x\"");
	check_str("[a]", " \"[a]\"");
	check_str("{a}", " \"{a}\"");
	check_str(",a", " \",a\"");
	check_str("---", " \"---\"");
	check_str("...", " \"...\"");
	check_str("a: b", " \"a: b\"");
	check_str("a:", " \"a:\"");
	check_str("a #b", " \"a #b\"");
	check_str(" lead", " \" lead\"");
	check_str("trail ", " \"trail \"");
	/* quote characters: single quotes when that avoids escapes */
	check_str("'q'", " \"'q'\"");
	check_str("\"q\"", " '\"q\"'");
	check_str("- \\", " '- \\'");
	/* escapes: never a raw control or line separator */
	check_str("a\tb", " \"a\\tb\"");
	check_str("a\rb", " \"a\\rb\"");
	check_str("bell\x07", " \"bell\\a\"");
	check_str("x\x01", " \"x\\x01\"");
	check_str("x\x7f", " \"x\\x7F\"");
	check_str("x\xc2\x85", " \"x\\N\"");
	check_str("x\xe2\x80\xa8", " \"x\\L\"");
	check_str("\xef\xbb\xbfx", " \"\\uFEFFx\"");
	check_str("\xf0\x9f\x98\x80", " \xf0\x9f\x98\x80");
}

static void test_plain_stays_plain(void **state)
{
	cc_doc *doc = parse_ok("---\na: 12\nb: true\nc: 2026-11-23\nd: yes\n"
			       "e: \"12\"\nf: 'yes'\ng: ~\n---\n");
	cc_node *root = cc_doc_root(doc);
	char *out;

	(void)state;
	assert_true(cc_node_is_plain(cc_map_get(root, "a")));
	assert_false(cc_node_is_plain(cc_map_get(root, "e")));
	assert_false(cc_node_is_plain(cc_map_get(root, "f")));
	touch(doc);
	assert_emits(doc, "---\na: 12\nb: true\nc: 2026-11-23\nd: yes\n"
			  "e: \"12\"\nf: 'yes'\ng: ~\n---\n");
	cc_doc_free(doc);

	out = emit_one("12", 1);
	assert_string_equal(out, "---\nk: 12\n---\n");
	free(out);
	out = emit_one("2026-11-23", 1);
	assert_string_equal(out, "---\nk: 2026-11-23\n---\n");
	free(out);
	out = emit_one("true", 1);
	assert_string_equal(out, "---\nk: true\n---\n");
	free(out);
	out = emit_one("", 1); /* plain empty: null */
	assert_string_equal(out, "---\nk:\n---\n");
	free(out);
	/* not safe as plain: quoted anyway */
	out = emit_one(": x", 1);
	assert_string_equal(out, "---\nk: \": x\"\n---\n");
	free(out);
	out = emit_one(" 12", 1);
	assert_string_equal(out, "---\nk: \" 12\"\n---\n");
	free(out);
	out = emit_one("<<", 1);
	assert_string_equal(out, "---\nk: \"<<\"\n---\n");
	free(out);
}

static void test_same_value_not_modified(void **state)
{
	cc_doc *doc = parse_ok("---\n# c\na: Praha\nb: 12\nc: \"12\"\n---\n");
	cc_node *root = cc_doc_root(doc);

	(void)state;
	assert_int_equal(cc_map_set_str(root, "a", "Praha"), 0);
	assert_int_equal(cc_map_set_plain(root, "b", "12"), 0);
	assert_int_equal(cc_map_set_str(root, "c", "12"), 0);
	assert_int_equal(cc_map_remove(root, "absent"), 0);
	assert_false(cc_doc_modified(doc));
	/* same text, other meaning: a change */
	assert_int_equal(cc_map_set_str(root, "b", "12"), 0);
	assert_true(cc_doc_modified(doc));
	assert_emits(doc, "---\na: Praha\nb: \"12\"\nc: \"12\"\n---\n");
	cc_doc_free(doc);
}

/* --- literal blocks --------------------------------------------------- */

static void test_literal(void **state)
{
	static const struct {
		const char *value, *want;
	} cases[] = {
		{ "one\ntwo\n", "k: |\n  one\n  two\n" },
		{ "one\ntwo", "k: |-\n  one\n  two\n" },
		{ "one\n\n", "k: |+\n  one\n\n" },
		{ "one\n\n\n", "k: |+\n  one\n\n\n" },
		{ "\nlead\n", "k: |\n\n  lead\n" },
		{ "a\n\nb\n", "k: |\n  a\n\n  b\n" },
		{ "a\n  indented\n#not a comment\n---\n",
		  "k: |\n  a\n    indented\n  #not a comment\n  ---\n" },
		{ "Řádek\nстрока\n", "k: |\n  Řádek\n  строка\n" },
		/* cannot be literal: double quoted */
		{ "  first indented\nx", "k: \"  first indented\\nx\"\n" },
		{ "a\n   \nb", "k: \"a\\n   \\nb\"\n" },
		{ "a\r\nb\n", "k: \"a\\r\\nb\\n\"\n" },
		{ "\n", "k: \"\\n\"\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *out = emit_one(cases[i].value, 0), want[256];
		cc_doc *doc;

		snprintf(want, sizeof(want), "---\n%s---\n", cases[i].want);
		assert_string_equal(out, want);
		doc = parse_ok(out);
		assert_string_equal(cc_map_str(cc_doc_root(doc), "k"), cases[i].value);
		cc_doc_free(doc);
		free(out);
	}

	/* a literal block in a list of maps, and its round trip */
	assert_canonical("---\ng:\n- id: G1\n  text: |-\n    x\n    y\n---\n",
			 "---\ng:\n  - id: G1\n    text: |-\n      x\n      y\n---\n");
	/* a parsed multi-line double-quoted string stays double quoted */
	assert_canonical("---\nk: \"a\\nb\"\n---\n", "---\nk: \"a\\nb\"\n---\n");
	/* a single-quoted one with a line break becomes double quoted */
	assert_canonical("---\nk: 'a\n\n  b'\n---\n", "---\nk: \"a\\nb\"\n---\n");
}

/* --- limits ----------------------------------------------------------- */

static void test_anchors_aliases(void **state)
{
	(void)state;
	parse_fails("---\na: 1\nb: &x 2\n---\n", "t.md:3: anchors and aliases are not allowed");
	parse_fails("---\na: 1\nb: 2\nc: *x\n---\n", "t.md:4: ");
	parse_fails("---\nm: &m {a: 1}\n---\n", "t.md:2: anchors and aliases are not allowed");
}

static void test_billion_laughs(void **state)
{
	cc_buf b = CC_BUF_INIT;
	clock_t t0 = clock();
	int i, j;

	(void)state;
	cc_buf_puts(&b, "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (i = 1; i < 9; i++) {
		cc_buf_printf(&b, "%c: &%c [", 'a' + i, 'a' + i);
		for (j = 0; j < 9; j++)
			cc_buf_printf(&b, "%s*%c", j ? "," : "", 'a' + i - 1);
		cc_buf_puts(&b, "]\n");
	}
	cc_buf_puts(&b, "---\n");
	parse_fails(b.ptr, "t.md:2: anchors and aliases are not allowed");
	assert_true(seconds_since(t0) < 1.0);
	cc_buf_free(&b);
}

/* Front matter with DEPTH nested collections counting the top map. */
static char *nested(int depth)
{
	cc_buf b = CC_BUF_INIT;
	int i;

	cc_buf_puts(&b, "---\n");
	for (i = 1; i < depth; i++) {
		cc_buf_printf(&b, "%*sk%d:\n", 2 * (i - 1), "", i);
	}
	cc_buf_printf(&b, "%*sleaf: x\n---\n", 2 * (depth - 1), "");
	return cc_buf_detach(&b);
}

static void test_depth(void **state)
{
	char *ok = nested(CC_FM_MAX_DEPTH), *deep = nested(CC_FM_MAX_DEPTH + 1);
	cc_doc *doc = parse_ok(ok);
	cc_node *n = cc_doc_root(doc), *tmp;
	int i;

	(void)state;
	for (i = 1; i < CC_FM_MAX_DEPTH; i++)
		n = cc_map_get(n, i == 1 ? "k1" : cc_node_key(cc_node_at(n, 0)));
	assert_non_null(n);
	assert_string_equal(cc_map_str(n, "leaf"), "x");
	/* the tree cannot be made deeper by code either */
	assert_int_equal(cc_map_child_map(n, "more", &tmp), CC_EINVALID);
	assert_int_equal(cc_map_child_list(n, "more", &tmp), CC_EINVALID);
	assert_int_equal(cc_map_set_str(n, "leaf2", "ok"), 0);
	cc_doc_free(doc);
	/* "k16:" is on line 17; its map, the 17th level, starts on line 18 */
	parse_fails(deep, "t.md:18: nesting deeper than 16 levels");
	free(ok);
	free(deep);
}

static void test_deep_nesting_fast(void **state)
{
	cc_buf b = CC_BUF_INIT;
	clock_t t0 = clock();
	int i;

	(void)state;
	cc_buf_puts(&b, "---\na: ");
	for (i = 0; i < 10000; i++)
		cc_buf_putc(&b, '[');
	for (i = 0; i < 10000; i++)
		cc_buf_putc(&b, ']');
	cc_buf_puts(&b, "\n---\n");
	parse_fails(b.ptr, "t.md:2: nesting deeper than 16 levels");
	cc_buf_clear(&b);

	cc_buf_puts(&b, "---\na:\n");
	for (i = 0; i < 10000; i++)
		cc_buf_puts(&b, "- ");
	cc_buf_puts(&b, "x\n---\n");
	parse_fails(b.ptr, "t.md:3: nesting deeper than 16 levels");
	cc_buf_clear(&b);

	cc_buf_puts(&b, "---\na: ");
	for (i = 0; i < 10000; i++)
		cc_buf_puts(&b, "{a: ");
	for (i = 0; i < 10000; i++)
		cc_buf_putc(&b, '}');
	cc_buf_puts(&b, "\n---\n");
	parse_fails(b.ptr, "nesting deeper than 16 levels");
	assert_true(seconds_since(t0) < 2.0);
	cc_buf_free(&b);
}

static void test_size_limit(void **state)
{
	cc_buf b = CC_BUF_INIT;
	clock_t t0;
	cc_doc *doc;
	size_t i;

	(void)state;
	/* exactly CC_FM_MAX_BYTES of YAML: a comment line padded to fit */
	cc_buf_puts(&b, "---\na: 1\n#");
	while (b.len < 4 + CC_FM_MAX_BYTES - 1)
		cc_buf_putc(&b, 'x');
	cc_buf_puts(&b, "\n---\nbody\n");
	assert_int_equal(cc_doc_parse(&doc, b.ptr, b.len, "t.md"), 0);
	assert_string_equal(cc_map_str(cc_doc_root(doc), "a"), "1");
	cc_doc_free(doc);

	/* one byte more */
	cc_buf_clear(&b);
	cc_buf_puts(&b, "---\na: 1\n#");
	while (b.len < 4 + CC_FM_MAX_BYTES)
		cc_buf_putc(&b, 'x');
	cc_buf_puts(&b, "\n---\nbody\n");
	parse_fails_n(b.ptr, b.len, "t.md:1: front matter is longer than 65536 bytes");

	/* 10 MB, one line or many, refused quickly */
	cc_buf_clear(&b);
	cc_buf_puts(&b, "---\n");
	for (i = 0; i < 10 * 1024 * 1024 / 8; i++)
		cc_buf_puts(&b, (i & 1) ? "a: 1234\n" : "bbbbbbbb");
	cc_buf_puts(&b, "---\n");
	t0 = clock();
	parse_fails_n(b.ptr, b.len, "t.md:1: front matter is longer than 65536 bytes");
	assert_true(seconds_since(t0) < 0.5);

	/* a 10 MB body is fine */
	cc_buf_clear(&b);
	cc_buf_puts(&b, "---\na: 1\n---\n");
	for (i = 0; i < 10 * 1024 * 1024 / 16; i++)
		cc_buf_puts(&b, "Some body text.\n");
	t0 = clock();
	assert_int_equal(cc_doc_parse(&doc, b.ptr, b.len, "t.md"), 0);
	assert_true(seconds_since(t0) < 1.0);
	cc_doc_free(doc);
	cc_buf_free(&b);

	/* values that would make the front matter too long cannot be written */
	assert_int_equal(cc_doc_new(&doc), 0);
	{
		char *big = malloc(CC_FM_MAX_BYTES + 1);
		char *out;
		size_t len;

		memset(big, 'x', CC_FM_MAX_BYTES);
		big[CC_FM_MAX_BYTES] = '\0';
		assert_int_equal(cc_map_set_str(cc_doc_root(doc), "k", big), 0);
		assert_int_equal(cc_doc_emit(doc, &out, &len), CC_EINVALID);
		assert_null(out);
		free(big);
	}
	cc_doc_free(doc);
}

static void test_bad_bytes(void **state)
{
	(void)state;
	parse_fails_n("---\na: 1\nb: \xff\n---\n", 18, "t.md:3: invalid UTF-8");
	parse_fails_n("---\na: 1\n---\nbody\n\xc3\x28\n", 21, "t.md:5: invalid UTF-8");
	parse_fails_n("---\na: \xed\xa0\x80\n---\n", 15, "t.md:2: invalid UTF-8"); /* surrogate */
	parse_fails_n("---\na: \xc0\xaf\n---\n", 14, "t.md:2: invalid UTF-8");     /* overlong */
	parse_fails_n("---\na: 1\n---\nbody\n\nx\0y\n", 22, "t.md:6: NUL byte");
	parse_fails_n("---\na: \0\n---\n", 13, "t.md:2: NUL byte");
	/* controls in the YAML are libyaml's to refuse */
	parse_fails("---\na: 1\nb: x\x01y\n---\n", "t.md:3: control character");
	parse_fails("---\na: 1\nb: x\x7fy\n---\n", "t.md:3: control characters are not allowed");
	parse_fails("---\na: 1\n\nb: \xc2\x80\n---\n", "t.md:4: control characters are not allowed");
	/* a NUL smuggled in with an escape */
	parse_fails("---\na: 1\nb: \"x\\0y\"\n---\n", "t.md:3: NUL byte in a value");
}

static void test_structure_errors(void **state)
{
	(void)state;
	parse_fails("---\na: 1\nb: 2\na: 3\n---\n", "t.md:4: duplicate key 'a'");
	parse_fails("---\nm:\n  x: 1\n  x: 2\n---\n", "t.md:4: duplicate key 'x'");
	parse_fails("---\na: !custom 1\n---\n", "t.md:2: tag '!custom' is not allowed");
	parse_fails("---\na: 1\nb: !!binary aGk=\n---\n",
		    "t.md:3: tag 'tag:yaml.org,2002:binary' is not allowed");
	parse_fails("---\na: !!set {x}\n---\n", "t.md:2: tag 'tag:yaml.org,2002:set'");
	parse_fails("---\na: 1\n--- \nb: 2\n---\n", "t.md:3: more than one YAML document");
	parse_fails("---\na: !!int abc\n---\n", "t.md:2: 'abc' is not a valid !!int");
	parse_fails("---\na: 1\nb: !!null x\n---\n", "t.md:3: 'x' is not a valid !!null");
	parse_fails("---\n? [a, b]\n: 1\n---\n", "t.md:2: keys must be scalars");
	parse_fails("---\na: 1\n? \n: 1\n---\n", "t.md:3: empty key");
	parse_fails("---\n- a\n- b\n---\n", "t.md:2: front matter is not a map");
	parse_fails("---\njust text\n---\n", "t.md:2: front matter is not a map");
	parse_fails("a: 1\n---\n", "t.md:1: missing '---' line at the start");
	parse_fails("", "t.md:1: missing '---' line at the start");
	parse_fails("--- \na: 1\n---\n", "t.md:1: missing '---'");
	parse_fails("---\na: 1\nbody\n", "t.md:1: front matter has no closing '---' line");
	parse_fails("---", "t.md:1: missing '---'");
	parse_fails("---\n", "t.md:1: front matter has no closing '---' line");
	/* libyaml's own complaint, on the right line */
	parse_fails("---\na: 1\nb: [x\nc: 2\n---\n", "t.md:");
	parse_fails("---\na: 1\nb: c: d\n---\n", "t.md:3: mapping values are not allowed");
	parse_fails("---\na: 1\n\tb: 2\n---\n", "t.md:3: ");
	{
		char key[CC_FM_MAX_KEY + 16];
		char text[CC_FM_MAX_KEY + 64];

		memset(key, 'k', CC_FM_MAX_KEY + 1);
		key[CC_FM_MAX_KEY + 1] = '\0';
		snprintf(text, sizeof(text), "---\na: 1\n%s: 1\n---\n", key);
		parse_fails(text, "t.md:3: key longer than 128 bytes");
	}
}

static void test_lines(void **state)
{
	cc_doc *doc = parse_ok(case_file);
	cc_node *root = cc_doc_root(doc), *goals, *g2;

	(void)state;
	assert_int_equal(cc_node_line(cc_map_get(root, "id")), 2);
	assert_int_equal(cc_node_line(cc_map_get(root, "visits")), 7);
	goals = cc_map_get(root, "goals");
	assert_int_equal(cc_node_line(goals), 9);
	g2 = cc_list_find(goals, "id", "G2");
	assert_non_null(g2);
	assert_int_equal(cc_node_line(g2), 13);
	assert_int_equal(cc_node_line(cc_map_get(g2, "text")), 14);
	assert_int_equal(cc_node_line(cc_map_get(root, "notes")), 15);
	assert_int_equal(cc_map_set_str(g2, "text", "Housing"), 0);
	assert_int_equal(cc_node_line(cc_map_get(g2, "text")), 0);
	cc_doc_free(doc);
}

/* --- API -------------------------------------------------------------- */

static void test_getters(void **state)
{
	cc_doc *doc = parse_ok(case_file);
	cc_node *root = cc_doc_root(doc), *goals, *g1;

	(void)state;
	assert_int_equal(cc_node_kind(root), CC_NODE_MAP);
	assert_int_equal(cc_node_count(root), 9);
	assert_null(cc_node_key(root));
	assert_null(cc_node_value(root));
	assert_string_equal(cc_node_key(cc_node_at(root, 0)), "id");
	assert_null(cc_node_at(root, 9));
	assert_string_equal(cc_map_str(root, "name"), "Jana Nováková");
	assert_string_equal(cc_map_str(root, "phase"), "assessment");
	assert_string_equal(cc_map_str(root, "x-custom"), "kept");
	assert_string_equal(cc_map_str(root, "notes"), "First line.\nSecond line.\n");
	assert_false(cc_node_is_plain(cc_map_get(root, "notes")));
	assert_null(cc_map_str(root, "missing"));
	assert_null(cc_map_str(root, "goals")); /* not a scalar */
	goals = cc_map_get(root, "goals");
	assert_int_equal(cc_node_kind(goals), CC_NODE_LIST);
	assert_int_equal(cc_node_count(goals), 2);
	g1 = cc_node_at(goals, 0);
	assert_int_equal(cc_node_kind(g1), CC_NODE_MAP);
	assert_null(cc_node_key(g1));
	assert_string_equal(cc_map_str(g1, "text"), "Find work");
	assert_int_equal(cc_node_count(cc_map_get(g1, "text")), 0);
	assert_null(cc_node_at(cc_map_get(g1, "text"), 0));
	assert_ptr_equal(cc_list_find(goals, "id", "G1"), g1);
	assert_null(cc_list_find(goals, "id", "G9"));
	assert_null(cc_list_find(root, "id", "G1"));
	assert_null(cc_map_get(goals, "id"));
	cc_doc_free(doc);
}

static void test_setters_and_lists(void **state)
{
	cc_doc *doc;
	cc_node *root, *list, *m, *again, *tags;

	(void)state;
	assert_int_equal(cc_doc_new(&doc), 0);
	assert_emits(doc, "---\n---\n");
	root = cc_doc_root(doc);
	assert_int_equal(cc_map_child_list(root, "goals", &list), 0);
	assert_int_equal(cc_map_child_list(root, "goals", &again), 0);
	assert_ptr_equal(list, again);
	assert_int_equal(cc_map_child_map(root, "goals", &again), CC_EINVALID);
	assert_null(again);
	assert_int_equal(cc_list_append_map(list, &m), 0);
	assert_int_equal(cc_map_set_plain(m, "id", "G1"), 0);
	assert_int_equal(cc_map_set_str(m, "text", "Najít práci"), 0);
	assert_int_equal(cc_list_append_map(list, &m), 0);
	assert_int_equal(cc_map_set_plain(m, "id", "G2"), 0);
	assert_int_equal(cc_map_child_list(m, "tags", &tags), 0);
	assert_int_equal(cc_list_append_str(tags, "yes"), 0);
	assert_int_equal(cc_list_append_plain(tags, "12"), 0);
	assert_int_equal(cc_list_append_str(tags, "a\nb\n"), 0);
	assert_int_equal(cc_map_child_map(root, "empty", &m), 0);
	assert_emits(doc,
		     "---\n"
		     "goals:\n"
		     "  - id: G1\n"
		     "    text: Najít práci\n"
		     "  - id: G2\n"
		     "    tags:\n"
		     "      - \"yes\"\n"
		     "      - 12\n"
		     "      - |\n"
		     "        a\n"
		     "        b\n"
		     "empty: {}\n"
		     "---\n");
	assert_int_equal(cc_list_remove_at(list, 0), 0);
	assert_int_equal(cc_list_remove_at(list, 5), CC_ENOTFOUND);
	assert_string_equal(cc_map_str(cc_node_at(list, 0), "id"), "G2");
	assert_int_equal(cc_list_clear(tags), 0);
	assert_int_equal(cc_node_count(tags), 0);
	assert_emits(doc,
		     "---\n"
		     "goals:\n"
		     "  - id: G2\n"
		     "    tags: []\n"
		     "empty: {}\n"
		     "---\n");
	/* wrong kinds and bad text */
	assert_int_equal(cc_list_append_str(root, "x"), CC_EINVALID);
	assert_int_equal(cc_map_set_str(list, "k", "v"), CC_EINVALID);
	assert_int_equal(cc_map_set_str(root, "k", "\xff"), CC_EINVALID);
	assert_int_equal(cc_map_set_str(root, "\xc3", "v"), CC_EINVALID);
	assert_int_equal(cc_map_set_str(root, NULL, "v"), CC_EINVALID);
	assert_int_equal(cc_list_append_str(list, NULL), CC_EINVALID);
	assert_int_equal(cc_list_remove_at(root, 0), CC_EINVALID);
	assert_int_equal(cc_list_clear(root), CC_EINVALID);
	/* removing and body */
	assert_int_equal(cc_map_remove(root, "goals"), 0);
	assert_int_equal(cc_map_remove(root, "goals"), 0);
	assert_int_equal(cc_doc_set_body(doc, "Body\n", 5), 0);
	assert_emits(doc, "---\nempty: {}\n---\nBody\n");
	cc_doc_free(doc);
}

static void test_keys_quoted(void **state)
{
	cc_doc *doc;
	cc_node *root;
	char *out;

	(void)state;
	assert_int_equal(cc_doc_new(&doc), 0);
	root = cc_doc_root(doc);
	assert_int_equal(cc_map_set_str(root, "yes", "1"), 0);
	assert_int_equal(cc_map_set_str(root, "12", "a"), 0);
	assert_int_equal(cc_map_set_str(root, "a: b", "c"), 0);
	assert_int_equal(cc_map_set_str(root, "---", "d"), 0);
	assert_int_equal(cc_map_set_str(root, "", "e"), 0);
	assert_int_equal(cc_map_set_str(root, "line\nbreak", "f"), 0);
	assert_int_equal(cc_map_set_str(root, "plain key", "g"), 0);
	out = emit(doc);
	assert_string_equal(out,
			    "---\n"
			    "\"yes\": \"1\"\n"
			    "\"12\": a\n"
			    "\"a: b\": c\n"
			    "\"---\": d\n"
			    "\"\": e\n"
			    "\"line\\nbreak\": f\n"
			    "plain key: g\n"
			    "---\n");
	cc_doc_free(doc);
	doc = parse_ok(out);
	assert_string_equal(cc_map_str(cc_doc_root(doc), "line\nbreak"), "f");
	assert_string_equal(cc_map_str(cc_doc_root(doc), "---"), "d");
	cc_doc_free(doc);
	free(out);
}

static void test_utf8_valid(void **state)
{
	static const char u8[] = "Příliš\tžluťoučký\r\nкінь \xf0\x9f\x98\x80";
	size_t line = 0;

	(void)state;
	assert_true(cc_utf8_valid("", 0, &line));
	assert_true(cc_utf8_valid(u8, strlen(u8), &line));
	assert_false(cc_utf8_valid("a\nb\n\xff", 5, &line));
	assert_int_equal(line, 3);
	assert_false(cc_utf8_valid("a\0", 2, &line));
	assert_int_equal(line, 1);
	assert_false(cc_utf8_valid("a\n\x1b[1m", 6, &line));
	assert_int_equal(line, 2);
	assert_false(cc_utf8_valid("\xe2\x82", 2, &line));   /* truncated */
	assert_false(cc_utf8_valid("\xf4\x90\x80\x80", 4, &line)); /* > U+10FFFF */
	assert_false(cc_utf8_valid("\xe0\x80\xaf", 3, &line));     /* overlong */
	assert_false(cc_utf8_valid("\x80", 1, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_unchanged),
		cmocka_unit_test(test_canonical_after_modify),
		cmocka_unit_test(test_canonical_shapes),
		cmocka_unit_test(test_key_order),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_plain_stays_plain),
		cmocka_unit_test(test_same_value_not_modified),
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_anchors_aliases),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_deep_nesting_fast),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_setters_and_lists),
		cmocka_unit_test(test_keys_quoted),
		cmocka_unit_test(test_utf8_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
