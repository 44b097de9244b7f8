/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a workload is asked for (struct workload_args) and what it hands
 * back (struct workload_out: every sample, extra series, a reason): the
 * data that crosses from the guest layer to the result writer.
 */
#ifndef VPMU_WORKLOAD_OUT_H
#define VPMU_WORKLOAD_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe.h"

/* kselftest exit codes (also in kselftest.h) */
#ifndef KSFT_PASS
#define KSFT_PASS 0
#define KSFT_FAIL 1
#define KSFT_SKIP 4
#endif

/* How the host asked for this run (vpmu-bench run options). */
struct workload_args {
	unsigned int reps;		/* samples wanted */
	int cpu;			/* host CPU the vCPU thread is pinned to, -1 = none */
	int guest_gp_counters;		/* GP counters given to the guest, -1 = all KVM offers */
	enum vpmu_mode mode;		/* mode of this run (nopmu => KVM_PMU_CAP_DISABLE) */
	const struct probe *probe;
};

/* One measured quantity: every sample is kept. */
struct series {
	const char *name;		/* "exits_per_op", "raw_batch" ... */
	const char *unit;		/* "tsc_cycles", "exits", "instructions", "pct_points" ... */
	double *v;
	size_t n, cap;
};

#define WL_MAX_EXTRA 12

struct workload_out {
	const char *unit;		/* unit of samples (the primary series) */
	unsigned int ops_per_sample;	/* operations timed per sample, 0 if n/a */
	struct series samples;		/* the primary series, one value per sample */
	struct series extra[WL_MAX_EXTRA];
	unsigned int nr_extra;
	double calibration;		/* subtracted per sample, in unit; NAN if none */
	char note[1024];		/* skip/failure reason, or a remark */
	struct json_t *info;		/* optional facts (strings/numbers) for the result */
};

/* series helpers */
void series__push(struct series *s, double v);
struct series *workload_out__extra(struct workload_out *o, const char *name, const char *unit);
void workload_out__note(struct workload_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void workload_out__free(struct workload_out *o);

#endif
