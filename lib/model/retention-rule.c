/* retention-rule.c - how long a closed case is kept: casectl.md's
 * retention from the day it was closed */
#include "casectl/util/error.h"
#include "casectl/model/settings.h"
#include "retention-int.h"

int cc__retention_until(cc_store *s, const cc_case *c, char until[CC_DATE_STRLEN])
{
	cc_settings st;
	cc_date d;
	const char *closed = cc_case_get(c, "closed");
	int err;

	until[0] = '\0';
	if (!cc_case_is_closed(c) || !closed)
		return 0;
	if ((err = cc_settings_load(s, &st)))
		return err;
	if (cc_date_parse_iso(closed, &d) != 0)
		return cc_error_set(CC_EINVALID, "case '%s' has a bad closed date '%s'; fix it "
			"with 'casectl edit %s'", cc_case_id(c), closed, cc_case_id(c));
	cc_date_format(cc_date_add_duration(d, st.retention, 1), until);
	return 0;
}
