// SPDX-License-Identifier: GPL-2.0
/*
 * hyperfine as a child: in a process group of its own (the commands it
 * times are its children; a deadline or Ctrl-C must end them too), with
 * no descriptor of ours but stdout and stderr (into a log whose last
 * line is the reason when it fails), and its export read strictly.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "hyperfine_run.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Run @argv with stdout and stderr into @log, in its own process group,
 * for at most @timeout_ms and while *@stop is 0. Returns 0 with the wait
 * status in *@status, 1 if it was ended (deadline or stop), -1 with errno
 * if it could not start.
 */
static int spawn(char *const argv[], const char *log, unsigned long timeout_ms,
		 volatile sig_atomic_t *stop, int *status)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	double end = now_s() + timeout_ms / 1000.0;
	pid_t pid;
	int i, fd;

	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		setpgid(0, 0);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			dup2(fd, 0);
		/*
		 * Nothing else of ours may reach the guest runs: vpmu-guest
		 * writes its answer to fd 3 whenever fd 3 is open.
		 */
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);

		if (w == pid)
			return 0;
		if (w < 0 && errno != EINTR)
			return -1;
		if (*stop || now_s() > end)
			break;
		nanosleep(&tick, NULL);
	}
	/* The whole group: hyperfine and the guest run it started. */
	killpg(pid, SIGTERM);
	for (i = 0; i < 100 && waitpid(pid, status, WNOHANG) != pid; i++)
		nanosleep(&tick, NULL);
	if (i == 100) {
		killpg(pid, SIGKILL);
		waitpid(pid, status, 0);
	}
	killpg(pid, SIGKILL);
	return 1;
}

/* The last non-empty line of @path, for a one-line reason. */
static void last_line(const char *path, char *buf, size_t len)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "no output");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")])
			snprintf(buf, len, "%s", line + strspn(line, " \t"));
	}
	fclose(f);
}

int hyperfine__find(char **path_out, char **version, volatile sig_atomic_t *stop,
		    char *why, size_t len)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, buf[PATH_MAX], tmp[] = "/tmp/vpmu-hfv.XXXXXX";
	char *argv[3] = { NULL, "--version", NULL };
	int fd, status;

	*path_out = NULL;
	*version = NULL;

	copy = xstrdup(path ? path : "");
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/hyperfine", *dir ? dir : ".");
		if (!access(buf, X_OK)) {
			*path_out = xstrdup(buf);
			break;
		}
	}
	free(copy);
	if (!*path_out) {
		snprintf(why, len,
			 "hyperfine not found in PATH (Debian package hyperfine; 'make deps' installs it)");
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return 0;
	close(fd);
	argv[0] = *path_out;
	if (!spawn(argv, tmp, 10000, stop, &status) && WIFEXITED(status) &&
	    !WEXITSTATUS(status)) {
		last_line(tmp, buf, sizeof(buf));
		*version = xstrdup(buf);
	}
	unlink(tmp);
	return 0;
}


/* `'path'` for hyperfine's shell-word splitting (-N): quotes escaped. */
void hyperfine__quote(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	buf[o++] = '\'';
	for (; *s && o + 6 < len; s++) {
		if (*s == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *s;
		}
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

int hyperfine__time(const struct hf_time *t, struct hf_bench *b, double *wall_s,
		    char *why, size_t len)
{
	char dir[] = "/tmp/vpmu-hf.XXXXXX", json[64], log[64], runs[16], warm[16];
	char *argv[] = { (char *)t->hf_path, "-N", "--style", "none", "--runs", runs,
			 "--warmup", warm, "--export-json", json, "--command-name",
			 (char *)t->name, (char *)t->command, NULL };
	double t0 = now_s();
	int rc, status, ret = HF_TIME_FAILED;

	memset(b, 0, sizeof(*b));
	if (!mkdtemp(dir)) {
		snprintf(why, len, "cannot make a temp directory: %s", strerror(errno));
		return HF_TIME_FAILED;
	}
	snprintf(json, sizeof(json), "%s/hyperfine.json", dir);
	snprintf(log, sizeof(log), "%s/hyperfine.log", dir);
	snprintf(runs, sizeof(runs), "%u", t->runs);
	snprintf(warm, sizeof(warm), "%u", t->warmup);
	rc = spawn(argv, log, t->timeout_ms, t->stop, &status);
	if (rc < 0) {
		snprintf(why, len, "cannot start %s: %s", t->hf_path, strerror(errno));
	} else if (rc > 0) {
		snprintf(why, len, "%s", *t->stop ? "interrupted" :
			 "hyperfine did not finish within its deadline");
		ret = HF_TIME_ENDED;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		char tail[1024];

		last_line(log, tail, sizeof(tail));
		snprintf(why, len, "hyperfine failed: %s", tail);
	} else if (!hyperfine__read(json, b, why, len)) {
		ret = HF_TIME_OK;
	}
	if (wall_s)
		*wall_s = now_s() - t0;
	unlink(json);
	unlink(log);
	rmdir(dir);
	return ret;
}
