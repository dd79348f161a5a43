/* link-checks.c - the capacity and consent rules a link to a directory
 * service must pass */
#include <string.h>

#include "casectl/ops/consent.h"
#include "casectl/util/error.h"
#include "../model/link-int.h"

int cc__link_check_capacity(cc_store *s, const char *slug, const cc_doc *service,
	const char *to, int waitlist)
{
	const char *const one[1] = { slug };
	long places = cc_service_places(service);
	int in_use = 0, err;

	if (places < 0)
		return 0;
	if ((err = cc_service_places_in_use(s, one, 1, &in_use)))
		return err;
	if (in_use < places)
		return 0;
	if (!waitlist)
		return cc_error_set(CC_EREFUSED, "service '%s' is full (%d of %ld places in "
			"use); add --waitlist to put the client on its waiting list, or see "
			"'casectl service list' for another", slug, in_use, places);
	if (strcmp(to, "proposed") && strcmp(to, "referred"))
		return cc_error_set(CC_EREFUSED, "service '%s' is full (%d of %ld places in "
			"use); a link on the waiting list stays proposed or referred", slug,
			in_use, places);
	return 0;
}

int cc__link_check_consent(cc_store *s, const char *case_dir, const char *id,
	cc_date today, const char *slug, const cc_doc *service)
{
	const cc_node *r = cc_doc_root(service);
	const char *org = cc_map_str(r, "organisation"), *name = cc_map_str(r, "name");
	const char *const names[2] = { org, name };
	cc_consent *v = NULL;
	size_t n = 0;
	int err;

	if ((err = cc_consents_load(s, case_dir, today, &v, &n)))
		return err;
	if (!cc_consent_covering(v, n, names, 2))
		err = cc_error_set(CC_EREFUSED, "case '%s' has no active consent to share with "
			"'%s'; record it with 'casectl consent %s --grant --to \"%s\" --what "
			"SCOPE', or give the legal basis with --legal-basis TEXT", id,
			org && *org ? org : name, id, org && *org ? org : name);
	cc_consents_free(v, n);
	return err;
}
