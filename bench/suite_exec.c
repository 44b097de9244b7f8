// SPDX-License-Identifier: GPL-2.0
/*
 * The suite's children: every cell, kmod/load and the probe are other
 * programs (this binary with another command line, or a script), so a
 * cell that crashes, hangs or leaks cannot take the suite or its index
 * with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "suite.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *suite__self(void)
{
	static char exe[PATH_MAX];
	ssize_t n;

	if (exe[0])
		return exe;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	return exe;
}

/* kmod/load beside the build directory the binary is in (build/../kmod/load). */
const char *suite__kmod_load(void)
{
	static char path[PATH_MAX + 32];
	const char *env = getenv("VPMU_KMOD_LOAD");
	char dir[PATH_MAX];

	if (env && *env)
		return env;
	if (!suite__self())
		return "kmod/load";
	snprintf(dir, sizeof(dir), "%s", suite__self());
	snprintf(path, sizeof(path), "%s/kmod/load", dirname(dirname(dir)));
	return path;
}

/*
 * The line that says why: the last one with "error:" in it (what every
 * vpmu-bench command and kmod/load print when they refuse or fail), else
 * the last non-empty one.
 */
static void last_line(const char *log, off_t from, char *line, size_t len)
{
	char buf[512], last[512] = "", err[512] = "";
	FILE *f = fopen(log, "r");

	line[0] = '\0';
	if (!f)
		return;
	fseeko(f, from, SEEK_SET);
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (!buf[0])
			continue;
		snprintf(last, sizeof(last), "%s", buf);
		if (strstr(buf, "error:"))
			snprintf(err, sizeof(err), "%s", buf);
	}
	fclose(f);
	snprintf(line, len, "%s", err[0] ? err : last);
}

static void __attribute__((noreturn)) in_child(const char *prog, char *const argv[],
					       const char *cwd, int fd, bool shield, pid_t parent)
{
	signal(SIGINT, shield ? SIG_IGN : SIG_DFL);
	signal(SIGTERM, shield ? SIG_IGN : SIG_DFL);
	signal(SIGXFSZ, SIG_DFL);
	/* A suite killed outright still stops its cell (which cleans up after itself). */
	if (!shield) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		/* The suite died before prctl(): nobody would stop this cell. */
		if (getppid() != parent)
			_exit(127);
	}
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (cwd && chdir(cwd)) {
		dprintf(STDERR_FILENO, "vpmu-bench suite: error: %s: %s\n", cwd, strerror(errno));
		_exit(127);
	}
	execv(prog, argv);
	dprintf(STDERR_FILENO, "vpmu-bench suite: error: cannot run %s: %s\n", prog,
		strerror(errno));
	_exit(127);
}

void suite__exec(const char *prog, char *const argv[], const char *cwd, const char *log,
		 volatile sig_atomic_t *stop, bool shield, double timeout_s,
		 struct cell_exit *ce)
{
	double t0 = now_s(), kill_at = 0;
	pid_t pid, parent = getpid();
	off_t from;
	int fd;

	memset(ce, 0, sizeof(*ce));
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(ce->line, sizeof(ce->line), "cannot open %s: %s", log, strerror(errno));
		return;
	}
	from = lseek(fd, 0, SEEK_END);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(ce->line, sizeof(ce->line), "fork: %s", strerror(errno));
		close(fd);
		return;
	}
	if (!pid)
		in_child(prog, argv, cwd, fd, shield, parent);
	close(fd);
	ce->ran = true;
	for (;;) {
		pid_t w = waitpid(pid, &ce->status, WNOHANG);

		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (!ce->stopped && !ce->timed_out) {
			/* As the user asked the suite: the cell ends its own way. */
			if (stop && *stop && !shield) {
				ce->stopped = true;
				kill(pid, *stop);
				kill_at = now_s() + 10;
			} else if (timeout_s && now_s() - t0 > timeout_s) {
				ce->timed_out = true;
				kill(pid, SIGTERM);
				kill_at = now_s() + 10;
			}
		} else if (now_s() > kill_at) {
			kill(pid, SIGKILL);
			kill_at = now_s() + 1e9;
		}
		usleep(50 * 1000);
	}
	ce->wall_s = now_s() - t0;
	last_line(log, from, ce->line, sizeof(ce->line));
}

struct probe_args {
	const char *self;
};

static void exec_probe(void *arg, int data_fd)
{
	struct probe_args *a = arg;
	char *argv[] = { "vpmu-bench", "probe", "--json", NULL };

	dup2(data_fd, STDOUT_FILENO);
	execv(a->self, argv);
	fprintf(stderr, "cannot run %s: %s\n", a->self, strerror(errno));
	_exit(127);
}

char *suite__host_mode(json_t **modes, char *why, size_t len)
{
	struct probe_args a = { suite__self() };
	struct child_result r;
	json_t *doc, *m;
	char *mode = NULL;

	*modes = NULL;
	if (!a.self) {
		snprintf(why, len, "cannot find this binary: /proc/self/exe: %s", strerror(errno));
		return NULL;
	}
	if (child__run(exec_probe, &a, 120 * 1000, NULL, &r)) {
		snprintf(why, len, "cannot run the probe: %s", strerror(r.error));
		return NULL;
	}
	doc = r.data ? json_loads(r.data, 0, NULL) : NULL;
	m = json_object_get(doc, "current_mode");
	if (child__exited_ok(&r) && json_is_string(m)) {
		mode = strdup(json_string_value(m));
		*modes = json_incref(json_object_get(doc, "modes"));
	} else {
		snprintf(why, len, "vpmu-bench probe --json gave no current_mode (%s)",
			 r.timed_out ? "timed out" : "exit status or output unexpected");
	}
	json_decref(doc);
	child_result__free(&r);
	return mode;
}
