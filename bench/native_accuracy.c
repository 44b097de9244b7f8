// SPDX-License-Identifier: GPL-2.0
/*
 * The accuracy collection's exact-count loop on the host: four NOPs and a
 * LOOP per iteration (pmu_math.h), counted by a libperf event on this
 * thread, user mode only. Host code cannot start and stop a counter in
 * the loop's own instruction stream as the guest's WRMSR does: the enable
 * and disable ioctls add a fixed number of user instructions and branches
 * of their own. So each sample runs the loop twice, L and 2L iterations,
 * each between its own enable and disable, and takes the difference: the
 * fixed part cancels and what is left is exactly L iterations, whose
 * count pmu_math.h gives. The sample is that difference minus it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/stringify.h>

#include "native_rows.h"
#include "pmu_math.h"
#include "pmu_perf.h"
#include "result.h"

/* L: the guest rows' loop count (accuracy_table.c), so both count as much. */
#define NATIVE_ACC_LOOPS 10000ULL

static const struct {
	const char *name, *summary, *event;
	uint64_t config;
	uint64_t (*expected)(uint64_t loops);
} acc_rows[NR_NATIVE_ACC] = {
	{ "perf-insns", "host perf instructions over 10000 loop iterations vs 50000 exact",
	  "instructions", PERF_COUNT_HW_INSTRUCTIONS, acc_expected_insns },
	{ "perf-branches", "host perf branches over 10000 loop iterations vs 10000 exact",
	  "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, acc_expected_branches },
};

/* The loop of pmu_math.h without the WRMSRs: LOOP counts %rcx in 64-bit mode. */
static void acc_native_loop(uint64_t loops)
{
	asm volatile("1:\n\t"
		     ".rept " __stringify(ACC_NOPS_PER_LOOP) "\n\tnop\n\t.endr\n\t"
		     "loop 1b\n\t"
		     : "+c"(loops) :: "memory");
}

/* Counts of one enable, loop, disable; 0 or -1 if a read failed. */
static int acc_native_count(struct pmu_perf *pp, uint64_t loops, struct pmu_perf_count *d)
{
	struct pmu_perf_count a, b;

	if (pmu_perf__read(pp, 0, &a))
		return -1;
	pmu_perf__enable(pp);
	acc_native_loop(loops);
	pmu_perf__disable(pp);
	if (pmu_perf__read(pp, 0, &b))
		return -1;
	d->val = b.val - a.val;
	d->ena = b.ena - a.ena;
	d->run = b.run - a.run;
	return 0;
}

json_t *native_accuracy_row(unsigned int which, const struct native_ctx *c)
{
	const uint64_t l = NATIVE_ACC_LOOPS;
	uint64_t expected = acc_rows[which].expected(2 * l) - acc_rows[which].expected(l);
	struct row_id id = { "accuracy", acc_rows[which].name, acc_rows[which].summary };
	struct workload_out out = { .unit = "events", .calibration = NAN };
	struct series *meas, *exp, *c1, *c2, *ena, *run;
	enum row_status st = ROW_SKIPPED;
	struct perf_event_attr attr;
	struct pmu_perf pp;
	char why[512] = "";
	json_t *row = NULL;
	unsigned int r;

	pmu_perf__attr(&attr, PERF_TYPE_HARDWARE, acc_rows[which].config, true);
	/* The loop is user code; the kernel's share (ioctls, interrupts) is not the loop's. */
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	if (pmu_perf__open(&pp, &attr, 1, -1, false, why, sizeof(why)))
		goto out;
	meas = workload_out__extra(&out, "measured", "events");
	exp = workload_out__extra(&out, "expected", "events");
	c1 = workload_out__extra(&out, "count_1x", "events");
	c2 = workload_out__extra(&out, "count_2x", "events");
	ena = workload_out__extra(&out, "enabled_ns", "ns");
	run = workload_out__extra(&out, "running_ns", "ns");
	out.info = json_pack("{s:s, s:I, s:I, s:i, s:s}", "event", acc_rows[which].event,
			     "loops", (json_int_t)l, "expected", (json_int_t)expected, "cpu", c->cpu,
			     "counting",
			     "libperf, this thread pinned to the cpu, user mode only; measured = "
			     "count(2L loops) - count(L loops), each between its own enable and "
			     "disable, so the enable/disable cost cancels; counts not scaled: "
			     "running_ns < enabled_ns means multiplexed");
	st = ROW_FAILED;
	for (r = 0; r < c->reps; r++) {
		struct pmu_perf_count d1, d2;
		uint64_t m;

		if (*c->stop)
			goto out;
		if (acc_native_count(&pp, l, &d1) || acc_native_count(&pp, 2 * l, &d2)) {
			snprintf(why, sizeof(why), "sample %u: reading %s failed", r,
				 acc_rows[which].event);
			goto out;
		}
		m = d2.val - d1.val;
		series__push(&out.samples, acc_error(m, expected));
		series__push(meas, m);
		series__push(exp, expected);
		series__push(c1, d1.val);
		series__push(c2, d2.val);
		series__push(ena, d1.ena + d2.ena);
		series__push(run, d1.run + d2.run);
		fprintf(c->tap, "# %s rep %u: %s %llu (expected %llu; L %llu, 2L %llu)\n",
			acc_rows[which].name, r, acc_rows[which].event, (unsigned long long)m,
			(unsigned long long)expected, (unsigned long long)d1.val,
			(unsigned long long)d2.val);
	}
	st = ROW_OK;
	why[0] = '\0';
out:
	if (!*c->stop) {
		row = result__row(&id, st, why, st == ROW_OK ? &out : NULL, NAN);
		if (st == ROW_OK)
			fprintf(c->tap, "ok %d %s\n", c->n, id.name);
		else
			fprintf(c->tap, "%sok %d %s # %s%s\n", st == ROW_FAILED ? "not " : "", c->n,
				id.name, st == ROW_SKIPPED ? "SKIP " : "", why);
	}
	pmu_perf__close(&pp);
	workload_out__free(&out);
	return row;
}
