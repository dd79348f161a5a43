/*
 * casectl/views/team-view.h - the responsibility group, printed (lib/views/team-view.c).
 */
#ifndef CASECTL_VIEWS_TEAM_VIEW_H
#define CASECTL_VIEWS_TEAM_VIEW_H

#include <stdio.h>

#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* The contact overview: an aligned table (ID, NAME, ROLE, ORGANISATION,
 * CONTACT, TOPICS, NOTE) or one JSON object per member per line (the
 * member's keys as in team.md). */
int cc_team_print(cc_store *s, const char *case_input, cc_format f, FILE *out);

#endif
