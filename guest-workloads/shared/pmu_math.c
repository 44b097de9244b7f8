// SPDX-License-Identifier: GPL-2.0
/* Pure arithmetic of the PMU workloads (see pmu_math.h). */
#include <stddef.h>

#include "pmu_math.h"

const char *const td_metric_names[NR_TD_METRICS] = {
	[TD_RETIRING] = "retiring",
	[TD_BAD_SPEC] = "bad_speculation",
	[TD_FE_BOUND] = "frontend_bound",
	[TD_BE_BOUND] = "backend_bound",
};

uint64_t acc_expected_insns(uint64_t loops)
{
	return loops * ACC_INSNS_PER_LOOP + ACC_EXTRA_INSNS;
}

uint64_t acc_expected_branches(uint64_t loops)
{
	return loops * ACC_BRANCHES_PER_LOOP + ACC_EXTRA_BRANCHES;
}

int64_t acc_error(uint64_t measured, uint64_t expected)
{
	return (int64_t)(measured - expected);
}

/* Architectural events (SDM 21.2.1.2) with no fixed-counter alias. */
static const struct acc_busy_event acc_busy_gp_only[] = {
	{ 0x00c4, "BR_INST_RETIRED.ALL_BRANCHES" },
	{ 0x00c5, "BR_MISP_RETIRED.ALL_BRANCHES" },
	{ 0x4f2e, "LONGEST_LAT_CACHE.REFERENCE" },
	{ 0x412e, "LONGEST_LAT_CACHE.MISS" },
};

unsigned int acc_busy_events(unsigned int host_nr_gp, struct acc_busy_event *ev,
			     unsigned int max)
{
	unsigned int i, n = host_nr_gp < max ? host_nr_gp : max;
	unsigned int k = sizeof(acc_busy_gp_only) / sizeof(acc_busy_gp_only[0]);

	/* The same encoding twice is two events: each needs its own counter. */
	for (i = 0; i < n; i++)
		ev[i] = acc_busy_gp_only[i % k];
	return n;
}

static uint64_t width_mask(unsigned int width)
{
	return width >= 64 ? ~0ULL : (1ULL << width) - 1;
}

uint64_t pmi_preset(uint64_t n, unsigned int width)
{
	return (0 - n) & width_mask(width);
}

bool pmi_skid(uint64_t value, uint64_t handler_insns, uint64_t n, unsigned int width,
	      int64_t *skid, const char **why)
{
	uint64_t v = value & width_mask(width);

	if (!n || n > width_mask(width)) {
		*why = "overflow period out of range for the counter width";
		return false;
	}
	/* Not wrapped yet: the value is still at or above the preset. */
	if (v >= pmi_preset(n, width)) {
		*why = "counter had not overflowed when the handler read it";
		return false;
	}
	if (v < handler_insns) {
		*why = "counter below the calibrated handler path";
		return false;
	}
	*skid = (int64_t)(v - handler_insns);
	return true;
}

bool pmi_handler_insns(uint64_t before, uint64_t after, unsigned int width, uint64_t *insns,
		       const char **why)
{
	uint64_t d = (after - before) & width_mask(width);

	/* Fewer than the RDMSR, two MOVs and the INT: the INT was not counted. */
	if (d < PMI_CAL_INSNS) {
		*why = "calibration: counter advanced less than RDMSR, MOV, MOV, INT";
		return false;
	}
	if (d - PMI_CAL_INSNS > PMI_CAL_MAX_PATH) {
		*why = "calibration: handler path above 100000 instructions";
		return false;
	}
	*insns = d - PMI_CAL_INSNS;
	return true;
}

bool pmi_tsc_delta_ok(uint64_t delta)
{
	return delta < PMI_MAX_TSC_DELTA;
}

uint64_t td_scale(uint64_t slots, uint8_t frac)
{
	return (uint64_t)(((__uint128_t)slots * frac) / 0xff);
}

void td_decode(uint64_t perf_metrics, uint64_t slots, bool metrics_ovf, struct td_level1 *t)
{
	int i;

	t->sum = 0;
	for (i = 0; i < NR_TD_METRICS; i++) {
		t->raw[i] = (perf_metrics >> (8 * i)) & 0xff;
		t->sum += t->raw[i];
		t->pct[i] = t->raw[i] * 100.0 / 0xff;
		t->slots[i] = td_scale(slots, t->raw[i]);
	}
	t->sum_ok = t->sum + TD_SUM_SLACK >= 0xff && t->sum <= 0xff + TD_SUM_SLACK;
	t->valid = true;
	t->why = NULL;
	if (metrics_ovf) {
		t->valid = false;
		t->why = "PERF_METRICS overflowed (GLOBAL_STATUS bit 48): fractions saturated";
	} else if (!slots) {
		t->valid = false;
		t->why = "SLOTS is 0: nothing was counted";
	} else if (!t->sum) {
		t->valid = false;
		t->why = "PERF_METRICS is 0: metrics not enabled (GLOBAL_CTRL bit 48)";
	} else if (!t->sum_ok) {
		t->valid = false;
		t->why = "level-1 fractions do not sum to 0xff";
	}
}
