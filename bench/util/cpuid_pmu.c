// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID leaf 0xA (SDM vol. 2A, CPUID, "Architectural Performance
 * Monitoring Leaf"):
 *
 *   EAX[7:0]   version ID            EAX[15:8]  GP counters per logical CPU
 *   EAX[23:16] GP counter bit width  EAX[31:24] length of the EBX bit vector
 *   EBX[i]     1 = architectural event i is NOT available
 *   ECX        (v5+) bitmap of supported fixed counters
 *   EDX[4:0]   number of contiguous fixed counters (v2+)
 *   EDX[12:5]  fixed counter bit width (v2+)
 *   EDX[15]    AnyThread deprecation
 *
 * Fixed counter i exists if ECX[i] || EDX[4:0] > i; ECX counts only
 * from version 5 on (it is reserved before that).
 */
#include <string.h>

#include "cpuid_pmu.h"

void pmu_cpuid__decode(struct pmu_cpuid *p, uint32_t eax, uint32_t ebx,
		       uint32_t ecx, uint32_t edx)
{
	memset(p, 0, sizeof(*p));
	p->version = eax & 0xff;
	p->nr_gp = (eax >> 8) & 0xff;
	p->gp_width = (eax >> 16) & 0xff;
	p->ebx_len = (eax >> 24) & 0xff;
	p->events_unavail = ebx;
	p->fixed_mask = ecx;
	p->nr_fixed = edx & 0x1f;
	p->fixed_width = (edx >> 5) & 0xff;
	p->anythread_deprecated = (edx >> 15) & 1;
}

void pmu_cpuid__encode(const struct pmu_cpuid *p, uint32_t *eax, uint32_t *ebx,
		       uint32_t *ecx, uint32_t *edx)
{
	*eax = (p->version & 0xff) | (p->nr_gp & 0xff) << 8 |
	       (p->gp_width & 0xff) << 16 | (uint32_t)(p->ebx_len & 0xff) << 24;
	*ebx = p->events_unavail;
	*ecx = p->fixed_mask;
	*edx = (p->nr_fixed & 0x1f) | (p->fixed_width & 0xff) << 5 |
	       (uint32_t)p->anythread_deprecated << 15;
}

bool pmu_cpuid__has_fixed(const struct pmu_cpuid *p, unsigned int i)
{
	if (p->version < 2)	/* EDX[12:0] and ECX are reserved in v1 */
		return false;
	if (p->version >= 5 && i < 32 && (p->fixed_mask >> i) & 1)
		return true;
	return p->nr_fixed > i;
}
