/* store-child.c - running a program as a child of casectl: ssh-keygen,
 * gpg, and git's own transport (git fetch / git push, store-transport.c).
 *
 * The child's standard output and error are collected; its standard
 * input is a file of casectl's or /dev/null.  With a time limit the
 * child is stopped (SIGTERM, then SIGKILL two seconds later) when it
 * runs past it.  A tied child (git's transport) is killed when casectl
 * dies (PR_SET_PDEATHSIG), so a killed sync leaves no git behind still
 * fetching into the store, and a signal that stops casectl reaches it
 * first (cc_signal_child).  Other children (erase's git gc) finish
 * their work even when casectl is killed.
 * SIGPIPE is ignored while casectl waits, so a child that closes its
 * end early is an error with a message, never a silent death.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/util/date.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/signals.h"
#include "store-int.h"

/* In the child, after fork: never returns. */
static void child_exec(const cc__child *c, int out, int err, pid_t parent)
{
	size_t i;
	int in = c->in_fd;

	if (c->tied) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
	}
	signal(SIGPIPE, SIG_DFL);
	if (in < 0 && (in = open("/dev/null", O_RDONLY)) < 0)
		_exit(127);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	for (i = 0; c->unset && c->unset[i]; i++)
		unsetenv(c->unset[i]);
	for (i = 0; c->set && c->set[i]; i++)
		if (putenv((char *)c->set[i]) != 0)
			_exit(127);
	execvp(c->argv[0], c->argv);
	_exit(127);
}

/* Stop PID: SIGTERM, and SIGKILL when it is still there after 2 s. */
static void stop_child(pid_t pid, int *status)
{
	double until = cc_clock_s() + 2;

	kill(pid, SIGTERM);
	while (waitpid(pid, status, WNOHANG) == 0) {
		if (cc_clock_s() > until) {
			kill(pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return;
		}
		usleep(20000);
	}
}

int cc__run_child(const cc__child *c, cc_buf *out, cc_buf *errout, int *status, int *timed_out)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	struct pollfd fds[2];
	struct sigaction ign, old;
	char chunk[4096];
	double deadline = c->limit > 0 ? cc_clock_s() + c->limit : 0;
	pid_t pid, parent = getpid();
	int open_fds = 2, i, reaped = 0, err = 0;

	*status = 0;
	if (timed_out)
		*timed_out = 0;
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		int e = errno;
		for (i = 0; i < 2; i++) {
			if (po[i] >= 0)
				close(po[i]);
			if (pe[i] >= 0)
				close(pe[i]);
		}
		return cc_error_set(CC_EIO, "cannot create a pipe: %s", strerror(e));
	}
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	pid = fork();
	if (pid == 0)
		child_exec(c, po[1], pe[1], parent);
	if (pid < 0) {
		int e = errno;
		for (i = 0; i < 2; i++) {
			close(po[i]);
			close(pe[i]);
		}
		sigaction(SIGPIPE, &old, NULL);
		return cc_error_set(CC_EIO, "cannot start '%s': %s", c->argv[0], strerror(e));
	}
	if (c->tied)
		cc_signal_child(pid);
	close(po[1]);
	close(pe[1]);
	fds[0].fd = po[0];
	fds[1].fd = pe[0];
	fds[0].events = fds[1].events = POLLIN;
	while (open_fds > 0) {
		int wait_ms = -1, n;
		if (deadline) {
			double left = deadline - cc_clock_s();
			if (left <= 0)
				break;
			wait_ms = (int)(left * 1000) + 1;
		}
		if ((n = poll(fds, 2, wait_ms)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; n > 0 && i < 2; i++) {
			ssize_t r;
			cc_buf *b = i ? errout : out;
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(fds[i].fd, chunk, sizeof(chunk));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (b && (!c->max || b->len < c->max))
				cc_buf_put(b, chunk, (size_t)r);
		}
	}
	for (i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	/* both pipes closed: the child has (nearly always) exited */
	while (!reaped) {
		pid_t w = waitpid(pid, status, deadline ? WNOHANG : 0);
		if (w == pid) {
			reaped = 1;
		} else if (w < 0 && errno != EINTR) {
			err = cc_error_set(CC_EIO, "cannot wait for '%s': %s", c->argv[0],
				strerror(errno));
			break;
		} else if (w == 0 && cc_clock_s() >= deadline) {
			stop_child(pid, status);
			if (timed_out)
				*timed_out = 1;
			reaped = 1;
		} else if (w == 0) {
			usleep(10000);
		}
	}
	if (c->tied)
		cc_signal_child(0);
	sigaction(SIGPIPE, &old, NULL);
	return err;
}

int cc__run(char *const argv[], int in_fd, cc_buf *out, cc_buf *errout, int *status)
{
	cc__child c = { argv, in_fd, NULL, NULL, 0, 0, 0 };

	return cc__run_child(&c, out, errout, status, NULL);
}
