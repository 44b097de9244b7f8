/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPMU_RUN_META_H
#define VPMU_RUN_META_H

#include <jansson.h>

#include "probe.h"
#include "workload_out.h"

/*
 * The meta block (bench/result-schema.md): probe facts, run options, the
 * guest PMU of the run's VMs (@guest_pmu, from vpmu-guest), tool and
 * command line, and meta.hygiene: the host settings that skew numbers, each
 * warned about on stderr with its fix. It opens the hygiene window of the
 * run (SMT sibling load, interrupts on the measured CPU): call
 * run__meta_end() when the measuring is over, before writing the file,
 * or those two facts stay unknown ("no end-of-run snapshot").
 */
json_t *run__meta(const struct probe *p, const struct workload_args *a, json_t *guest_pmu,
		  int argc, char **argv);
/* Close the window: meta.hygiene gets the run's deltas; their warnings go to stderr. */
void run__meta_end(json_t *meta);

#endif
