/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPUID leaf 0xA (architectural performance monitoring), decoded and
 * encoded. Pure logic: used by the probe (host and KVM-supported leaf)
 * and to give a guest fewer counters through KVM_SET_CPUID2.
 */
#ifndef VPMU_CPUID_PMU_H
#define VPMU_CPUID_PMU_H

#include <stdbool.h>
#include <stdint.h>

struct pmu_cpuid {
	unsigned int version;		/* EAX[7:0] */
	unsigned int nr_gp;		/* EAX[15:8] */
	unsigned int gp_width;		/* EAX[23:16] */
	unsigned int ebx_len;		/* EAX[31:24]: valid bits of EBX */
	uint32_t events_unavail;	/* EBX: 1 = architectural event NOT available */
	uint32_t fixed_mask;		/* ECX (v5+): bitmap of supported fixed counters */
	unsigned int nr_fixed;		/* EDX[4:0] */
	unsigned int fixed_width;	/* EDX[12:5] */
	bool anythread_deprecated;	/* EDX[15] */
};

void pmu_cpuid__decode(struct pmu_cpuid *p, uint32_t eax, uint32_t ebx,
		       uint32_t ecx, uint32_t edx);
void pmu_cpuid__encode(const struct pmu_cpuid *p, uint32_t *eax, uint32_t *ebx,
		       uint32_t *ecx, uint32_t *edx);
/* SDM: fixed counter i exists if ECX[i] || EDX[4:0] > i (ECX only for v5+). */
bool pmu_cpuid__has_fixed(const struct pmu_cpuid *p, unsigned int i);

#endif
