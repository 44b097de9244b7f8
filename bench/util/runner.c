// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "runner.h"
#include "selftest_reason.h"

/* vpmu-guest: $VPMU_GUEST, else beside the running executable. */
int runner__guest_path(char *buf, size_t len, char *why, size_t whylen)
{
	const char *env = getenv("VPMU_GUEST");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n <= 0) {
			snprintf(why, whylen, "cannot find vpmu-guest: /proc/self/exe: %s",
				 strerror(errno));
			return -1;
		}
		exe[n] = '\0';
		snprintf(buf, len, "%s/vpmu-guest", dirname(exe));
	}
	if (access(buf, X_OK)) {
		snprintf(why, whylen, "cannot run %s: %s (it is built beside vpmu-bench)", buf,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* child_fn: exec argv (NULL-terminated) with the data pipe as fd 3. */
static void runner__exec(void *arg, int data_fd)
{
	char **argv = arg;

	/* fd 3 must survive exec: dup2 clears close-on-exec, unless it is fd 3. */
	if (data_fd == RUNNER_RESULT_FD)
		fcntl(data_fd, F_SETFD, 0);
	else if (dup2(data_fd, RUNNER_RESULT_FD) < 0)
		_exit(127);
	execv(argv[0], argv);
	fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

json_t *runner__call(const char *const *args, unsigned int timeout_ms,
		     volatile sig_atomic_t *stop, struct child_result *res,
		     char *why, size_t len)
{
	return runner__call_wrapped(NULL, args, timeout_ms, stop, res, why, len);
}

json_t *runner__call_wrapped(const char *const *wrap, const char *const *args,
			     unsigned int timeout_ms, volatile sig_atomic_t *stop,
			     struct child_result *res, char *why, size_t len)
{
	struct child_result local, *r = res ? res : &local;
	char path[PATH_MAX], line[2048];
	json_t *doc = NULL;
	json_error_t jerr;
	size_t n = 0, nw = 0, i;
	char **argv;

	memset(r, 0, sizeof(*r));
	if (runner__guest_path(path, sizeof(path), why, len))
		return NULL;
	while (args[n])
		n++;
	while (wrap && wrap[nw])
		nw++;
	argv = xcalloc(nw + n + 2, sizeof(*argv));
	for (i = 0; i < nw; i++)
		argv[i] = (char *)wrap[i];
	argv[nw] = path;
	for (i = 0; i < n; i++)
		argv[nw + i + 1] = (char *)args[i];
	if (child__run(runner__exec, argv, timeout_ms, stop, r)) {
		snprintf(why, len, "cannot start %s: %s", argv[0], strerror(r->error));
		goto out;
	}
	selftest_reason(r->log, line, sizeof(line));
	if (r->stopped) {
		snprintf(why, len, "interrupted (SIGINT/SIGTERM) before it finished");
	} else if (r->timed_out) {
		snprintf(why, len, "timed out after %u s: the guest did not finish%s%s",
			 timeout_ms / 1000, line[0] ? "; last output: " : "", line);
	} else if (WIFSIGNALED(r->status)) {
		snprintf(why, len, "killed by signal %d (%s)%s%s", WTERMSIG(r->status),
			 strsignal(WTERMSIG(r->status)), line[0] ? ": " : "", line);
	} else if (r->data && (doc = json_loads(r->data, JSON_REJECT_DUPLICATES, &jerr)) &&
		   json_is_object(doc)) {
		goto out;
	} else {
		json_decref(doc);
		doc = NULL;
		snprintf(why, len, "exited with status %d%s%s", WEXITSTATUS(r->status),
			 line[0] ? ": " : "", line[0] ? line : " and no result");
	}
out:
	free(argv);
	if (!res)
		child_result__free(r);
	return doc;
}
