// SPDX-License-Identifier: GPL-2.0
/*
 * PMU arithmetic against hand-computed vectors: accuracy-loop counts,
 * PMI preset and skid, PERF_METRICS decode and scaling.
 */
#include <stdint.h>
#include <string.h>

#include "../tap.h"
#include "pmu_math.h"

int main(void)
{
	struct td_level1 t;
	const char *why = NULL;
	uint64_t h = 0;
	int64_t skid = -1;
	int i;

	/* 1000 iterations x (4 NOP + LOOP) + MOV + MOV, XOR, XOR, WRMSR */
	__T("insns(1000) = 5005", acc_expected_insns(1000) == 5005);
	__T("insns(0) = 5 (set-up and disable only)", acc_expected_insns(0) == 5);
	__T("branches(1000) = 1000 (one LOOP each)", acc_expected_branches(1000) == 1000);
	__T("error +2", acc_error(5007, 5005) == 2);
	__T("error -2", acc_error(5003, 5005) == -2);

	/* PMI preset: 2^48 - 100 = 0xffffffffff9c */
	__T("preset(100, 48)", pmi_preset(100, 48) == 0xffffffffff9cULL);
	__T("preset(1, 32)", pmi_preset(1, 32) == 0xffffffffULL);
	__T("preset(1, 64)", pmi_preset(1, 64) == ~0ULL);
	__T("skid: read 150, handler 120 -> 30",
	    pmi_skid(150, 120, 100, 48, &skid, &why) && skid == 30);
	__T("skid: read == handler path -> 0",
	    pmi_skid(120, 120, 100, 48, &skid, &why) && skid == 0);
	__T("skid: bits above the width are ignored",
	    pmi_skid(0xffff000000000096ULL, 120, 100, 48, &skid, &why) && skid == 30);
	__T("skid: not wrapped (0xffffffffffa0 >= preset)",
	    !pmi_skid(0xffffffffffa0ULL, 120, 100, 48, &skid, &why) &&
	    !strcmp(why, "counter had not overflowed when the handler read it"));
	__T("skid: below the handler path",
	    !pmi_skid(100, 120, 100, 48, &skid, &why) &&
	    !strcmp(why, "counter below the calibrated handler path"));
	__T("skid: period 0 rejected", !pmi_skid(5, 0, 0, 48, &skid, &why));
	/* Calibration: RDMSR, MOV, MOV, INT between the two reads. */
	__T("handler path: 1000 before, 1124 in the handler -> 120",
	    pmi_handler_insns(1000, 1124, 48, &h, &why) && h == 120);
	__T("handler path: fewer than the 4 blob instructions rejected",
	    !pmi_handler_insns(1000, 1003, 48, &h, &why) &&
	    !strcmp(why, "calibration: counter advanced less than RDMSR, MOV, MOV, INT"));
	__T("handler path: a wrap within the width is a difference, not an error",
	    pmi_handler_insns(0xfffffffffff0ULL, 0x74, 48, &h, &why) && h == 0x80);
	__T("handler path: a second read below the first rejected",
	    !pmi_handler_insns(1124, 1000, 48, &h, &why) &&
	    !strcmp(why, "calibration: handler path above 100000 instructions"));
	for (i = 0; i < 2; i++) {
		/*
		 * A guest under the counting convention of legacy KVM with
		 * GLOBAL_CTRL intercepted (i = 1: the enabling WRMSR counts) or
		 * not (i = 0), handler path 57, true skid 0, period 100.
		 * Calibration: counter starts at 0, the enabling WRMSR (i), 3
		 * compiler instructions, then the blob. PMI: the counter wraps
		 * at the 100th instruction (the WRMSR among them), the PMI
		 * comes right after it, the handler reads 57.
		 */
		uint64_t before = i + 3, after = before + PMI_CAL_INSNS + 57;

		T_OK(pmi_handler_insns(before, after, 48, &h, &why) && h == 57 &&
		     pmi_skid(57, h, 100, 48, &skid, &why) && skid == 0,
		     "skid 0 is 0 with the enabling WRMSR %s", i ? "counted" : "not counted");
	}
	/* The guest computes t1 - t0: a handler TSC below t0 wraps. */
	__T("TSC delta: 2^40 - 1 accepted", pmi_tsc_delta_ok((1ULL << 40) - 1));
	__T("TSC delta: 2^40 rejected", !pmi_tsc_delta_ok(1ULL << 40));
	__T("TSC delta: t1 < t0 (wrapped) rejected", !pmi_tsc_delta_ok((uint64_t)1000 - 2000));

	/* The -host-busy rows' host events: one per GP counter, GP-only encodings. */
	{
		struct acc_busy_event ev[16];
		unsigned int n, j, fixed_capable = 0, named = 0;

		n = acc_busy_events(8, ev, 16);
		for (j = 0; j < n; j++) {
			/* Fixed counters also take 0x00c0, 0x003c and 0x0300. */
			fixed_capable += ev[j].config == 0x00c0 || ev[j].config == 0x003c ||
					 ev[j].config == 0x0300;
			named += ev[j].name && ev[j].name[0];
		}
		__T("busy events: 8 host GP counters -> 8 events, none a fixed counter takes",
		    n == 8 && !fixed_capable && named == 8);
		__T("busy events: first is branches (0xc4), a repeat is a second event",
		    ev[0].config == 0x00c4 && ev[4].config == ev[0].config);
		__T("busy events: capped at the array", acc_busy_events(20, ev, 16) == 16);
		__T("busy events: 0 host GP counters -> none", acc_busy_events(0, ev, 16) == 0);
	}

	/* td_scale: floor(slots * frac / 255) */
	__T("scale 0xff is all slots", td_scale(1000, 0xff) == 1000);
	__T("scale 0 is none", td_scale(1000, 0) == 0);
	__T("scale 0x80 of 1000 = 501 (501.96 rounded down)", td_scale(1000, 0x80) == 501);
	__T("scale 1 of 255 = 1", td_scale(255, 1) == 1);
	__T("scale 1 of 254 = 0", td_scale(254, 1) == 0);
	__T("scale saturates at slots without overflow (2^64-1, 0xff)",
	    td_scale(UINT64_MAX, 0xff) == UINT64_MAX);
	__T("scale (2^64-1) * 0x80 / 0xff = 0x8080808080808080",
	    td_scale(UINT64_MAX, 0x80) == 0x8080808080808080ULL);

	/* retiring 0x33, bad spec 0x1a, FE 0x4c, BE 0x66: sum 0xff */
	td_decode(0x664c1a33ULL, 1000000, false, &t);
	__T("decode: raw bytes in SDM order", t.raw[TD_RETIRING] == 0x33 &&
	    t.raw[TD_BAD_SPEC] == 0x1a && t.raw[TD_FE_BOUND] == 0x4c && t.raw[TD_BE_BOUND] == 0x66);
	__T("decode: sum 0xff, valid", t.sum == 0xff && t.sum_ok && t.valid);
	T_NEAR("decode: retiring 20 %", t.pct[TD_RETIRING], 20.0, 1e-9);
	T_NEAR("decode: bad spec 10.196 %", t.pct[TD_BAD_SPEC], 2600.0 / 255, 1e-9);
	T_NEAR("decode: FE 29.804 %", t.pct[TD_FE_BOUND], 7600.0 / 255, 1e-9);
	T_NEAR("decode: BE 40 %", t.pct[TD_BE_BOUND], 40.0, 1e-9);
	__T("decode: slots 200000 / 101960 / 298039 / 400000",
	    t.slots[TD_RETIRING] == 200000 && t.slots[TD_BAD_SPEC] == 101960 &&
	    t.slots[TD_FE_BOUND] == 298039 && t.slots[TD_BE_BOUND] == 400000);
	td_decode(0xffeeddcc664c1a33ULL, 1000000, false, &t);
	__T("decode: level-2 bytes do not leak into level 1",
	    t.raw[TD_RETIRING] == 0x33 && t.raw[TD_BE_BOUND] == 0x66 && t.sum == 0xff);
	td_decode(0x000000ffULL, 12345, false, &t);
	__T("decode: retiring 0xff = 100 % = all slots",
	    t.valid && t.pct[TD_RETIRING] == 100.0 && t.slots[TD_RETIRING] == 12345);
	/* 0x33+0x1a+0x4c+0x64 = 0xfd: within the rounding slack */
	td_decode(0x644c1a33ULL, 1000, false, &t);
	__T("decode: sum 0xfd accepted (rounding)", t.sum == 0xfd && t.sum_ok && t.valid);
	/* 0xfc: not */
	td_decode(0x634c1a33ULL, 1000, false, &t);
	__T("decode: sum 0xfc rejected", t.sum == 0xfc && !t.sum_ok && !t.valid &&
	    !strcmp(t.why, "level-1 fractions do not sum to 0xff"));
	td_decode(0x664c1a33ULL, 1000, true, &t);
	__T("decode: metrics overflow (GLOBAL_STATUS bit 48) invalidates", !t.valid &&
	    !strcmp(t.why, "PERF_METRICS overflowed (GLOBAL_STATUS bit 48): fractions saturated"));
	td_decode(0x664c1a33ULL, 0, false, &t);
	__T("decode: SLOTS 0 invalid", !t.valid && !strcmp(t.why, "SLOTS is 0: nothing was counted"));
	td_decode(0, 1000, false, &t);
	__T("decode: PERF_METRICS 0 invalid", !t.valid &&
	    !strcmp(t.why, "PERF_METRICS is 0: metrics not enabled (GLOBAL_CTRL bit 48)"));
	return tap_done();
}
