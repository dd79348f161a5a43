/* test_nettext.c - unit tests for what a fetch or push shows a person
 * (lib/store/store-nettext.c): passwords of URLs redacted wherever they are,
 * and the server's side band as "remote: " lines safe for a terminal */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "casectl/util/buf.h"
#include "../../lib/store/store-net-int.h"

static void redacts(const char *in, const char *want)
{
	char *got = cc__redact_dup(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_redact(void **state)
{
	(void)state;
	redacts("https://clerk:s3cret@host/store.git", "https://clerk:<redacted>@host/store.git");
	redacts("cannot fetch 'http://u:p@127.0.0.1:8080/x': refused, see 'https://a:b@c'",
		"cannot fetch 'http://u:<redacted>@127.0.0.1:8080/x': refused, see "
		"'https://a:<redacted>@c'");
	/* an '@' inside the password, a password that is empty */
	redacts("https://u:p@ss@host/x", "https://u:<redacted>@host/x");
	redacts("https://u:@host/x", "https://u:<redacted>@host/x");
	/* no password: left as it is, ports and ssh users too */
	redacts("https://clerk@host:443/x", "https://clerk@host:443/x");
	redacts("ssh://git@host:22/srv/store.git", "ssh://git@host:22/srv/store.git");
	redacts("https://host:443/a@b:c", "https://host:443/a@b:c");
	redacts("no url at all", "no url at all");
	redacts("", "");
	assert_int_equal(cc__url_has_password("https://a:b@h/x"), 1);
	assert_int_equal(cc__url_has_password("https://a@h/x"), 0);
}

static void test_remote_lines(void **state)
{
	static const char band[] = "protected branch\n"
		"Resolving deltas:  50% (1/2)\rResolving deltas: 100% (2/2)\r"
		"see \033[31mhttps://u:pw@h/x\a  \n\n";
	cc_net c;
	cc_buf out = CC_BUF_INIT;

	(void)state;
	memset(&c, 0, sizeof(c));
	cc__net_sideband(&c, band, sizeof(band) - 1);
	assert_int_equal(cc__net_remote_lines(&c, &out), 0);
	assert_string_equal(cc_buf_cstr(&out), "remote: protected branch\n"
		"remote: see ^[[31mhttps://u:<redacted>@h/x^G");
	cc_buf_free(&out);
	cc_buf_free(&c.sideband);
	/* nothing said: nothing shown */
	memset(&c, 0, sizeof(c));
	assert_int_equal(cc__net_remote_lines(&c, &out), 0);
	assert_int_equal(out.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_remote_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
