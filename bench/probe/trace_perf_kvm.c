// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "child.h"
#include "trace_perf_kvm.h"
#include "trace_rec.h"

struct perf_kvm {
	char perf[PATH_MAX];
	char setpriv[PATH_MAX];
	char dir[PATH_MAX];		/* our temp directory for perf.data files */
	char data[PATH_MAX + 16];
	const char *wrap[16];
};

static int find_on_path(const char *prog, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char *dirs, *d, *save = NULL;
	int found = -1;

	dirs = xstrdup(path && *path ? path : "/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d && found; d = strtok_r(NULL, ":", &save)) {
		snprintf(buf, len, "%s/%s", d, prog);
		if (!access(buf, X_OK))
			found = 0;
	}
	free(dirs);
	return found;
}

/* child_fn: exec the NULL-terminated argv, its output into the child log. */
static void exec_argv(void *arg, int data_fd)
{
	char **argv = arg;

	execv(argv[0], argv);
	fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int run(char **argv, struct child_result *r)
{
	if (child__run(exec_argv, argv, 60000, NULL, r))
		return -1;
	return child__exited_ok(r) ? 0 : -1;
}

/* The last non-empty line of @s, for a one-line reason. */
static void last_line(const char *s, char *buf, size_t len)
{
	const char *end = s + strlen(s), *b;

	while (end > s && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (b = end; b > s && b[-1] != '\n'; b--)
		;
	snprintf(buf, len, "%.*s", (int)(end - b), b);
}

struct perf_kvm *perf_kvm__new(int cpu, char *why, size_t len)
{
	struct perf_kvm *pk = xcalloc(1, sizeof(*pk));
	char line[512], tracefs[PATH_MAX], note[512];
	struct child_result r;
	char *argv[] = { pk->perf, "kvm", "stat", "record", "-q", "-o", pk->data, "--",
			 "/bin/true", NULL };

	/*
	 * perf mounts tracefs for the whole host when it is not mounted;
	 * trace_rec__tracefs() gives this process (and perf, its child) a
	 * private mount instead.
	 */
	if (trace_rec__tracefs(tracefs, sizeof(tracefs), note, sizeof(note), why, len)) {
		free(pk);
		return NULL;
	}
	if (find_on_path("perf", pk->perf, sizeof(pk->perf))) {
		snprintf(why, len, "perf is not installed (not on PATH): no perf kvm stat comparison");
		free(pk);
		return NULL;
	}
	/*
	 * At a timeout or Ctrl-C the runner kills perf; vpmu-guest, perf's
	 * child, must not outlive it (util-linux setpriv --pdeathsig).
	 */
	if (find_on_path("setpriv", pk->setpriv, sizeof(pk->setpriv))) {
		snprintf(why, len, "setpriv (util-linux) is not on PATH: a workload under perf could outlive its timeout, so no perf kvm stat comparison");
		free(pk);
		return NULL;
	}
	snprintf(pk->dir, sizeof(pk->dir), "%s/vpmu-trace-perf.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(pk->dir)) {
		snprintf(why, len, "perf kvm stat: cannot make a temp directory: %s", strerror(errno));
		free(pk);
		return NULL;
	}
	snprintf(pk->data, sizeof(pk->data), "%s/perf.data", pk->dir);
	if (run(argv, &r)) {
		last_line(r.log, line, sizeof(line));
		snprintf(why, len, "'%s kvm stat record -- /bin/true' failed here: %s", pk->perf,
			 line[0] ? line : "no output");
		child_result__free(&r);
		perf_kvm__free(pk);
		return NULL;
	}
	child_result__free(&r);
	pk->wrap[0] = pk->perf;
	pk->wrap[1] = "kvm";
	pk->wrap[2] = "stat";
	pk->wrap[3] = "record";
	pk->wrap[4] = "-q";
	pk->wrap[5] = "-o";
	pk->wrap[6] = pk->data;
	pk->wrap[7] = "--";
	pk->wrap[8] = pk->setpriv;
	pk->wrap[9] = "--pdeathsig";
	pk->wrap[10] = "KILL";
	return pk;
}

const char *const *perf_kvm__wrap(const struct perf_kvm *pk)
{
	return pk->wrap;
}

json_t *perf_kvm__report(struct perf_kvm *pk)
{
	char *argv[] = { pk->perf, "kvm", "-i", pk->data, "stat", "report", NULL };
	unsigned long long total = 0;
	struct child_result r;
	json_t *o;
	const char *t;
	int rc = run(argv, &r);

	t = strstr(r.log, "Total Samples:");
	o = json_pack("{s:s, s:s}", "command", "perf kvm stat record -- vpmu-guest run ...; perf kvm stat report",
		      "perf_kvm_stat_report", r.log);
	if (rc || !t || sscanf(t, "Total Samples:%llu", &total) != 1) {
		json_object_set_new(o, "total_samples", json_null());
		json_object_set_new(o, "why", json_string("perf kvm stat report failed or printed no 'Total Samples:' line"));
	} else {
		json_object_set_new(o, "total_samples", json_integer(total));
		if (!total)
			json_object_set_new(o, "note", json_string("perf kvm stat recorded 0 VM exits: it pairs the same kvm:kvm_exit/kvm_entry tracepoints, which this host's KVM does not fire"));
	}
	child_result__free(&r);
	return o;
}

void perf_kvm__free(struct perf_kvm *pk)
{
	struct dirent *e;
	char f[PATH_MAX + 256];
	DIR *d;

	if (!pk)
		return;
	/* perf.data and the perf.data.old perf leaves beside it */
	d = opendir(pk->dir);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(f, sizeof(f), "%s/%s", pk->dir, e->d_name);
			unlink(f);
		}
	if (d)
		closedir(d);
	rmdir(pk->dir);
	free(pk);
}
