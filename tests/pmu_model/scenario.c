// SPDX-License-Identifier: GPL-2.0
/* TEST DOUBLE: scenarios and faulty variants of the software PMU (scenario.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define CAPS_FW		PMU_CAP_FULL_WIDTH_WRITE
#define CAPS_METRICS	(PMU_CAP_FULL_WIDTH_WRITE | PMU_CAP_PERF_METRICS)
/*
 * PERF_METRICS bytes (retiring, bad speculation, frontend, backend) that
 * sum to 0xff, all different so that a swap is visible: 25.1 %, 12.5 %,
 * 18.8 %, 43.5 %.
 */
#define METRICS		0x6f302040ULL
#define SLOTS		4000000ULL

const struct pmu_scenario pmu_scenarios[] = {
	{ "v2-8gp-3fixed", "PMU v2, 8 GP, 3 fixed, full-width writes",
	  { .version = 2, .nr_gp = 8, .gp_width = 48, .nr_fixed = 3, .fixed_width = 48,
	    .perf_caps = CAPS_FW } },
	{ "v4-8gp-4fixed-metrics", "PMU v4, 8 GP, 4 fixed, PERF_METRICS",
	  { .version = 4, .nr_gp = 8, .gp_width = 48, .nr_fixed = 4, .fixed_width = 48,
	    .perf_caps = CAPS_METRICS, .perf_metrics = METRICS, .slots = SLOTS } },
	{ "v5-4fixed-metrics", "PMU v5, 8 GP, 4 fixed (ECX 0xf), PERF_METRICS",
	  { .version = 5, .nr_gp = 8, .gp_width = 48, .nr_fixed = 4, .fixed_width = 48,
	    .fixed_mask = 0xf, .perf_caps = CAPS_METRICS, .perf_metrics = METRICS,
	    .slots = SLOTS } },
	{ "v5-sparse-fixed", "PMU v5, 8 GP, fixed 0 and 3 only (EDX 1, ECX 0x9), PERF_METRICS",
	  { .version = 5, .nr_gp = 8, .gp_width = 48, .nr_fixed = 1, .fixed_width = 48,
	    .fixed_mask = 0x9, .perf_caps = CAPS_METRICS, .perf_metrics = METRICS,
	    .slots = SLOTS } },
	{ "v2-spr-stock-kvm",
	  "host PMU v2, 8 GP, 4 fixed, PERF_METRICS; KVM reports 3 fixed (stock 7.2 on SPR)",
	  { .version = 2, .nr_gp = 8, .gp_width = 48, .nr_fixed = 4, .fixed_width = 48,
	    .perf_caps = CAPS_METRICS, .perf_metrics = METRICS, .slots = SLOTS },
	  .offered_nr_fixed = 3 },
	{ "v4-1gp", "PMU v4, 1 GP, 3 fixed, full-width writes",
	  { .version = 4, .nr_gp = 1, .gp_width = 48, .nr_fixed = 3, .fixed_width = 48,
	    .perf_caps = CAPS_FW } },
	{ "v4-0gp", "PMU v4, 0 GP, 3 fixed",
	  { .version = 4, .nr_gp = 0, .gp_width = 48, .nr_fixed = 3, .fixed_width = 48 } },
	{ NULL },
};

const struct pmu_fault pmu_faults[] = {
	{ "none", PMU_FAULT_NONE, "the model as specified" },
	{ "pmi-never-delivered", PMU_FAULT_PMI_NEVER, "an overflow sets GLOBAL_STATUS, no PMI" },
	{ "count-off-by-one", PMU_FAULT_COUNT_OFF_BY_ONE, "counter reads return one more" },
	{ "skid-2-configured-0", PMU_FAULT_SKID_2, "PMIs come 2 instructions late" },
	{ "perf-metrics-swapped", PMU_FAULT_METRICS_SWAPPED,
	  "PERF_METRICS retiring and backend bytes swapped" },
	{ "status-set-ignored", PMU_FAULT_STATUS_SET_IGNORED, "GLOBAL_STATUS_SET writes do nothing" },
	{ "lvtpc-left-masked", PMU_FAULT_LVTPC_MASKED,
	  "LVTPC stays masked after the first PMI whatever the guest writes" },
	{ NULL },
};

static void names(char *buf, size_t len, bool faults)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; faults ? pmu_faults[i].name != NULL : pmu_scenarios[i].name != NULL; i++) {
		const char *s = faults ? pmu_faults[i].name : pmu_scenarios[i].name;
		int w = snprintf(buf + n, len - n, "%s%s", i ? ", " : "", s);

		if (w < 0 || (size_t)w >= len - n)
			return;
		n += w;
	}
}

int pmu_scenario__from_env(const char *scenario, const char *fault, const char *skid,
			   struct pmu_model_cfg *cfg, const struct pmu_scenario **s,
			   const struct pmu_fault **f, char *why, size_t len)
{
	char list[512];
	unsigned long k;
	char *end;
	int i;

	if (!scenario || !*scenario)
		scenario = PMU_MODEL_DEFAULT_SCENARIO;
	if (!fault || !*fault)
		fault = "none";
	for (i = 0; pmu_scenarios[i].name && strcmp(pmu_scenarios[i].name, scenario); i++)
		;
	if (!pmu_scenarios[i].name) {
		names(list, sizeof(list), false);
		snprintf(why, len, "VPMU_MODEL_SCENARIO=%.64s: unknown scenario (expected one of: %s)",
			 scenario, list);
		return -1;
	}
	*s = &pmu_scenarios[i];
	for (i = 0; pmu_faults[i].name && strcmp(pmu_faults[i].name, fault); i++)
		;
	if (!pmu_faults[i].name) {
		names(list, sizeof(list), true);
		snprintf(why, len, "VPMU_MODEL_FAULT=%.64s: unknown fault variant (expected one of: %s)",
			 fault, list);
		return -1;
	}
	*f = &pmu_faults[i];
	*cfg = (*s)->cfg;
	cfg->faults = (*f)->bit;
	if (skid && *skid) {
		k = strtoul(skid, &end, 10);
		if (*end || skid[0] == '-' || skid[0] == '+' || k > PMU_MODEL_MAX_SKID) {
			snprintf(why, len, "VPMU_MODEL_SKID=%.64s: expected an integer 0..%d",
				 skid, PMU_MODEL_MAX_SKID);
			return -1;
		}
		cfg->skid = k;
	}
	return 0;
}
