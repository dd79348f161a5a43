/*
 * casectl/util/signals.h - a signal that stops casectl says so, and reaches
 * the child program casectl is waiting for (lib/util/signals.c).
 *
 * cc_signals_install (called once by the program's main) makes SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT print one line on standard error,
 *     fatal: casectl was stopped by SIGTERM; ...
 * pass the signal on to the running child (see cc_signal_child), and
 * then end the process by that same signal, so that the shell sees the
 * usual status (128 + N).  Anything casectl was writing under the store
 * lock is completed or undone by the next casectl command (the journal).
 *
 * cc_signal_child records the child casectl now waits for (0: none).
 * Both are async-signal-safe where it matters: the handler only reads a
 * sig_atomic_t and calls kill(2), write(2), signal(2) and raise(3).
 */
#ifndef CASECTL_SIGNALS_H
#define CASECTL_SIGNALS_H

#include <sys/types.h>

void cc_signals_install(void);
void cc_signal_child(pid_t pid);

#endif
