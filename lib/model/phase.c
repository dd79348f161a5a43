/* phase.c - the phases of a case and the rules between them */
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/model/phase.h"

static const char *const names[CC_PHASE_COUNT] = {
	"intake", "assessment", "planning", "linking", "monitoring", "evaluation", "closed"
};

const char *cc_phase_name(cc_phase p)
{
	return (unsigned)p < CC_PHASE_COUNT ? names[p] : "unknown";
}

int cc_phase_parse(const char *name, cc_phase *out)
{
	int i;

	for (i = 0; i < CC_PHASE_COUNT; i++)
		if (name && !strcmp(name, names[i])) {
			*out = (cc_phase)i;
			return 0;
		}
	return cc_error_set(CC_EINVALID, "unknown phase '%s'", name ? name : "");
}

/* What each command needs first: the phase the case must have reached,
 * and the command that gets it there.  The journal (monitor) has no rule:
 * contacts happen in every open phase, from the first call at intake on;
 * only its progress on goals needs a plan, and the plan's goals are
 * checked where they are named (lib/ops/monitor.c). */
static const struct {
	const char *command;
	cc_phase needs;
	const char *first;
	const char *what;
} rules[] = {
	{ "plan", CC_PHASE_ASSESSMENT, "assess", "no assessment yet" },
	{ "link", CC_PHASE_PLANNING, "plan", "no plan yet" },
	{ "evaluate", CC_PHASE_LINKING, "link", "no services linked yet" },
	{ NULL, 0, NULL, NULL }
};

int cc_phase_allows(const char *command, cc_phase cur, const char *id)
{
	int i;

	if (cur == CC_PHASE_CLOSED && strcmp(command, "reopen"))
		return cc_error_set(CC_ECLOSED,
			"case '%s' is closed; run 'casectl reopen %s' first", id, id);
	if (cur != CC_PHASE_CLOSED && !strcmp(command, "reopen"))
		return cc_error_set(CC_EPHASE, "case '%s' is not closed (phase '%s')",
			id, names[cur]);
	for (i = 0; rules[i].command; i++)
		if (!strcmp(rules[i].command, command) && cur < rules[i].needs)
			return cc_error_set(CC_EPHASE,
				"case '%s' has %s (phase '%s'); run 'casectl %s %s' first, "
				"or give --force REASON",
				id, rules[i].what, names[cur], rules[i].first, id);
	return 0;
}

cc_phase cc_phase_after(const char *command, cc_phase cur)
{
	if (!strcmp(command, "assess"))
		return cur == CC_PHASE_INTAKE || cur == CC_PHASE_EVALUATION ?
			CC_PHASE_ASSESSMENT : cur;
	if (!strcmp(command, "plan"))
		return cur <= CC_PHASE_ASSESSMENT || cur == CC_PHASE_EVALUATION ?
			CC_PHASE_PLANNING : cur;
	if (!strcmp(command, "link"))
		return cur <= CC_PHASE_PLANNING ? CC_PHASE_LINKING : cur;
	if (!strcmp(command, "monitor"))
		return cur == CC_PHASE_PLANNING || cur == CC_PHASE_LINKING ?
			CC_PHASE_MONITORING : cur;
	if (!strcmp(command, "evaluate:continue") || !strcmp(command, "evaluate:step-down"))
		return CC_PHASE_MONITORING;
	if (!strcmp(command, "evaluate:replan"))
		return CC_PHASE_PLANNING;
	if (!strcmp(command, "evaluate:refer"))
		return CC_PHASE_LINKING;
	if (!strcmp(command, "evaluate:close"))
		return CC_PHASE_EVALUATION;
	if (!strcmp(command, "close"))
		return CC_PHASE_CLOSED;
	if (!strcmp(command, "reopen"))
		return CC_PHASE_ASSESSMENT;
	return cur;
}
