// SPDX-License-Identifier: GPL-2.0
/*
 * The topdown shapes on the host, counted by libperf: the ground truth for
 * the guest's PERF_METRICS. The events are the kernel's perf-metrics
 * pseudo events of the core PMU (sysfs events/slots, topdown-*): a group
 * led by slots, each topdown-* value already scaled to slots by the kernel.
 * The PMU's sysfs directory is checked first, so that a host whose perf
 * has no topdown events says so instead of failing an open. Instructions
 * and branches are a second group beside it, so that a host where that
 * one cannot open still measures topdown. Every count keeps its enabled
 * and running times: running < enabled means the group was multiplexed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "native_rows.h"
#include "pmu_perf.h"
#include "result.h"

#define SYSFS_PMUS "/sys/bus/event_source/devices"
#define NR_TD_EVENTS (1 + NR_TD_METRICS)

/* Raw encodings the kernel publishes in sysfs (event=0x00, umask=...). */
static const struct {
	const char *sysfs;
	uint64_t config;
} td_events[NR_TD_EVENTS] = {
	{ "slots", 0x0400 },
	[1 + TD_RETIRING] = { "topdown-retiring", 0x8000 },
	[1 + TD_BAD_SPEC] = { "topdown-bad-spec", 0x8100 },
	[1 + TD_FE_BOUND] = { "topdown-fe-bound", 0x8200 },
	[1 + TD_BE_BOUND] = { "topdown-be-bound", 0x8300 },
};

/* The second group: generic hardware events, any PMU. */
static const struct {
	const char *series;
	uint64_t config;
} td_counts[] = {
	{ "instructions", PERF_COUNT_HW_INSTRUCTIONS },
	{ "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
};
#define NR_TD_COUNTS 2

/* The core PMU's type under @root (sysfs event_source devices), or -1 with the reason. */
static int core_pmu_type(const char *root, char *why, size_t len)
{
	static const char *const pmus[] = { "cpu_core", "cpu" };
	char path[512];
	unsigned int i, e;
	struct stat st;
	int type = -1;
	FILE *f;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s/type", root, pmus[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%d", &type) != 1)
			type = -1;
		fclose(f);
		for (e = 0; e < NR_TD_EVENTS; e++) {
			snprintf(path, sizeof(path), "%s/%s/events/%s", root, pmus[i],
				 td_events[e].sysfs);
			if (stat(path, &st)) {
				snprintf(why, len, "host perf has no topdown events (%.300s: %s)",
					 path, strerror(errno));
				return -1;
			}
		}
		if (type < 0)
			snprintf(why, len, "unreadable %.300s/%s/type", root, pmus[i]);
		return type;
	}
	snprintf(why, len, "host perf has no hardware events: no core PMU in %.300s (cpu, cpu_core)",
		 root);
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

struct td_native {
	struct td_work w;
	uint64_t *chase;
	uint8_t *rnd;
	struct pmu_perf td, counts;
	bool have_counts;
	struct workload_out out;
	struct series *pct[NR_TD_METRICS], *slots, *ena, *run;
	struct series *cnt[NR_TD_COUNTS], *cena, *crun;
	char pages[160];	/* the chase buffer's pages, for info */
};

/* The chase buffer's pages, as the guest rows record theirs (topdown_shapes.h). */
static void td_native_pages(void *p, char *buf, size_t len)
{
	char mode[32];
	long long kb = td_pages__read((uintptr_t)p, (uintptr_t)p + TD_CHASE_BYTES, mode,
				      sizeof(mode));

	snprintf(buf, len, "MADV_HUGEPAGE (transparent_hugepage/enabled: %s), AnonHugePages %lld kB",
		 mode, kb);
}

/* The shape's data, as the guest row has it (same seeds, same sizes). */
static int td_native_work(struct td_native *t, enum td_shape s, char *why, size_t len)
{
	t->w.iters = td_iters[s];
	if (s == TD_SHAPE_BACKEND) {
		uint64_t lines = TD_CHASE_BYTES / TD_LINE;
		uint32_t *scratch = malloc(lines * sizeof(*scratch));

		t->chase = td_native_alloc(TD_CHASE_BYTES);
		if (!t->chase || !scratch) {
			free(scratch);
			snprintf(why, len, "out of memory for the %llu MiB chase buffer",
				 TD_CHASE_BYTES >> 20);
			return -1;
		}
		td_chase_init(t->chase, lines, (uint64_t)t->chase, scratch, 1);
		free(scratch);
		t->w.chase = t->chase;
		td_native_pages(t->chase, t->pages, sizeof(t->pages));
	}
	if (s == TD_SHAPE_BADSPEC) {
		t->rnd = malloc(TD_RAND_BYTES);
		if (!t->rnd) {
			snprintf(why, len, "out of memory for the random bytes");
			return -1;
		}
		td_rand_init(t->rnd, TD_RAND_BYTES, 1);
		t->w.rand = t->rnd;
		t->w.rand_len = TD_RAND_BYTES;
	}
	return 0;
}

static int read_all(struct pmu_perf *pp, int n, struct pmu_perf_count *c)
{
	int e;

	for (e = 0; e < n; e++)
		if (pmu_perf__read(pp, e, &c[e]))
			return e;
	return -1;
}

/*
 * One sample; 0, or with why: -1 a failure (the events were open), -2
 * the host cannot count the group on this CPU (a skip).
 */
static int td_native_sample(struct td_native *t, enum td_shape s, unsigned int rep,
			    const struct native_ctx *c, char *why, size_t len)
{
	struct pmu_perf_count a[NR_TD_EVENTS], b[NR_TD_EVENTS], ca[NR_TD_COUNTS], cb[NR_TD_COUNTS];
	uint64_t slots;
	int e, m;

	if (read_all(&t->td, NR_TD_EVENTS, a) >= 0 ||
	    (t->have_counts && read_all(&t->counts, NR_TD_COUNTS, ca) >= 0)) {
		snprintf(why, len, "sample %u: reading the counters before the shape failed", rep);
		return -1;
	}
	pmu_perf__enable(&t->td);
	if (t->have_counts)
		pmu_perf__enable(&t->counts);
	td_shape_run(s, &t->w);
	if (t->have_counts)
		pmu_perf__disable(&t->counts);
	pmu_perf__disable(&t->td);
	e = read_all(&t->td, NR_TD_EVENTS, b);
	if (e >= 0) {
		snprintf(why, len, "sample %u: reading %s failed", rep, td_events[e].sysfs);
		return -1;
	}
	if (t->have_counts && (e = read_all(&t->counts, NR_TD_COUNTS, cb)) >= 0) {
		snprintf(why, len, "sample %u: reading %s failed", rep, td_counts[e].series);
		return -1;
	}
	slots = b[0].val - a[0].val;
	/* Never scheduled: e.g. a hybrid part's E-core has no cpu_core PMU. */
	if (b[0].run == a[0].run) {
		snprintf(why, len, "slots group never ran on CPU %d (running 0 of %llu ns enabled): this CPU's PMU does not count it",
			 c->cpu, (unsigned long long)(b[0].ena - a[0].ena));
		return -2;
	}
	if (!slots) {
		snprintf(why, len, "sample %u: slots did not count (running %llu of %llu ns)", rep,
			 (unsigned long long)(b[0].run - a[0].run),
			 (unsigned long long)(b[0].ena - a[0].ena));
		return -1;
	}
	fprintf(c->tap, "# %s rep %u: slots %llu", td_shapes[s].name, rep,
		(unsigned long long)slots);
	for (m = 0; m < NR_TD_METRICS; m++) {
		double pct = 100.0 * (b[1 + m].val - a[1 + m].val) / slots;

		series__push(t->pct[m], pct);
		fprintf(c->tap, " %s %.1f", td_metric_names[m], pct);
	}
	fprintf(c->tap, " (pct_points)\n");
	series__push(t->slots, slots);
	series__push(t->ena, b[0].ena - a[0].ena);
	series__push(t->run, b[0].run - a[0].run);
	series__push(&t->out.samples, t->pct[td_shapes[s].dominant]->v[rep]);
	for (e = 0; t->have_counts && e < NR_TD_COUNTS; e++)
		series__push(t->cnt[e], cb[e].val - ca[e].val);
	if (t->have_counts) {
		series__push(t->cena, cb[0].ena - ca[0].ena);
		series__push(t->crun, cb[0].run - ca[0].run);
	}
	return 0;
}

static void td_native_series(struct td_native *t, enum td_shape s, int cpu)
{
	int m;

	t->out.unit = "pct_points";
	t->out.calibration = NAN;
	for (m = 0; m < NR_TD_METRICS; m++)
		t->pct[m] = workload_out__extra(&t->out, td_metric_names[m], "pct_points");
	t->slots = workload_out__extra(&t->out, "slots", "slots");
	t->ena = workload_out__extra(&t->out, "enabled_ns", "ns");
	t->run = workload_out__extra(&t->out, "running_ns", "ns");
	if (t->have_counts) {
		for (m = 0; m < NR_TD_COUNTS; m++)
			t->cnt[m] = workload_out__extra(&t->out, td_counts[m].series,
							td_counts[m].series);
		t->cena = workload_out__extra(&t->out, "counts_enabled_ns", "ns");
		t->crun = workload_out__extra(&t->out, "counts_running_ns", "ns");
	}
	t->out.info = json_pack("{s:s, s:s, s:I, s:i, s:s}", "shape", td_shapes[s].summary,
				"samples_are", td_metric_names[td_shapes[s].dominant],
				"iterations", (json_int_t)td_iters[s], "cpu", cpu,
				"counting",
				"libperf, this thread pinned to the cpu, user and kernel, host only "
				"(exclude_guest); group {slots, topdown-retiring, topdown-bad-spec, "
				"topdown-fe-bound, topdown-be-bound}, second group {instructions, "
				"branches}; counts not scaled: running_ns < enabled_ns means multiplexed");
	if (t->pages[0])
		json_object_set_new(t->out.info, "chase_pages", json_string(t->pages));
}

json_t *native_topdown_row(enum td_shape s, const struct native_ctx *c)
{
	struct perf_event_attr attrs[NR_TD_EVENTS], cattrs[NR_TD_COUNTS];
	char name[64], why[512] = "", cwhy[256];
	struct td_native t = { 0 };
	enum row_status st = ROW_SKIPPED;
	struct row_id id = { "topdown", name, td_shapes[s].summary };
	json_t *row = NULL;
	unsigned int r;
	int e, type;

	snprintf(name, sizeof(name), "topdown-%s", td_shapes[s].name);
	type = core_pmu_type(c->sysfs_pmus ? c->sysfs_pmus : SYSFS_PMUS, why, sizeof(why));
	if (type < 0)
		goto out;
	for (e = 0; e < NR_TD_EVENTS; e++)
		pmu_perf__attr(&attrs[e], type, td_events[e].config, true);
	if (pmu_perf__open(&t.td, attrs, NR_TD_EVENTS, -1, true, why, sizeof(why)))
		goto out;
	for (e = 0; e < NR_TD_COUNTS; e++)
		pmu_perf__attr(&cattrs[e], PERF_TYPE_HARDWARE, td_counts[e].config, true);
	t.have_counts = !pmu_perf__open(&t.counts, cattrs, NR_TD_COUNTS, -1, true, cwhy,
					sizeof(cwhy));
	st = ROW_FAILED;
	if (td_native_work(&t, s, why, sizeof(why)))
		goto out;
	td_native_series(&t, s, c->cpu);
	if (!t.have_counts)
		json_object_set_new(t.out.info, "counts_why", json_string(cwhy));
	for (r = 0; r < c->reps; r++) {
		if (*c->stop)
			goto out;
		e = td_native_sample(&t, s, r, c, why, sizeof(why));
		if (e) {
			st = e == -2 ? ROW_SKIPPED : ROW_FAILED;
			goto out;
		}
	}
	st = ROW_OK;
	why[0] = '\0';
out:
	if (!*c->stop) {
		row = result__row(&id, st, why, st == ROW_OK ? &t.out : NULL, NAN);
		if (st == ROW_OK)
			fprintf(c->tap, "ok %d %s\n", c->n, name);
		else
			fprintf(c->tap, "%sok %d %s # %s%s\n", st == ROW_FAILED ? "not " : "", c->n,
				name, st == ROW_SKIPPED ? "SKIP " : "", why);
	}
	pmu_perf__close(&t.td);
	if (t.have_counts)
		pmu_perf__close(&t.counts);
	if (t.chase)
		munmap(t.chase, TD_CHASE_BYTES);
	free(t.rnd);
	workload_out__free(&t.out);
	return row;
}
