/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPMU_RUN_META_H
#define VPMU_RUN_META_H

#include <jansson.h>

#include "probe.h"
#include "workload_out.h"

/*
 * The meta block (bench/result-schema.md): probe facts, run options, the
 * guest PMU of the run's VMs (@guest_pmu, from vpmu-guest), tool and
 * command line.
 */
json_t *run__meta(const struct probe *p, const struct workload_args *a, json_t *guest_pmu,
		  int argc, char **argv);

#endif
