// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench native: the guest workloads' shapes run on the host, counted
 * with libperf, as ground truth. Only --collection topdown exists.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "native_topdown.h"

static void native_usage(FILE *f)
{
	fprintf(f, "usage: vpmu-bench native --collection topdown [--reps R]\n\n"
	       "Runs the four topdown shapes (retiring, backend, frontend, badspec) on\n"
	       "this thread under a perf group of slots and the topdown-* events, and\n"
	       "prints kselftest TAP: per rep the level-1 metrics in pct_points of slots.\n\n"
	       "  -c, --collection NAME  topdown (the only collection with a native runner)\n"
	       "  -r, --reps R           repetitions of each shape (default 5)\n\n"
	       "Exit status: 0 when a shape was measured and none failed; 4 (kselftest\n"
	       "skip) when none could be measured here, each line saying why; 1 when\n"
	       "a shape failed; 2 on bad usage.\n");
}

struct native_opts {
	const char *coll;
	unsigned long reps;
};

static int on_opt(void *ctx, int val, const char *arg)
{
	struct native_opts *o = ctx;

	if (val == 'c') {
		o->coll = arg;
		return 0;
	}
	return parse_uint_opt("native", "--reps", arg, 1, 1000000, &o->reps) ? 0 : EXIT_USAGE;
}

int cmd_native(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "collection", required_argument, NULL, 'c' },
		{ "reps", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	struct native_opts o = { .reps = 5 };
	int first, r;

	r = cli__parse("native", argc, argv, longopts, on_opt, &o, native_usage, &first);
	if (r)
		return r;
	if (first < argc)
		return usage_error("native", "%s: unexpected argument (see 'vpmu-bench native --help')",
				   argv[first]);
	if (!o.coll)
		return usage_error("native", "--collection topdown is required");
	if (strcmp(o.coll, "topdown"))
		return usage_error("native", "--collection %s: no native runner (expected topdown)",
				   o.coll);
	return native_topdown(o.reps, stdout);
}
