// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench run: decide every selected row's requirement once, run each
 * runnable row in its own vpmu-guest process with a timeout (a guest that
 * hangs or crashes is that row's failure and the rest go on), keep every
 * sample, write one result file atomically, and print a hyperfine-like
 * table.
 */
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "catalog.h"
#include "cli.h"
#include "commands.h"
#include "host_probe.h"
#include "out_dir.h"
#include "result.h"
#include "results.h"
#include "run_meta.h"
#include "run_table.h"
#include "runner.h"
#include "stop.h"

#define DEFAULT_REPS 100
#define DEFAULT_TIMEOUT_S 15
#define MAX_SELECTED 256

struct run_opts {
	struct catalog cat;
	const struct catalog_row *sel[MAX_SELECTED];
	unsigned int nr_sel;
	unsigned long reps, timeout_s;
	long cpu;
	long guest_gp_counters;
	const char *out_dir;
	const char *format;
	const char *mode;
	const char *label;		/* meta.label: the report's column; NULL = the mode */
	bool ignore_failures;
};

static volatile sig_atomic_t interrupted;

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
"  -l, --label NAME       name of this run in reports (default: the mode),\n"
"                         e.g. base and patched for two kernels of one mode\n"
"  -i, --ignore-failures  exit 0 even if rows failed (hyperfine's -i)\n"
"\n"
"Exit status: 0 when every row is ok or skipped and the result file was\n"
"written; 1 when any row that was attempted failed (the file still records\n"
"every row, with the reason; -i makes this 0) or the file could not be\n"
"written; 2 on bad usage; 130 if interrupted (the rows done so far are\n"
"still written, marked interrupted).\n",
		DEFAULT_REPS, DEFAULT_TIMEOUT_S);
}

static bool select_workload(struct run_opts *o, const struct catalog_row *w)
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
	bool all = !strcmp(name, "all");
	char list[512] = "";
	size_t i;

	if (!all && !catalog__has_collection(&o->cat, name)) {
		for (i = 0; i < o->cat.n; i++) {
			if (i && !strcmp(o->cat.rows[i].collection, o->cat.rows[i - 1].collection))
				continue;
			strncat(list, o->cat.rows[i].collection, sizeof(list) - strlen(list) - 1);
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		}
		return usage_error("run", "--collection %s: unknown collection (expected one of: %sall)",
				   name, list);
	}
	for (i = 0; i < o->cat.n; i++)
		if (all || !strcmp(o->cat.rows[i].collection, name))
			select_workload(o, &o->cat.rows[i]);
	return 0;
}

enum { OPT_CPU = 256, OPT_FORMAT, OPT_TIMEOUT, OPT_MODE, OPT_GP };

static int on_opt(void *ctx, int c, const char *arg)
{
	struct run_opts *o = ctx;
	const struct catalog_row *w;
	unsigned long v;

	switch (c) {
	case 'c':
		return select_collection(o, arg);
	case 'w':
		w = catalog__find(&o->cat, arg);
		if (!w)
			return usage_error("run", "--workload %s: unknown workload (see 'vpmu-bench list')",
					   arg);
		select_workload(o, w);
		return 0;
	case 'r':
		return parse_uint_opt("run", "--reps", arg, 1, 1000000, &o->reps) ? 0 : EXIT_USAGE;
	case 'o':
		if (!*arg)
			return usage_error("run", "--out: expected a directory, got ''");
		o->out_dir = arg;
		return 0;
	case OPT_CPU: {
		long ncpu = sysconf(_SC_NPROCESSORS_CONF);
		cpu_set_t online;

		if (!parse_uint_opt("run", "--cpu", arg, 0, 65535, &v))
			return EXIT_USAGE;
		if (sched_getaffinity(0, sizeof(online), &online) == 0 &&
		    (v >= CPU_SETSIZE || !CPU_ISSET(v, &online)))
			return usage_error("run", "--cpu %lu: no such CPU available to this process (this host has CPUs 0-%ld)",
					   v, ncpu - 1);
		o->cpu = v;
		return 0;
	}
	case OPT_FORMAT:
		if (strcmp(arg, "human") && strcmp(arg, "json"))
			return usage_error("run", "--format %s: expected human or json", arg);
		o->format = arg;
		return 0;
	case OPT_TIMEOUT:
		return parse_uint_opt("run", "--timeout", arg, 1, 86400, &o->timeout_s) ? 0 : EXIT_USAGE;
	case OPT_MODE:
		if (mode_from_name(arg) == NR_MODES)
			return usage_error("run", "--mode %s: expected nopmu, legacy, mediated-vmcs or mediated-autostore",
					   arg);
		o->mode = arg;
		return 0;
	case OPT_GP:
		if (!parse_uint_opt("run", "--guest-gp-counters", arg, 0, 32, &v))
			return EXIT_USAGE;
		o->guest_gp_counters = v;
		return 0;
	case 'i':
		o->ignore_failures = true;
		return 0;
	case 'l':
		if (!results__label_ok(arg))
			return usage_error("run", "--label %s: expected 1-40 of A-Z a-z 0-9 . _ + -",
					   arg);
		o->label = arg;
		return 0;
	}
	return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
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
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	int first, r;

	o->reps = DEFAULT_REPS;
	o->timeout_s = DEFAULT_TIMEOUT_S;
	o->cpu = -1;
	o->guest_gp_counters = -1;
	o->out_dir = "results";
	o->format = "human";
	r = cli__parse("run", argc, argv, longopts, on_opt, o, usage, &first);
	if (r)
		return r;
	if (first < argc)
		return usage_error("run", "%s: unexpected argument (workloads are chosen with --workload)",
				   argv[first]);
	if (!o->nr_sel)
		select_collection(o, "all");
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

/*
 * A test build's vpmu-guest labels its answers with "test_double": that
 * belongs to the whole run (meta.test_double), not to a row. The first
 * label wins; a row labelled otherwise than the run is a mix the report
 * could not label truthfully, so the row fails.
 */
static json_t *take_test_double(json_t *row, json_t *meta, const struct row_id *id)
{
	json_t *td = json_object_get(row, "test_double"), *have;

	if (!td)
		return row;
	have = json_object_get(meta, "test_double");
	if (!have) {
		json_object_set(meta, "test_double", td);
	} else if (!json_equal(have, td)) {
		json_t *bad = result__row(id, ROW_FAILED,
				  "vpmu-guest answered with a test_double label other than the run's (meta.test_double)",
				  NULL, 0);
		json_decref(row);
		return bad;
	}
	json_object_del(row, "test_double");
	return row;
}

/* Run one runnable row in vpmu-guest; returns its row (never NULL). */
static json_t *run_one(const struct catalog_row *w, const struct workload_args *a,
		       unsigned int timeout_s, json_t *meta)
{
	char reps[16], gp[16], cpu[16], why[4096];
	const char *args[16] = { "run", "--workload", w->name, "--reps", reps,
				 "--mode", mode_name(a->mode) };
	struct row_id id = { w->collection, w->name, w->summary };
	struct child_result r;
	int n = 7;
	json_t *row;

	snprintf(reps, sizeof(reps), "%u", a->reps);
	if (a->guest_gp_counters >= 0) {
		snprintf(gp, sizeof(gp), "%d", a->guest_gp_counters);
		args[n++] = "--guest-gp-counters";
		args[n++] = gp;
	}
	if (a->cpu >= 0) {
		snprintf(cpu, sizeof(cpu), "%d", a->cpu);
		args[n++] = "--cpu";
		args[n++] = cpu;
	}
	row = runner__call(args, timeout_s * 1000, &interrupted, &r, why, sizeof(why));
	if (row) {
		row = take_test_double(row, meta, &id);
		json_object_set_new(row, "wall_s", json_real(r.wall_s));
	} else {
		/* kselftest's exit 4 is a skip the library decided (TEST_REQUIRE). */
		bool skip = !r.timed_out && !r.stopped && WIFEXITED(r.status) &&
			    WEXITSTATUS(r.status) == KSFT_SKIP;

		row = result__row(&id, skip ? ROW_SKIPPED : ROW_FAILED, why, NULL, r.wall_s);
	}
	child_result__free(&r);
	return row;
}

int cmd_run(int argc, char **argv)
{
	struct stop_saved sigs;
	struct run_opts o = { 0 };
	struct workload_args a = { 0 };
	char path[4096], err[4096], name[256], what[128];
	unsigned int i, nr_ok = 0, nr_skip = 0, nr_fail = 0;
	json_t *doc, *results;
	struct probe *p = NULL;
	int r;

	/* Handlers first: a Ctrl-C during the probe is reported, not lost. */
	stop__catch(&interrupted, &sigs);
	if (catalog__load(&o.cat, err, sizeof(err))) {
		fprintf(stderr, "vpmu-bench run: error: %s\n", err);
		r = 1;
		goto out_signals;
	}
	r = parse_args(argc, argv, &o);
	if (!r)
		r = out_dir__check("run", o.out_dir);
	if (r)
		goto out_catalog;

	p = xcalloc(1, sizeof(*p));
	progress("probing the host (CPU, KVM, PMU, guest execution)...");
	probe__fill(p, true);
	progress_done();
	r = resolve_mode(&o, p, &a.mode);
	if (r)
		goto out_probe;
	a.reps = o.reps;
	a.cpu = o.cpu;
	a.guest_gp_counters = o.guest_gp_counters;
	a.probe = p;
	if (p->guest_exec == GUEST_EXEC_EMULATED)
		warnx_("run", "guest code is emulated on this host (an exit-free guest loop runs %.0fx slower than on the host): timings do not reflect hardware virtualization",
		       p->guest_exec_ratio);

	/* Every row's requirement, decided once, before any row runs. */
	progress("checking what each row requires...");
	if (!interrupted && catalog__requires(&o.cat, p, a.mode, a.guest_gp_counters, o.sel,
					      o.nr_sel, err, sizeof(err))) {
		progress_done();
		fprintf(stderr, "vpmu-bench run: error: requirement probes failed: %s\n", err);
		r = 1;
		goto out_probe;
	}
	progress_done();
	if (interrupted)
		goto out_probe;

	doc = json_object();
	json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
	json_object_set_new(doc, "meta", run__meta(p, &a, o.cat.guest_pmu, argc + 1, argv - 1));
	json_object_set_new(json_object_get(doc, "meta"), "label",
			    json_string(o.label ? o.label : mode_name(a.mode)));
	if (o.cat.test_double)
		json_object_set(json_object_get(doc, "meta"), "test_double", o.cat.test_double);
	results = json_array();
	json_object_set_new(doc, "results", results);

	for (i = 0; i < o.nr_sel && !interrupted; i++) {
		const struct catalog_row *w = o.sel[i];
		struct row_id id = { w->collection, w->name, w->summary };
		json_t *row;

		progress("[%u/%u] %s/%s", i + 1, o.nr_sel, w->collection, w->name);
		if (!w->runnable)
			row = result__row(&id, ROW_SKIPPED, w->why, NULL, 0);
		else
			row = run_one(w, &a, w->timeout_s ? w->timeout_s : o.timeout_s,
				      json_object_get(doc, "meta"));
		json_array_append_new(results, row);
	}
	progress_done();
	run__meta_end(json_object_get(doc, "meta"));
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

	snprintf(what, sizeof(what), "%s%s%s", mode_name(a.mode), o.label ? "-" : "",
		 o.label ? o.label : "");
	result__file_name(name, sizeof(name), what);
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
	if (r)
		r = 1;
	else if (interrupted)
		r = 130;
	else if (nr_fail && !o.ignore_failures) {
		fprintf(stderr, "vpmu-bench run: %u row%s failed (exit 1; --ignore-failures to exit 0)\n",
			nr_fail, nr_fail == 1 ? "" : "s");
		r = 1;
	}
out_probe:
	if (interrupted && !r) {
		fprintf(stderr, "vpmu-bench run: interrupted before any row ran; nothing written\n");
		r = 130;
	}
	free(p);
out_catalog:
	catalog__free(&o.cat);
out_signals:
	stop__restore(&sigs);
	return r;
}
