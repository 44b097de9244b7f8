// SPDX-License-Identifier: GPL-2.0
/*
 * TEST DOUBLE: the software PMU's registers and counting (pmu_model.h).
 * Semantics from the SDM (Vol. 3B 21.2, Vol. 4 table 2-2) and, where the
 * SDM leaves a choice, from legacy KVM (arch/x86/kvm/vmx/pmu_intel.c of
 * the pinned tree), so that the rows see what an Intel guest would.
 */
#include <stddef.h>

#include "pmu_model.h"

static uint64_t width_mask(unsigned int w)
{
	return w >= 64 ? ~0ULL : (1ULL << w) - 1;
}

int pmu_model__init(struct pmu_model *m, const struct pmu_model_cfg *cfg, const char **why)
{
	*m = (struct pmu_model){ .cfg = *cfg, .pmi_in = -1 };
	if (cfg->version != 2 && cfg->version != 4 && cfg->version != 5) {
		*why = "PMU version must be 2, 4 or 5";
		return -1;
	}
	if (cfg->nr_gp > PMU_MODEL_MAX_GP || cfg->nr_fixed > PMU_MODEL_MAX_FIXED ||
	    (cfg->fixed_mask >> PMU_MODEL_MAX_FIXED)) {
		*why = "at most 8 GP and 4 fixed counters";
		return -1;
	}
	if (cfg->gp_width < 32 || cfg->gp_width > 48 || cfg->fixed_width < 32 ||
	    cfg->fixed_width > 48) {
		*why = "counter widths must be 32..48 bits";
		return -1;
	}
	if (cfg->fixed_mask && cfg->version < 5) {
		*why = "a fixed counter bitmap (CPUID.0AH.ECX) needs version 5";
		return -1;
	}
	return 0;
}

bool pmu_model__has_fixed(const struct pmu_model_cfg *cfg, unsigned int i)
{
	if (i >= PMU_MODEL_MAX_FIXED)
		return false;
	/* SDM 21.2.5: fixed counter i exists if ECX[i] || EDX[4:0] > i. */
	return i < cfg->nr_fixed || (cfg->version >= 5 && (cfg->fixed_mask & (1U << i)));
}

static bool has_metrics(const struct pmu_model_cfg *cfg)
{
	return (cfg->perf_caps & PMU_CAP_PERF_METRICS) && pmu_model__has_fixed(cfg, 3);
}

uint64_t pmu_model__global_bits(const struct pmu_model_cfg *cfg)
{
	uint64_t b = width_mask(cfg->nr_gp);
	unsigned int i;

	for (i = 0; i < PMU_MODEL_MAX_FIXED; i++)
		if (pmu_model__has_fixed(cfg, i))
			b |= PMU_GLOBAL_FIXED(i);
	if (has_metrics(cfg))
		b |= PMU_GLOBAL_PERF_METRICS;
	return b;
}

void pmu_model__cpuid(const struct pmu_model_cfg *cfg, uint32_t *eax, uint32_t *ebx,
		      uint32_t *ecx, uint32_t *edx)
{
	/* EBX length 7, all seven architectural events available (bits clear). */
	*eax = cfg->version | cfg->nr_gp << 8 | cfg->gp_width << 16 | 7U << 24;
	*ebx = 0;
	*ecx = cfg->version >= 5 ? cfg->fixed_mask : 0;
	*edx = cfg->nr_fixed | cfg->fixed_width << 5 | (cfg->version >= 5 ? 1U << 15 : 0);
}

bool pmu_model__is_pmu_msr(uint32_t i)
{
	return (i >= PMU_MSR_PERFCTR0 && i < PMU_MSR_PERFCTR0 + PMU_MODEL_MAX_GP) ||
	       (i >= PMU_MSR_A_PMC0 && i < PMU_MSR_A_PMC0 + PMU_MODEL_MAX_GP) ||
	       (i >= PMU_MSR_PERFEVTSEL0 && i < PMU_MSR_PERFEVTSEL0 + PMU_MODEL_MAX_GP) ||
	       (i >= PMU_MSR_FIXED_CTR0 && i < PMU_MSR_FIXED_CTR0 + PMU_MODEL_MAX_FIXED) ||
	       i == PMU_MSR_PERF_METRICS || i == PMU_MSR_PERF_CAPABILITIES ||
	       (i >= PMU_MSR_FIXED_CTR_CTRL && i <= PMU_MSR_GLOBAL_INUSE);
}

/* The fixed counter's 4-bit control field. */
static unsigned int fixed_field(const struct pmu_model *m, unsigned int i)
{
	return (m->fixed_ctrl >> (4 * i)) & 0xf;
}

static bool gp_enabled(const struct pmu_model *m, unsigned int i)
{
	/* Guest code runs at CPL0: OS must be set to count. */
	return (m->global_ctrl & (1ULL << i)) && (m->evtsel[i] & PMU_EVTSEL_EN) &&
	       (m->evtsel[i] & PMU_EVTSEL_OS);
}

static bool fixed_enabled(const struct pmu_model *m, unsigned int i)
{
	return (m->global_ctrl & PMU_GLOBAL_FIXED(i)) && (fixed_field(m, i) & PMU_FIXED_OS);
}

static uint64_t inuse(const struct pmu_model *m)
{
	uint64_t v = 0;
	unsigned int i;

	/* SDM 21.2.4.3: EVTSELn[7:0] != 0, FIXED_CTR_CTRL field != 0, any PMI enable. */
	for (i = 0; i < m->cfg.nr_gp; i++) {
		if (m->evtsel[i] & 0xff)
			v |= 1ULL << i;
		if (m->evtsel[i] & PMU_EVTSEL_INT)
			v |= PMU_INUSE_PMI;
	}
	for (i = 0; i < PMU_MODEL_MAX_FIXED; i++) {
		if (fixed_field(m, i))
			v |= PMU_INUSE_FIXED(i);
		if (fixed_field(m, i) & PMU_FIXED_PMI)
			v |= PMU_INUSE_PMI;
	}
	return v;
}

static uint64_t counter_read(const struct pmu_model *m, uint64_t v, unsigned int width)
{
	if (m->cfg.faults & PMU_FAULT_COUNT_OFF_BY_ONE)
		v = (v + 1) & width_mask(width);
	return v;
}

int pmu_model__rdmsr(struct pmu_model *m, uint32_t i, uint64_t *val)
{
	const struct pmu_model_cfg *c = &m->cfg;

	*val = 0;
	if (i >= PMU_MSR_PERFCTR0 && i < PMU_MSR_PERFCTR0 + PMU_MODEL_MAX_GP) {
		if (i - PMU_MSR_PERFCTR0 >= c->nr_gp)
			return PMU_MODEL_GP;
		*val = counter_read(m, m->pmc[i - PMU_MSR_PERFCTR0], c->gp_width);
		return PMU_MODEL_OK;
	}
	if (i >= PMU_MSR_A_PMC0 && i < PMU_MSR_A_PMC0 + PMU_MODEL_MAX_GP) {
		if (i - PMU_MSR_A_PMC0 >= c->nr_gp || !(c->perf_caps & PMU_CAP_FULL_WIDTH_WRITE))
			return PMU_MODEL_GP;
		*val = counter_read(m, m->pmc[i - PMU_MSR_A_PMC0], c->gp_width);
		return PMU_MODEL_OK;
	}
	if (i >= PMU_MSR_PERFEVTSEL0 && i < PMU_MSR_PERFEVTSEL0 + PMU_MODEL_MAX_GP) {
		if (i - PMU_MSR_PERFEVTSEL0 >= c->nr_gp)
			return PMU_MODEL_GP;
		*val = m->evtsel[i - PMU_MSR_PERFEVTSEL0];
		return PMU_MODEL_OK;
	}
	if (i >= PMU_MSR_FIXED_CTR0 && i < PMU_MSR_FIXED_CTR0 + PMU_MODEL_MAX_FIXED) {
		if (!pmu_model__has_fixed(c, i - PMU_MSR_FIXED_CTR0))
			return PMU_MODEL_GP;
		*val = counter_read(m, m->fixed[i - PMU_MSR_FIXED_CTR0], c->fixed_width);
		return PMU_MODEL_OK;
	}
	switch (i) {
	case PMU_MSR_PERF_CAPABILITIES:
		*val = c->perf_caps;
		return PMU_MODEL_OK;
	case PMU_MSR_PERF_METRICS:
		if (!has_metrics(c))
			return PMU_MODEL_GP;
		*val = m->perf_metrics;
		return PMU_MODEL_OK;
	case PMU_MSR_FIXED_CTR_CTRL:
		*val = m->fixed_ctrl;
		return PMU_MODEL_OK;
	case PMU_MSR_GLOBAL_CTRL:
		*val = m->global_ctrl;
		return PMU_MODEL_OK;
	case PMU_MSR_GLOBAL_STATUS:
		*val = m->global_status;
		return PMU_MODEL_OK;
	case PMU_MSR_GLOBAL_OVF_CTRL:
		/* Write-only in effect: reads 0 (as KVM answers). */
		return PMU_MODEL_OK;
	case PMU_MSR_GLOBAL_STATUS_SET:
		return c->version >= 4 ? PMU_MODEL_OK : PMU_MODEL_GP;
	case PMU_MSR_GLOBAL_INUSE:
		if (c->version < 4)
			return PMU_MODEL_GP;
		*val = inuse(m);
		return PMU_MODEL_OK;
	}
	return PMU_MODEL_NOT_PMU;
}

/* Fixed counter 3 (SLOTS) counting now: PERF_METRICS is its companion. */
static bool slots_on(const struct pmu_model *m)
{
	return pmu_model__has_fixed(&m->cfg, 3) && fixed_enabled(m, 3);
}

static uint64_t metrics_value(const struct pmu_model *m)
{
	uint64_t v = m->cfg.perf_metrics;

	if (m->cfg.faults & PMU_FAULT_METRICS_SWAPPED)
		v = (v & ~0xff0000ffULL) | (v & 0xff) << 24 | ((v >> 24) & 0xff);
	return v;
}

/*
 * SLOTS and PERF_METRICS cannot be counted by stepping: a period of
 * fixed counter 3 adds the scenario's slots, and PERF_METRICS (if it was
 * enabled with it) takes the scenario's fractions when the period ends.
 */
static void control_changed(struct pmu_model *m, bool slots_was, bool metrics_was)
{
	if (slots_was && !slots_on(m)) {
		m->fixed[3] = (m->fixed[3] + m->cfg.slots) & width_mask(m->cfg.fixed_width);
		if (metrics_was)
			m->perf_metrics = metrics_value(m);
	}
}

int pmu_model__wrmsr(struct pmu_model *m, uint32_t i, uint64_t v)
{
	const struct pmu_model_cfg *c = &m->cfg;
	bool slots_was = slots_on(m);
	bool metrics_was = m->global_ctrl & PMU_GLOBAL_PERF_METRICS;
	uint64_t bits = pmu_model__global_bits(c);
	unsigned int k;

	if (i >= PMU_MSR_PERFCTR0 && i < PMU_MSR_PERFCTR0 + PMU_MODEL_MAX_GP) {
		if (i - PMU_MSR_PERFCTR0 >= c->nr_gp)
			return PMU_MODEL_GP;
		/* The legacy alias sign-extends bit 31 (SDM 21.2.6). */
		m->pmc[i - PMU_MSR_PERFCTR0] = (uint64_t)(int64_t)(int32_t)v &
					       width_mask(c->gp_width);
		return PMU_MODEL_OK;
	}
	if (i >= PMU_MSR_A_PMC0 && i < PMU_MSR_A_PMC0 + PMU_MODEL_MAX_GP) {
		if (i - PMU_MSR_A_PMC0 >= c->nr_gp || !(c->perf_caps & PMU_CAP_FULL_WIDTH_WRITE) ||
		    (v & ~width_mask(c->gp_width)))
			return PMU_MODEL_GP;
		m->pmc[i - PMU_MSR_A_PMC0] = v;
		return PMU_MODEL_OK;
	}
	if (i >= PMU_MSR_PERFEVTSEL0 && i < PMU_MSR_PERFEVTSEL0 + PMU_MODEL_MAX_GP) {
		/* Bits 63:32 and 21 (AnyThread) reserved, as legacy KVM has them. */
		if (i - PMU_MSR_PERFEVTSEL0 >= c->nr_gp || (v >> 32) || (v & (1ULL << 21)))
			return PMU_MODEL_GP;
		m->evtsel[i - PMU_MSR_PERFEVTSEL0] = v;
		return PMU_MODEL_OK;
	}
	if (i >= PMU_MSR_FIXED_CTR0 && i < PMU_MSR_FIXED_CTR0 + PMU_MODEL_MAX_FIXED) {
		if (!pmu_model__has_fixed(c, i - PMU_MSR_FIXED_CTR0) ||
		    (v & ~width_mask(c->fixed_width)))
			return PMU_MODEL_GP;
		m->fixed[i - PMU_MSR_FIXED_CTR0] = v;
		return PMU_MODEL_OK;
	}
	switch (i) {
	case PMU_MSR_PERF_CAPABILITIES:
		/* Read-only for the guest. */
		return PMU_MODEL_GP;
	case PMU_MSR_PERF_METRICS:
		if (!has_metrics(c))
			return PMU_MODEL_GP;
		m->perf_metrics = v;
		return PMU_MODEL_OK;
	case PMU_MSR_FIXED_CTR_CTRL: {
		uint64_t ok = 0;

		/* Per counter: OS, USR, PMI (bit 2, AnyThread, reserved). */
		for (k = 0; k < PMU_MODEL_MAX_FIXED; k++)
			if (pmu_model__has_fixed(c, k))
				ok |= 0xbULL << (4 * k);
		if (v & ~ok)
			return PMU_MODEL_GP;
		m->fixed_ctrl = v;
		control_changed(m, slots_was, metrics_was);
		return PMU_MODEL_OK;
	}
	case PMU_MSR_GLOBAL_CTRL:
		if (v & ~bits)
			return PMU_MODEL_GP;
		m->global_ctrl = v;
		control_changed(m, slots_was, metrics_was);
		return PMU_MODEL_OK;
	case PMU_MSR_GLOBAL_STATUS:
		return PMU_MODEL_GP;
	case PMU_MSR_GLOBAL_OVF_CTRL:
		/* Bits 62 and 63 (OvfBuffer, CondChgd) are also clearable. */
		if (v & ~(bits | 3ULL << 62))
			return PMU_MODEL_GP;
		m->global_status &= ~v;
		return PMU_MODEL_OK;
	case PMU_MSR_GLOBAL_STATUS_SET:
		if (c->version < 4 || (v & ~bits))
			return PMU_MODEL_GP;
		if (!(c->faults & PMU_FAULT_STATUS_SET_IGNORED))
			m->global_status |= v;
		return PMU_MODEL_OK;
	case PMU_MSR_GLOBAL_INUSE:
		return PMU_MODEL_GP;
	}
	return PMU_MODEL_NOT_PMU;
}

/* Count one event on a counter; on overflow set its status bit, maybe a PMI. */
static void tick(struct pmu_model *m, uint64_t *ctr, unsigned int width, uint64_t status_bit,
		 bool pmi)
{
	*ctr = (*ctr + 1) & width_mask(width);
	if (*ctr)
		return;
	m->global_status |= status_bit;
	if (pmi && m->pmi_in < 0) {
		m->pmi_in = m->cfg.skid;
		if (m->cfg.faults & PMU_FAULT_SKID_2)
			m->pmi_in = 2;
	}
}

void pmu_model__retire(struct pmu_model *m, bool branch)
{
	unsigned int i;

	m->retired++;
	m->branches += branch;
	/* This instruction retired after an earlier overflow: one of the skid. */
	if (m->pmi_in > 0)
		m->pmi_in--;
	for (i = 0; i < m->cfg.nr_gp; i++) {
		uint16_t ev = m->evtsel[i] & 0xffff;

		if (!gp_enabled(m, i))
			continue;
		if (ev == PMU_EVENT_INSTRUCTIONS || (ev == PMU_EVENT_BRANCHES && branch))
			tick(m, &m->pmc[i], m->cfg.gp_width, 1ULL << i,
			     m->evtsel[i] & PMU_EVTSEL_INT);
	}
	if (pmu_model__has_fixed(&m->cfg, 0) && fixed_enabled(m, 0))
		tick(m, &m->fixed[0], m->cfg.fixed_width, PMU_GLOBAL_FIXED(0),
		     fixed_field(m, 0) & PMU_FIXED_PMI);
}

bool pmu_model__counting(const struct pmu_model *m)
{
	unsigned int i;

	for (i = 0; i < m->cfg.nr_gp; i++) {
		uint16_t ev = m->evtsel[i] & 0xffff;

		if (gp_enabled(m, i) && (ev == PMU_EVENT_INSTRUCTIONS || ev == PMU_EVENT_BRANCHES))
			return true;
	}
	/* A PMI still to come needs its skid counted. */
	return (pmu_model__has_fixed(&m->cfg, 0) && fixed_enabled(m, 0)) || m->pmi_in > 0;
}

bool pmu_model__pmi_due(struct pmu_model *m)
{
	if (m->pmi_in != 0)
		return false;
	m->pmi_in = -1;
	if (m->cfg.faults & PMU_FAULT_PMI_NEVER)
		return false;
	m->pmis++;
	return true;
}
