/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rows of `vpmu-bench native`: the guest workloads' code run on this
 * thread (pinned by the command), counted with libperf, each made into
 * one results[] row by the writer `run` uses (bench/util/result.h).
 */
#ifndef VPMU_NATIVE_ROWS_H
#define VPMU_NATIVE_ROWS_H

#include <signal.h>
#include <stdio.h>

#include <jansson.h>

#include "topdown_shapes.h"

/* The accuracy rows: perf-insns, perf-branches. */
#define NR_NATIVE_ACC 2

struct native_ctx {
	unsigned int reps;		/* samples per row */
	int cpu;			/* the CPU this thread is pinned to, for info */
	volatile sig_atomic_t *stop;	/* SIGINT/SIGTERM: end the row, keep nothing of it */
	FILE *tap;			/* one "ok N NAME" line per row, "#" lines per sample */
	int n;				/* TAP number of the row */
	/* sysfs PMU directory; NULL: /sys/bus/event_source/devices (tests: their own) */
	const char *sysfs_pmus;
};

/*
 * One row each, status ok, skipped (the host cannot count it: the reason
 * names perf and the errno) or failed. NULL when *stop was set during the
 * row (its TAP line is then not printed).
 */
json_t *native_topdown_row(enum td_shape s, const struct native_ctx *c);
json_t *native_accuracy_row(unsigned int which, const struct native_ctx *c);

#endif
