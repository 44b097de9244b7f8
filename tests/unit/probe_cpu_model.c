// SPDX-License-Identifier: GPL-2.0
/* CPU codename table and CPUID.1:EAX family/model/stepping decode. */
#include <string.h>

#include "../tap.h"
#include "cpu_model.h"

#define INTEL "GenuineIntel"
#define AMD "AuthenticAMD"

static const struct {
	uint32_t eax;
	unsigned int family, model, stepping;
} fms[] = {
	{ 0x000806f8, 6, 0x8f, 8 },	/* SPR E-stepping signature */
	{ 0x00050657, 6, 0x55, 7 },	/* Cascade Lake */
	{ 0x00a10f11, 0x19, 0x11, 1 },	/* this build host: Zen 4 (Genoa) */
	{ 0x00b00f21, 0x1a, 0x02, 1 },	/* Zen 5 (Turin) */
	{ 0x00400f10, 0x13, 0x01, 0 },	/* Intel family 19 (extended family 4) */
	{ 0x00000f41, 0x0f, 0x04, 1 },	/* Pentium 4: base family F, no ext family */
	{ 0x00000543, 5, 4, 3 },	/* family 5: extended model not applied */
};

static const struct {
	const char *vendor;
	unsigned int family, model, stepping;
	const char *codename;
} rows[] = {
	{ INTEL, 6, 0x55, 4, "SKX" },
	{ INTEL, 6, 0x55, 0, "SKX" },
	{ INTEL, 6, 0x55, 5, "CLX" },
	{ INTEL, 6, 0x55, 7, "CLX" },
	{ INTEL, 6, 0x55, 10, "CPX" },
	{ INTEL, 6, 0x55, 11, "CPX" },
	{ INTEL, 6, 0x6a, 6, "ICX" },
	{ INTEL, 6, 0x6c, 1, "ICX-D" },
	{ INTEL, 6, 0x8f, 8, "SPR" },
	{ INTEL, 6, 0xcf, 2, "EMR" },
	{ INTEL, 6, 0xad, 1, "GNR" },
	{ INTEL, 6, 0xaf, 3, "SRF" },
	{ INTEL, 6, 0x4f, 1, "BDX" },
	{ INTEL, 6, 0x3f, 2, "HSX" },
	{ INTEL, 6, 0x9e, 9, "KBL" },
	{ INTEL, 6, 0x9e, 10, "CFL" },
	{ INTEL, 6, 0x97, 2, "ADL" },
	{ INTEL, 6, 0xb7, 1, "RPL" },
	{ INTEL, 6, 0x7e, 5, "ICL" },
	{ INTEL, 6, 0x8c, 1, "TGL" },
	{ INTEL, 6, 0xaa, 4, "MTL" },
	{ INTEL, 19, 0x01, 0, "DMR" },
	{ AMD, 0x17, 0x01, 2, "Zen" },
	{ AMD, 0x17, 0x08, 2, "Zen+" },
	{ AMD, 0x17, 0x31, 0, "Zen 2" },
	{ AMD, 0x17, 0x71, 0, "Zen 2" },
	{ AMD, 0x19, 0x01, 1, "Zen 3" },
	{ AMD, 0x19, 0x21, 0, "Zen 3" },
	{ AMD, 0x19, 0x50, 0, "Zen 3" },
	{ AMD, 0x19, 0x11, 1, "Zen 4" },
	{ AMD, 0x19, 0x61, 2, "Zen 4" },
	{ AMD, 0x19, 0xa0, 1, "Zen 4" },
	{ AMD, 0x1a, 0x02, 1, "Zen 5" },
	{ AMD, 0x1a, 0x44, 0, "Zen 5" },
	{ AMD, 0x1a, 0x50, 0, "Zen 6" },
	/* not in the table: must say so, never guess */
	{ INTEL, 6, 0x01, 0, "unknown" },
	{ AMD, 0x15, 0x01, 0, "unknown" },
	{ AMD, 0x19, 0xf0, 0, "unknown" },
	{ INTEL, 0x19, 0x11, 1, "unknown" },	/* AMD numbers under the Intel vendor */
	{ "HygonGenuine", 0x18, 0x00, 0, "unknown" },
};

int main(void)
{
	unsigned int f, m, s, i;
	const struct cpu_model *cm;

	for (i = 0; i < sizeof(fms) / sizeof(fms[0]); i++) {
		cpu_model__decode_fms(fms[i].eax, &f, &m, &s);
		T_OK(f == fms[i].family && m == fms[i].model && s == fms[i].stepping,
		     "decode_fms(0x%08x) = 0x%x/0x%x/%u (got 0x%x/0x%x/%u)", fms[i].eax,
		     fms[i].family, fms[i].model, fms[i].stepping, f, m, s);
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *c = cpu_model__codename(rows[i].vendor, rows[i].family,
						    rows[i].model, rows[i].stepping);

		T_OK(!strcmp(c, rows[i].codename), "%s %02x_%02xH stepping %u is %s (got %s)",
		     rows[i].vendor, rows[i].family, rows[i].model, rows[i].stepping,
		     rows[i].codename, c);
	}
	cm = cpu_model__lookup(AMD, 0x19, 0x11, 1);
	__T("Zen 4 model 0x11 is named Genoa", cm && strstr(cm->name, "Genoa"));
	cm = cpu_model__lookup(INTEL, 6, 0x8f, 8);
	__T("SPR long name is Sapphire Rapids", cm && !strcmp(cm->name, "Sapphire Rapids"));
	__T("NULL vendor is not in the table", !cpu_model__lookup(NULL, 6, 0x8f, 8));
	return tap_done();
}
