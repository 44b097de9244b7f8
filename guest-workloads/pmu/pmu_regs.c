// SPDX-License-Identifier: GPL-2.0
/* The PMU register table and its requirement logic (pure). */
#include <stdio.h>
#include <string.h>

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

bool pmu_guest__has_fixed(const struct pmu_guest *g, unsigned int i)
{
	if (g->cpuid.version < 2)
		return false;
	if (g->cpuid.nr_fixed > i)
		return true;
	return g->cpuid.version >= 5 && i < 32 && (g->cpuid.fixed_mask & (1U << i));
}

/* KVM_MAX_NR_INTEL_FIXED_COUNTERS: the fixed counters with a struct kvm_pmc. */
#define KVM_FIXED_WITH_PMC	3

uint32_t pmu_guest__fixed_counters(const struct pmu_guest *g)
{
	uint32_t m = 0;
	unsigned int i;

	for (i = 0; i < KVM_FIXED_WITH_PMC; i++)
		if (pmu_guest__has_fixed(g, i))
			m |= 1U << i;
	if (pmu_guest__has_fixed(g, 3) && (g->perf_caps & PMU_CAP_PERF_METRICS))
		m |= 1U << 3;
	return m;
}

bool pmu_guest__owns_all(const struct pmu_guest *g)
{
	uint32_t host = g->host.nr_fixed >= 32 ? ~0U : (1U << g->host.nr_fixed) - 1;

	return g->cpuid.nr_gp == g->host.nr_gp && pmu_guest__fixed_counters(g) == host;
}

bool pmu_reg__needs_fixed3(const struct pmu_reg *r)
{
	return r->need == NEED_METRICS || (r->need == NEED_FIXED && r->arg == 3);
}

bool pmu_guest__ask_fixed3(struct pmu_guest *g, char *why, size_t len)
{
	if (pmu_guest__has_fixed(g, 3))
		return true;
	if (g->cpuid.version < 2) {
		snprintf(why, len, "guest PMU version %u < 2: no fixed counters", g->cpuid.version);
		return false;
	}
	if (!(g->perf_caps & PMU_CAP_PERF_METRICS)) {
		snprintf(why, len, "guest has no fixed counter 3 (CPUID.0AH.EDX[4:0] = %u, ECX = %#x) and KVM gives it only with PERF_METRICS: ",
			 g->cpuid.nr_fixed, g->cpuid.fixed_mask);
		if (g->perf_caps_why[0])
			snprintf(why + strlen(why), len - strlen(why),
				 "IA32_PERF_CAPABILITIES unknown: %s", g->perf_caps_why);
		else
			snprintf(why + strlen(why), len - strlen(why),
				 "IA32_PERF_CAPABILITIES %#llx lacks bit 15",
				 (unsigned long long)g->perf_caps);
		return false;
	}
	if (g->host.nr_fixed < 4) {
		snprintf(why, len, "host has %u fixed counters (CPUID.0AH.EDX[4:0]): no fixed counter 3 to give the guest",
			 g->host.nr_fixed);
		return false;
	}
	/* EDX[4:0] = 4 would also claim counters 0-2: only if it has them. */
	if (g->cpuid.version < 5 && g->cpuid.nr_fixed < 3) {
		snprintf(why, len, "guest PMU v%u enumerates %u fixed counters: EDX[4:0] = 4 would add counters it lacks, and only v5 has the ECX bitmap",
			 g->cpuid.version, g->cpuid.nr_fixed);
		return false;
	}
	if (g->cpuid.nr_fixed == 3)
		g->cpuid.nr_fixed = 4;
	/* v5: the ECX bitmap says the same (KVM reports ECX = 0x7 with EDX = 3). */
	if (g->cpuid.version >= 5)
		g->cpuid.fixed_mask |= 1U << 3;
	g->fixed3_asked = true;
	return true;
}

bool pmu_guest__status_bit(const struct pmu_guest *g, unsigned int *bit, char *why,
			   size_t len)
{
	unsigned int i;

	if (g->cpuid.nr_gp) {
		*bit = 0;
		return true;
	}
	for (i = 0; i < 32; i++) {
		if (pmu_guest__has_fixed(g, i)) {
			*bit = 32 + i;
			return true;
		}
	}
	snprintf(why, len, "guest has no GP and no fixed counter: every GLOBAL_STATUS counter bit is reserved");
	return false;
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
