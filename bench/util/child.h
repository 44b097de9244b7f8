/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run a function in a forked child with a deadline, the one way this tool
 * runs anything that may hang or die (guest code, the selftests library,
 * whose assertions exit). The parent keeps what the child wrote on its
 * data pipe and the tail of its stdout+stderr, and kills it at the
 * deadline or when asked to stop.
 */
#ifndef VPMU_CHILD_H
#define VPMU_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* Bytes of the child's stdout+stderr kept: the selftests' report fits. */
#define CHILD_LOG_TAIL 16384

struct child_result {
	int error;			/* errno of pipe/fork; nothing ran when set */
	bool timed_out;			/* killed at the deadline */
	bool stopped;			/* killed because *stop became non-zero */
	int status;			/* waitpid() status */
	char *data;			/* what the child wrote on its data fd (NUL-ended) */
	size_t data_len;
	char log[CHILD_LOG_TAIL + 1];	/* tail of its stdout+stderr */
	size_t log_len;
	double wall_s;
};

/* Runs in the child with the data pipe's write end; returning means _exit(0). */
typedef void (*child_fn)(void *arg, int data_fd);

/*
 * Fork, run @fn(@arg, fd) in the child, wait at most @timeout_ms (0: no
 * deadline) and while *@stop is 0 (@stop may be NULL). Returns 0 when the
 * child ran (see @r for how it ended), -1 with r->error set otherwise.
 */
int child__run(child_fn fn, void *arg, unsigned int timeout_ms,
	       volatile sig_atomic_t *stop, struct child_result *r);

/* True when the child exited by itself with status 0. */
bool child__exited_ok(const struct child_result *r);

void child_result__free(struct child_result *r);

#endif
