/* records.c - rule tables of every record format */
#include <string.h>

#include "validate-rules-int.h"

const char *const cc__phase_names[] = {
	"intake", "assessment", "planning", "linking", "monitoring",
	"evaluation", "closed", NULL
};
const char *const cc__status_names[] = { "open", "closed", NULL };

const cc_rule cc__rules_case[] = {
	{ "id", CC_RULE_ID, 1, NULL },
	{ "ref", CC_RULE_STR, 0, NULL },
	{ "status", CC_RULE_ENUM, 1, cc__status_names },
	{ "phase", CC_RULE_ENUM, 1, cc__phase_names },
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
	{ "close-reason", CC_RULE_STR, 0, NULL },
	{ "close-note", CC_RULE_STR, 0, NULL },
	{ "follow-up", CC_RULE_DATE, 0, NULL },
	{ "reopened", CC_RULE_DATE, 0, NULL },
	{ "reopen-reason", CC_RULE_STR, 0, NULL },
	{ "handovers", CC_RULE_LIST, 0, NULL },
	{ "mandate", CC_RULE_MAP, 0, NULL },
	{ "mandate.text", CC_RULE_STR, 0, NULL },   /* required in a mandate: */
	{ "mandate.holder", CC_RULE_STR, 0, NULL }, /* cc__mandate_valid */
	{ "mandate.agreed", CC_RULE_DATE, 0, NULL },
	{ NULL, 0, 0, NULL }
};

/* Which rule function checks which record, by its name in the case
 * folder ("plan.md") or folder prefix ("journal/"); "service" for the
 * directory.  Each lifecycle module adds its line here. */
static const struct {
	const char *name;
	int (*check)(const char *relpath, const cc_doc *doc, cc_problems *out);
} record_checks[] = {
	{ "case.md", cc__check_case_state },
	{ "assessments/", cc__check_assessment },
	{ "plan.md", cc_check_plan },
	{ "journal/", cc__check_journal },
	{ "evaluations/", cc__check_evaluation },
	{ "team.md", cc__check_team }, { "consent/", cc__check_consent }, { "links/", cc__check_link }, { "service", cc__check_service },
	{ NULL, NULL }
};

int cc__validate_record(const char *relpath, const char *kind, const cc_doc *doc,
	cc_problems *out)
{
	size_t i, n;

	for (i = 0; record_checks[i].name; i++) {
		n = strlen(record_checks[i].name);
		if (record_checks[i].name[n - 1] == '/' ? !strncmp(kind, record_checks[i].name, n)
							 : !strcmp(kind, record_checks[i].name))
			return record_checks[i].check(relpath, doc, out);
	}
	/* a record of the agency's own (a letter, a report): its front
	 * matter was parsed and is sound; its keys are its own business */
	return 0;
}
