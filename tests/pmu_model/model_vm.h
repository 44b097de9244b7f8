/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST DOUBLE: the software PMU model's VM glue (model_vm.c). Its
 * constructor selects the model from VPMU_MODEL_SCENARIO, VPMU_MODEL_FAULT
 * and VPMU_MODEL_SKID and sets harness_hooks; a test may select again.
 */
#ifndef VPMU_PMU_MODEL_VM_H
#define VPMU_PMU_MODEL_VM_H

#include <stddef.h>

/* Select a scenario, fault and skid (scenario.h); 0, or -1 with @why. */
int pmu_model_vm__select(const char *scenario, const char *fault, const char *skid,
			 char *why, size_t len);

#endif
