/*
 * fuzz_frontmatter.c - libFuzzer target for lib/frontmatter*.c
 *
 * Build and run from the top of the tree:
 *
 *   mkdir -p build/fuzz && clang -std=c11 -D_GNU_SOURCE -Iinclude -Ilib -g -O1 \
 *     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     tests/fuzz/fuzz_frontmatter.c lib/doc/frontmatter-*.c lib/util/error.c lib/util/buf.c \
 *     $(pkg-config --cflags --libs yaml-0.1) -o build/fuzz/fuzz_frontmatter
 *   mkdir -p tests/fuzz/frontmatter-corpus-run
 *   build/fuzz/fuzz_frontmatter -max_total_time=60 -max_len=8192 \
 *     tests/fuzz/frontmatter-corpus-run tests/fuzz/corpus/frontmatter
 *
 * What it checks, for every input that parses:
 *   - emitting the untouched document gives the input bytes exactly;
 *   - after a change (a key added and removed, so the content is the
 *     same) the canonical output parses again, to the same keys, kinds,
 *     strings and body, and a value written plain that YAML could read
 *     as a non-string was plain before;
 *   - canonical -> parse -> canonical is a fixed point.
 * Inputs that fail to parse must fail with CC_EINVALID (or CC_ENOMEM)
 * and a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "doc/frontmatter-int.h"

#define CHECK(cond)                                                     \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "%s:%d: check failed: %s (%s)\n", \
				__FILE__, __LINE__, #cond, cc_error_msg()); \
			abort();                                        \
		}                                                       \
	} while (0)

/* Add a key that is not there and remove it again. */
static void touch(cc_doc *doc)
{
	cc_node *root = cc_doc_root(doc);
	size_t n = cc_node_count(root);
	char key[32];
	int i = 0;

	do
		snprintf(key, sizeof(key), "\x01touch-%d", i++);
	while (cc_map_get(root, key));
	CHECK(cc_map_set_str(root, key, "x") == 0);
	CHECK(cc_node_count(root) == n + 1);
	CHECK(cc_map_remove(root, key) == 0);
	CHECK(cc_node_count(root) == n);
	CHECK(cc_doc_modified(doc));
}

/* A and B hold the same tree (B parsed from A's canonical output). */
static void same_tree(const cc_node *a, const cc_node *b)
{
	size_t i, n;

	CHECK(cc_node_kind(a) == cc_node_kind(b));
	if (cc_node_key(a) || cc_node_key(b))
		CHECK(cc_node_key(a) && cc_node_key(b) &&
		      !strcmp(cc_node_key(a), cc_node_key(b)));
	if (cc_node_kind(a) == CC_NODE_SCALAR) {
		const char *v = cc_node_value(a);
		size_t len = strlen(v);

		CHECK(!strcmp(v, cc_node_value(b)));
		/* meaning kept: ambiguous text is plain in both or neither */
		if (cc_node_is_plain(b))
			CHECK(cc_node_is_plain(a) || !cc__fm_ambiguous(v, len));
		if (cc_node_is_plain(a) && cc__fm_ambiguous(v, len) &&
		    strcmp(v, "<<") && strcmp(v, "=") &&
		    (cc__fm_plain_ok(v, len) || !len))
			CHECK(cc_node_is_plain(b));
		CHECK(cc_node_count(a) == 0 && cc_node_at(a, 0) == NULL);
		return;
	}
	CHECK(cc_node_value(a) == NULL);
	n = cc_node_count(a);
	CHECK(n == cc_node_count(b));
	CHECK(cc_node_at(a, n) == NULL);
	for (i = 0; i < n; i++) {
		const cc_node *ka = cc_node_at(a, i);

		same_tree(ka, cc_node_at(b, i));
		if (cc_node_kind(a) == CC_NODE_MAP)
			CHECK(cc_map_get(a, cc_node_key(ka)) == ka);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cc_doc *doc = NULL, *again = NULL, *third = NULL;
	char *out = NULL, *c1 = NULL, *c2 = NULL;
	size_t len, len1, len2, blen, blen2;
	const char *body, *body2;
	int err;

	err = cc_doc_parse(&doc, (const char *)data, size, "f.md");
	if (err) {
		CHECK(err == CC_EINVALID || err == CC_ENOMEM);
		CHECK(doc == NULL);
		CHECK(!strncmp(cc_error_msg(), "f.md:", 5));
		return 0;
	}
	CHECK(!cc_doc_modified(doc));

	/* untouched: the input bytes exactly */
	CHECK(cc_doc_emit(doc, &out, &len) == 0);
	CHECK(len == size && !memcmp(out, data, size));
	free(out);
	out = NULL;

	/* canonical form */
	touch(doc);
	err = cc_doc_emit(doc, &c1, &len1);
	if (err) {
		/* only refused when it would not fit in the size limit */
		CHECK(err == CC_EINVALID);
		cc_doc_free(doc);
		return 0;
	}
	if (cc_doc_parse(&again, c1, len1, "canonical.md")) {
		fprintf(stderr, "canonical output does not parse: %s\n---8<---\n%s",
			cc_error_msg(), c1);
		abort();
	}
	same_tree(cc_doc_root(doc), cc_doc_root(again));
	body = cc_doc_body(doc, &blen);
	body2 = cc_doc_body(again, &blen2);
	CHECK(blen == blen2 && !memcmp(body, body2, blen));

	/* canonical -> parse -> canonical is a fixed point */
	touch(again);
	CHECK(cc_doc_emit(again, &c2, &len2) == 0);
	if (len1 != len2 || memcmp(c1, c2, len1)) {
		fprintf(stderr, "not a fixed point\n---8<---\n%s---8<---\n%s", c1, c2);
		abort();
	}

	/* and the canonical text is stable when parsed untouched */
	CHECK(cc_doc_parse(&third, c2, len2, "c2.md") == 0);
	CHECK(cc_doc_emit(third, &out, &len) == 0);
	CHECK(len == len2 && !memcmp(out, c2, len));

	free(out);
	free(c1);
	free(c2);
	cc_doc_free(doc);
	cc_doc_free(again);
	cc_doc_free(third);
	return 0;
}
