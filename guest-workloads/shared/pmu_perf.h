/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host counting with libperf, for the accuracy collection's busy host
 * (counters pinned on the vCPU's CPU) and for `vpmu-bench native`
 * (counters on this thread). Every failure is kept with its errno.
 */
#ifndef VPMU_PMU_PERF_H
#define VPMU_PMU_PERF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/perf_event.h>

/* One event per host GP counter (8 on SPR), or SLOTS and the metrics. */
#define PMU_PERF_MAX 16

struct perf_evlist;
struct perf_evsel;
struct perf_cpu_map;
struct perf_thread_map;

struct pmu_perf {
	struct perf_evlist *evlist;
	struct perf_evsel *ev[PMU_PERF_MAX];
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	int n;
	int err;			/* errno of the failed open, 0 if open */
};

struct pmu_perf_count {
	uint64_t val, ena, run;		/* run < ena: the event was multiplexed */
};

/*
 * Open @n events: on CPU @cpu for every task (cpu >= 0), or on this
 * thread on any CPU (cpu < 0); as one group led by attrs[0] if @group.
 * Returns 0, or -errno with the reason in @why, naming the event that
 * failed (pmu_perf__describe()); nothing is left open.
 */
int pmu_perf__open(struct pmu_perf *pp, struct perf_event_attr *attrs, int n, int cpu,
		   bool group, char *why, size_t len);
void pmu_perf__enable(struct pmu_perf *pp);
void pmu_perf__disable(struct pmu_perf *pp);
int pmu_perf__read(struct pmu_perf *pp, int i, struct pmu_perf_count *c);
void pmu_perf__close(struct pmu_perf *pp);

/* "event 3 of 8 (type 4, config 0xc4, pinned, counting guest, pinned CPU)" */
void pmu_perf__describe(const struct perf_event_attr *a, int i, int n, int cpu, char *buf,
			size_t len);

/* A counting attr: @type/@config, counting host and, unless @exclude_guest, guest. */
void pmu_perf__attr(struct perf_event_attr *a, uint32_t type, uint64_t config, bool exclude_guest);

#endif
