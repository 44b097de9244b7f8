/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST DOUBLE: a register-level software model of the Intel architectural
 * PMU (SDM Vol. 3B ch. 21, versions 2, 4 and 5), put behind a guest by
 * tests/pmu_model/model_vm.c so that the project's unmodified PMU rows run
 * on a host whose KVM offers no PMU. Never linked into vpmu-guest or
 * vpmu-bench (tests/pmu_model.mk).
 *
 * Pure C, no KVM: the VM glue tells it about every guest RDMSR/WRMSR of
 * a PMU MSR and every retired instruction; it answers values or #GP,
 * counts instructions (event 0xc0, fixed counter 0) and branches (0xc4)
 * exactly, and says when a PMI is due. Unit-tested in tests/unit/pmu_model.c.
 *
 * What it does not model: cycles (fixed counters 1 and 2 and every other
 * event stay at what the guest wrote), USR-only counting (guest code runs
 * at CPL0), AnyThread, PEBS, LBR, freeze bits.
 */
#ifndef VPMU_PMU_MODEL_H
#define VPMU_PMU_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "pmu_defs.h"

#define PMU_MODEL_MAX_GP	8
#define PMU_MODEL_MAX_FIXED	4	/* FIXED_CTR0..3 = 0x309..0x30c */

/* Faulty variants (tests/pmu_model/scenario.c names them). */
enum pmu_model_fault {
	PMU_FAULT_NONE = 0,
	PMU_FAULT_PMI_NEVER = 1 << 0,		/* pmi-never-delivered */
	PMU_FAULT_COUNT_OFF_BY_ONE = 1 << 1,	/* count-off-by-one: reads return one more */
	PMU_FAULT_SKID_2 = 1 << 2,		/* skid-2-configured-0: real skid 2 */
	PMU_FAULT_METRICS_SWAPPED = 1 << 3,	/* perf-metrics-swapped: bytes 0 <-> 3 */
	PMU_FAULT_STATUS_SET_IGNORED = 1 << 4,	/* status-set-ignored */
	PMU_FAULT_LVTPC_MASKED = 1 << 5,	/* lvtpc-left-masked (the glue applies it) */
};

struct pmu_model_cfg {
	unsigned int version;		/* CPUID.0AH.EAX[7:0]: 2, 4 or 5 */
	unsigned int nr_gp;		/* EAX[15:8], <= PMU_MODEL_MAX_GP */
	unsigned int gp_width;		/* EAX[23:16] */
	unsigned int nr_fixed;		/* EDX[4:0], <= PMU_MODEL_MAX_FIXED */
	unsigned int fixed_width;	/* EDX[12:5] */
	uint32_t fixed_mask;		/* ECX (v5): fixed counter bitmap */
	uint64_t perf_caps;		/* IA32_PERF_CAPABILITIES */
	uint64_t perf_metrics;		/* what PERF_METRICS holds after a SLOTS period */
	uint64_t slots;			/* SLOTS added per enabled period of fixed 3 */
	unsigned int skid;		/* retired instructions from overflow to PMI */
	unsigned int faults;		/* enum pmu_model_fault bits */
};

struct pmu_model {
	struct pmu_model_cfg cfg;
	uint64_t evtsel[PMU_MODEL_MAX_GP];
	uint64_t pmc[PMU_MODEL_MAX_GP];
	uint64_t fixed[PMU_MODEL_MAX_FIXED];
	uint64_t fixed_ctrl;
	uint64_t global_ctrl;
	uint64_t global_status;
	uint64_t perf_metrics;
	/* -1: no PMI pending; else instructions still to retire before it. */
	int pmi_in;
	/* What the glue and the tests read back. */
	uint64_t retired, branches, pmis;
};

/* Results of pmu_model__rdmsr/__wrmsr. */
#define PMU_MODEL_OK		0
#define PMU_MODEL_GP		1	/* the access #GPs */
#define PMU_MODEL_NOT_PMU	2	/* not a PMU MSR: not the model's business */

/* Checks @cfg (ranges), resets every register to 0. 0 or -1 with @why. */
int pmu_model__init(struct pmu_model *m, const struct pmu_model_cfg *cfg, const char **why);

/* CPUID leaf 0xA as the model enumerates it. */
void pmu_model__cpuid(const struct pmu_model_cfg *cfg, uint32_t *eax, uint32_t *ebx,
		      uint32_t *ecx, uint32_t *edx);

/* The MSRs the glue denies with KVM_X86_SET_MSR_FILTER, so they exit to it. */
bool pmu_model__is_pmu_msr(uint32_t index);

bool pmu_model__has_fixed(const struct pmu_model_cfg *cfg, unsigned int i);
/* Bits of GLOBAL_CTRL (and GLOBAL_STATUS) that exist. */
uint64_t pmu_model__global_bits(const struct pmu_model_cfg *cfg);

int pmu_model__rdmsr(struct pmu_model *m, uint32_t index, uint64_t *val);
int pmu_model__wrmsr(struct pmu_model *m, uint32_t index, uint64_t val);

/*
 * One instruction retired (a branch if @branch). Counts it with the
 * state *after* the instruction, which is legacy KVM's convention: the
 * WRMSR that enables a counter is counted, the one that disables it is
 * not (kvm_skip_emulated_instruction -> kvm_pmu_instruction_retired).
 */
void pmu_model__retire(struct pmu_model *m, bool branch);

/* A counter of instructions or branches is enabled: the glue single-steps. */
bool pmu_model__counting(const struct pmu_model *m);

/*
 * True once when a PMI is due now (overflowed counter with its interrupt
 * enabled, the skid retired); the glue delivers it to LVTPC.
 */
bool pmu_model__pmi_due(struct pmu_model *m);

#endif
