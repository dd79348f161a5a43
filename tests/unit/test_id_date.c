/* test_id_date.c - unit tests of case IDs and dates */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"

static void test_id_generate_shape(void **state)
{
	char id[CC_ID_LEN + 1], other[CC_ID_LEN + 1];
	int i;

	(void)state;
	/* 2026-11-23 12:00 UTC: 82 months after 2020-01 -> "2j" */
	assert_int_equal(cc_id_generate(id, 1795435200), 0);
	assert_int_equal(strlen(id), CC_ID_LEN);
	assert_true(cc_id_valid(id));
	assert_memory_equal(id, "2j", 2);
	for (i = 0; i < 100; i++) {
		assert_int_equal(cc_id_generate(other, 1795435200), 0);
		assert_string_not_equal(id, other);
	}
	/* before 2020 clamps to 00 */
	assert_int_equal(cc_id_generate(id, 0), 0);
	assert_memory_equal(id, "00", 2);
}

static void test_id_sorts_by_month(void **state)
{
	char a[CC_ID_LEN + 1], b[CC_ID_LEN + 1];

	(void)state;
	assert_int_equal(cc_id_generate(a, 1768478400), 0); /* 2026-01-15 */
	assert_int_equal(cc_id_generate(b, 1771156800), 0); /* 2026-02-15 */
	assert_true(strcmp(a, b) < 0);
}

static void test_id_valid(void **state)
{
	(void)state;
	assert_true(cc_id_valid("2jq7kq2mh3"));
	assert_false(cc_id_valid("2jq7kq2mh"));     /* short */
	assert_false(cc_id_valid("2jq7kq2mh3x"));   /* long */
	assert_false(cc_id_valid("2jq7kq2mhi"));    /* i not in alphabet */
	assert_false(cc_id_valid("2JQ7KQ2MH3"));    /* not normalised */
	assert_false(cc_id_valid("../../etc/"));
	assert_false(cc_id_valid(NULL));
}

static void test_id_normalize(void **state)
{
	char out[CC_ID_LEN + 1];

	(void)state;
	assert_int_equal(cc_id_normalize("2JQ7", out), 0);
	assert_string_equal(out, "2jq7");
	assert_int_equal(cc_id_normalize("2jIlO", out), 0); /* Crockford: i,l->1 o->0 */
	assert_string_equal(out, "2j110");
	assert_int_equal(cc_id_normalize("", out), CC_EINVALID);
	assert_int_equal(cc_id_normalize("../x", out), CC_EINVALID);
	assert_int_equal(cc_id_normalize("a/b", out), CC_EINVALID);
	assert_int_equal(cc_id_normalize("ab\ncd", out), CC_EINVALID);
	assert_int_equal(cc_id_normalize("2jq7kq2mh3x", out), CC_EINVALID);
	assert_int_equal(cc_id_normalize("2ju", out), CC_EINVALID); /* u excluded */
	assert_non_null(strstr(cc_error_msg(), "'2ju' is not a case ID"));
}

static void test_id_dir(void **state)
{
	char dir[CC_ID_DIR_MAX];

	(void)state;
	assert_int_equal(cc_id_dir("2jq7kq2mh3", dir), 0);
	assert_string_equal(dir, "cases/q/7/2jq7kq2mh3");
	assert_int_equal(cc_id_dir("../../../x", dir), CC_EINVALID);
}

static cc_date D(int y, int m, int d)
{
	cc_date r = { y, m, d };
	return r;
}

static void check_date(const char *in, cc_date today, const char *want)
{
	cc_date d;
	char s[CC_DATE_STRLEN];

	assert_int_equal(cc_date_parse(in, today, &d), 0);
	cc_date_format(d, s);
	assert_string_equal(s, want);
}

static void test_date_parse(void **state)
{
	cc_date today = D(2026, 11, 23), d;

	(void)state;
	check_date("2026-11-23", today, "2026-11-23");
	check_date("2024-02-29", today, "2024-02-29");
	check_date("today", today, "2026-11-23");
	check_date("+14d", today, "2026-12-07");
	check_date("-2w", today, "2026-11-09");
	check_date("+3m", today, "2027-02-23");
	check_date("+1y", today, "2027-11-23");
	check_date("+40", today, "2027-01-02");
	check_date("+1m", D(2026, 1, 31), "2026-02-28");  /* clamp */
	check_date("+1m", D(2024, 1, 31), "2024-02-29");
	check_date("-1y", D(2024, 2, 29), "2023-02-28");
	assert_int_equal(cc_date_parse("2026-02-29", today, &d), CC_EINVALID);
	assert_int_equal(cc_date_parse("2026-13-01", today, &d), CC_EINVALID);
	assert_int_equal(cc_date_parse("2026-1-01", today, &d), CC_EINVALID);
	assert_int_equal(cc_date_parse("2026-01-01x", today, &d), CC_EINVALID);
	assert_int_equal(cc_date_parse("+3q", today, &d), CC_EINVALID);
	assert_int_equal(cc_date_parse("tomorrow", today, &d), CC_EINVALID);
	assert_non_null(strstr(cc_error_msg(), "'tomorrow' is not a date"));
}

static void test_date_days_roundtrip(void **state)
{
	int64_t n;

	(void)state;
	assert_int_equal(cc_date_to_days(D(1970, 1, 1)), 0);
	assert_int_equal(cc_date_to_days(D(2000, 3, 1)), 11017);
	for (n = -800000; n < 800000; n += 997) {
		cc_date d = cc_date_from_days(n);
		assert_int_equal(cc_date_to_days(d), n);
	}
	assert_true(cc_date_cmp(D(2026, 1, 2), D(2026, 1, 10)) < 0);
	assert_int_equal(cc_date_cmp(D(2026, 1, 2), D(2026, 1, 2)), 0);
}

static void test_now_env(void **state)
{
	cc_date d;
	int64_t t;

	(void)state;
	setenv("CASECTL_NOW", "2026-11-23", 1);
	assert_int_equal(cc_date_today(&d), 0);
	assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20261123);
	assert_int_equal(cc_now(&t), 0);
	assert_int_equal(t, 1795435200);
	setenv("CASECTL_NOW", "2026-11-23T08:30:00+01:00", 1);
	assert_int_equal(cc_now(&t), 0);
	assert_int_equal(t, 1795435200 - 16200); /* 07:30 UTC */
	setenv("CASECTL_NOW", "yesterday", 1);
	assert_int_equal(cc_date_today(&d), CC_EINVALID);
	unsetenv("CASECTL_NOW");
	assert_int_equal(cc_date_today(&d), 0);
}

static void test_duration(void **state)
{
	cc_duration du;

	(void)state;
	assert_int_equal(cc_duration_parse("6m", &du), 0);
	assert_int_equal(du.n, 6);
	assert_int_equal(du.unit, 'm');
	assert_int_equal(cc_duration_parse("30", &du), 0);
	assert_int_equal(du.unit, 'd');
	assert_int_equal(cc_duration_parse("m", &du), CC_EINVALID);
	assert_int_equal(cc_duration_parse("-3d", &du), CC_EINVALID);
	assert_int_equal(cc_duration_parse("3dd", &du), CC_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_generate_shape),
		cmocka_unit_test(test_id_sorts_by_month),
		cmocka_unit_test(test_id_valid),
		cmocka_unit_test(test_id_normalize),
		cmocka_unit_test(test_id_dir),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_days_roundtrip),
		cmocka_unit_test(test_now_env),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
