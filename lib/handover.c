/* handover.c - a new case manager, with the reason on record */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/action.h"
#include "casectl/closure.h"
#include "casectl/error.h"
#include "casectl/intake.h"
#include "event-internal.h"

/* Whether NAME/EMAIL is the manager M already. */
static int same_person(const cc_node *m, const char *name, const char *email)
{
	const char *on = cc_map_str(m, "name"), *oe = cc_map_str(m, "email");

	if (email && oe && *oe)
		return !strcasecmp(email, oe);
	return name && on && !strcasecmp(name, on);
}

int cc_case_handover(cc_store *s, const char *input, const char *to, const char *reason)
{
	cc_action *a = NULL;
	cc_node *root, *m, *list, *item;
	char *name = NULL, *email = NULL, *from = NULL, *dest = NULL;
	char today[CC_DATE_STRLEN];
	int err;

	if (!to || !*to)
		return cc_error_set(CC_EUSAGE, "to whom? give --to WORKER (\"Name <email>\", "
			"a name or an email)");
	if (!reason || !*reason)
		return cc_error_set(CC_EUSAGE, "a handover needs a reason; give --reason TEXT");
	if ((err = cc_person_split(to, &name, &email)))
		return err;
	if (!name && !(name = strdup(email))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = cc_action_begin(&a, s, input, 0)) ||
	    (err = cc_action_phase(a, "handover", NULL, NULL)))
		goto out;
	root = cc_case_root(cc_action_case(a));
	if ((err = cc_map_child_map(root, "manager", &m)))
		goto out;
	if (same_person(m, name, email)) {
		err = cc_error_set(CC_EREFUSED, "case '%s' is already managed by '%s'",
			cc_action_id(a), to);
		goto out;
	}
	if ((err = cc_ev_person(m, &from)))
		goto out;
	if ((err = cc_map_set_str(m, "name", name)) ||
	    (err = cc_map_set_str(m, "email", email)) ||
	    (err = cc_ev_person(m, &dest)))
		goto out;
	cc_date_format(cc_action_today(a), today);
	if ((err = cc_map_child_list(root, "handovers", &list)) ||
	    (err = cc_list_append_map(list, &item)) ||
	    (err = cc_map_set_plain(item, "date", today)) ||
	    (err = cc_map_set_str(item, "from", from)) ||
	    (err = cc_map_set_str(item, "to", dest)) ||
	    (err = cc_map_set_str(item, "reason", reason)))
		goto out;
	err = cc_action_commit(a, "handover", "case handed over");
out:
	free(name);
	free(email);
	free(from);
	free(dest);
	cc_action_free(a);
	return err;
}
