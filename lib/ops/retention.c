/* retention.c - how long closed cases are kept, and holds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/date.h"
#include "casectl/store/erase.h"
#include "casectl/util/error.h"

int cc_retention_hold(cc_store *s, const char *input, int hold, const char *reason)
{
	cc_action *a = NULL;
	cc_node *root;
	const char *cur;
	int err, held;

	if (hold && (!reason || !*reason))
		return cc_error_set(CC_EUSAGE, "a hold needs --reason TEXT (e.g. a court case "
			"number, no personal data)");
	if ((err = cc_action_begin(&a, s, input, CC_ACTION_ALLOW_CLOSED)))
		return err;
	root = cc_case_root(cc_action_case(a));
	cur = cc_map_str(root, "hold");
	held = cur && !strcmp(cur, "true");
	if (!hold && !held) {
		err = cc_error_set(CC_EINVALID, "case '%s' is not under a retention hold",
			cc_action_id(a));
		goto out;
	}
	if (hold) {
		if ((err = cc_map_set_plain(root, "hold", "true")) ||
		    (err = cc_map_set_str(root, "hold-reason", reason)))
			goto out;
		err = cc_action_commit(a, "retention", held ? "hold changed" : "hold set");
	} else {
		if ((err = cc_map_remove(root, "hold")) || (err = cc_map_remove(root, "hold-reason")))
			goto out;
		if (reason && *reason && (err = cc_action_note(a, "Reason: %s", reason)))
			goto out;
		err = cc_action_commit(a, "retention", "hold released");
	}
out:
	cc_action_free(a);
	return err;
}
