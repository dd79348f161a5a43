/* test_merge.c - unit tests for lib/model/merge.c: the three-way merge of
 * case files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/store/sync.h"

/* Merge three texts; returns the result (caller frees). */
static char *merge(const char *base, const char *ours, const char *theirs, int *conflicted)
{
	cc_buf out = CC_BUF_INIT;
	int err = cc_merge_file("cases/a/b/2jabcdefgh/plan.md", base, base ? strlen(base) : 0,
		ours, strlen(ours), theirs, strlen(theirs), &out, conflicted, "origin");

	if (err)
		fail_msg("merge failed: %s", cc_error_msg());
	return cc_buf_detach(&out);
}

static void has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("'%s' lacks '%s'", text, want);
}

static void lacks(const char *text, const char *want)
{
	if (strstr(text, want))
		fail_msg("'%s' has '%s'", text, want);
}

static void test_scalars(void **state)
{
	int c;
	char *r;

	(void)state;
	/* one side changed each key: both taken, no conflict */
	r = merge("---\na: 1\nb: 2\n---\nbody\n", "---\na: 10\nb: 2\n---\nbody\n",
		"---\na: 1\nb: 20\nc: new\n---\nbody\n", &c);
	assert_int_equal(c, 0);
	has(r, "a: 10\n");
	has(r, "b: 20\n");
	has(r, "c: new\n");
	lacks(r, "conflict");
	free(r);
	/* both changed one key: ours in place, both kept */
	r = merge("---\na: 1\n---\n", "---\na: 2\n---\n", "---\na: 3\n---\n", &c);
	assert_int_equal(c, 1);
	has(r, "a: 2\nconflict:\n  a:\n    ours: 2\n    theirs: 3\n    base: 1\n");
	free(r);
	/* both made the same change: no conflict */
	r = merge("---\na: 1\n---\n", "---\na: 2\n---\n", "---\na: 2\n---\n", &c);
	assert_int_equal(c, 0);
	free(r);
	/* they removed a key we did not touch: removed */
	r = merge("---\na: 1\nb: 2\n---\n", "---\na: 5\nb: 2\n---\n", "---\na: 1\n---\n", &c);
	assert_int_equal(c, 0);
	lacks(r, "b:");
	has(r, "a: 5");
	free(r);
	/* they removed a key we changed: ours kept, conflict without theirs */
	r = merge("---\na: 1\nb: 2\n---\n", "---\na: 1\nb: 3\n---\n", "---\na: 1\n---\n", &c);
	assert_int_equal(c, 1);
	has(r, "  b:\n    ours: 3\n    base: 2\n");
	free(r);
}

static const char base_plan[] =
	"---\ngoals:\n  - id: G1\n    text: walk\n    status: open\n"
	"  - id: G2\n    text: cook\n    status: open\n---\n";

static void test_lists_by_id(void **state)
{
	int c;
	char *r;

	(void)state;
	r = merge(base_plan,
		"---\ngoals:\n  - id: G1\n    text: walk\n    status: achieved\n"
		"  - id: G2\n    text: cook\n    status: open\n---\n",
		"---\ngoals:\n  - id: G1\n    text: walk daily\n    status: open\n"
		"  - id: G3\n    text: shop\n    status: open\n---\n", &c);
	assert_int_equal(c, 0);
	/* G1 gets both changes, G2 (removed by them, untouched by us) goes, G3 comes */
	has(r, "- id: G1\n    text: walk daily\n    status: achieved\n");
	lacks(r, "G2");
	has(r, "- id: G3\n    text: shop\n");
	free(r);
	/* the same field of one goal: conflict under goals[G1].status */
	r = merge(base_plan,
		"---\ngoals:\n  - id: G1\n    text: walk\n    status: achieved\n"
		"  - id: G2\n    text: cook\n    status: open\n---\n",
		"---\ngoals:\n  - id: G1\n    text: walk\n    status: dropped\n"
		"  - id: G2\n    text: cook\n    status: open\n---\n", &c);
	assert_int_equal(c, 1);
	has(r, "goals[G1].status:\n    ours: achieved\n    theirs: dropped\n    base: open\n");
	free(r);
}

static void test_value_lists_union(void **state)
{
	int c;
	char *r;

	(void)state;
	r = merge("---\nhistory:\n  - a\n  - b\n---\n", "---\nhistory:\n  - a\n  - b\n  - c\n---\n",
		"---\nhistory:\n  - a\n  - b\n  - d\n---\n", &c);
	assert_int_equal(c, 0);
	has(r, "  - c\n  - d\n");
	free(r);
}

static void test_body_and_fallback(void **state)
{
	int c;
	char *r;

	(void)state;
	/* different lines merge */
	r = merge("---\na: 1\n---\none\ntwo\nthree\n", "---\na: 1\n---\nONE\ntwo\nthree\n",
		"---\na: 1\n---\none\ntwo\nTHREE\n", &c);
	assert_int_equal(c, 0);
	has(r, "ONE\ntwo\nTHREE\n");
	free(r);
	/* the same line: markers, both kept */
	r = merge("---\na: 1\n---\none\n", "---\na: 1\n---\nmine\n", "---\na: 1\n---\nyours\n", &c);
	assert_int_equal(c, 1);
	has(r, "<<<<<<< ours\nmine\n=======\nyours\n>>>>>>> theirs (origin)\n");
	free(r);
	/* no front matter: a text merge */
	r = merge("x\n", "y\n", "x\n", &c);
	assert_int_equal(c, 0);
	assert_string_equal(r, "y\n");
	free(r);
}

static void test_conflict_resolved_on_their_side(void **state)
{
	int c;
	char *r;
	const char *open_c = "---\na: 2\nb: 1\nconflict:\n  a:\n    ours: 2\n    theirs: 3\n---\n";

	(void)state;
	/* we changed b; they resolved a: the conflict goes, both changes stay */
	r = merge(open_c, "---\na: 2\nb: 5\nconflict:\n  a:\n    ours: 2\n    theirs: 3\n---\n",
		"---\na: 3\nb: 1\n---\n", &c);
	assert_int_equal(c, 0);
	lacks(r, "conflict");
	has(r, "a: 3\nb: 5\n");
	free(r);
	/* we resolved a by keeping ours; they hit a new conflict on a: theirs
	 * stays open, never nested */
	r = merge(open_c, "---\na: 2\nb: 1\n---\n",
		"---\na: 4\nb: 1\nconflict:\n  a:\n    ours: 4\n    theirs: 9\n---\n", &c);
	assert_int_equal(c, 1);
	lacks(r, "  conflict:");
	has(r, "a: 4\nb: 1\nconflict:\n  a:\n    ours: 4\n    theirs: 9\n---\n");
	free(r);
}

static void test_check_reports(void **state)
{
	cc_problems p = CC_PROBLEMS_INIT;
	cc_doc *doc = NULL;
	const char *t = "---\na: 2\nconflict:\n  a:\n    ours: 2\n    theirs: 3\n---\n"
		"text\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n";

	(void)state;
	assert_int_equal(cc_doc_parse(&doc, t, strlen(t), "f.md"), 0);
	assert_int_equal(cc_doc_conflicted(doc), 1);
	assert_int_equal(cc_check_conflicts("f.md", "2jabcdefgh", doc, &p), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[0], "f.md:4: conflict in 'a'; run 'casectl resolve 2jabcdefgh'");
	assert_string_equal(p.items[1],
		"f.md:9: conflict in the text; run 'casectl resolve 2jabcdefgh'");
	cc_problems_free(&p);
	cc_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_lists_by_id),
		cmocka_unit_test(test_value_lists_union),
		cmocka_unit_test(test_body_and_fallback),
		cmocka_unit_test(test_conflict_resolved_on_their_side),
		cmocka_unit_test(test_check_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
