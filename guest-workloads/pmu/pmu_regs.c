// SPDX-License-Identifier: GPL-2.0
/* The PMU register table and its requirement logic (pure). */
#include <stdio.h>

#include "pmu_regs.h"

const struct pmu_reg pmu_regs[NR_PMU_REGS] = {
#define __PMU_REG_ROW(_id, _slug, _name, _index, _acc, _need, _arg, _legacy, _med) \
	[PMU_REG_##_id] = {							\
		.id = PMU_REG_##_id, .slug = _slug, .name = _name,		\
		.index = _index, .access = PMU_ACC_##_acc, .need = _need,	\
		.arg = _arg,							\
		.intercept = {							\
			[MODE_NOPMU] = ICPT_NA,					\
			[MODE_LEGACY] = _legacy,				\
			[MODE_MEDIATED_VMCS] = _med,				\
			[MODE_MEDIATED_AUTOSTORE] = _med,			\
		},								\
	},
	PMU_REGS(__PMU_REG_ROW)
#undef __PMU_REG_ROW
};

const struct pmu_reg *pmu_reg__find(uint32_t index, unsigned int access)
{
	unsigned int i;

	for (i = 0; i < NR_PMU_REGS; i++)
		if (pmu_regs[i].index == index && (pmu_regs[i].access & access))
			return &pmu_regs[i];
	return NULL;
}

const char *pmu_op__name(enum pmu_op op)
{
	switch (op) {
	case PMU_OP_RDMSR: return "RDMSR";
	case PMU_OP_WRMSR: return "WRMSR";
	case PMU_OP_RDPMC: return "RDPMC";
	}
	return "?";
}

const char *pmu_intercept__name(enum pmu_intercept i)
{
	switch (i) {
	case ICPT_NA: return "no vPMU (#GP)";
	case ICPT_EXIT: return "intercepted";
	case ICPT_PASS: return "passthrough";
	case ICPT_PASS_IF_ALL: return "passthrough if the guest has all counters";
	}
	return "?";
}

unsigned int pmu_guest__nr_gp(unsigned int offered, int requested)
{
	/* KVM clamps CPUID.0AH.EAX[15:8] to what it offers. */
	if (requested < 0 || (unsigned int)requested > offered)
		return offered;
	return requested;
}

bool pmu_guest__owns_all(const struct pmu_guest *g)
{
	return g->cpuid.nr_gp == g->host.nr_gp && g->cpuid.nr_fixed == g->host.nr_fixed;
}

bool pmu_guest__has_fixed(const struct pmu_guest *g, unsigned int i)
{
	if (g->cpuid.version < 2)
		return false;
	if (g->cpuid.nr_fixed > i)
		return true;
	return g->cpuid.version >= 5 && i < 32 && (g->cpuid.fixed_mask & (1U << i));
}

static bool need_version(const struct pmu_guest *g, unsigned int v, const char *what,
			 char *why, size_t len)
{
	if (g->cpuid.version >= v)
		return true;
	snprintf(why, len, "guest PMU version %u < %u: %s needs v%u", g->cpuid.version, v,
		 what, v);
	return false;
}

static bool need_caps(const struct pmu_guest *g, uint64_t bit, const char *bitname,
		      char *why, size_t len)
{
	if (g->perf_caps & bit)
		return true;
	if (g->perf_caps_why[0])
		snprintf(why, len, "guest IA32_PERF_CAPABILITIES lacks %s: %s", bitname,
			 g->perf_caps_why);
	else
		snprintf(why, len, "guest IA32_PERF_CAPABILITIES (%#llx) lacks %s",
			 (unsigned long long)g->perf_caps, bitname);
	return false;
}

bool pmu_reg__requires(const struct pmu_reg *r, enum pmu_op op, const struct pmu_guest *g,
		       char *why, size_t len)
{
	unsigned int want = op == PMU_OP_RDMSR ? PMU_ACC_R :
			    op == PMU_OP_WRMSR ? PMU_ACC_W : PMU_ACC_PMC;

	if (!(r->access & want)) {
		snprintf(why, len, "%s of %s does not exist (%s)", pmu_op__name(op), r->name,
			 op == PMU_OP_WRMSR ? "read-only" : "not readable this way");
		return false;
	}
	if (!g->cpuid.version) {
		snprintf(why, len, "guest PMU version 0");
		return false;
	}
	switch (r->need) {
	case NEED_V2:
		return need_version(g, 2, r->name, why, len);
	case NEED_V4:
		return need_version(g, 4, r->name, why, len);
	case NEED_FIXED_ANY:
		if (!need_version(g, 2, r->name, why, len))
			return false;
		if (!pmu_guest__has_fixed(g, 0) && !(g->cpuid.version >= 5 && g->cpuid.fixed_mask)) {
			snprintf(why, len, "guest has no fixed counters (CPUID.0AH.EDX[4:0] = 0)");
			return false;
		}
		return true;
	case NEED_GP:
	case NEED_GP_FW:
		if (!g->cpuid.nr_gp) {
			snprintf(why, len, "guest has 0 GP counters (CPUID.0AH.EAX[15:8])");
			return false;
		}
		if (r->need == NEED_GP_FW)
			return need_caps(g, PMU_CAP_FULL_WIDTH_WRITE, "FW_WRITE (bit 13)", why, len);
		return true;
	case NEED_FIXED:
		if (!need_version(g, 2, "fixed counters", why, len))
			return false;
		if (!pmu_guest__has_fixed(g, r->arg)) {
			snprintf(why, len, "guest has no fixed counter %u (CPUID.0AH.EDX[4:0] = %u, ECX = %#x)",
				 r->arg, g->cpuid.nr_fixed, g->cpuid.fixed_mask);
			return false;
		}
		return true;
	case NEED_METRICS:
		if (!need_caps(g, PMU_CAP_PERF_METRICS, "PERF_METRICS (bit 15)", why, len))
			return false;
		if (!pmu_guest__has_fixed(g, 3)) {
			snprintf(why, len, "guest has no fixed counter 3 (SLOTS), needed by PERF_METRICS");
			return false;
		}
		return true;
	}
	snprintf(why, len, "unknown requirement %d", r->need);
	return false;
}

enum pmu_intercept pmu_reg__expect(const struct pmu_reg *r, enum vpmu_mode mode,
				   bool owns_all)
{
	enum pmu_intercept i;

	if (mode >= NR_MODES)
		return ICPT_NA;
	i = r->intercept[mode];
	if (i == ICPT_PASS_IF_ALL)
		return owns_all ? ICPT_PASS : ICPT_EXIT;
	return i;
}

const char *pmu_intercept__measured(double median_exits_per_op)
{
	return median_exits_per_op >= 0.5 ? "intercepted" : "passthrough";
}
