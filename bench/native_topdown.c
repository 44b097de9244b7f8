// SPDX-License-Identifier: GPL-2.0
/*
 * The topdown shapes on the host, counted by libperf: the ground truth for
 * the guest's PERF_METRICS. The events are the kernel's perf-metrics
 * pseudo events of the core PMU (sysfs events/slots, topdown-*): a group
 * led by slots, each topdown-* value already scaled to slots by the kernel.
 * The PMU's sysfs directory is checked first, so that a host whose perf
 * has no topdown events says so instead of failing an open.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "native_topdown.h"
#include "pmu_perf.h"
#include "topdown_shapes.h"

#define SYSFS_PMUS "/sys/bus/event_source/devices"

/* Raw encodings the kernel publishes in sysfs (event=0x00, umask=...). */
static const struct {
	const char *sysfs;
	uint64_t config;
} td_events[1 + NR_TD_METRICS] = {
	{ "slots", 0x0400 },
	[1 + TD_RETIRING] = { "topdown-retiring", 0x8000 },
	[1 + TD_BAD_SPEC] = { "topdown-bad-spec", 0x8100 },
	[1 + TD_FE_BOUND] = { "topdown-fe-bound", 0x8200 },
	[1 + TD_BE_BOUND] = { "topdown-be-bound", 0x8300 },
};

/* The core PMU's type, or -1 with the reason. */
static int core_pmu_type(char *why, size_t len)
{
	static const char *const pmus[] = { "cpu_core", "cpu" };
	char path[256];
	unsigned int i, e;
	struct stat st;
	int type = -1;
	FILE *f;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), SYSFS_PMUS "/%s/type", pmus[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%d", &type) != 1)
			type = -1;
		fclose(f);
		for (e = 0; e < 1 + NR_TD_METRICS; e++) {
			snprintf(path, sizeof(path), SYSFS_PMUS "/%s/events/%s", pmus[i],
				 td_events[e].sysfs);
			if (stat(path, &st)) {
				snprintf(why, len, "host perf has no topdown events (%.150s: %s)",
					 path, strerror(errno));
				return -1;
			}
		}
		if (type < 0)
			snprintf(why, len, "unreadable %s/%s/type", SYSFS_PMUS, pmus[i]);
		return type;
	}
	snprintf(why, len, "host perf has no hardware events: no core PMU in %s (cpu, cpu_core)",
		 SYSFS_PMUS);
	return -1;
}

static void *td_native_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

static int td_native_shape(enum td_shape s, int type, unsigned int reps, int n, FILE *f)
{
	struct perf_event_attr attrs[1 + NR_TD_METRICS];
	struct td_work w = { .iters = td_iters[s] };
	uint64_t *chase = NULL;
	uint8_t *rnd = NULL;
	struct pmu_perf pp;
	char why[256];
	unsigned int r;
	int e, ret = 1;

	for (e = 0; e < 1 + NR_TD_METRICS; e++)
		pmu_perf__attr(&attrs[e], type, td_events[e].config, true);
	if (pmu_perf__open(&pp, attrs, 1 + NR_TD_METRICS, -1, true, why, sizeof(why))) {
		fprintf(f, "ok %d topdown-%s # SKIP %s\n", n, td_shapes[s].name, why);
		return 4;
	}
	if (s == TD_SHAPE_BACKEND) {
		uint64_t lines = TD_CHASE_BYTES / TD_LINE;
		uint32_t *scratch = malloc(lines * sizeof(*scratch));

		chase = td_native_alloc(TD_CHASE_BYTES);
		if (!chase || !scratch) {
			free(scratch);
			fprintf(f, "not ok %d topdown-%s # out of memory for 256 MiB\n", n,
				td_shapes[s].name);
			goto out;
		}
		td_chase_init(chase, lines, (uint64_t)chase, scratch, 1);
		free(scratch);
		w.chase = chase;
	}
	if (s == TD_SHAPE_BADSPEC) {
		rnd = malloc(TD_RAND_BYTES);
		if (!rnd) {
			fprintf(f, "not ok %d topdown-%s # out of memory\n", n, td_shapes[s].name);
			goto out;
		}
		td_rand_init(rnd, TD_RAND_BYTES, 1);
		w.rand = rnd;
		w.rand_len = TD_RAND_BYTES;
	}
	for (r = 0; r < reps; r++) {
		struct pmu_perf_count c[1 + NR_TD_METRICS], c0[1 + NR_TD_METRICS];

		for (e = 0; e < 1 + NR_TD_METRICS; e++)
			pmu_perf__read(&pp, e, &c0[e]);
		pmu_perf__enable(&pp);
		td_shape_run(s, &w);
		pmu_perf__disable(&pp);
		for (e = 0; e < 1 + NR_TD_METRICS; e++) {
			if (pmu_perf__read(&pp, e, &c[e])) {
				fprintf(f, "not ok %d topdown-%s # reading %s failed\n", n,
					td_shapes[s].name, td_events[e].sysfs);
				goto out;
			}
		}
		if (c[0].val == c0[0].val) {
			fprintf(f, "not ok %d topdown-%s # slots did not count\n", n,
				td_shapes[s].name);
			goto out;
		}
		fprintf(f, "# topdown-%s rep %u: slots %llu", td_shapes[s].name, r,
			(unsigned long long)(c[0].val - c0[0].val));
		for (e = 0; e < NR_TD_METRICS; e++)
			fprintf(f, " %s %.1f", td_metric_names[e],
				100.0 * (c[1 + e].val - c0[1 + e].val) / (c[0].val - c0[0].val));
		fprintf(f, " (pct_points)\n");
	}
	fprintf(f, "ok %d topdown-%s\n", n, td_shapes[s].name);
	ret = 0;
out:
	pmu_perf__close(&pp);
	if (chase)
		munmap(chase, TD_CHASE_BYTES);
	free(rnd);
	return ret;
}

int native_topdown(unsigned int reps, FILE *f)
{
	int s, type, ran = 0, failed = 0;
	char why[256];

	fprintf(f, "TAP version 13\n1..%d\n", NR_TD_SHAPES);
	type = core_pmu_type(why, sizeof(why));
	for (s = 0; s < NR_TD_SHAPES; s++) {
		int r;

		if (type < 0) {
			fprintf(f, "ok %d topdown-%s # SKIP %s\n", s + 1, td_shapes[s].name, why);
			continue;
		}
		r = td_native_shape(s, type, reps, s + 1, f);
		ran += r == 0;
		failed += r == 1;
	}
	if (failed)
		return 1;
	return ran ? 0 : 4;
}
