/* event-int.h - what the journey modules share (private to lib):
 * assess.c, monitor.c, evaluate.c, closure.c, handover.c */
#ifndef CASECTL_EVENT_INTERNAL_H
#define CASECTL_EVENT_INTERNAL_H

#include <stddef.h>

#include "casectl/model/action.h"
#include "casectl/util/date.h"
#include "casectl/model/event.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/model/settings.h"
#include "casectl/store/store.h"
#include "event-read-int.h"

enum { CC_EV_ANY, CC_EV_NOT_AFTER, CC_EV_NOT_BEFORE };

/* Parse the date option OPT ("--date") into OUT (YYYY-MM-DD); WHEN
 * refuses a date after or before TODAY (CC_EINVALID). */
int cc__ev_date(const char *opt, const char *input, cc_date today, int when,
	char out[CC_DATE_STRLEN]);

/* CC_EUSAGE unless V is one of VALUES: "'V' is not a valid OPT; use
 * one of A, B, ..." */
int cc__ev_enum(const char *opt, const char *v, const char *const *values);

/* The whole-record template NAME of the store's language, parsed. */
int cc__ev_template(const cc_settings *st, const char *name, cc_doc **doc);

/* Append the strings of L to the list KEY of MAP (created if absent). */
int cc__ev_list_add(cc_node *map, const char *key, const cc_strlist *l);

/* Remove the keys of MAP (and of the maps in it) whose value is an
 * empty scalar: the keys the template offered that stayed unused. */
int cc__ev_prune(cc_node *map);

/* Set the body of DOC to MESSAGE (a final newline added), or empty. */
int cc__ev_body(cc_doc *doc, const char *message);

/* Emit DOC into *text (malloc'd). */
int cc__ev_emit(cc_doc *doc, char **text, size_t *len);

/* Parse the edited TEXT as the record NAME of the case (a path for
 * messages), leave out the keys left empty (cc__ev_prune) and check it
 * against its record format (FILE:LINE). */
int cc__ev_parse(cc_action *a, const char *name, const char *text, size_t len,
	cc_doc **doc);

/* Check DOC against the format of record NAME (FILE:LINE problems). */
int cc__ev_validate(cc_action *a, const char *name, const cc_doc *doc);

/* The date at KEY of the record NAME may not be after (WHEN
 * CC_EV_NOT_AFTER) or before (CC_EV_NOT_BEFORE) today: CC_EINVALID with
 * FILE:LINE.  An absent key passes. */
int cc__ev_check_date_key(cc_action *a, const char *name, const cc_doc *doc,
	const char *key, int when);

/* plan.md of the case: "case 'X' has no plan yet; ..." when missing. */
int cc__ev_plan(cc_action *a, cc_doc **plan);

/* Normalise a goal id given by the worker ("g1.2" -> "G1.2") into OUT;
 * CC_EUSAGE for something that is no goal id. */
int cc__ev_goal_id(const char *opt, const char *in, char out[16]);

/* The goal GOAL of PLAN, or CC_ENOTFOUND naming it and the goals the
 * plan has. */
int cc__ev_goal(cc_action *a, const cc_doc *plan, const char *goal, cc_node **out);

/* "Name <email>" (or the one that is set) of the map M ({name, email});
 * *out malloc'd. */
int cc__ev_person(const cc_node *m, char **out);

#endif
