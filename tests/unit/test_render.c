/* test_render.c - unit tests for lib/render*.c and the plan record check */
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
#include "casectl/doc/render.h"
#include "casectl/model/validate.h"
#include "../../lib/doc/render-int.h"

static cc_doc *parse(const char *text)
{
	cc_doc *doc = NULL;

	if (cc_doc_parse(&doc, text, strlen(text), "t.md"))
		fail_msg("parse failed: %s", cc_error_msg());
	return doc;
}

static char *render(const char *plan, const char *casemd, const char *team,
	const char *lang, cc_render_format f)
{
	cc_doc *p = parse(plan), *c = casemd ? parse(casemd) : NULL, *t = team ? parse(team) : NULL;
	cc_render_input in = { "2jq7kq2mh3", c, p, t, lang, NULL };
	char *out = NULL;
	size_t len = 0;

	if (cc_render_plan(&in, f, &out, &len))
		fail_msg("render failed: %s", cc_error_msg());
	assert_int_equal(len, strlen(out));
	cc_doc_free(p);
	cc_doc_free(c);
	cc_doc_free(t);
	return out;
}

static void test_escape(void **state)
{
	cc_buf b = CC_BUF_INIT;

	(void)state;
	assert_int_equal(cc_html_escape(&b, "a<b>&\"c'd"), 0);
	assert_string_equal(b.ptr, "a&lt;b&gt;&amp;&quot;c&#39;d");
	cc_buf_clear(&b);
	assert_int_equal(cc_html_escape(&b, NULL), 0);
	assert_int_equal(cc_html_escape(&b, ""), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(cc_html_escape(&b, "plain \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd"), 0);
	assert_string_equal(b.ptr, "plain \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd");
	cc_buf_clear(&b);
	assert_int_equal(cc_html_escape(&b, "<<"), 0);
	assert_string_equal(b.ptr, "&lt;&lt;");
	cc_buf_free(&b);
}

static void test_format_parse(void **state)
{
	cc_render_format f;

	(void)state;
	assert_int_equal(cc_render_format_parse("html", &f), 0);
	assert_int_equal(f, CC_RENDER_HTML);
	assert_int_equal(cc_render_format_parse("commonmark", &f), 0);
	assert_int_equal(f, CC_RENDER_COMMONMARK);
	assert_int_equal(cc_render_format_parse("man", &f), 0);
	assert_int_equal(f, CC_RENDER_MAN);
	assert_int_equal(cc_render_format_parse("latex", &f), 0);
	assert_int_equal(f, CC_RENDER_LATEX);
	assert_int_equal(cc_render_format_parse("pdf", &f), CC_EUSAGE);
	assert_non_null(strstr(cc_error_msg(), "'pdf'"));
}

static void test_url_unsafe(void **state)
{
	(void)state;
	assert_true(cc__render_url_unsafe("javascript:alert(1)"));
	assert_true(cc__render_url_unsafe("JavaScript:alert(1)"));
	assert_true(cc__render_url_unsafe(" \tjavascript:x"));
	assert_true(cc__render_url_unsafe("vbscript:x"));
	assert_true(cc__render_url_unsafe("file:///etc/passwd"));
	assert_true(cc__render_url_unsafe("data:text/html,<script>"));
	assert_false(cc__render_url_unsafe("data:image/png;base64,AAAA"));
	assert_false(cc__render_url_unsafe("https://example.org/"));
	assert_false(cc__render_url_unsafe("mailto:a@b"));
	assert_false(cc__render_url_unsafe(NULL));
}

static const char plan_xss[] =
	"---\n"
	"agreed: 2026-11-20\n"
	"review: 2027-05-23\n"
	"goals:\n"
	"- id: G0\n  level: macro\n  text: \"<script>alert(1)</script>\"\n"
	"  measure: '\"><img src=x onerror=alert(1)>'\n  due: 2027-11-01\n  status: open\n"
	"- id: G1\n  level: meso\n  domain: <b>housing</b>\n  text: t\n  measure: m\n"
	"  due: 2027-01-01\n  status: achieved\n"
	"- id: G1.1\n  level: micro\n  text: 'step \\end{verbatim}'\n  measure: m\n"
	"  due: 2026-12-01\n  checks: \"<i>x</i>\"\n  cost: 12.5\n  payer: ins\n  status: weird<\n"
	"- id: G9.1\n  level: micro\n  text: orphan\n"
	"crisis:\n- id: K1\n  situation: <s>\n  contact: javascript:alert(1)\n  action: a\n"
	"---\n"
	"# Body <script>x</script>\n\n<script>alert(2)</script>\n\n"
	"[a](javascript:alert(3)) ![img](http://example.org/x.png)\n\n"
	"<a href=\"javascript:alert(4)\">raw</a>\n";

static const char case_xss[] =
	"---\nid: 2jq7kq2mh3\nclient:\n  name: <script>c</script>\n  birth-date: 1946-04-02\n"
	"manager:\n  name: \"M'<\"\nref: R<1>\n---\n";

static const char team_xss[] =
	"---\nmembers:\n- id: T1\n  name: <script>t</script>\n  role: r\n  organisation: o\n"
	"  contact: c\n  topics: [<u>a</u>, b]\n  informal: true\n  guardian: true\n---\n";

static void test_html(void **state)
{
	char *out = render(plan_xss, case_xss, team_xss, "en", CC_RENDER_HTML);

	(void)state;
	assert_non_null(strstr(out, "<!DOCTYPE html>"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<img"));
	assert_null(strstr(out, "\"><img"));
	assert_null(strstr(out, "href=\"javascript"));
	assert_null(strstr(out, "<b>housing"));
	assert_non_null(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(out, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(out, "&lt;script&gt;c&lt;/script&gt;"));
	assert_non_null(strstr(out, "M&#39;&lt;"));
	assert_non_null(strstr(out, "R&lt;1&gt;"));
	assert_non_null(strstr(out, "&lt;u&gt;a&lt;/u&gt;; b"));
	assert_non_null(strstr(out, "status status-other\">weird&lt;"));
	assert_non_null(strstr(out, "status status-achieved\">achieved"));
	assert_non_null(strstr(out, ">orphan<"));
	assert_non_null(strstr(out, "<span class=\"tag\">informal help</span>"));
	assert_non_null(strstr(out, "<span class=\"tag\">guardian</span>"));
	assert_non_null(strstr(out, "<h1>Body x</h1>"));
	assert_non_null(strstr(out, "<a href=\"\">a</a>"));
	assert_non_null(strstr(out, "<td class=\"num\">12.5</td>"));
	free(out);
}

static void test_html_labels(void **state)
{
	char *out = render(plan_xss, case_xss, NULL, "cs", CC_RENDER_HTML);

	(void)state;
	assert_non_null(strstr(out, "<html lang=\"cs\">"));
	assert_non_null(strstr(out, "Krizový plán"));
	assert_non_null(strstr(out, "splněno"));
	/* no team: no contact overview */
	assert_null(strstr(out, "S kým mluvit"));
	free(out);
	/* an unknown language falls back to English */
	out = render(plan_xss, NULL, NULL, "xx", CC_RENDER_HTML);
	assert_non_null(strstr(out, "<h1>Individual plan</h1>"));
	free(out);
}

static void test_tree_formats(void **state)
{
	char *out = render(plan_xss, case_xss, team_xss, "en", CC_RENDER_LATEX);
	const char *p;

	(void)state;
	assert_non_null(strstr(out, "\\begin{document}"));
	assert_null(strstr(out, "\\end{verbatim}"));
	assert_null(strstr(out, "includegraphics"));
	assert_non_null(strstr(out, "\\textbackslash{}end\\{verbatim\\}"));
	free(out);
	out = render(plan_xss, case_xss, team_xss, "en", CC_RENDER_COMMONMARK);
	for (p = out; (p = strstr(p, "<script")) != NULL; p++)
		assert_true(p > out && p[-1] == '\\');
	assert_null(strstr(out, "](javascript"));
	assert_non_null(strstr(out, "\\<script\\>alert(1)\\</script\\>"));
	free(out);
	out = render(plan_xss, case_xss, team_xss, "en", CC_RENDER_MAN);
	assert_int_equal(strncmp(out, ".TH \"PLAN-2jq7kq2mh3\" 7", 23), 0);
	assert_null(strstr(out, "x.PD"));
	free(out);
}

static void test_body_limit(void **state)
{
	cc_buf b = CC_BUF_INIT;
	cc_doc *p;
	cc_render_input in = { NULL, NULL, NULL, NULL, "en", NULL };
	char *out;
	size_t len, i;

	(void)state;
	assert_int_equal(cc_buf_puts(&b, "---\ngoals: []\n---\n"), 0);
	for (i = 0; b.len <= CC_RENDER_MAX_BODY + 18; i++)
		assert_int_equal(cc_buf_puts(&b, "[[[[[[[[[[ ((((((((((\n"), 0);
	p = parse(b.ptr);
	in.plan = p;
	assert_int_equal(cc_render_plan(&in, CC_RENDER_HTML, &out, &len), CC_EINVALID);
	assert_non_null(strstr(cc_error_msg(), "256 KiB"));
	assert_null(out);
	cc_doc_free(p);
	cc_buf_free(&b);
}

static int problems(const char *plan, const char *want)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_doc *doc = parse(plan);
	size_t i;
	int found = 0;

	assert_int_equal(cc_validate_doc("cases/q/7/2jq7kq2mh3/plan.md", doc, &probs), 0);
	for (i = 0; i < probs.n; i++)
		if (want && strstr(probs.items[i], want))
			found = 1;
	if (want && !found)
		for (i = 0; i < probs.n; i++)
			print_message("problem: %s\n", probs.items[i]);
	i = probs.n;
	cc_problems_free(&probs);
	cc_doc_free(doc);
	return want ? found : (int)i;
}

static void test_check(void **state)
{
	(void)state;
	assert_int_equal(problems("---\ngoals:\n- id: G0\n  level: macro\n  text: t\n"
		"  measure: m\n  due: 2027-01-01\n---\n", NULL), 0);
	assert_true(problems("---\ngoals:\n- id: G0\n  level: macro\n  text: t\n"
		"  due: 2027-01-01\n---\n",
		"plan.md:3: goal 'G0' has no measure; a SMART goal says how its success is measured"));
	assert_true(problems("---\ngoals:\n- id: G0\n  level: macro\n  text: t\n"
		"  measure: m\n---\n", "goal 'G0' has no due date"));
	assert_true(problems("---\ngoals:\n- id: G2.1\n  level: micro\n  text: t\n"
		"  measure: m\n  due: 2027-01-01\n---\n", "belongs under goal 'G2'"));
	assert_true(problems("---\ngoals:\n- id: G1\n  level: micro\n  domain: d\n  text: t\n"
		"  measure: m\n  due: 2027-01-01\n---\n", "must have level 'meso'"));
	assert_true(problems("---\ncrisis:\n- id: K1\n  situation: s\n  contact: c\n---\n",
		"crisis item 'K1' has no action"));
	assert_true(problems("---\ngoals: {}\n---\n", "'goals' must be a list"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_url_unsafe),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_labels),
		cmocka_unit_test(test_tree_formats),
		cmocka_unit_test(test_body_limit),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
