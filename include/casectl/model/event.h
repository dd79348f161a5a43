/*
 * casectl/model/event.h - the event records of a case's journey.
 *
 * Assessments (assessments/), contacts and meetings (journal/) and
 * evaluations (evaluations/) only accumulate: each is one new file
 * FOLDER/YYYY-MM-DD-xxxx.md (records.h), never changed by a later
 * command, so that the history of a case reads from its folder and two
 * workers adding records offline never conflict.
 *
 * Commands that write them come in two steps, so that cmd/ can put the
 * editor in between (as intake.h): DRAFT checks everything the commit
 * would check from the options (closed case, dirty case, phase unless
 * forced, unknown goals) and returns the whole record as text, built
 * from the options over templates/LANG/NAME.md; COMMIT takes either the
 * options alone (TEXT NULL) or the edited text (hints stripped) and
 * makes the one commit.  No lock is held while the editor is open.
 *
 * The types here are views of the caller's strings (argv): nothing to
 * free.
 */
#ifndef CASECTL_EVENT_H
#define CASECTL_EVENT_H

#include <stddef.h>

/* A list of strings given by a repeated option. */
typedef struct {
	const char *const *v;
	size_t n;
} cc_strlist;

/* The name of a new event file, "folder/YYYY-MM-DD-xxxx.md", fits in
 * this many bytes. */
#define CC_EVENT_NAME_MAX 96

#endif
