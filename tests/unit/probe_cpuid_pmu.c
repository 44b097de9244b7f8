// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID leaf 0xA decode/encode against hand-computed vectors (SDM vol. 2A,
 * "Architectural Performance Monitoring Leaf").
 */
#include "../tap.h"
#include "cpuid_pmu.h"

static int round_trip(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	struct pmu_cpuid p;
	uint32_t a2, b2, c2, d2;

	pmu_cpuid__decode(&p, a, b, c, d);
	pmu_cpuid__encode(&p, &a2, &b2, &c2, &d2);
	return a2 == a && b2 == b && c2 == c && d2 == d;
}

int main(void)
{
	struct pmu_cpuid p;
	uint32_t a, b, c, d;

	/*
	 * SPR-class leaf: EAX=0x08300805 -> [7:0]=0x05 version 5,
	 * [15:8]=0x08 eight GP counters, [23:16]=0x30 48 bits wide,
	 * [31:24]=0x08 eight EBX bits. EDX=0x8604 -> [4:0]=4 fixed counters,
	 * [12:5]=0x8604>>5=0x430, &0xff=0x30 48 bits, [15]=1 AnyThread
	 * deprecated. ECX=0xf: fixed counters 0-3 in the v5 bitmap.
	 */
	pmu_cpuid__decode(&p, 0x08300805, 0, 0xf, 0x8604);
	__T("SPR: version 5", p.version == 5);
	__T("SPR: 8 GP counters", p.nr_gp == 8);
	__T("SPR: GP width 48", p.gp_width == 48);
	__T("SPR: EBX length 8", p.ebx_len == 8);
	__T("SPR: all architectural events available (EBX=0)", p.events_unavail == 0);
	__T("SPR: 4 contiguous fixed counters", p.nr_fixed == 4);
	__T("SPR: fixed width 48", p.fixed_width == 48);
	__T("SPR: AnyThread deprecated", p.anythread_deprecated);
	__T("SPR: fixed mask 0xf", p.fixed_mask == 0xf);
	__T("SPR: fixed 3 (TOPDOWN.SLOTS) present", pmu_cpuid__has_fixed(&p, 3));
	__T("SPR: fixed 4 absent", !pmu_cpuid__has_fixed(&p, 4));
	__T("SPR: round trip", round_trip(0x08300805, 0, 0xf, 0x8604));

	/*
	 * Skylake-class v4: EAX=0x07300804 -> v4, 8 GP (with HT off) x 48,
	 * EBX length 7; EBX=0 ; EDX=0x0603 -> 3 fixed x 48 bits, no [15].
	 */
	pmu_cpuid__decode(&p, 0x07300804, 0, 0, 0x0603);
	__T("SKL: version 4, 8 x 48-bit GP", p.version == 4 && p.nr_gp == 8 && p.gp_width == 48);
	__T("SKL: 3 fixed x 48 bits", p.nr_fixed == 3 && p.fixed_width == 48);
	__T("SKL: AnyThread not deprecated", !p.anythread_deprecated);
	__T("SKL: fixed 2 present, fixed 3 absent",
	    pmu_cpuid__has_fixed(&p, 2) && !pmu_cpuid__has_fixed(&p, 3));

	/*
	 * v5 fixed-counter bitmap: counter i exists if ECX[i] || EDX[4:0] > i.
	 * ECX=0x9 (counters 0 and 3), EDX[4:0]=1: 0 yes (both), 1 and 2 no,
	 * 3 yes (bitmap only).
	 */
	pmu_cpuid__decode(&p, 0x08300805, 0, 0x9, 0x0601);
	__T("v5 mask: fixed 0 (ECX and EDX)", pmu_cpuid__has_fixed(&p, 0));
	__T("v5 mask: fixed 1 absent", !pmu_cpuid__has_fixed(&p, 1));
	__T("v5 mask: fixed 2 absent", !pmu_cpuid__has_fixed(&p, 2));
	__T("v5 mask: fixed 3 from the ECX bitmap alone", pmu_cpuid__has_fixed(&p, 3));
	__T("v5 mask: fixed 31 absent", !pmu_cpuid__has_fixed(&p, 31));
	__T("v5 mask: out-of-range index absent", !pmu_cpuid__has_fixed(&p, 40));

	/* Before v5 ECX is reserved: the same ECX must not add counter 3. */
	pmu_cpuid__decode(&p, 0x08300804, 0, 0x9, 0x0601);
	__T("v4: ECX ignored, fixed 3 absent", !pmu_cpuid__has_fixed(&p, 3));
	__T("v4: fixed 0 from EDX", pmu_cpuid__has_fixed(&p, 0));

	/* v1: EDX is reserved, no fixed counters. */
	pmu_cpuid__decode(&p, 0x07280201, 0, 0, 0x0603);
	__T("v1: 2 GP x 40 bits", p.version == 1 && p.nr_gp == 2 && p.gp_width == 40);
	__T("v1: no fixed counters", !pmu_cpuid__has_fixed(&p, 0));

	/* This build host (and KVM with enable_pmu=N): all zero. */
	pmu_cpuid__decode(&p, 0, 0, 0, 0);
	__T("zero leaf: version 0, no counters", p.version == 0 && p.nr_gp == 0 && p.nr_fixed == 0);
	__T("zero leaf: no fixed 0", !pmu_cpuid__has_fixed(&p, 0));

	/* EBX: bit set = event NOT available (bit 2 ref cycles, bit 7 slots). */
	pmu_cpuid__decode(&p, 0x08300805, 0x84, 0, 0);
	__T("EBX 0x84: ref-cycles and topdown slots unavailable", p.events_unavail == 0x84);

	/* Encode: a guest with 2 GP counters and fixed counters 0-2 only. */
	p = (struct pmu_cpuid){ .version = 2, .nr_gp = 2, .gp_width = 48, .ebx_len = 7,
				.nr_fixed = 3, .fixed_width = 48 };
	pmu_cpuid__encode(&p, &a, &b, &c, &d);
	__T("encode: EAX 0x07300202", a == 0x07300202);
	__T("encode: EDX 0x00000603", d == 0x00000603);
	__T("encode: EBX and ECX zero", b == 0 && c == 0);

	/* Encode masks each field to its width: nr_fixed 0x21 -> EDX[4:0]=1. */
	p = (struct pmu_cpuid){ .version = 0x105, .nr_fixed = 0x21, .fixed_width = 0x130,
				.anythread_deprecated = true };
	pmu_cpuid__encode(&p, &a, &b, &c, &d);
	__T("encode: version masked to 8 bits", a == 0x05);
	__T("encode: EDX fields masked (1 | 0x30 << 5 | 1 << 15)", d == (1 | 0x30 << 5 | 1 << 15));

	__T("round trip: zero leaf", round_trip(0, 0, 0, 0));
	__T("round trip: v5 leaf with fixed bitmap 0x08300805/0/0xf/0x8604", round_trip(0x08300805, 0, 0xf, 0x8604));
	__T("round trip: reserved EDX bits dropped",
	    !round_trip(0x08300805, 0, 0, 0x10000 | 0x603));
	return tap_done();
}
