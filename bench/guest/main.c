// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-guest: the only executable that runs guests. vpmu-bench starts it
 * per step, through bench/util/runner.c, and reads one JSON document from
 * fd 3 (stdout when fd 3 is not open, for a person trying it by hand):
 *
 *   vpmu-guest catalog                   every collection and row (no KVM)
 *   vpmu-guest requires [ARGS] [-w N]... each row's requirement, and the
 *                                        guest PMU the run's VMs get
 *   vpmu-guest run -w NAME [ARGS]        one row, as a result-file row
 *   vpmu-guest loop --iters N            the emulation detector's guest loop
 *
 * ARGS: --mode M, --guest-gp-counters N, --reps R, --cpu C. Each command
 * but catalog probes the host (without guest timing) and applies the
 * guest paging KVM accepts before its first VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "cli.h"
#include "harness.h"
#include "host_probe.h"
#include "result.h"
#include "runner.h"
#include "workload.h"

#define MAX_SELECTED 256

struct guest_opts {
	struct workload_args a;
	const char *mode;
	const struct workload *sel[MAX_SELECTED];
	unsigned int nr_sel;
	unsigned long iters;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-guest catalog | requires | run | loop [OPTIONS]\n"
"\n"
"The guest runner of vpmu-bench: vpmu-bench starts it and reads its answer\n"
"(one JSON document) on fd 3. See bench/guest/main.c.\n"
"\n"
"  -w, --workload NAME      a row (repeatable; requires: default every row)\n"
"  -r, --reps R             samples (run)\n"
"      --mode M             vPMU mode of the run (default: the active one)\n"
"      --guest-gp-counters N  GP counters given to the guest\n"
"      --cpu N              pin the vCPU thread to host CPU N\n"
"      --iters N            loop iterations (loop)\n");
}

/* The answer goes to fd 3 when vpmu-bench opened it. */
static int answer(json_t *doc)
{
	int fd = fcntl(RUNNER_RESULT_FD, F_GETFD) != -1 ? RUNNER_RESULT_FD : STDOUT_FILENO;
	int r = json_dumpfd(doc, fd, JSON_COMPACT);

	json_decref(doc);
	return r ? KSFT_FAIL : 0;
}

/*
 * The catalog needs no KVM, but the selftests library's constructor opens
 * /dev/kvm before main() and exits where it cannot: answer before it runs
 * (constructors of a lower priority number run first; glibc passes them
 * argc and argv), so `vpmu-bench list` works on any machine.
 */
static void __attribute__((constructor(101))) catalog_before_kvm(int argc, char **argv)
{
	const struct collection *c;
	const struct workload *w;
	json_t *rows;

	if (argc != 2 || strcmp(argv[1], "catalog"))
		return;
	rows = json_array();
	for_each_collection(c)
		for_each_workload(c, w)
			json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:i}",
				"collection", c->name, "collection_summary", c->summary,
				"workload", w->name, "summary", w->summary,
				"timeout_s", (int)w->timeout_s));
	exit(answer(json_pack("{s:o}", "rows", rows)));
}

static int on_opt(void *ctx, int val, const char *arg)
{
	struct guest_opts *o = ctx;
	unsigned long v;
	const struct workload *w;

	switch (val) {
	case 'w':
		w = workload__find(arg);
		if (!w)
			return usage_error("guest", "--workload %s: unknown workload", arg);
		if (o->nr_sel == MAX_SELECTED)
			return usage_error("guest", "--workload: at most %d", MAX_SELECTED);
		o->sel[o->nr_sel++] = w;
		return 0;
	case 'r':
		if (!parse_uint_opt("guest", "--reps", arg, 1, 1000000, &v))
			return EXIT_USAGE;
		o->a.reps = v;
		return 0;
	case 'm':
		if (mode_from_name(arg) == NR_MODES)
			return usage_error("guest", "--mode %s: not a mode", arg);
		o->mode = arg;
		return 0;
	case 'g':
		if (!parse_uint_opt("guest", "--guest-gp-counters", arg, 0, 32, &v))
			return EXIT_USAGE;
		o->a.guest_gp_counters = v;
		return 0;
	case 'c':
		if (!parse_uint_opt("guest", "--cpu", arg, 0, CPU_SETSIZE - 1, &v))
			return EXIT_USAGE;
		o->a.cpu = v;
		return 0;
	case 'i':
		if (!parse_uint_opt("guest", "--iters", arg, 1, 100000000, &o->iters))
			return EXIT_USAGE;
		return 0;
	}
	return EXIT_USAGE;
}

static json_t *requires_rows(const struct guest_opts *o)
{
	const struct collection *c;
	const struct workload *w;
	json_t *rows = json_array();
	unsigned int i;

	for_each_collection(c)
		for_each_workload(c, w) {
			char why[2048] = "";
			bool ok;

			for (i = 0; o->nr_sel && i < o->nr_sel && o->sel[i] != w; i++)
				;
			if (o->nr_sel && i == o->nr_sel)
				continue;
			ok = w->requires(w, &o->a, why, sizeof(why));
			json_array_append_new(rows, json_pack("{s:s, s:s, s:b, s:s?}",
				"collection", c->name, "workload", w->name, "runnable", ok,
				"why", ok ? NULL : (why[0] ? why : "requirement not met")));
		}
	return rows;
}

/*
 * Test-only: the software PMU model (tests/pmu_model/) labels every
 * answer of build/tests/vpmu-guest-model as a test double's (harness.h).
 */
static json_t *labelled(json_t *doc)
{
	if (doc && harness_hooks && harness_hooks->answer_label)
		json_object_set_new(doc, "test_double", harness_hooks->answer_label());
	return doc;
}

/* One row, already found runnable by `requires`: run it, answer its row. */
static int run_row(const struct guest_opts *o)
{
	const struct workload *w = o->sel[0];
	struct row_id id = { w->collection, w->name, w->summary };
	struct workload_out out = { .calibration = NAN };
	enum row_status st;
	int rc;

	if (o->a.cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(o->a.cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "cannot pin to CPU %d: %s\n", o->a.cpu, strerror(errno));
			return KSFT_FAIL;
		}
	}
	rc = w->run(w, &o->a, &out);
	st = rc == KSFT_PASS ? ROW_OK : rc == KSFT_SKIP ? ROW_SKIPPED : ROW_FAILED;
	if (st == ROW_FAILED && !out.note[0])
		workload_out__note(&out, "workload returned %d", rc);
	rc = answer(labelled(result__row(&id, st, out.note, &out, NAN)));
	workload_out__free(&out);
	return rc;
}

static int guest_loop(const struct guest_opts *o)
{
	uint64_t tsc[2][LOOP_RUNS];
	char why[2048];
	json_t *t;
	int k, i;

	if (guest_loop__run(o->iters, tsc, why, sizeof(why)))
		return answer(json_pack("{s:s}", "why", why));
	t = json_array();
	for (k = 0; k < 2; k++) {
		json_t *row = json_array();

		for (i = 0; i < LOOP_RUNS; i++)
			json_array_append_new(row, json_integer((json_int_t)tsc[k][i]));
		json_array_append_new(t, row);
	}
	return answer(json_pack("{s:o}", "tsc", t));
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "reps", required_argument, NULL, 'r' },
		{ "mode", required_argument, NULL, 'm' },
		{ "guest-gp-counters", required_argument, NULL, 'g' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "iters", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	struct guest_opts o = { .a = { .reps = 1, .cpu = -1, .guest_gp_counters = -1 } };
	const char *cmd = argc > 1 ? argv[1] : "";
	struct probe *p;
	int first, r;

	/* The guest image is this executable, whatever argv[0] says. */
	program_invocation_name = "/proc/self/exe";
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	r = cli__parse("guest", argc - 1, argv + 1, longopts, on_opt, &o, usage, &first);
	if (r)
		return r;
	if (first < argc - 1)
		return usage_error("guest", "%s: unexpected argument", argv[first + 1]);

	p = xcalloc(1, sizeof(*p));
	probe__fill(p, false);
	/* Test-only: the software PMU model's host (harness.h). */
	if (harness_hooks && harness_hooks->probe)
		harness_hooks->probe(p);
	guest_paging__apply(&p->paging);
	o.a.probe = p;
	o.a.mode = o.mode ? mode_from_name(o.mode) : p->current_mode;
	if (harness_hooks && harness_hooks->args)
		harness_hooks->args(&o.a);

	if (!strcmp(cmd, "requires"))
		return answer(labelled(json_pack("{s:o, s:o}", "rows", requires_rows(&o),
						 "guest_pmu", workload__guest_pmu_meta(p, &o.a))));
	if (!strcmp(cmd, "run")) {
		if (o.nr_sel != 1)
			return usage_error("guest", "run: exactly one --workload");
		return run_row(&o);
	}
	if (!strcmp(cmd, "loop"))
		return o.iters ? guest_loop(&o) : usage_error("guest", "loop: --iters N needed");
	return usage_error("guest", "%s: unknown command (catalog, requires, run, loop)", cmd);
}
