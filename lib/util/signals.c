/* signals.c - a signal that stops casectl says so (casectl/util/signals.h) */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/signals.h"

static volatile sig_atomic_t child;

void cc_signal_child(pid_t pid)
{
	child = (sig_atomic_t)pid;
}

static void say(const char *s)
{
	ssize_t r = write(2, s, strlen(s));
	(void)r;
}

static void on_signal(int sig)
{
	pid_t p = (pid_t)child;

	if (p > 0)
		kill(p, sig == SIGINT ? SIGINT : SIGTERM);
	say("\nfatal: casectl was stopped by ");
	say(sig == SIGINT ? "SIGINT (interrupted)" : sig == SIGTERM ? "SIGTERM" :
		sig == SIGHUP ? "SIGHUP (the terminal closed)" : "SIGQUIT");
	say("; a change it was writing is completed or undone by the next casectl command\n");
	signal(sig, SIG_DFL);
	raise(sig);
}

void cc_signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		/* a signal the caller ignores (nohup, a background job) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}
