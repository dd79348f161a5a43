/* mandate.c - the mandate the client gives the case manager: set it,
 * and flag one that names someone who is no longer the manager */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/model/case.h"
#include "casectl/util/error.h"
#include "casectl/model/person.h"
#include "casectl/model/validate.h"
#include "event-int.h"
#include "mandate-int.h"

int cc__person_is(const cc_node *manager, const char *name, const char *email)
{
	const char *on = cc_map_str(manager, "name"), *oe = cc_map_str(manager, "email");

	if (email && *email && oe && *oe)
		return !strcasecmp(email, oe);
	return name && on && !strcasecmp(name, on);
}

int cc__mandate_set(cc_node *root, const char *text, const cc_node *manager,
	const char *day)
{
	cc_node *m;
	char *holder = NULL;
	int err;

	if (!text || !*text)
		return cc_error_set(CC_EUSAGE, "--mandate needs the text of the mandate: what "
			"the case manager may do, and how the work ends");
	if ((err = cc__ev_person(manager, &holder)))
		return err;
	if (!(err = cc_map_child_map(root, "mandate", &m)) &&
	    !(err = cc_map_set_str(m, "text", text)) &&
	    !(err = cc_map_set_str(m, "holder", holder)))
		err = cc_map_set_plain(m, "agreed", day);
	free(holder);
	return err;
}

/* A problem when case CS is open and its mandate is held by someone
 * other than its manager. */
static int stale(const cc_case *cs, cc_problems *out)
{
	const cc_node *root = cc_case_root(cs), *m = cc_map_get(root, "mandate");
	const cc_node *mgr = cc_map_get(root, "manager");
	const char *holder = m ? cc_map_str(m, "holder") : NULL;
	char *name = NULL, *email = NULL, *now = NULL, path[256];
	size_t line;
	int err, same;

	if (!holder || !*holder || !mgr || cc_node_kind(mgr) != CC_NODE_MAP ||
	    cc_case_is_closed(cs))
		return 0;
	if (cc_person_split(holder, &name, &email)) {
		cc_error_clear();
		return 0;
	}
	same = cc__person_is(mgr, name, email);
	free(name);
	free(email);
	if (same)
		return 0;
	if ((err = cc__ev_person(mgr, &now)))
		return err;
	cc_case_path(cs, CC_CASE_FILE, path, sizeof(path));
	line = cc_node_line(cc_map_get(m, "holder"));
	err = cc_problems_add(out, "%s:%zu: the mandate was given to '%s', who is no "
		"longer the case manager ('%s'); agree it again with the client and record "
		"it with 'casectl handover %s --mandate TEXT'", path, line ? line : 1,
		holder, now, cc_case_id(cs));
	free(now);
	return err;
}

int cc_check_mandates(cc_store *s, cc_problems *out)
{
	char **ids = NULL;
	size_t n = 0, i;
	int err;

	if ((err = cc_case_ids(s, &ids, &n)))
		return err;
	for (i = 0; !err && i < n; i++) {
		cc_case *cs = NULL;
		if (cc_case_load(s, ids[i], &cs)) {
			cc_error_clear();       /* the file checks report it */
			continue;
		}
		err = stale(cs, out);
		cc_case_free(cs);
	}
	cc_strv_free(ids, n);
	return err;
}
