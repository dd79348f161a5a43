/* records.c - rule tables of every record format */
#include <string.h>

#include "validate-rules.h"

const char *const cc_phase_names[] = {
	"intake", "assessment", "planning", "linking", "monitoring",
	"evaluation", "closed", NULL
};
const char *const cc_status_names[] = { "open", "closed", NULL };

const cc_rule cc_rules_case[] = {
	{ "id", CC_RULE_ID, 1, NULL },
	{ "ref", CC_RULE_STR, 0, NULL },
	{ "status", CC_RULE_ENUM, 1, cc_status_names },
	{ "phase", CC_RULE_ENUM, 1, cc_phase_names },
	{ "opened", CC_RULE_DATE, 1, NULL },
	{ "manager", CC_RULE_MAP, 1, NULL },
	{ "manager.name", CC_RULE_STR, 1, NULL },
	{ "manager.email", CC_RULE_STR, 0, NULL },
	{ "client", CC_RULE_MAP, 1, NULL },
	{ "client.name", CC_RULE_STR, 1, NULL },
	{ "client.birth-date", CC_RULE_DATE, 0, NULL },
	{ "client.contact", CC_RULE_STR, 0, NULL },
	{ "referral", CC_RULE_MAP, 0, NULL },
	{ "referral.source", CC_RULE_STR, 0, NULL },
	{ "referral.date", CC_RULE_DATE, 0, NULL },
	{ "referral.reason", CC_RULE_STR, 0, NULL },
	{ "review", CC_RULE_DATE, 0, NULL },
	{ "closed", CC_RULE_DATE, 0, NULL },
	{ "follow-up", CC_RULE_DATE, 0, NULL },
	{ NULL, 0, 0, NULL }
};

int cc_validate_record(const char *relpath, const char *kind, const cc_doc *doc,
	cc_problems *out)
{
	(void)relpath;
	(void)kind;
	(void)doc;
	(void)out;
	return 0;
}
