// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench run: run the selected workloads, each in a forked child with
 * a timeout (a guest that hangs or crashes is that row's failure and the
 * rest go on), keep every sample, write one result file atomically, and
 * print a hyperfine-like table.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "child.h"
#include "cli.h"
#include "commands.h"
#include "result.h"
#include "run_table.h"
#include "selftest_reason.h"
#include "stats.h"
#include "workload.h"

#define DEFAULT_REPS 100
#define DEFAULT_TIMEOUT_S 15
#define MAX_SELECTED 256

struct run_opts {
	const struct workload *sel[MAX_SELECTED];
	unsigned int nr_sel;
	unsigned long reps, timeout_s;
	long cpu;
	long guest_gp_counters;
	const char *out_dir;
	const char *format;
	const char *mode;
	bool ignore_failures;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-bench run [--collection NAME|all]... [--workload NAME]... [OPTIONS]\n"
"\n"
"Runs each selected workload in a forked child with a timeout, writes one\n"
"result file (JSON, every sample kept) and prints a table. With no\n"
"selection, every collection runs; rows that cannot run here are recorded\n"
"as skipped with the reason.\n"
"\n"
"  -c, --collection NAME  a collection (see 'vpmu-bench list'), or all\n"
"  -w, --workload NAME    a workload by name (repeatable)\n"
"  -r, --reps R           samples per workload (default %d)\n"
"      --cpu N            pin the vCPU thread to host CPU N\n"
"  -o, --out DIR          directory for the result file (default results)\n"
"      --format F         human (default) or json: what goes to stdout\n"
"      --timeout S        seconds a workload may take (default %d)\n"
"      --mode M           vPMU mode: the active one (default) or nopmu\n"
"      --guest-gp-counters N  give the guest N GP counters (CPUID.0AH)\n"
"  -i, --ignore-failures  exit 0 even if rows failed (hyperfine's -i)\n"
"\n"
"Exit status: 0 when every row is ok or skipped and the result file was\n"
"written; 1 when any row that was attempted failed (the file still records\n"
"every row, with the reason; -i makes this 0) or the file could not be\n"
"written; 2 on bad usage; 130 if interrupted (the rows done so far are\n"
"still written, marked interrupted).\n",
		DEFAULT_REPS, DEFAULT_TIMEOUT_S);
}

static bool select_workload(struct run_opts *o, const struct workload *w)
{
	unsigned int i;

	for (i = 0; i < o->nr_sel; i++)
		if (o->sel[i] == w)
			return true;
	if (o->nr_sel == MAX_SELECTED)
		return false;
	o->sel[o->nr_sel++] = w;
	return true;
}

static int select_collection(struct run_opts *o, const char *name)
{
	const struct collection *c;
	const struct workload *w;
	bool all = !strcmp(name, "all");

	if (!all && !collection__find(name)) {
		char list[256] = "";

		for_each_collection(c) {
			strncat(list, c->name, sizeof(list) - strlen(list) - 1);
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		}
		return usage_error("run", "--collection %s: unknown collection (expected one of: %sall)",
				   name, list);
	}
	for_each_collection(c) {
		if (!all && strcmp(c->name, name))
			continue;
		for_each_workload(c, w)
			select_workload(o, w);
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
	enum { OPT_CPU = 256, OPT_FORMAT, OPT_TIMEOUT, OPT_MODE, OPT_GP };
	static const struct option longopts[] = {
		{ "collection", required_argument, NULL, 'c' },
		{ "workload", required_argument, NULL, 'w' },
		{ "reps", required_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ "cpu", required_argument, NULL, OPT_CPU },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "guest-gp-counters", required_argument, NULL, OPT_GP },
		{ "ignore-failures", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	unsigned long v;
	int c, r;

	o->reps = DEFAULT_REPS;
	o->timeout_s = DEFAULT_TIMEOUT_S;
	o->cpu = -1;
	o->guest_gp_counters = -1;
	o->out_dir = "results";
	o->format = "human";
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":c:w:r:o:hi", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			r = select_collection(o, optarg);
			if (r)
				return r;
			break;
		case 'w': {
			const struct workload *w = workload__find(optarg);

			if (!w)
				return usage_error("run", "--workload %s: unknown workload (see 'vpmu-bench list')",
						   optarg);
			select_workload(o, w);
			break;
		}
		case 'r':
			if (!parse_uint_opt("run", "--reps", optarg, 1, 1000000, &o->reps))
				return EXIT_USAGE;
			break;
		case 'o':
			if (!*optarg)
				return usage_error("run", "--out: expected a directory, got ''");
			o->out_dir = optarg;
			break;
		case OPT_CPU: {
			long ncpu = sysconf(_SC_NPROCESSORS_CONF);
			cpu_set_t online;

			if (!parse_uint_opt("run", "--cpu", optarg, 0, 65535, &v))
				return EXIT_USAGE;
			if (sched_getaffinity(0, sizeof(online), &online) == 0 &&
			    (v >= CPU_SETSIZE || !CPU_ISSET(v, &online)))
				return usage_error("run", "--cpu %lu: no such CPU available to this process (this host has CPUs 0-%ld)",
						   v, ncpu - 1);
			o->cpu = v;
			break;
		}
		case OPT_FORMAT:
			if (strcmp(optarg, "human") && strcmp(optarg, "json"))
				return usage_error("run", "--format %s: expected human or json", optarg);
			o->format = optarg;
			break;
		case OPT_TIMEOUT:
			if (!parse_uint_opt("run", "--timeout", optarg, 1, 86400, &o->timeout_s))
				return EXIT_USAGE;
			break;
		case OPT_MODE:
			if (mode_from_name(optarg) == NR_MODES)
				return usage_error("run", "--mode %s: expected nopmu, legacy, mediated-vmcs or mediated-autostore",
						   optarg);
			o->mode = optarg;
			break;
		case OPT_GP:
			if (!parse_uint_opt("run", "--guest-gp-counters", optarg, 0, 32, &v))
				return EXIT_USAGE;
			o->guest_gp_counters = v;
			break;
		case 'i':
			o->ignore_failures = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			return usage_error("run", "%s: missing its argument", argv[optind - 1]);
		default:
			return usage_error("run", "%s: unknown option (see 'vpmu-bench run --help')",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("run", "%s: unexpected argument (workloads are chosen with --workload)",
				   argv[optind]);
	if (!o->nr_sel)
		select_collection(o, "all");
	return 0;
}

/* Fail before the run, not after it, if the result cannot be written. */
static int check_out_dir(const char *dir)
{
	char parent[4096], *slash;
	struct stat st;

	if (!stat(dir, &st)) {
		if (!S_ISDIR(st.st_mode))
			return usage_error("run", "--out %s: exists and is not a directory", dir);
		if (access(dir, W_OK | X_OK))
			return usage_error("run", "--out %s: directory not writable: %s", dir,
					   strerror(errno));
		return 0;
	}
	snprintf(parent, sizeof(parent), "%s", dir);
	while ((slash = strrchr(parent, '/')) && slash[1] == '\0' && slash != parent)
		*slash = '\0';
	slash = strrchr(parent, '/');
	if (!slash)
		strcpy(parent, ".");
	else if (slash == parent)
		parent[1] = '\0';
	else
		*slash = '\0';
	if (stat(parent, &st) || !S_ISDIR(st.st_mode))
		return usage_error("run", "--out %s: parent directory %s does not exist", dir, parent);
	if (access(parent, W_OK | X_OK))
		return usage_error("run", "--out %s: cannot create it in %s: %s", dir, parent,
				   strerror(errno));
	return 0;
}

/* Which mode this run measures: the active one, or nopmu per VM. */
static int resolve_mode(const struct run_opts *o, const struct probe *p, enum vpmu_mode *m)
{
	enum vpmu_mode want;

	*m = p->current_mode;
	if (!o->mode)
		return 0;
	want = mode_from_name(o->mode);
	if (want == p->current_mode)
		return 0;
	if (want == MODE_NOPMU && p->modes[MODE_NOPMU].reachable) {
		*m = MODE_NOPMU;
		return 0;
	}
	if (!p->modes[want].reachable)
		return usage_error("run", "--mode %s: not reachable on this host: %s", o->mode,
				   p->modes[want].why);
	return usage_error("run", "--mode %s: KVM is configured for %s now; switch with 'kmod/load %s' first",
			   o->mode, mode_name(p->current_mode), o->mode);
}

struct child_job {
	const struct workload *w;
	const struct workload_args *a;
};

/* The child: run one workload, send its row as JSON on @fd. */
static void child_run(void *arg, int fd)
{
	const struct child_job *job = arg;
	const struct workload_args *a = job->a;
	const struct workload *w = job->w;
	struct workload_out out = { .calibration = NAN };
	enum row_status st;
	json_t *row;
	int rc;

	if (a->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(a->cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "cannot pin to CPU %d: %s\n", a->cpu, strerror(errno));
			_exit(KSFT_FAIL);
		}
	}
	rc = w->run(w, a, &out);
	st = rc == KSFT_PASS ? ROW_OK : rc == KSFT_SKIP ? ROW_SKIPPED : ROW_FAILED;
	if (st == ROW_FAILED && !out.note[0])
		workload_out__note(&out, "workload returned %d", rc);
	row = result__row(w, st, out.note, &out, NAN);
	if (json_dumpfd(row, fd, JSON_COMPACT))
		_exit(KSFT_FAIL);
	_exit(rc == KSFT_PASS || rc == KSFT_SKIP ? rc : KSFT_FAIL);
}

/* Run @w in a child; returns its row (never NULL). */
static json_t *run_one(const struct workload *w, const struct workload_args *a,
		       unsigned int timeout_s)
{
	struct child_job job = { w, a };
	struct child_result r;
	char why[1024], r2[2048];
	json_t *row = NULL;

	if (child__run(child_run, &job, timeout_s * 1000, &interrupted, &r)) {
		snprintf(r2, sizeof(r2), "could not start the workload's process: %s",
			 strerror(r.error));
		child_result__free(&r);
		return result__row(w, ROW_FAILED, r2, NULL, 0);
	}
	selftest_reason(r.log, why, sizeof(why));
	if (r.stopped) {
		row = result__row(w, ROW_FAILED, "interrupted (SIGINT/SIGTERM) before it finished", NULL,
				  r.wall_s);
	} else if (r.timed_out) {
		snprintf(r2, sizeof(r2), "timed out after %u s: the guest did not finish%s%s", timeout_s,
			 why[0] ? "; last output: " : "", why);
		row = result__row(w, ROW_FAILED, r2, NULL, r.wall_s);
	} else if (WIFSIGNALED(r.status)) {
		snprintf(r2, sizeof(r2), "killed by signal %d (%s)%s%s", WTERMSIG(r.status),
			 strsignal(WTERMSIG(r.status)), why[0] ? ": " : "", why);
		row = result__row(w, ROW_FAILED, r2, NULL, r.wall_s);
	} else if (r.data && (row = json_loads(r.data, 0, NULL)) && json_is_object(row)) {
		json_object_set_new(row, "wall_s", json_real(r.wall_s));
	} else {
		json_decref(row);
		snprintf(r2, sizeof(r2), "exited with status %d%s%s", WEXITSTATUS(r.status),
			 why[0] ? ": " : "", why[0] ? why : " and no result");
		row = result__row(w, WEXITSTATUS(r.status) == KSFT_SKIP ? ROW_SKIPPED : ROW_FAILED,
				  r2, NULL, r.wall_s);
	}
	child_result__free(&r);
	return row;
}

static void run_id(const struct workload_args *a, char *buf, size_t len)
{
	char host[64] = "host", when[32];
	time_t now = time(NULL);
	char *p;

	gethostname(host, sizeof(host) - 1);
	for (p = host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", gmtime(&now));
	snprintf(buf, len, "%s-%s-%s-%d.json", when, host, mode_name(a->mode), (int)getpid());
}

int cmd_run(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct run_opts o = { 0 };
	struct workload_args a = { 0 };
	char path[4096], err[512], name[256];
	unsigned int i, nr_ok = 0, nr_skip = 0, nr_fail = 0;
	json_t *doc, *results;
	struct probe p;
	int r;

	r = parse_args(argc, argv, &o);
	if (r)
		return r;
	r = check_out_dir(o.out_dir);
	if (r)
		return r;

	progress("probing the host (CPU, KVM, PMU, guest execution)...");
	probe__fill(&p, true);
	progress_done();
	r = resolve_mode(&o, &p, &a.mode);
	if (r)
		return r;
	a.reps = o.reps;
	a.cpu = o.cpu;
	a.guest_gp_counters = o.guest_gp_counters;
	a.probe = &p;
	if (p.guest_exec == GUEST_EXEC_EMULATED)
		warnx_("run", "guest code is emulated on this host (an exit-free guest loop runs %.0fx slower than on the host): timings do not reflect hardware virtualization",
		       p.guest_exec_ratio);

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	doc = json_object();
	json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
	json_object_set_new(doc, "meta", result__meta(&p, &a, argc + 1, argv - 1));
	results = json_array();
	json_object_set_new(doc, "results", results);

	for (i = 0; i < o.nr_sel && !interrupted; i++) {
		const struct workload *w = o.sel[i];
		char why[PROBE_WHY * 2] = "";
		json_t *row;

		progress("[%u/%u] %s/%s", i + 1, o.nr_sel, w->collection, w->name);
		if (!w->requires(w, &p, why, sizeof(why)))
			row = result__row(w, ROW_SKIPPED, why[0] ? why : "requirement not met", NULL, 0);
		else
			row = run_one(w, &a, w->timeout_s ? w->timeout_s : o.timeout_s);
		json_array_append_new(results, row);
	}
	progress_done();
	if (interrupted)
		json_object_set_new(json_object_get(doc, "meta"), "interrupted", json_true());

	for (i = 0; i < json_array_size(results); i++) {
		const char *st = json_string_value(json_object_get(json_array_get(results, i), "status"));

		if (!strcmp(st, "ok"))
			nr_ok++;
		else if (!strcmp(st, "skipped"))
			nr_skip++;
		else
			nr_fail++;
	}

	run_id(&a, name, sizeof(name));
	r = result__write_atomic(o.out_dir, name, doc, path, sizeof(path), err, sizeof(err));
	if (!strcmp(o.format, "json")) {
		json_dumpf(doc, stdout, JSON_INDENT(1));
		putchar('\n');
	} else {
		run_table__print(stdout, doc);
	}
	fprintf(stderr, "vpmu-bench run: %u ok, %u failed, %u skipped%s\n", nr_ok, nr_fail, nr_skip,
		interrupted ? " (interrupted)" : "");
	if (r)
		fprintf(stderr, "vpmu-bench run: error: %s\n", err);
	else
		fprintf(stderr, "vpmu-bench run: results written to %s\n", path);
	json_decref(doc);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (r)
		return 1;
	if (interrupted)
		return 130;
	if (nr_fail && !o.ignore_failures) {
		fprintf(stderr, "vpmu-bench run: %u row%s failed (exit 1; --ignore-failures to exit 0)\n",
			nr_fail, nr_fail == 1 ? "" : "s");
		return 1;
	}
	return 0;
}
