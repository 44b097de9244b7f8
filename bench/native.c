// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench native: the guest workloads' code run on the host, pinned to
 * one CPU and counted with libperf, as the ground truth the guest rows are
 * compared with. Writes one result file like `run` (meta.mode "native",
 * bench/result-schema.md) and prints kselftest TAP.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "cli.h"
#include "commands.h"
#include "host_probe.h"
#include "native_rows.h"
#include "out_dir.h"
#include "result.h"
#include "run_meta.h"
#include "stop.h"

#define DEFAULT_REPS 5

static void native_usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-bench native --collection topdown|accuracy|all [--cpu N] [--out DIR]\n"
"                         [--reps R]\n"
"\n"
"Runs the guest workloads' code on the host, this thread pinned to one CPU,\n"
"counted with libperf (host only, exclude_guest), writes one result file\n"
"(meta.mode \"native\") and prints kselftest TAP on stdout, progress on stderr.\n"
"\n"
"  topdown   the four shapes (retiring, backend, frontend, badspec) under a\n"
"            group of slots and the four level-1 topdown-* events (Intel\n"
"            with PERF_METRICS), plus a group of instructions and branches;\n"
"            rows topdown/topdown-SHAPE, series in pct_points of slots\n"
"  accuracy  the exact-count loop (4 NOPs + LOOP) counted in user mode:\n"
"            rows accuracy/perf-insns and accuracy/perf-branches, each\n"
"            sample count(2L) - count(L) minus its exact value (L = 10000)\n"
"\n"
"Every count keeps its enabled and running times (running < enabled: the\n"
"events were multiplexed). A row the host cannot count is recorded as\n"
"skipped with the reason (perf_event_open's errno, or the missing sysfs\n"
"event), in the file too. 'vpmu-bench report' pairs the topdown rows with\n"
"the guest's topdown rows of the same host in table (d).\n"
"\n"
"  -c, --collection NAME  topdown, accuracy or all\n"
"      --cpu N            pin to host CPU N (default: the CPU it starts on);\n"
"                         the affinity it had is restored before it exits\n"
"  -o, --out DIR          directory for the result file (default results)\n"
"  -r, --reps R           samples per row (default %d)\n"
"\n"
"Exit status: 0 when a row was measured and none failed; 4 (kselftest skip)\n"
"when every row was skipped; 1 when a row failed or the file could not be\n"
"written (the file still records every row); 2 on bad usage (nothing is\n"
"written); 130 if interrupted (the rows done so far are written, marked\n"
"interrupted).\n", DEFAULT_REPS);
}

struct native_opts {
	const char *coll;
	unsigned long reps;
	long cpu;
	const char *out_dir;
};

enum { OPT_CPU = 256 };

static volatile sig_atomic_t interrupted;

static int on_opt(void *ctx, int val, const char *arg)
{
	struct native_opts *o = ctx;
	cpu_set_t online;
	unsigned long v;

	switch (val) {
	case 'c':
		if (strcmp(arg, "topdown") && strcmp(arg, "accuracy") && strcmp(arg, "all"))
			return usage_error("native", "--collection %s: no native runner (expected topdown, accuracy or all)",
					   arg);
		o->coll = arg;
		return 0;
	case 'o':
		o->out_dir = arg;
		return 0;
	case OPT_CPU:
		if (!parse_uint_opt("native", "--cpu", arg, 0, 65535, &v))
			return EXIT_USAGE;
		if (sched_getaffinity(0, sizeof(online), &online) ||
		    v >= CPU_SETSIZE || !CPU_ISSET(v, &online))
			return usage_error("native", "--cpu %lu: no such CPU available to this process (this host has CPUs 0-%ld)",
					   v, sysconf(_SC_NPROCESSORS_CONF) - 1);
		o->cpu = v;
		return 0;
	}
	return parse_uint_opt("native", "--reps", arg, 1, 1000000, &o->reps) ? 0 : EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct native_opts *o)
{
	static const struct option longopts[] = {
		{ "collection", required_argument, NULL, 'c' },
		{ "cpu", required_argument, NULL, OPT_CPU },
		{ "out", required_argument, NULL, 'o' },
		{ "reps", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	int first, r;

	r = cli__parse("native", argc, argv, longopts, on_opt, o, native_usage, &first);
	if (r)
		return r;
	if (first < argc)
		return usage_error("native", "%s: unexpected argument (see 'vpmu-bench native --help')",
				   argv[first]);
	if (!o->coll)
		return usage_error("native", "--collection is required (topdown, accuracy or all)");
	return out_dir__check("native", o->out_dir);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The meta of `run`, less what only a guest has, with mode and label "native". */
static json_t *native_meta(const struct probe *p, int cpu, int argc, char **argv)
{
	struct workload_args a = { .cpu = cpu, .guest_gp_counters = -1, .probe = p };
	json_t *meta = run__meta(p, &a, NULL, argc, argv);

	json_object_set_new(meta, "mode", json_string(RESULT_MODE_NATIVE));
	json_object_set_new(meta, "label", json_string(RESULT_MODE_NATIVE));
	json_object_del(meta, "guest_gp_counters");
	json_object_del(meta, "guest_pmu");
	return meta;
}

struct native_row {
	const char *label;
	json_t *(*fn)(unsigned int i, const struct native_ctx *c);
	unsigned int i;
};

static json_t *td_row(unsigned int i, const struct native_ctx *c)
{
	return native_topdown_row((enum td_shape)i, c);
}

/* The rows of @coll, in order: topdown's shapes, then accuracy's loops. */
static unsigned int native_rows(const char *coll, struct native_row *rows)
{
	bool all = !strcmp(coll, "all");
	unsigned int i, n = 0;

	for (i = 0; (all || !strcmp(coll, "topdown")) && i < NR_TD_SHAPES; i++)
		rows[n++] = (struct native_row){ td_shapes[i].name, td_row, i };
	for (i = 0; (all || !strcmp(coll, "accuracy")) && i < NR_NATIVE_ACC; i++)
		rows[n++] = (struct native_row){ i ? "perf-branches" : "perf-insns",
						 native_accuracy_row, i };
	return n;
}

/* Pin this thread to @cpu (-1: the one it is on); saves the old mask in @old. */
static int pin(long want, cpu_set_t *old, int *cpu)
{
	cpu_set_t one;

	if (sched_getaffinity(0, sizeof(*old), old)) {
		fprintf(stderr, "vpmu-bench native: error: sched_getaffinity: %s\n", strerror(errno));
		return -1;
	}
	*cpu = want >= 0 ? (int)want : sched_getcpu();
	CPU_ZERO(&one);
	CPU_SET(*cpu, &one);
	if (*cpu < 0 || sched_setaffinity(0, sizeof(one), &one)) {
		fprintf(stderr, "vpmu-bench native: error: cannot pin to CPU %d: %s\n", *cpu,
			strerror(errno));
		return -1;
	}
	return 0;
}

int cmd_native(int argc, char **argv)
{
	struct stop_saved sigs;
	struct native_opts o = { .reps = DEFAULT_REPS, .cpu = -1, .out_dir = "results" };
	struct native_row rows[NR_TD_SHAPES + NR_NATIVE_ACC];
	unsigned int i, nrows, nr_ok = 0, nr_skip = 0, nr_fail = 0;
	char path[4096], err[4096], name[256];
	struct native_ctx ctx = { 0 };
	json_t *doc, *results;
	cpu_set_t old_mask;
	struct probe *p;
	int r, cpu;

	r = parse_args(argc, argv, &o);
	if (r)
		return r;
	stop__catch(&interrupted, &sigs);
	p = xcalloc(1, sizeof(*p));
	progress("probing the host (CPU, KVM, PMU, guest execution)...");
	probe__fill(p, true);
	progress_done();
	if (pin(o.cpu, &old_mask, &cpu)) {
		r = 1;
		goto out_probe;
	}

	doc = json_pack("{s:s, s:o}", "schema", RESULT_SCHEMA,
			"meta", native_meta(p, cpu, argc + 1, argv - 1));
	results = json_array();
	json_object_set_new(doc, "results", results);
	nrows = native_rows(o.coll, rows);
	ctx.reps = o.reps;
	ctx.cpu = cpu;
	ctx.stop = &interrupted;
	ctx.tap = stdout;
	printf("TAP version 13\n1..%u\n", nrows);
	for (i = 0; i < nrows && !interrupted; i++) {
		double t0 = now_s();
		const char *st;
		json_t *row;

		progress("[%u/%u] %s/%s%s on CPU %d, %lu reps", i + 1, nrows,
			 rows[i].fn == td_row ? "topdown" : "accuracy",
			 rows[i].fn == td_row ? "topdown-" : "", rows[i].label, cpu, o.reps);
		ctx.n = i + 1;
		row = rows[i].fn(rows[i].i, &ctx);
		if (!row)
			break;
		json_object_set_new(row, "wall_s", json_real(now_s() - t0));
		st = json_string_value(json_object_get(row, "status"));
		nr_ok += !strcmp(st, "ok");
		nr_skip += !strcmp(st, "skipped");
		nr_fail += !strcmp(st, "failed");
		json_array_append_new(results, row);
	}
	progress_done();
	fflush(stdout);
	/* Every exit path from here restores the affinity the process had. */
	sched_setaffinity(0, sizeof(old_mask), &old_mask);
	if (interrupted && !json_array_size(results)) {
		fprintf(stderr, "vpmu-bench native: interrupted before any row was done; nothing written\n");
		json_decref(doc);
		r = 130;
		goto out_probe;
	}
	if (interrupted)
		json_object_set_new(json_object_get(doc, "meta"), "interrupted", json_true());
	/* The hygiene window closes when the measuring is over. */
	run__meta_end(json_object_get(doc, "meta"));

	result__file_name(name, sizeof(name), RESULT_MODE_NATIVE);
	r = result__write_atomic(o.out_dir, name, doc, path, sizeof(path), err, sizeof(err));
	json_decref(doc);
	fprintf(stderr, "vpmu-bench native: %u ok, %u failed, %u skipped%s\n", nr_ok, nr_fail,
		nr_skip, interrupted ? " (interrupted)" : "");
	if (r) {
		fprintf(stderr, "vpmu-bench native: error: %s\n", err);
		r = 1;
	} else {
		fprintf(stderr, "vpmu-bench native: results written to %s\n", path);
		r = interrupted ? 130 : nr_fail ? 1 : nr_ok ? 0 : KSFT_SKIP;
	}
out_probe:
	free(p);
	stop__restore(&sigs);
	return r;
}
