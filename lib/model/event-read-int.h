/* event-read.h - reading the records of an event folder (private to lib) */
#ifndef CASECTL_EVENT_READ_H
#define CASECTL_EVENT_READ_H

#include <stddef.h>

#include "casectl/doc/frontmatter.h"
#include "casectl/store/store.h"

/* One record of an event folder. */
typedef struct {
	char *name;     /* "evaluations/2026-11-23-ab12.md" */
	cc_doc *doc;
	long seq;       /* commits since the one that added it (-1: not committed) */
} cc_ev_record;

/* The records in FOLDER of the case in CASE_DIR ("cases/x/y/ID"),
 * newest first: by their date key, then, for records of the same date,
 * by the order they were committed in (the history of the folder: file
 * names end in random characters and say nothing about order), then by
 * file name.  A file that does not parse is an error naming it. */
int cc__ev_read_all(cc_store *s, const char *case_dir, const char *folder,
	cc_ev_record **out, size_t *n);
void cc__ev_records_free(cc_ev_record *r, size_t n);

#endif
