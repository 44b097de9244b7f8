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

static void native_usage(void)
{
	printf("usage: vpmu-bench native --collection topdown [--reps R]\n\n"
	       "Runs the four topdown shapes (retiring, backend, frontend, badspec) on\n"
	       "this thread under a perf group of slots and the topdown-* events, and\n"
	       "prints kselftest TAP: per rep the level-1 metrics in pct_points of slots.\n\n"
	       "  -c, --collection NAME  topdown (the only collection with a native runner)\n"
	       "  -r, --reps R           repetitions of each shape (default 5)\n\n"
	       "Exit status: 0 when a shape was measured and none failed; 4 (kselftest\n"
	       "skip) when none could be measured here, each line saying why; 1 when\n"
	       "a shape failed; 2 on bad usage.\n");
}

int cmd_native(int argc, char **argv)
{
	const char *coll = NULL;
	unsigned long reps = 5;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			native_usage();
			return 0;
		} else if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--collection")) {
			if (++i == argc)
				return usage_error("native", "%s needs a collection", argv[i - 1]);
			coll = argv[i];
		} else if (!strcmp(argv[i], "-r") || !strcmp(argv[i], "--reps")) {
			if (++i == argc)
				return usage_error("native", "%s needs a number", argv[i - 1]);
			if (!parse_uint_opt("native", argv[i - 1], argv[i], 1, 1000000, &reps))
				return EXIT_USAGE;
		} else {
			return usage_error("native", "%s: unknown argument", argv[i]);
		}
	}
	if (!coll)
		return usage_error("native", "--collection topdown is required");
	if (strcmp(coll, "topdown"))
		return usage_error("native", "%s: no native runner (only topdown)", coll);
	return native_topdown(reps, stdout);
}
