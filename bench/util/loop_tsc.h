/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulation detector's timed loop, one definition for the host side
 * (bench/probe) and the guest side (vpmu-guest): the same instructions
 * must be timed on both for the ratio to mean anything.
 */
#ifndef VPMU_LOOP_TSC_H
#define VPMU_LOOP_TSC_H

#include <stdint.h>

/* Runs per loop length; the best of them counts. */
#define LOOP_RUNS 5

/*
 * The measured region: one asm blob, serialized TSC reads around @n
 * iterations of "dec; jnz" (two instructions per iteration, no memory
 * access, nothing that exits on VMX or SVM). LFENCE before RDTSC waits
 * for earlier instructions; the one after keeps later ones from starting
 * early. Returns elapsed TSC cycles.
 */
static inline __attribute__((always_inline)) uint64_t loop_tsc(uint32_t n)
{
	uint32_t lo0, hi0, lo1, hi1;

	asm volatile("lfence\n\t"
		     "rdtsc\n\t"
		     "lfence\n\t"
		     "mov %%eax, %[lo0]\n\t"
		     "mov %%edx, %[hi0]\n\t"
		     "1: dec %[n]\n\t"
		     "jnz 1b\n\t"
		     "lfence\n\t"
		     "rdtsc\n\t"
		     "lfence\n\t"
		     : "=a"(lo1), "=d"(hi1), [lo0] "=&r"(lo0), [hi0] "=&r"(hi0), [n] "+r"(n)
		     :
		     : "memory", "cc");
	return (((uint64_t)hi1 << 32) | lo1) - (((uint64_t)hi0 << 32) | lo0);
}

/*
 * Per-iteration cost from two loop lengths (short = iters/10, long =
 * short + iters), best of LOOP_RUNS each: the difference cancels the
 * fences, the TSC reads and the loop setup.
 */
static inline uint32_t loop_short(uint32_t iters)
{
	return iters / 10 ? iters / 10 : 1;
}

#endif
