/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST DOUBLE: does the instruction at @b retire as a branch? The model
 * single-steps the guest and counts BR_INST_RETIRED.ALL_BRANCHES (0xc4)
 * by decoding each stepped instruction. Pure; unit-tested in
 * tests/unit/pmu_model_decode.c.
 */
#ifndef VPMU_PMU_MODEL_INSN_BRANCH_H
#define VPMU_PMU_MODEL_INSN_BRANCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * True for Jcc (rel8, rel32), JMP/CALL (rel, indirect, far), RET/RETF,
 * LOOP/LOOPcc/JrCXZ, IRET, INT n/INT3/INTO and SYSCALL/SYSRET/SYSENTER/
 * SYSEXIT, in 64-bit mode, after legacy and REX prefixes. The far
 * transfers (INT n, IRET) count as the SDM's far branches do.
 */
bool insn_is_branch(const uint8_t *b, size_t len);

/* RDPMC (0F 33, after prefixes) at @b. */
bool insn_is_rdpmc(const uint8_t *b, size_t len);
/* The vector of INT imm8 (CD ib) at @b, or -1. */
int insn_int_vector(const uint8_t *b, size_t len);

#endif
