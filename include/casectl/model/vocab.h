/*
 * casectl/model/vocab.h - the allowed values of the event records,
 * defined once (lib/model/records-journey.c) and used by the record
 * checks, the operations that take them as options, and the views.
 * Each list is NULL-terminated; the files keep these English keys.
 */
#ifndef CASECTL_MODEL_VOCAB_H
#define CASECTL_MODEL_VOCAB_H

/* A journal entry's kind, and a goal's progress in it. */
extern const char *const cc_journal_kinds[];
extern const char *const cc_progress_states[];
/* An evaluation's decision, and each goal's outcome in it. */
extern const char *const cc_eval_decisions[];
extern const char *const cc_eval_outcomes[];

#endif
