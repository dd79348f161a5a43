/* link-int.h - the rules behind casectl link (private to lib) */
#ifndef CASECTL_LINK_INTERNAL_H
#define CASECTL_LINK_INTERNAL_H

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/model/service-dir.h"
#include "casectl/store/store.h"

/* Refuse a link taking a place at a full service (see link.h). TO is
 * the status the link gets. */
int cc__link_check_capacity(cc_store *s, const char *slug, const cc_doc *service,
	const char *to, int waitlist);

/* Refuse sharing with a service no active consent of the case in
 * CASE_DIR covers: "to" must name the service's organisation or name. */
int cc__link_check_consent(cc_store *s, const char *case_dir, const char *id,
	cc_date today, const char *slug, const cc_doc *service);

/* End every open link of the case of A (proposed, referred, accepted or
 * active: to ended, with a history entry), staged in A's commit; the
 * names of the links ended are appended to ENDED, ", "-separated. */
int cc__links_end(cc_action *a, cc_buf *ended);

#endif
