// SPDX-License-Identifier: GPL-2.0
/*
 * CPU codename table. Intel rows follow arch/x86/include/asm/intel-family.h
 * (06_55H is split by stepping: 0-4 Skylake-SP, 5-7 Cascade Lake, 8-15
 * Cooper Lake); AMD Zen generations follow the family/model ranges of
 * bsp_init_amd() in arch/x86/kernel/cpu/amd.c, with named server parts
 * listed before the generic range rows (first match wins).
 */
#include <stddef.h>
#include <string.h>

#include "cpu_model.h"

#define INTEL "GenuineIntel"
#define AMD "AuthenticAMD"

#define ROW(v, f, lo, hi, c, n)		{ v, f, lo, hi, 0, 15, c, n }
#define ROWS(v, f, m, slo, shi, c, n)	{ v, f, m, m, slo, shi, c, n }

static const struct cpu_model cpu_models[] = {
	/* Intel server */
	ROW(INTEL, 6, 0x2d, 0x2d, "SNB-EP", "Sandy Bridge-EP"),
	ROW(INTEL, 6, 0x3e, 0x3e, "IVT", "Ivy Bridge-EP"),
	ROW(INTEL, 6, 0x3f, 0x3f, "HSX", "Haswell-EP"),
	ROW(INTEL, 6, 0x4f, 0x4f, "BDX", "Broadwell-EP"),
	ROW(INTEL, 6, 0x56, 0x56, "BDX-DE", "Broadwell-DE"),
	ROWS(INTEL, 6, 0x55, 0, 4, "SKX", "Skylake-SP"),
	ROWS(INTEL, 6, 0x55, 5, 7, "CLX", "Cascade Lake"),
	ROWS(INTEL, 6, 0x55, 8, 15, "CPX", "Cooper Lake"),
	ROW(INTEL, 6, 0x6a, 0x6a, "ICX", "Ice Lake-SP"),
	ROW(INTEL, 6, 0x6c, 0x6c, "ICX-D", "Ice Lake-D"),
	ROW(INTEL, 6, 0x8f, 0x8f, "SPR", "Sapphire Rapids"),
	ROW(INTEL, 6, 0xcf, 0xcf, "EMR", "Emerald Rapids"),
	ROW(INTEL, 6, 0xad, 0xad, "GNR", "Granite Rapids"),
	ROW(INTEL, 6, 0xae, 0xae, "GNR-D", "Granite Rapids-D"),
	ROW(INTEL, 6, 0xaf, 0xaf, "SRF", "Sierra Forest"),
	ROW(INTEL, 6, 0xdd, 0xdd, "CWF", "Clearwater Forest"),
	ROW(INTEL, 19, 0x01, 0x01, "DMR", "Diamond Rapids"),
	ROW(INTEL, 6, 0x86, 0x86, "SNR", "Snow Ridge"),
	ROW(INTEL, 6, 0x5f, 0x5f, "DNV", "Denverton"),
	/* Intel client */
	ROW(INTEL, 6, 0x2a, 0x2a, "SNB", "Sandy Bridge"),
	ROW(INTEL, 6, 0x3a, 0x3a, "IVB", "Ivy Bridge"),
	ROW(INTEL, 6, 0x3c, 0x3c, "HSW", "Haswell"),
	ROW(INTEL, 6, 0x45, 0x46, "HSW", "Haswell"),
	ROW(INTEL, 6, 0x3d, 0x3d, "BDW", "Broadwell"),
	ROW(INTEL, 6, 0x47, 0x47, "BDW", "Broadwell"),
	ROW(INTEL, 6, 0x4e, 0x4e, "SKL", "Skylake"),
	ROW(INTEL, 6, 0x5e, 0x5e, "SKL", "Skylake"),
	ROW(INTEL, 6, 0x8e, 0x8e, "KBL", "Kaby Lake (mobile; also Whiskey/Amber/Comet Lake-U)"),
	ROWS(INTEL, 6, 0x9e, 0, 9, "KBL", "Kaby Lake"),
	ROWS(INTEL, 6, 0x9e, 10, 15, "CFL", "Coffee Lake"),
	ROW(INTEL, 6, 0xa5, 0xa6, "CML", "Comet Lake"),
	ROW(INTEL, 6, 0x66, 0x66, "CNL", "Cannon Lake"),
	ROW(INTEL, 6, 0x7d, 0x7e, "ICL", "Ice Lake"),
	ROW(INTEL, 6, 0xa7, 0xa7, "RKL", "Rocket Lake"),
	ROW(INTEL, 6, 0x8c, 0x8d, "TGL", "Tiger Lake"),
	ROW(INTEL, 6, 0x97, 0x97, "ADL", "Alder Lake"),
	ROW(INTEL, 6, 0x9a, 0x9a, "ADL", "Alder Lake"),
	ROW(INTEL, 6, 0xbe, 0xbe, "ADL-N", "Alder Lake-N"),
	ROW(INTEL, 6, 0xb7, 0xb7, "RPL", "Raptor Lake"),
	ROW(INTEL, 6, 0xba, 0xba, "RPL", "Raptor Lake"),
	ROW(INTEL, 6, 0xbf, 0xbf, "RPL", "Raptor Lake"),
	ROW(INTEL, 6, 0xaa, 0xac, "MTL", "Meteor Lake"),
	ROW(INTEL, 6, 0xb5, 0xb5, "ARL", "Arrow Lake"),
	ROW(INTEL, 6, 0xc5, 0xc6, "ARL", "Arrow Lake"),
	ROW(INTEL, 6, 0xbd, 0xbd, "LNL", "Lunar Lake"),
	ROW(INTEL, 6, 0xcc, 0xcc, "PTL", "Panther Lake"),
	ROW(INTEL, 6, 0x96, 0x96, "EHL", "Elkhart Lake"),
	ROW(INTEL, 6, 0x9c, 0x9c, "JSL", "Jasper Lake"),

	/* AMD: named parts first */
	ROW(AMD, 0x17, 0x01, 0x01, "Zen", "Zen (Naples)"),
	ROW(AMD, 0x17, 0x08, 0x08, "Zen+", "Zen+ (Pinnacle Ridge)"),
	ROW(AMD, 0x17, 0x18, 0x18, "Zen+", "Zen+ (Picasso)"),
	ROW(AMD, 0x17, 0x31, 0x31, "Zen 2", "Zen 2 (Rome)"),
	ROW(AMD, 0x17, 0x71, 0x71, "Zen 2", "Zen 2 (Matisse)"),
	ROW(AMD, 0x19, 0x01, 0x01, "Zen 3", "Zen 3 (Milan)"),
	ROW(AMD, 0x19, 0x21, 0x21, "Zen 3", "Zen 3 (Vermeer)"),
	ROW(AMD, 0x19, 0x10, 0x11, "Zen 4", "Zen 4 (Genoa)"),
	ROW(AMD, 0x19, 0x61, 0x61, "Zen 4", "Zen 4 (Raphael)"),
	ROW(AMD, 0x19, 0xa0, 0xaf, "Zen 4", "Zen 4c (Bergamo/Siena)"),
	ROW(AMD, 0x1a, 0x02, 0x02, "Zen 5", "Zen 5 (Turin)"),
	ROW(AMD, 0x1a, 0x11, 0x11, "Zen 5", "Zen 5c (Turin Dense)"),
	/* AMD: generations by range (amd.c bsp_init_amd) */
	ROW(AMD, 0x17, 0x00, 0x2f, "Zen", "Zen"),
	ROW(AMD, 0x17, 0x50, 0x5f, "Zen", "Zen"),
	ROW(AMD, 0x17, 0x30, 0x4f, "Zen 2", "Zen 2"),
	ROW(AMD, 0x17, 0x60, 0x7f, "Zen 2", "Zen 2"),
	ROW(AMD, 0x17, 0x90, 0x91, "Zen 2", "Zen 2"),
	ROW(AMD, 0x17, 0xa0, 0xaf, "Zen 2", "Zen 2"),
	ROW(AMD, 0x19, 0x00, 0x0f, "Zen 3", "Zen 3"),
	ROW(AMD, 0x19, 0x20, 0x5f, "Zen 3", "Zen 3"),
	ROW(AMD, 0x19, 0x10, 0x1f, "Zen 4", "Zen 4"),
	ROW(AMD, 0x19, 0x60, 0xaf, "Zen 4", "Zen 4"),
	ROW(AMD, 0x1a, 0x00, 0x2f, "Zen 5", "Zen 5"),
	ROW(AMD, 0x1a, 0x40, 0x4f, "Zen 5", "Zen 5"),
	ROW(AMD, 0x1a, 0x60, 0x7f, "Zen 5", "Zen 5"),
	ROW(AMD, 0x1a, 0xd0, 0xd7, "Zen 5", "Zen 5"),
	ROW(AMD, 0x1a, 0x50, 0x5f, "Zen 6", "Zen 6"),
	ROW(AMD, 0x1a, 0x80, 0xaf, "Zen 6", "Zen 6"),
	ROW(AMD, 0x1a, 0xc0, 0xcf, "Zen 6", "Zen 6"),
	ROW(AMD, 0x1a, 0xd8, 0xef, "Zen 6", "Zen 6"),
	{ NULL },
};

void cpu_model__decode_fms(uint32_t eax, unsigned int *family,
			   unsigned int *model, unsigned int *stepping)
{
	unsigned int base_family = (eax >> 8) & 0xf;
	unsigned int base_model = (eax >> 4) & 0xf;

	*stepping = eax & 0xf;
	*family = base_family;
	if (base_family == 0xf)
		*family += (eax >> 20) & 0xff;
	*model = base_model;
	if (base_family == 0x6 || base_family == 0xf)
		*model |= ((eax >> 16) & 0xf) << 4;
}

const struct cpu_model *cpu_model__lookup(const char *vendor, unsigned int family,
					  unsigned int model, unsigned int stepping)
{
	const struct cpu_model *m;

	if (!vendor)
		return NULL;
	for (m = cpu_models; m->vendor; m++) {
		if (strcmp(m->vendor, vendor) || m->family != family)
			continue;
		if (model < m->model_lo || model > m->model_hi)
			continue;
		if (stepping < m->stepping_lo || stepping > m->stepping_hi)
			continue;
		return m;
	}
	return NULL;
}

const char *cpu_model__codename(const char *vendor, unsigned int family,
				unsigned int model, unsigned int stepping)
{
	const struct cpu_model *m = cpu_model__lookup(vendor, family, model, stepping);

	return m ? m->codename : "unknown";
}
