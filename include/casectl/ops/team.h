/*
 * casectl/ops/team.h - the responsibility group and contact overview.
 *
 * team.md of a case (records.h) lists everyone around the client and
 * what to talk to them about: "who do I talk to about what".  Members
 * get the IDs T1, T2, ... in the order they are added (a new member
 * gets one more than the highest ID in the file).  Every change is one commit with action
 * "team" and a summary naming only the member's ID ("team member T2
 * added"), never a name.  Changing the team is allowed in every phase
 * of an open case; listing it also for a closed one.
 */
#ifndef CASECTL_TEAM_H
#define CASECTL_TEAM_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* What to set.  NULL strings are left as they are; an empty string
 * removes the key (except the name, which must stay non-empty).
 * TOPICS replaces the whole list when SET_TOPICS is set.  INFORMAL and
 * GUARDIAN: -1 leaves as is, 0 or 1 sets. */
typedef struct {
	const char *name, *role, *organisation, *contact;
	const char *const *topics;
	size_t ntopics;
	int set_topics;
	int informal, guardian;
} cc_team_opts;

/* Add a member; ID receives "T<n>". */
int cc_team_add(cc_store *s, const char *case_input, const cc_team_opts *o,
	char id[16]);

/* Add the N members O[0..N) in one commit ("team members T3 and T4
 * added"), in that order; IDS[i] receives the ID of O[i].  Nothing is
 * written unless every one has a name. */
int cc_team_add_many(cc_store *s, const char *case_input, const cc_team_opts *o,
	size_t n, char (*ids)[16]);

/* Change member MEMBER ("T2", any case). */
int cc_team_set(cc_store *s, const char *case_input, const char *member,
	const cc_team_opts *o);

int cc_team_remove(cc_store *s, const char *case_input, const char *member);

#endif
