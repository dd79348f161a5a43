/* test_network.c - unit tests of slugs, link statuses and DOT escaping */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "casectl/util/buf.h"
#include "casectl/views/ecomap.h"
#include "casectl/util/error.h"
#include "casectl/model/link.h"
#include "casectl/ops/service.h"

static void slug_is(const char *name, const char *want)
{
	char out[CC_SLUG_MAX];

	assert_int_equal(cc_service_slugify(name, out), 0);
	assert_string_equal(out, want);
	assert_true(cc_service_slug_valid(out));
}

static void test_slugify(void **state)
{
	char out[CC_SLUG_MAX], long_name[300];

	(void)state;
	slug_is("Home Care P7", "home-care-p7");
	slug_is("Domácí péče – Praha 7!", "domaci-pece-praha-7");
	slug_is("Straße & Ærø", "strasse-aero");
	slug_is("Łódź Œuvre", "lodz-oeuvre");
	slug_is("Дом милосердия", "dom-miloserdiya");
	slug_is("Щука Юг", "shchuka-yug");
	slug_is("--a--b--", "a-b");
	slug_is("St. Mary's", "st-marys");
	slug_is("e\xcc\x81t\xc3\xa9", "ete");   /* combining accent dropped */
	slug_is("bad \xff byte", "bad-byte");
	assert_int_equal(cc_service_slugify("★ ★", out), CC_EINVALID);
	assert_int_equal(cc_service_slugify("", out), CC_EINVALID);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	long_name[62] = ' ';
	assert_int_equal(cc_service_slugify(long_name, out), 0);
	assert_true(strlen(out) < CC_SLUG_MAX);
	assert_true(cc_service_slug_valid(out));
}

static void test_slug_valid(void **state)
{
	(void)state;
	assert_true(cc_service_slug_valid("a"));
	assert_true(cc_service_slug_valid("home-care-7"));
	assert_false(cc_service_slug_valid(""));
	assert_false(cc_service_slug_valid("-a"));
	assert_false(cc_service_slug_valid("a-"));
	assert_false(cc_service_slug_valid("a--b"));
	assert_false(cc_service_slug_valid("A"));
	assert_false(cc_service_slug_valid("a_b"));
	assert_false(cc_service_slug_valid("a/b"));
	assert_false(cc_service_slug_valid("informal-k3xz"));
}

static void test_transitions(void **state)
{
	static const char *const s[] = { "proposed", "referred", "accepted", "active",
		"ended", "declined" };
	/* ok[from][to]; after ended or declined a new round starts as a new
	 * link would (a re-referral) */
	static const int ok[6][6] = {
		{ 0, 1, 1, 1, 1, 1 },
		{ 0, 0, 1, 1, 1, 1 },
		{ 0, 0, 0, 1, 1, 1 },
		{ 0, 0, 0, 0, 1, 0 },
		{ 1, 1, 1, 1, 0, 1 },
		{ 1, 1, 1, 1, 0, 1 },
	};
	int f, t;

	(void)state;
	for (f = 0; f < 6; f++)
		for (t = 0; t < 6; t++)
			assert_int_equal(cc_link_transition("x", s[f], s[t]),
				ok[f][t] ? 0 : CC_EREFUSED);
	for (t = 0; t < 6; t++)
		assert_int_equal(cc_link_transition("x", NULL, s[t]), t == 4 ? CC_EREFUSED : 0);
	assert_int_equal(cc_link_transition("x", "proposed", "maybe"), CC_EUSAGE);
	assert_int_equal(cc_link_transition("x", "weird", "active"), CC_EINVALID);
	assert_int_equal(cc_link_transition("x", "accepted", "referred"), CC_EREFUSED);
	assert_string_equal(cc_error_msg(), "link 'x' is accepted and cannot move to "
		"referred; it can move to: active, ended, declined");
	assert_int_equal(cc_link_transition("x", "declined", "ended"), CC_EREFUSED);
	assert_string_equal(cc_error_msg(), "link 'x' is declined; a new round cannot start "
		"as 'ended'; use one of: proposed, referred, accepted, active, declined");
	assert_true(cc_link_new_round("ended") && cc_link_new_round("declined"));
	assert_false(cc_link_new_round("active") || cc_link_new_round("proposed"));
}

static void test_dot_escape(void **state)
{
	cc_buf b = CC_BUF_INIT;

	(void)state;
	assert_int_equal(cc_dot_escape(&b, "a\"b\\c\nd\re\tf"), 0);
	assert_string_equal(cc_buf_cstr(&b), "a\\\"b\\\\c\\nde f");
	cc_buf_clear(&b);
	assert_int_equal(cc_dot_escape(&b, "end\\"), 0);
	assert_string_equal(cc_buf_cstr(&b), "end\\\\");
	cc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slugify),
		cmocka_unit_test(test_slug_valid),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_dot_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
