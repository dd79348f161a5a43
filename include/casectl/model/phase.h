/*
 * casectl/model/phase.h - the phases of a case and the rules between them.
 *
 *   intake -> assessment -> planning -> linking -> monitoring -> evaluation -> closed
 *
 * with the back-edges of the method: reassess (assess from evaluation),
 * replan (plan from evaluation, or evaluate --decision replan), refer
 * (evaluate --decision refer: back to linking), continue and step-down
 * (back to monitoring), and reopen (closed -> assessment).
 *
 * Each command needs the case to have reached a phase first; a command
 * out of order fails with CC_EPHASE and a message naming the phase and
 * the command to run first, unless forced with a reason.
 */
#ifndef CASECTL_PHASE_H
#define CASECTL_PHASE_H

typedef enum {
	CC_PHASE_INTAKE,
	CC_PHASE_ASSESSMENT,
	CC_PHASE_PLANNING,
	CC_PHASE_LINKING,
	CC_PHASE_MONITORING,
	CC_PHASE_EVALUATION,
	CC_PHASE_CLOSED,
	CC_PHASE_COUNT
} cc_phase;

const char *cc_phase_name(cc_phase p);

/* CC_EINVALID for an unknown name. */
int cc_phase_parse(const char *name, cc_phase *out);

/* Whether COMMAND may run on a case in phase CUR (0) or not
 * (CC_EPHASE, with the message "case 'ID' is in phase 'P'; run
 * 'casectl X ID' first" or similar). */
int cc_phase_allows(const char *command, cc_phase cur, const char *id);

/* The phase after COMMAND ran on a case in phase CUR ("evaluate" takes
 * its decision as COMMAND: "evaluate:replan"). */
cc_phase cc_phase_after(const char *command, cc_phase cur);

#endif
