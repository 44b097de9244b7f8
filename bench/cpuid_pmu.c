// SPDX-License-Identifier: GPL-2.0
/* Placeholder (replaced by the real decoder). */
#include <string.h>

#include "cpuid_pmu.h"

void pmu_cpuid__decode(struct pmu_cpuid *p, uint32_t eax, uint32_t ebx,
		       uint32_t ecx, uint32_t edx)
{
	memset(p, 0, sizeof(*p));
	p->version = eax & 0xff;
}

void pmu_cpuid__encode(const struct pmu_cpuid *p, uint32_t *eax, uint32_t *ebx,
		       uint32_t *ecx, uint32_t *edx)
{
	*eax = p->version;
	*ebx = *ecx = *edx = 0;
}

bool pmu_cpuid__has_fixed(const struct pmu_cpuid *p, unsigned int i)
{
	return false;
}
