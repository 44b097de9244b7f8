/* SPDX-License-Identifier: GPL-2.0 */
/* `vpmu-bench trace`: its options, parsed and checked before anything runs. */
#ifndef VPMU_TRACE_CLI_H
#define VPMU_TRACE_CLI_H

#include <stdbool.h>

#include "catalog.h"

#define TRACE_MAX_SELECTED 64
#define TRACE_MAX_ROUNDS 100

struct trace_opts {
	struct catalog cat;
	const struct catalog_row *sel[TRACE_MAX_SELECTED];
	unsigned int nr_sel;
	long cpu;
	unsigned long reps, rounds, mmap_pages, timeout_s;
	const char *out_dir;
	bool no_perf_kvm;
};

/*
 * Parse argv (with @o->cat loaded) into @o; the default selection is the
 * exit collection, the default CPU the last one this process may use.
 * Then check that a file can be written to --out. 0 or EXIT_USAGE (the
 * one-line error printed).
 */
int trace_cli__parse(int argc, char **argv, struct trace_opts *o);

#endif
