/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST DOUBLE: the software PMU's scenarios (which Intel PMU the guest
 * sees) and faulty variants, chosen by the environment of
 * build/tests/vpmu-guest-model only:
 *   VPMU_MODEL_SCENARIO  a scenario name (default v4-8gp-4fixed-metrics)
 *   VPMU_MODEL_FAULT     a fault variant name or "none" (default)
 *   VPMU_MODEL_SKID      instructions from overflow to PMI, 0..16 (default 0)
 * Pure; unit-tested in tests/unit/pmu_model.c.
 */
#ifndef VPMU_PMU_MODEL_SCENARIO_H
#define VPMU_PMU_MODEL_SCENARIO_H

#include <stddef.h>

#include "pmu_model.h"

struct pmu_scenario {
	const char *name;
	const char *summary;
	struct pmu_model_cfg cfg;	/* the host's PMU, which the model is */
	/*
	 * Fixed counters KVM_GET_SUPPORTED_CPUID reports, if fewer than the
	 * host has (0: all of them): stock KVM says 3 on a 4-counter host.
	 */
	unsigned int offered_nr_fixed;
};

struct pmu_fault {
	const char *name;
	unsigned int bit;		/* enum pmu_model_fault */
	const char *summary;
};

extern const struct pmu_scenario pmu_scenarios[];	/* name == NULL ends it */
extern const struct pmu_fault pmu_faults[];		/* name == NULL ends it */

#define PMU_MODEL_DEFAULT_SCENARIO "v4-8gp-4fixed-metrics"
#define PMU_MODEL_MAX_SKID 16

/*
 * The model's configuration from the three variables' values (NULL:
 * unset). 0, or -1 with a one-line reason naming the variable and what
 * was expected in @why.
 */
int pmu_scenario__from_env(const char *scenario, const char *fault, const char *skid,
			   struct pmu_model_cfg *cfg, const struct pmu_scenario **s,
			   const struct pmu_fault **f, char *why, size_t len);

#endif
