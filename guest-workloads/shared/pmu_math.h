/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure arithmetic of the PMU workloads, unit-tested against hand-computed
 * vectors (tests/unit/pmu_math.c): the exact counts of the accuracy loop,
 * the PMI counter preset and skid, and the PERF_METRICS decode.
 */
#ifndef VPMU_PMU_MATH_H
#define VPMU_PMU_MATH_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The accuracy loop (accuracy_table.c, one asm blob). Counting starts
 * after the WRMSR that sets IA32_PERF_GLOBAL_CTRL retires and ends with
 * the WRMSR that clears it, which is itself counted (the convention
 * pmu_counters_test.c asserts on every KVM PMU):
 *
 *	wrmsr			GLOBAL_CTRL = counters	(not counted)
 *	mov  loops, %ecx				1
 *   1:	nop x ACC_NOPS_PER_LOOP				4 per iteration
 *	loop 1b						1 per iteration, 1 branch
 *	mov  $GLOBAL_CTRL, %ecx				1
 *	xor  %eax, %eax					1
 *	xor  %edx, %edx					1
 *	wrmsr			GLOBAL_CTRL = 0		1
 */
#define ACC_NOPS_PER_LOOP	4
/* Four NOPs and the LOOP. */
#define ACC_INSNS_PER_LOOP	(ACC_NOPS_PER_LOOP + 1)
/* LOOP retires as a branch whether taken or not: one per iteration. */
#define ACC_BRANCHES_PER_LOOP	1
/* MOV before the loop; MOV, XOR, XOR and the disabling WRMSR after it. */
#define ACC_EXTRA_INSNS		5
/* No branch outside the loop. */
#define ACC_EXTRA_BRANCHES	0

uint64_t acc_expected_insns(uint64_t loops);
uint64_t acc_expected_branches(uint64_t loops);
/* measured - expected, as a signed count. */
int64_t acc_error(uint64_t measured, uint64_t expected);

/*
 * The -host-busy rows' host events (legacy vPMU): one per host GP
 * counter, raw encodings perf can only schedule on a GP counter (never
 * 0x00c0/0x003c/0x0300, which fixed counters also take, nor generic
 * events a CPU may lack, such as stalled-cycles-frontend on SPR), so that
 * CPU-pinned, they hold every GP counter. Fills @n (at most @max) configs
 * and names; returns how many.
 */
struct acc_busy_event {
	uint64_t config;		/* PERF_TYPE_RAW: umask << 8 | event */
	const char *name;
};
unsigned int acc_busy_events(unsigned int host_nr_gp, struct acc_busy_event *ev,
			     unsigned int max);

/* Counter value that overflows after @n events in a @width-bit counter. */
uint64_t pmi_preset(uint64_t n, unsigned int width);
/*
 * Skid of one PMI: @value is the counter read in the handler (it kept
 * counting: it holds the events after the overflow point, the handler's
 * own path included), @handler_insns the instructions from interrupt
 * entry to that read (pmi_handler_insns()). Returns false, with a
 * reason, if the counter did not wrap or the value is below the handler
 * path (the calibration does not fit this PMI).
 */
bool pmi_skid(uint64_t value, uint64_t handler_insns, uint64_t n, unsigned int width,
	      int64_t *skid, const char **why);

/*
 * The handler-path calibration (pmi_table.c), one asm blob on a counter
 * that is already running, so that whether the enabling WRMSR of
 * GLOBAL_CTRL was counted (legacy KVM counts it when GLOBAL_CTRL is
 * intercepted) does not matter:
 *
 *	rdmsr			counter -> %edx:%eax (@before)	1
 *	mov  %eax, %esi						1
 *	mov  %edx, %edi						1
 *	int  $PMU_PMI_VECTOR					1
 *	... the handler path, then the handler's RDMSR (@after)
 *
 * A counter read excludes the RDMSR that reads it, so @after - @before
 * = 4 + the handler path, the same path a PMI takes to the same read.
 */
#define PMI_CAL_INSNS		4
/* More than this between the two reads is not a handler path. */
#define PMI_CAL_MAX_PATH	100000
bool pmi_handler_insns(uint64_t before, uint64_t after, unsigned int width, uint64_t *insns,
		       const char **why);

/*
 * The guest's arm-to-handler TSC delta (it computes t1 - t0 itself, so a
 * handler TSC below t0 wraps): above PMI_MAX_TSC_DELTA (2^40 cycles,
 * minutes at any TSC rate) it is corrupt, not slow.
 */
#define PMI_MAX_TSC_DELTA	(1ULL << 40)
bool pmi_tsc_delta_ok(uint64_t delta);

/* IA32_PERF_METRICS level-1 fields (SDM 21.3.9.3, byte i = bits 8i+7:8i). */
enum td_metric {
	TD_RETIRING,
	TD_BAD_SPEC,
	TD_FE_BOUND,
	TD_BE_BOUND,
	NR_TD_METRICS,
};

extern const char *const td_metric_names[NR_TD_METRICS];

struct td_level1 {
	uint8_t raw[NR_TD_METRICS];	/* 8-bit fractions of 0xff */
	unsigned int sum;		/* of raw[]; 0xff up to rounding */
	bool sum_ok;			/* |sum - 0xff| <= TD_SUM_SLACK */
	double pct[NR_TD_METRICS];	/* raw * 100 / 0xff, pct_points */
	uint64_t slots[NR_TD_METRICS];	/* slots * raw / 0xff, rounded down like the kernel */
	bool valid;
	const char *why;		/* when !valid */
};

/* Each byte is rounded by the hardware: four half-units either way. */
#define TD_SUM_SLACK 2

/* slots * frac / 0xff without overflow (128-bit), rounded down; 0xff gives slots. */
uint64_t td_scale(uint64_t slots, uint8_t frac);
/*
 * Decode @perf_metrics with the SLOTS count it belongs to.
 * @metrics_ovf: IA32_PERF_GLOBAL_STATUS bit 48 was set (the internal
 * metric counters saturated): the fractions are then not meaningful.
 */
void td_decode(uint64_t perf_metrics, uint64_t slots, bool metrics_ovf, struct td_level1 *t);

#endif
