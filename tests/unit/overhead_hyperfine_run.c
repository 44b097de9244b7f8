// SPDX-License-Identifier: GPL-2.0
/*
 * hyperfine run for real (when it is installed): found in PATH with its
 * version; a command whose path has a space and a quote is quoted for -N
 * and timed N runs after W warmups, the export read back; a failing
 * command is one line with hyperfine's own reason; a command past the
 * deadline is ended together with what it started (its process group),
 * within a second of the deadline; a stop request likewise.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"
#include "hyperfine_run.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An executable script at @path with body @body. */
static void script(const char *path, const char *body)
{
	FILE *f = fopen(path, "w");

	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0755);
}

/* Running, not a zombie waiting for whoever inherited it to reap it. */
static int alive(int pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

int main(void)
{
	char dir[] = "/tmp/vpmu-hfrun.XXXXXX", sub[128], ok[256], fail[256], hang[256];
	char q[1024], cmd[1200], why[1024], marker[300], pidfile[300], *path, *ver;
	volatile sig_atomic_t stop = 0, stop_now = 1;
	struct hf_time t = { .runs = 3, .warmup = 1, .timeout_ms = 30000, .stop = &stop };
	struct hf_bench b;
	double t0, wall;
	FILE *f;
	int rc, pid = 0;

	if (hyperfine__find(&path, &ver, &stop, why, sizeof(why))) {
		T_SKIP("hyperfine runs", why);
		__T("not found: the reason names the Debian package",
		    strstr(why, "Debian package hyperfine") != NULL);
		return tap_done();
	}
	T_OK(ver && !strncmp(ver, "hyperfine ", 10), "found %s, version '%s'", path,
	     ver ? ver : "(none)");
	if (!mkdtemp(dir))
		return 1;
	snprintf(sub, sizeof(sub), "%s/a b'c", dir);
	mkdir(sub, 0755);
	snprintf(ok, sizeof(ok), "%s/ok", sub);
	snprintf(marker, sizeof(marker), "%s/runs", dir);
	snprintf(q, sizeof(q), "echo run >> '%s'", marker);
	script(ok, q);
	hyperfine__quote(ok, q, sizeof(q));
	snprintf(cmd, sizeof(cmd), "%s --arg", q);
	t.hf_path = path;
	t.command = cmd;
	t.name = "e2e-none";
	rc = hyperfine__time(&t, &b, &wall, why, sizeof(why));
	T_OK(rc == HF_TIME_OK, "a quoted path with a space and a quote is timed (%s)",
	     rc ? why : "ok");
	__T("3 runs in the export, named by --command-name",
	    b.n == 3 && b.command && !strcmp(b.command, "e2e-none"));
	f = fopen(marker, "r");
	for (rc = 0; f && fgets(q, sizeof(q), f); rc++)
		;
	if (f)
		fclose(f);
	T_OK(rc == 4, "the command ran 3 + 1 warmup times (%d)", rc);
	hf_bench__free(&b);

	snprintf(fail, sizeof(fail), "%s/fail", dir);
	script(fail, "exit 3");
	snprintf(cmd, sizeof(cmd), "%s", fail);
	rc = hyperfine__time(&t, &b, &wall, why, sizeof(why));
	T_OK(rc == HF_TIME_FAILED && !strncmp(why, "hyperfine failed: ", 18) &&
	     !strchr(why, '\n'), "a failing command: one line with hyperfine's reason (%s)", why);

	/* sleeps, after writing its pid: the grandchild must end with hyperfine */
	snprintf(hang, sizeof(hang), "%s/hang", dir);
	snprintf(pidfile, sizeof(pidfile), "%s/pid", dir);
	snprintf(q, sizeof(q), "sleep 60 & echo $! > '%s'; wait", pidfile);
	script(hang, q);
	snprintf(cmd, sizeof(cmd), "%s", hang);
	t.runs = 1;
	t.warmup = 0;
	t.timeout_ms = 1500;
	t0 = now();
	rc = hyperfine__time(&t, &b, &wall, why, sizeof(why));
	T_OK(rc == HF_TIME_ENDED && strstr(why, "deadline"), "past its deadline: ended (%s)", why);
	T_OK(now() - t0 < 4.5, "within 3 s of the deadline (%.2f s)", now() - t0);
	f = fopen(pidfile, "r");
	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	for (rc = 0; rc < 20 && pid > 0 && alive(pid); rc++)
		usleep(100 * 1000);
	T_OK(pid > 0 && !alive(pid), "the command's own child (pid %d) is gone too", pid);

	t.stop = &stop_now;
	t.timeout_ms = 30000;
	t0 = now();
	rc = hyperfine__time(&t, &b, &wall, why, sizeof(why));
	T_OK(rc == HF_TIME_ENDED && !strcmp(why, "interrupted") && now() - t0 < 3,
	     "a stop request ends it at once (%s, %.2f s)", why, now() - t0);

	unlink(ok);
	rmdir(sub);
	unlink(fail);
	unlink(hang);
	unlink(marker);
	unlink(pidfile);
	rmdir(dir);
	free(path);
	free(ver);
	return tap_done();
}
