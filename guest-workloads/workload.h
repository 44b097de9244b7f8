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
#include "workload_out.h"

struct workload {
	const char *name;
	const char *collection;
	const char *summary;
	/*
	 * True if the row can run on this host with the run's arguments @a
	 * (mode, guest counters, a->probe). Otherwise writes the exact reason
	 * to @why. Decided once, before the row's run(), which does not
	 * check again. Must not execute any instruction it depends on
	 * (a guest RDPMC without a PMU kills the run on some hosts).
	 */
	bool (*requires)(const struct workload *w, const struct workload_args *a,
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

const struct workload *workload__find(const char *name);

/*
 * The guest PMU a run with @a gets (CPUID.0AH as configured, the
 * IA32_PERF_CAPABILITIES KVM offers), for the result meta; with no guest
 * PMU, {"version": null, "why": ...}. (guest-workloads/pmu/pmu_vm.c)
 */
struct json_t *workload__guest_pmu_meta(const struct probe *p, const struct workload_args *a);

#endif
