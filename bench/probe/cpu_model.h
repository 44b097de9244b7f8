/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU codename table: vendor + display family/model (+ stepping where
 * one model number covers several products, e.g. 06_55H = SKX/CLX/CPX).
 * Pure logic, unit-tested row by row (tests/unit/probe_cpu_model.c).
 */
#ifndef VPMU_CPU_MODEL_H
#define VPMU_CPU_MODEL_H

#include <stdint.h>

struct cpu_model {
	const char *vendor;		/* "GenuineIntel", "AuthenticAMD" */
	unsigned int family;		/* display family */
	unsigned int model_lo, model_hi;	/* display model range, inclusive */
	unsigned int stepping_lo, stepping_hi;	/* inclusive; 0..15 = any */
	const char *codename;		/* short: "SPR", "ICX", "Zen 4" */
	const char *name;		/* long: "Sapphire Rapids", "Zen 4 (Genoa)" */
};

/*
 * Display family/model/stepping from CPUID.1:EAX (SDM vol. 2A, CPUID:
 * family = base + extended when base == 0xF; model = extended << 4 | base
 * when base family is 0x6 or 0xF).
 */
void cpu_model__decode_fms(uint32_t eax, unsigned int *family,
			   unsigned int *model, unsigned int *stepping);

/* The first matching row, or NULL if the CPU is not in the table. */
const struct cpu_model *cpu_model__lookup(const char *vendor, unsigned int family,
					  unsigned int model, unsigned int stepping);

/* Short codename, or "unknown" if the CPU is not in the table. */
const char *cpu_model__codename(const char *vendor, unsigned int family,
				unsigned int model, unsigned int stepping);

#endif
