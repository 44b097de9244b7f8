// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void __attribute__((noinline)) keep_tail(struct child_result *r, const char *d, size_t n)
{
	if (n >= CHILD_LOG_TAIL) {
		memcpy(r->log, d + n - CHILD_LOG_TAIL, CHILD_LOG_TAIL);
		r->log_len = CHILD_LOG_TAIL;
	} else {
		if (r->log_len + n > CHILD_LOG_TAIL) {
			size_t drop = r->log_len + n - CHILD_LOG_TAIL;

			memmove(r->log, r->log + drop, r->log_len - drop);
			r->log_len -= drop;
		}
		memcpy(r->log + r->log_len, d, n);
		r->log_len += n;
	}
	r->log[r->log_len] = '\0';
}

static int keep_data(struct child_result *r, const char *d, size_t n)
{
	char *p = realloc(r->data, r->data_len + n + 1);

	if (!p)
		return -1;
	r->data = p;
	memcpy(r->data + r->data_len, d, n);
	r->data_len += n;
	r->data[r->data_len] = '\0';
	return 0;
}

static void __attribute__((noreturn)) in_child(child_fn fn, void *arg, int data_fd, int log_fd,
					       pid_t parent, unsigned int timeout_ms)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGXFSZ, SIG_DFL);
	/* Never outlive the parent: a hung guest must not spin as an orphan. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	/*
	 * And a deadline of its own, a little after the parent's, that
	 * survives exec: even a parent stopped by SIGSTOP cannot leave it
	 * running for longer.
	 */
	if (timeout_ms)
		alarm(timeout_ms / 1000 + 5);
	dup2(log_fd, STDOUT_FILENO);
	dup2(log_fd, STDERR_FILENO);
	fn(arg, data_fd);
	_exit(0);
}

int child__run(child_fn fn, void *arg, unsigned int timeout_ms,
	       volatile sig_atomic_t *stop, struct child_result *r)
{
	int data[2], logp[2];
	bool open_data = true, open_log = true;
	double t0 = now_s(), deadline = t0 + timeout_ms / 1000.0;
	pid_t pid, parent = getpid();
	char chunk[4096];

	memset(r, 0, sizeof(*r));
	if (pipe2(data, O_CLOEXEC)) {
		r->error = errno;
		return -1;
	}
	if (pipe2(logp, O_CLOEXEC)) {
		r->error = errno;
		close(data[0]);
		close(data[1]);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r->error = errno;
		close(data[0]);
		close(data[1]);
		close(logp[0]);
		close(logp[1]);
		return -1;
	}
	if (!pid) {
		close(data[0]);
		close(logp[0]);
		in_child(fn, arg, data[1], logp[1], parent, timeout_ms);
	}
	close(data[1]);
	close(logp[1]);
	while (open_data || open_log) {
		struct pollfd pfd[2] = { { open_data ? data[0] : -1, POLLIN },
					 { open_log ? logp[0] : -1, POLLIN } };
		double left = timeout_ms ? deadline - now_s() : 1e9;
		int i, wait_ms;
		ssize_t n;

		if ((stop && *stop) || left <= 0) {
			r->stopped = stop && *stop;
			r->timed_out = !r->stopped;
			kill(pid, SIGKILL);
			break;
		}
		/* Wake up now and then to see *stop even if the child is silent. */
		wait_ms = left > 0.2 ? 200 : (int)(left * 1000) + 1;
		if (poll(pfd, 2, wait_ms) < 0)
			continue;
		for (i = 0; i < 2; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pfd[i].fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				if (i == 0)
					open_data = false;
				else
					open_log = false;
				continue;
			}
			if (i == 1) {
				keep_tail(r, chunk, n);
			} else if (keep_data(r, chunk, n)) {
				/* Out of memory: the run cannot be trusted. */
				r->error = ENOMEM;
				kill(pid, SIGKILL);
				open_data = open_log = false;
			}
		}
	}
	close(data[0]);
	close(logp[0]);
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
	r->wall_s = now_s() - t0;
	return r->error ? -1 : 0;
}

bool child__exited_ok(const struct child_result *r)
{
	return !r->error && !r->timed_out && !r->stopped && WIFEXITED(r->status) &&
	       WEXITSTATUS(r->status) == 0;
}

void child_result__free(struct child_result *r)
{
	free(r->data);
	r->data = NULL;
	r->data_len = 0;
}
