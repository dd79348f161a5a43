/* validate-rules-int.h - the record formats as rule tables (private to lib) */
#ifndef CASECTL_VALIDATE_RULES_H
#define CASECTL_VALIDATE_RULES_H

#include "casectl/doc/frontmatter.h"
#include "casectl/model/validate.h"

typedef enum {
	CC_RULE_STR,
	CC_RULE_DATE,
	CC_RULE_INT,
	CC_RULE_BOOL,
	CC_RULE_ENUM,
	CC_RULE_ID,
	CC_RULE_MAP,
	CC_RULE_LIST
} cc_rule_kind;

typedef struct {
	const char *key;               /* dotted path from the map checked */
	cc_rule_kind kind;
	int required;
	const char *const *values;     /* CC_RULE_ENUM: NULL-terminated */
} cc_rule;

extern const cc_rule cc__rules_case[];
extern const char *const cc__phase_names[];
extern const char *const cc__status_names[];

int cc__rules_check(const char *path, const cc_node *map, const cc_rule *rules,
	cc_problems *out);
int cc__rule_check_value(const char *path, const cc_rule *r, const cc_node *n,
	size_t line, cc_problems *out);

/* Records other than case.md, by their name in the case folder (KIND)
 * or "service"; in records.c. */
int cc__validate_record(const char *relpath, const char *kind, const cc_doc *doc,
	cc_problems *out);

/* records-journey.c: "case.md" (closure, handover), "assessments/",
 * "journal/", "evaluations/" */
int cc__check_case_state(const char *relpath, const cc_doc *doc, cc_problems *out);
int cc__check_assessment(const char *relpath, const cc_doc *doc, cc_problems *out);
int cc__check_journal(const char *relpath, const cc_doc *doc, cc_problems *out);
int cc__check_evaluation(const char *relpath, const cc_doc *doc, cc_problems *out);
/* records-network.c: "team.md", "consent/", "links/", "service" */
int cc__check_team(const char *relpath, const cc_doc *doc, cc_problems *out);
int cc__check_consent(const char *relpath, const cc_doc *doc, cc_problems *out);
int cc__check_link(const char *relpath, const cc_doc *doc, cc_problems *out);
int cc__check_service(const char *relpath, const cc_doc *doc, cc_problems *out);
int cc_check_plan(const char *relpath, const cc_doc *doc, cc_problems *out);

/* validate-folder.c: a case folder "cases/A/B/ID" as a whole (it must
 * hold its case.md), for 'casectl check'. */
int cc__is_case_folder(const char *relpath);
int cc__check_case_folder(cc_store *s, const char *dir, cc_problems *out);

/* validate-text.c: control characters (text.h) in the keys, values
 * and body of DOC; BODY_LINE is the file line the body starts on (0
 * when the text did not come from a file). */
int cc__check_controls(const char *path, const cc_doc *doc, size_t body_line,
	cc_problems *out);

#endif
