// SPDX-License-Identifier: GPL-2.0
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "out_dir.h"
#include "trace_cli.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-bench trace [--workload NAME]... [--collection NAME]... [--cpu N] [--out DIR]\n"
"                        [--reps R] [--rounds K] [--mmap-pages P] [--timeout S] [--no-perf-kvm]\n"
"\n"
"VM-exit latency by exit reason, recorded on the host around workload runs:\n"
"kvm:kvm_exit -> kvm:kvm_entry per vCPU (perf_event_open on the vCPU's CPU,\n"
"records read with libtraceevent), per reason count, log2-ns histogram,\n"
"median/p99/max, time share and, with the kmod's tracepoints, the PMU-switch\n"
"share. Each workload runs K rounds untraced and traced; the ratio of their\n"
"guest-measured medians is what tracing costs the guest. With perf installed\n"
"the workload also runs under 'perf kvm stat record' for comparison.\n"
"\n"
"  -w, --workload NAME    a workload (repeatable; default: the exit collection)\n"
"  -c, --collection NAME  every workload of a collection (repeatable)\n"
"      --cpu N            host CPU to pin the vCPU to and trace (default: the\n"
"                         last CPU this process may run on)\n"
"  -o, --out DIR          directory for the result file (default results)\n"
"  -r, --reps R           samples per workload run (default 20)\n"
"      --rounds K         untraced/traced pairs per workload (default 3)\n"
"      --mmap-pages P     ring-buffer pages per CPU, a power of 2 (default 256)\n"
"      --timeout S        seconds one workload run may take (default 15)\n"
"      --no-perf-kvm      do not run the perf kvm stat comparison\n"
"\n"
"A host whose KVM never fires kvm_exit (nested kvm_pvm) is reported as\n"
"unsupported with the exits the guest made meanwhile, never as 0 exits.\n"
"Exit status: 0 when the result file was written and no run failed; 1 when\n"
"a run failed, records were lost, or the file could not be written; 2 on\n"
"bad usage; 130 if interrupted (the workloads done so far are written).\n");
}

static void select_row(struct trace_opts *o, const struct catalog_row *w)
{
	unsigned int i;

	for (i = 0; i < o->nr_sel; i++)
		if (o->sel[i] == w)
			return;
	if (o->nr_sel < TRACE_MAX_SELECTED)
		o->sel[o->nr_sel++] = w;
}

static int select_collection(struct trace_opts *o, const char *name)
{
	size_t i;

	if (!catalog__has_collection(&o->cat, name))
		return usage_error("trace", "--collection %s: unknown collection (see 'vpmu-bench list')",
				   name);
	for (i = 0; i < o->cat.n; i++)
		if (!strcmp(o->cat.rows[i].collection, name))
			select_row(o, &o->cat.rows[i]);
	return 0;
}

enum { OPT_CPU = 256, OPT_ROUNDS, OPT_PAGES, OPT_TIMEOUT, OPT_NO_PERF };

static int on_opt(void *ctx, int c, const char *arg)
{
	struct trace_opts *o = ctx;
	const struct catalog_row *w;
	cpu_set_t allowed;
	unsigned long v;

	switch (c) {
	case 'w':
		w = catalog__find(&o->cat, arg);
		if (!w)
			return usage_error("trace", "--workload %s: unknown workload (see 'vpmu-bench list')",
					   arg);
		select_row(o, w);
		return 0;
	case 'c':
		return select_collection(o, arg);
	case 'o':
		if (!*arg)
			return usage_error("trace", "--out: expected a directory, got ''");
		o->out_dir = arg;
		return 0;
	case 'r':
		return parse_uint_opt("trace", "--reps", arg, 1, 100000, &o->reps) ? 0 : EXIT_USAGE;
	case OPT_ROUNDS:
		return parse_uint_opt("trace", "--rounds", arg, 1, TRACE_MAX_ROUNDS, &o->rounds) ?
		       0 : EXIT_USAGE;
	case OPT_PAGES:
		if (!parse_uint_opt("trace", "--mmap-pages", arg, 1, 65536, &o->mmap_pages))
			return EXIT_USAGE;
		if (o->mmap_pages & (o->mmap_pages - 1))
			return usage_error("trace", "--mmap-pages %s: expected a power of 2", arg);
		return 0;
	case OPT_TIMEOUT:
		return parse_uint_opt("trace", "--timeout", arg, 1, 86400, &o->timeout_s) ?
		       0 : EXIT_USAGE;
	case OPT_NO_PERF:
		o->no_perf_kvm = true;
		return 0;
	case OPT_CPU:
		if (!parse_uint_opt("trace", "--cpu", arg, 0, 65535, &v))
			return EXIT_USAGE;
		if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0 &&
		    (v >= CPU_SETSIZE || !CPU_ISSET(v, &allowed)))
			return usage_error("trace", "--cpu %lu: no such CPU available to this process (this host has CPUs 0-%ld)",
					   v, sysconf(_SC_NPROCESSORS_CONF) - 1);
		o->cpu = v;
		return 0;
	}
	return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct trace_opts *o)
{
	static const struct option longopts[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "collection", required_argument, NULL, 'c' },
		{ "cpu", required_argument, NULL, OPT_CPU },
		{ "out", required_argument, NULL, 'o' },
		{ "reps", required_argument, NULL, 'r' },
		{ "rounds", required_argument, NULL, OPT_ROUNDS },
		{ "mmap-pages", required_argument, NULL, OPT_PAGES },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "no-perf-kvm", no_argument, NULL, OPT_NO_PERF },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	cpu_set_t allowed;
	int first, r, i;

	o->cpu = -1;
	o->reps = 20;
	o->rounds = 3;
	o->mmap_pages = 256;
	o->timeout_s = 15;
	o->out_dir = "results";
	r = cli__parse("trace", argc, argv, longopts, on_opt, o, usage, &first);
	if (r)
		return r;
	if (first < argc)
		return usage_error("trace", "%s: unexpected argument (workloads are chosen with --workload)",
				   argv[first]);
	if (!o->nr_sel && select_collection(o, "exit"))
		return EXIT_USAGE;
	/* The vCPU must sit on the CPU we trace: pin it even when not asked to. */
	if (o->cpu < 0 && !sched_getaffinity(0, sizeof(allowed), &allowed))
		for (i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &allowed))
				o->cpu = i;
	return 0;
}

int trace_cli__parse(int argc, char **argv, struct trace_opts *o)
{
	int r = parse_args(argc, argv, o);

	return r ? r : out_dir__check("trace", o->out_dir);
}
