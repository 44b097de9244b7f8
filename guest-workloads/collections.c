// SPDX-License-Identifier: GPL-2.0
/*
 * The table of collections. Each collection's rows live in their own
 * file (exit/, pmu/); a new collection is one more row here.
 */
#include <string.h>

#include "workload.h"

extern const struct workload exit_workloads[];
extern const struct workload pmu_msr_workloads[];
extern const struct workload accuracy_workloads[];
extern const struct workload pmi_workloads[];
extern const struct workload topdown_workloads[];
extern const struct workload features_workloads[];
extern const struct workload overhead_workloads[];

const struct collection collections[] = {
	{ "exit",     "VM-exit cost per exit type", exit_workloads },
	{ "pmu-msr",  "guest access cost of every PMU register, intercepted or not", pmu_msr_workloads },
	{ "accuracy", "counter values against exactly known counts", accuracy_workloads },
	{ "pmi",      "overflow interrupt latency and skid", pmi_workloads },
	{ "topdown",  "TMA level-1 metrics in the guest against native", topdown_workloads },
	{ "features", "PMU v4/v5 functional checks", features_workloads },
	{ "overhead", "fixed guest work while sampling (PMIs) or reading (RDPMC) at a rate", overhead_workloads },
	{ NULL },
};

const struct workload *workload__find(const char *name)
{
	const struct collection *c;
	const struct workload *w;

	for_each_collection(c)
		for_each_workload(c, w)
			if (!strcmp(w->name, name))
				return w;
	return NULL;
}
