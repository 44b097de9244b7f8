/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of guest-visible PMU registers (pure logic, unit-tested in
 * tests/unit/pmu_regs.c): index, name, which accesses exist, what the
 * guest PMU must offer for the register to exist, and whether KVM is
 * expected to intercept an access in each mode.
 *
 * The expectations are read from the pinned tree (arch/x86/kvm/vmx/vmx.c
 * vmx_recalc_pmu_msr_intercepts() and kvm_need_*_intercept() in
 * arch/x86/kvm/pmu.c) and, for what is not upstream, from kmod/patches
 * or the SDM; the pmu-msr rows measure the truth and record both.
 */
#ifndef VPMU_PMU_REGS_H
#define VPMU_PMU_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpuid_pmu.h"
#include "probe.h"
#include "pmu_defs.h"

enum pmu_op {
	PMU_OP_RDMSR,
	PMU_OP_WRMSR,
	PMU_OP_RDPMC,
};

/* What must exist in the guest PMU for a register to exist. */
enum pmu_need {
	NEED_V2,		/* PMU version >= 2 (global control MSRs) */
	NEED_V4,		/* PMU version >= 4 (STATUS_SET, INUSE; not in KVM 7.2) */
	NEED_FIXED_ANY,		/* version >= 2 and at least one fixed counter */
	NEED_GP,		/* at least one GP counter */
	NEED_GP_FW,		/* a GP counter and PERF_CAPABILITIES.FW_WRITE (bit 13) */
	NEED_FIXED,		/* fixed counter `arg` (CPUID.0AH.EDX[4:0] or ECX bitmap) */
	NEED_METRICS,		/* PERF_CAPABILITIES.PERF_METRICS (bit 15) + fixed counter 3 */
};

enum pmu_intercept {
	ICPT_NA,		/* no vPMU in this mode: the access #GPs */
	ICPT_EXIT,		/* every access exits to KVM */
	ICPT_PASS,		/* the guest accesses the hardware register */
	ICPT_PASS_IF_ALL,	/* passes only if the guest has all host counters */
};

#define PMU_ACC_R	1
#define PMU_ACC_W	2
#define PMU_ACC_RW	(PMU_ACC_R | PMU_ACC_W)
#define PMU_ACC_PMC	4	/* read with RDPMC, index = ECX */

/*
 * X(id, slug, name, index, access, need, arg, legacy, mediated)
 * One line per register; pmu_regs.c builds the table and pmu_msr_table.c
 * builds one workload row per access from the same list. Every WRMSR row
 * writes 0, which changes nothing here: no counter is in use while the
 * row runs, and 0 written to OVF_CTRL or STATUS_SET clears or sets no bit.
 *
 * Mediated (upstream 7.2): counters the guest has pass through (PMCx; the
 * A_PMCx alias when full-width writes are on; FIXED_CTRx); event
 * selectors and FIXED_CTR_CTRL are always intercepted (event filter);
 * GLOBAL_CTRL/STATUS/OVF_CTRL and RDPMC pass through only when the guest
 * has as many GP and fixed counters as the host (RDPMC also needs equal
 * widths). Legacy intercepts everything. STATUS_SET/INUSE (PMU v4, not
 * in KVM as of Linux 7.2) would be emulated, so intercepted; PERF_METRICS
 * passes through with the mediated PMU only (kmod/patches/0003).
 */
#define PMU_REGS(X)								\
	X(GLOBAL_CTRL, "global-ctrl", "IA32_PERF_GLOBAL_CTRL", 0x38f, RW,	\
	  NEED_V2, 0, ICPT_EXIT, ICPT_PASS_IF_ALL)				\
	X(GLOBAL_STATUS, "global-status", "IA32_PERF_GLOBAL_STATUS", 0x38e, R,	\
	  NEED_V2, 0, ICPT_EXIT, ICPT_PASS_IF_ALL)				\
	X(GLOBAL_OVF_CTRL, "global-ovf-ctrl",					\
	  "IA32_PERF_GLOBAL_OVF_CTRL (STATUS_RESET)", 0x390, RW,		\
	  NEED_V2, 0, ICPT_EXIT, ICPT_PASS_IF_ALL)				\
	X(GLOBAL_STATUS_SET, "global-status-set", "IA32_PERF_GLOBAL_STATUS_SET", \
	  0x391, RW, NEED_V4, 0, ICPT_EXIT, ICPT_EXIT)				\
	X(GLOBAL_INUSE, "global-inuse", "IA32_PERF_GLOBAL_INUSE", 0x392, R,	\
	  NEED_V4, 0, ICPT_EXIT, ICPT_EXIT)					\
	X(FIXED_CTR_CTRL, "fixed-ctr-ctrl", "IA32_FIXED_CTR_CTRL", 0x38d, RW,	\
	  NEED_FIXED_ANY, 0, ICPT_EXIT, ICPT_EXIT)				\
	X(PERFEVTSEL0, "perfevtsel0", "IA32_PERFEVTSEL0", 0x186, RW,		\
	  NEED_GP, 0, ICPT_EXIT, ICPT_EXIT)					\
	X(PMC0, "pmc0", "IA32_PMC0", 0xc1, RW, NEED_GP, 0, ICPT_EXIT, ICPT_PASS) \
	X(A_PMC0, "a-pmc0", "IA32_A_PMC0 (full-width)", 0x4c1, RW,		\
	  NEED_GP_FW, 0, ICPT_EXIT, ICPT_PASS)					\
	X(FIXED_CTR0, "fixed-ctr0", "IA32_FIXED_CTR0", 0x309, RW,		\
	  NEED_FIXED, 0, ICPT_EXIT, ICPT_PASS)					\
	X(FIXED_CTR1, "fixed-ctr1", "IA32_FIXED_CTR1", 0x30a, RW,		\
	  NEED_FIXED, 1, ICPT_EXIT, ICPT_PASS)					\
	X(FIXED_CTR2, "fixed-ctr2", "IA32_FIXED_CTR2", 0x30b, RW,		\
	  NEED_FIXED, 2, ICPT_EXIT, ICPT_PASS)					\
	X(FIXED_CTR3, "fixed-ctr3", "IA32_FIXED_CTR3 (SLOTS)", 0x30c, RW,	\
	  NEED_FIXED, 3, ICPT_EXIT, ICPT_PASS)					\
	X(PERF_METRICS, "perf-metrics", "IA32_PERF_METRICS", 0x329, RW,	\
	  NEED_METRICS, 0, ICPT_NA, ICPT_PASS)					\
	X(RDPMC_GP0, "gp0", "RDPMC GP counter 0 (ECX=0)", 0x0, PMC,		\
	  NEED_GP, 0, ICPT_EXIT, ICPT_PASS_IF_ALL)				\
	X(RDPMC_FIXED0, "fixed0", "RDPMC fixed counter 0 (ECX=1<<30)",		\
	  0x40000000, PMC, NEED_FIXED, 0, ICPT_EXIT, ICPT_PASS_IF_ALL)		\
	X(RDPMC_METRICS, "metrics", "RDPMC PERF_METRICS (ECX=1<<29)",		\
	  0x20000000, PMC, NEED_METRICS, 0, ICPT_NA, ICPT_PASS_IF_ALL)

enum pmu_reg_id {
#define __PMU_REG_ENUM(id, ...) PMU_REG_##id,
	PMU_REGS(__PMU_REG_ENUM)
#undef __PMU_REG_ENUM
	NR_PMU_REGS,
};

struct pmu_reg {
	enum pmu_reg_id id;
	const char *slug;		/* row name: rdmsr-<slug>, wrmsr-<slug>, rdpmc-<slug> */
	const char *name;		/* SDM name */
	uint32_t index;			/* MSR index, or RDPMC ECX */
	unsigned int access;		/* PMU_ACC_* */
	enum pmu_need need;
	unsigned int arg;		/* fixed counter index for NEED_FIXED */
	enum pmu_intercept intercept[NR_MODES];
};

extern const struct pmu_reg pmu_regs[NR_PMU_REGS];

/* The guest PMU a run gets, as the host knows it before the guest runs. */
struct pmu_guest {
	struct pmu_cpuid cpuid;		/* KVM's leaf 0xA, GP count as the run sets it */
	struct pmu_cpuid host;		/* the host's leaf 0xA */
	uint64_t perf_caps;		/* guest IA32_PERF_CAPABILITIES KVM offers */
	char perf_caps_why[PROBE_WHY + 32];	/* non-empty: perf_caps unknown or 0, and why */
	bool fixed3_asked;		/* this VM enumerates fixed counter 3 itself */
};

const struct pmu_reg *pmu_reg__find(uint32_t index, unsigned int access);
const char *pmu_op__name(enum pmu_op op);
const char *pmu_intercept__name(enum pmu_intercept i);

/* GP counters a guest gets when the run asks for @requested (-1: all). */
unsigned int pmu_guest__nr_gp(unsigned int offered, int requested);
/* Fixed counter @i exists in the guest (SDM: ECX[i] (v5+) || EDX[4:0] > i). */
bool pmu_guest__has_fixed(const struct pmu_guest *g, unsigned int i);
/*
 * The fixed counters KVM gives the guest, bit i for counter i: 0-2 as
 * CPUID.0AH enumerates them; 3 (SLOTS) only if CPUID enumerates it *and*
 * PERF_CAPABILITIES has PERF_METRICS, the only way the kmod's
 * PERF_METRICS patch gives it (stock 7.2 never does).
 */
uint32_t pmu_guest__fixed_counters(const struct pmu_guest *g);
/*
 * The guest has every GP and fixed counter of the host, as KVM decides
 * whether GLOBAL_CTRL/STATUS/OVF_CTRL and RDPMC pass through
 * (kvm_need_any_pmc_intercept(): fixed counters as a bitmap, counter 3
 * included, against the host's first EDX[4:0]).
 */
bool pmu_guest__owns_all(const struct pmu_guest *g);
/*
 * For the rows that need fixed counter 3 (SLOTS) and PERF_METRICS: KVM's
 * default CPUID.0AH says 3 fixed counters even on a host with 4, so the
 * VM of such a row enumerates counter 3 itself. True if @g has it, now or
 * already (then g->fixed3_asked says whether the row must set CPUID:
 * EDX[4:0] 3 -> 4, and ECX bit 3 for v5+); otherwise false with why.
 * Only these rows call it: every other VM keeps KVM's configuration.
 */
bool pmu_guest__ask_fixed3(struct pmu_guest *g, char *why, size_t len);
/* The register needs fixed counter 3 (FIXED_CTR3, PERF_METRICS, RDPMC metrics). */
bool pmu_reg__needs_fixed3(const struct pmu_reg *r);
/*
 * The GLOBAL_STATUS bit STATUS_SET/STATUS_RESET checks can use: GP
 * counter 0's (bit 0) if the guest has one, else its first fixed
 * counter's (32 + i). A bit of a counter the guest lacks is reserved
 * and #GPs. False with why if the guest has no counter at all.
 */
bool pmu_guest__status_bit(const struct pmu_guest *g, unsigned int *bit, char *why,
			   size_t len);

/*
 * True if @op on @r exists for guest @g; otherwise the exact reason in
 * @why. The guest PMU version > 0 is checked by the caller (its reason
 * names the host setting that took the PMU away).
 */
bool pmu_reg__requires(const struct pmu_reg *r, enum pmu_op op, const struct pmu_guest *g,
		       char *why, size_t len);

/* Expected interception in @mode, resolved for the guest's counters. */
enum pmu_intercept pmu_reg__expect(const struct pmu_reg *r, enum vpmu_mode mode,
				   bool owns_all);

/* "intercepted" if the median exits per access is >= 0.5, else "passthrough". */
const char *pmu_intercept__measured(double median_exits_per_op);

#endif
