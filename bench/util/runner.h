/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calling vpmu-guest, the one executable that runs guests (it links the
 * KVM selftests library, whose constructor opens /dev/kvm before main).
 * Every call is a child with a deadline (child.h); vpmu-guest writes one
 * JSON document on fd 3 and its log on stdout/stderr, so a library
 * assertion can never be mistaken for the answer.
 */
#ifndef VPMU_RUNNER_H
#define VPMU_RUNNER_H

#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#include "child.h"

/* The fd vpmu-guest writes its answer to. */
#define RUNNER_RESULT_FD 3

/*
 * Run `vpmu-guest ARGS...` (@args NULL-terminated, without the program),
 * wait at most @timeout_ms and while *@stop is 0. On success returns the
 * JSON object it wrote (the caller owns it). Otherwise returns NULL with
 * @why saying what happened: the library's assertion, a timeout, a
 * signal, or output that is not a JSON object. @r (optional) receives
 * how the child ended; the caller frees it with child_result__free().
 */
/*
 * The vpmu-guest executable: $VPMU_GUEST, else beside the running one.
 * For a command that must name it to another program (hyperfine times
 * whole vpmu-guest runs). 0, or -1 with @why.
 */
int runner__guest_path(char *buf, size_t len, char *why, size_t whylen);

json_t *runner__call(const char *const *args, unsigned int timeout_ms,
		     volatile sig_atomic_t *stop, struct child_result *r,
		     char *why, size_t len);

/*
 * The same, with vpmu-guest run under the command @wrap (NULL-terminated,
 * absolute path first, e.g. perf kvm stat record ... --), which must pass
 * fd 3 on to it.
 */
json_t *runner__call_wrapped(const char *const *wrap, const char *const *args,
			     unsigned int timeout_ms, volatile sig_atomic_t *stop,
			     struct child_result *res, char *why, size_t len);

#endif
