// SPDX-License-Identifier: GPL-2.0
/* Placeholder table: rows land with the PMU workloads. */
#include "workload.h"

const struct workload pmu_msr_workloads[] = {
	{ NULL },
};
