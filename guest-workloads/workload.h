/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One table of workloads per collection (kvm-unit-tests x86/vmexit.c and
 * perf builtin-bench.c style): adding a workload is one file and one row.
 * Every row has a requirement probe; a row that cannot run here is
 * reported as skipped with the reason, never dropped.
 */
#ifndef VPMU_WORKLOAD_H
#define VPMU_WORKLOAD_H

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

#define WL_MAX_EXTRA 8

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

struct workload {
	const char *name;
	const char *collection;
	const char *summary;
	/*
	 * True if the row can run on this host. Otherwise writes the exact
	 * reason to @why. Must not execute any instruction it depends on
	 * (a guest RDPMC without a PMU kills the run on some hosts).
	 */
	bool (*requires)(const struct workload *w, const struct probe *p,
			 char *why, size_t len);
	/*
	 * Runs in a forked child (a crash or hang is that row's failure).
	 * Returns KSFT_PASS, KSFT_SKIP (reason in out->note) or KSFT_FAIL.
	 */
	int (*run)(const struct workload *w, const struct workload_args *a,
		   struct workload_out *out);
	unsigned int timeout_s;		/* 0: the run's default */
	const void *priv;		/* row data (an MSR index, a guest function) */
};

struct collection {
	const char *name;
	const char *summary;
	const struct workload *workloads;	/* terminated by a row with name == NULL */
};

/* All collections, terminated by { NULL }. */
extern const struct collection collections[];

#define for_each_collection(c) for ((c) = collections; (c)->name; (c)++)
#define for_each_workload(c, w) for ((w) = (c)->workloads; (w)->name; (w)++)

const struct collection *collection__find(const char *name);
const struct workload *workload__find(const char *name);

/*
 * The guest PMU a run with @a gets (CPUID.0AH as configured, the
 * IA32_PERF_CAPABILITIES KVM offers), for the result meta; with no guest
 * PMU, {"version": null, "why": ...}. (guest-workloads/pmu/pmu_vm.c)
 */
struct json_t *workload__guest_pmu_meta(const struct probe *p, const struct workload_args *a);

/* series helpers (workload_out.c) */
void series__push(struct series *s, double v);
struct series *workload_out__extra(struct workload_out *o, const char *name, const char *unit);
void workload_out__note(struct workload_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void workload_out__free(struct workload_out *o);

#endif
