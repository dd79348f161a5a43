/* field.c - the rule of each keyword field (field.h) */
#include "casectl/util/error.h"
#include "casectl/model/field.h"

int cc_field_keyword_valid(const char *v)
{
	const char *p;

	if (!v || !*v || *v == '-')
		return 0;
	for (p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      (*p == '-' && p[1] && p[1] != '-')))
			return 0;
	return p - v <= 64;
}

int cc_field_domain(const char *opt, const char *v)
{
	if (cc_field_keyword_valid(v))
		return 0;
	return cc_error_set(CC_EUSAGE, "%s: '%s' must be lowercase words joined by '-', "
		"such as housing, health, income, family, daily-living, work, education, "
		"legal, addiction, mental-health", opt, v);
}
