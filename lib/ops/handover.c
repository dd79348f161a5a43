/* handover.c - a new case manager, with the reason on record */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/model/action.h"
#include "casectl/ops/closure.h"
#include "casectl/util/error.h"
#include "casectl/ops/intake.h"
#include "../model/event-int.h"
#include "../model/mandate-int.h"

int cc_case_handover(cc_store *s, const char *input, const char *to, const char *reason,
	const char *mandate, char **stale)
{
	cc_action *a = NULL;
	cc_node *root, *m, *list, *item;
	char *name = NULL, *email = NULL, *from = NULL, *dest = NULL;
	char today[CC_DATE_STRLEN];
	int err;

	*stale = NULL;
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
	if (cc__person_is(m, name, email)) {
		err = cc_error_set(CC_EREFUSED, "case '%s' is already managed by '%s'",
			cc_action_id(a), to);
		goto out;
	}
	if ((err = cc__ev_person(m, &from)))
		goto out;
	if ((err = cc_map_set_str(m, "name", name)) ||
	    (err = cc_map_set_str(m, "email", email)) ||
	    (err = cc__ev_person(m, &dest)))
		goto out;
	cc_date_format(cc_action_today(a), today);
	if ((err = cc_map_child_list(root, "handovers", &list)) ||
	    (err = cc_list_append_map(list, &item)) ||
	    (err = cc_map_set_plain(item, "date", today)) ||
	    (err = cc_map_set_str(item, "from", from)) ||
	    (err = cc_map_set_str(item, "to", dest)) ||
	    (err = cc_map_set_str(item, "reason", reason)))
		goto out;
	if (mandate) {
		if ((err = cc__mandate_set(root, mandate, m, today)))
			goto out;
	} else if (cc_map_get(root, "mandate")) {
		/* the old mandate stays on record, naming the old manager, until
		 * the client agrees a new one; check flags it meanwhile */
		const char *h = cc_map_str(cc_map_get(root, "mandate"), "holder");
		if (h && !(*stale = strdup(h))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto out;
		}
	}
	err = cc_action_commit(a, "handover", mandate ? "case handed over, mandate agreed"
						      : "case handed over");
	if (err) {
		free(*stale);
		*stale = NULL;
	}
out:
	free(name);
	free(email);
	free(from);
	free(dest);
	cc_action_free(a);
	return err;
}

int cc_case_mandate(cc_store *s, const char *input, const char *text)
{
	cc_action *a = NULL;
	cc_node *root;
	char today[CC_DATE_STRLEN];
	int err;

	if (!text || !*text)
		return cc_error_set(CC_EUSAGE, "--mandate needs the text of the mandate: what "
			"the case manager may do, and how the work ends");
	if ((err = cc_action_begin(&a, s, input, 0)) ||
	    (err = cc_action_phase(a, "handover", NULL, NULL)))
		goto out;
	root = cc_case_root(cc_action_case(a));
	cc_date_format(cc_action_today(a), today);
	if ((err = cc__mandate_set(root, text, cc_map_get(root, "manager"), today)))
		goto out;
	err = cc_action_commit(a, "mandate", "mandate agreed");
out:
	cc_action_free(a);
	return err;
}
