// SPDX-License-Identifier: GPL-2.0
/* Host counting with libperf (see pmu_perf.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "pmu_perf.h"

void pmu_perf__attr(struct perf_event_attr *a, uint32_t type, uint64_t config, bool exclude_guest)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = type;
	a->config = config;
	a->disabled = 1;
	a->exclude_guest = exclude_guest;
	a->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
}

void pmu_perf__describe(const struct perf_event_attr *a, int i, int n, int cpu, char *buf,
			size_t len)
{
	snprintf(buf, len, "event %d of %d (type %u, config %#llx%s%s, %s)", i + 1, n, a->type,
		 (unsigned long long)a->config, a->pinned ? ", pinned" : "",
		 a->exclude_guest ? "" : ", counting guest",
		 cpu >= 0 ? "pinned CPU" : "this thread");
}

int pmu_perf__open(struct pmu_perf *pp, struct perf_event_attr *attrs, int n, int cpu,
		   bool group, char *why, size_t len)
{
	char list[16];
	int i, err;

	memset(pp, 0, sizeof(*pp));
	if (n > PMU_PERF_MAX)
		n = PMU_PERF_MAX;
	if (cpu >= 0) {
		snprintf(list, sizeof(list), "%d", cpu);
		pp->cpus = perf_cpu_map__new(list);
		pp->threads = perf_thread_map__new_dummy();
	} else {
		pid_t self = 0;

		pp->cpus = perf_cpu_map__new_any_cpu();
		pp->threads = perf_thread_map__new_array(1, &self);
	}
	pp->evlist = perf_evlist__new();
	if (!pp->cpus || !pp->threads || !pp->evlist) {
		snprintf(why, len, "libperf: out of memory");
		err = -ENOMEM;
		goto out_err;
	}
	for (i = 0; i < n; i++) {
		pp->ev[i] = perf_evsel__new(&attrs[i]);
		if (!pp->ev[i]) {
			snprintf(why, len, "libperf: out of memory");
			err = -ENOMEM;
			goto out_err;
		}
		perf_evlist__add(pp->evlist, pp->ev[i]);
		pp->n++;
	}
	perf_evlist__set_maps(pp->evlist, pp->cpus, pp->threads);
	if (group)
		perf_evlist__set_leader(pp->evlist);
	/* One by one, as perf_evlist__open() does, to name the one that fails. */
	for (i = 0; i < n; i++) {
		char desc[160];
		int e;

		errno = 0;
		err = perf_evsel__open(pp->ev[i], perf_evsel__cpus(pp->ev[i]),
				       perf_evsel__threads(pp->ev[i]));
		if (!err)
			continue;
		e = err < 0 && err != -1 ? -err : (errno ? errno : EINVAL);
		pmu_perf__describe(&attrs[i], i, n, cpu, desc, sizeof(desc));
		snprintf(why, len, "perf_event_open(%s): %s (errno %d)", desc, strerror(e), e);
		err = -e;
		goto out_err;
	}
	return 0;
out_err:
	pp->err = -err;
	pmu_perf__close(pp);
	pp->err = -err;
	return err;
}

void pmu_perf__enable(struct pmu_perf *pp)
{
	if (pp->evlist)
		perf_evlist__enable(pp->evlist);
}

void pmu_perf__disable(struct pmu_perf *pp)
{
	if (pp->evlist)
		perf_evlist__disable(pp->evlist);
}

int pmu_perf__read(struct pmu_perf *pp, int i, struct pmu_perf_count *c)
{
	struct perf_counts_values v = { 0 };
	int r;

	if (i >= pp->n)
		return -EINVAL;
	r = perf_evsel__read(pp->ev[i], 0, 0, &v);
	c->val = v.val;
	c->ena = v.ena;
	c->run = v.run;
	return r;
}

void pmu_perf__close(struct pmu_perf *pp)
{
	if (pp->evlist) {
		perf_evlist__close(pp->evlist);
		/* Deletes the evsels and drops the maps it holds. */
		perf_evlist__delete(pp->evlist);
	}
	perf_cpu_map__put(pp->cpus);
	perf_thread_map__put(pp->threads);
	memset(pp, 0, sizeof(*pp));
}
