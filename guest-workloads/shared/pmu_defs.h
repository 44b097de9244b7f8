/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Architectural PMU constants the PMU workloads need and that the pinned
 * tools/ headers do not carry (Intel SDM Vol. 3B ch. 21 and Vol. 4).
 * Plain C, no KVM headers: unit tests include it too.
 */
#ifndef VPMU_PMU_DEFS_H
#define VPMU_PMU_DEFS_H

#include <stdint.h>

/* MSR indices (SDM Vol. 4, table 2-2) */
#define PMU_MSR_PERFCTR0		0x0c1	/* IA32_PMC0: writes sign-extend bit 31 */
#define PMU_MSR_A_PMC0			0x4c1	/* IA32_A_PMC0: full-width alias */
#define PMU_MSR_PERFEVTSEL0		0x186
#define PMU_MSR_FIXED_CTR0		0x309	/* FIXED_CTR0..3: 0x309..0x30c */
#define PMU_MSR_PERF_METRICS		0x329
#define PMU_MSR_PERF_CAPABILITIES	0x345
#define PMU_MSR_FIXED_CTR_CTRL		0x38d
#define PMU_MSR_GLOBAL_STATUS		0x38e
#define PMU_MSR_GLOBAL_CTRL		0x38f
#define PMU_MSR_GLOBAL_OVF_CTRL		0x390	/* v4+: IA32_PERF_GLOBAL_STATUS_RESET */
#define PMU_MSR_GLOBAL_STATUS_SET	0x391	/* v4+ */
#define PMU_MSR_GLOBAL_INUSE		0x392	/* v4+ */
#define PMU_MSR_X2APIC_LVTPC		0x834	/* x2APIC LVT performance monitor */
#define PMU_MSR_X2APIC_EOI		0x80b

/* IA32_PERF_CAPABILITIES bits */
#define PMU_CAP_FULL_WIDTH_WRITE	(1ULL << 13)
#define PMU_CAP_PERF_METRICS		(1ULL << 15)

/* IA32_PERF_GLOBAL_CTRL / _STATUS bits */
#define PMU_GLOBAL_FIXED(i)		(1ULL << (32 + (i)))
#define PMU_GLOBAL_PERF_METRICS		(1ULL << 48)	/* EN_PERF_METRICS / metrics overflow */

/* IA32_PERF_GLOBAL_INUSE bits (SDM 21.2.4.3) */
#define PMU_INUSE_FIXED(i)		(1ULL << (32 + (i)))
#define PMU_INUSE_PMI			(1ULL << 63)

/* IA32_PERFEVTSELx */
#define PMU_EVTSEL_OS			(1ULL << 17)
#define PMU_EVTSEL_INT			(1ULL << 20)
#define PMU_EVTSEL_EN			(1ULL << 22)
#define PMU_EVENT_INSTRUCTIONS		0x00c0	/* INST_RETIRED.ANY_P: event 0xc0, umask 0 */
#define PMU_EVENT_BRANCHES		0x00c4	/* BR_INST_RETIRED.ALL_BRANCHES: 0xc4, umask 0 */

/* IA32_FIXED_CTR_CTRL: 4 bits per counter */
#define PMU_FIXED_OS			0x1ULL
#define PMU_FIXED_PMI			0x8ULL
#define PMU_FIXED_CTRL(i, v)		((uint64_t)(v) << (4 * (i)))

/* RDPMC ECX */
#define PMU_RDPMC_FIXED			(1U << 30)
#define PMU_RDPMC_METRICS		(1U << 29)

/* The vector the guest programs into LVTPC for its PMI handler. */
#define PMU_PMI_VECTOR			0x40

#endif
