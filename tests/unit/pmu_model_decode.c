// SPDX-License-Identifier: GPL-2.0
/*
 * The software PMU model's branch decoder (tests/pmu_model/insn_branch.c,
 * a test double): every branch form the SDM counts, with prefixes, and
 * the non-branches next to them, as assembled bytes.
 */
#include <string.h>

#include "../tap.h"
#include "../pmu_model/insn_branch.h"

struct ins {
	const char *what;
	uint8_t b[8];
	size_t len;
	bool branch;
};

static const struct ins insns[] = {
	{ "jne rel8", { 0x75, 0x02 }, 2, true },
	{ "jo rel8", { 0x70, 0x00 }, 2, true },
	{ "jg rel8", { 0x7f, 0xfe }, 2, true },
	{ "je rel32", { 0x0f, 0x84, 0, 0, 0, 0 }, 6, true },
	{ "jmp rel8", { 0xeb, 0xfe }, 2, true },
	{ "jmp rel32", { 0xe9, 0, 0, 0, 0 }, 5, true },
	{ "call rel32", { 0xe8, 0, 0, 0, 0 }, 5, true },
	{ "call *%rax", { 0xff, 0xd0 }, 2, true },
	{ "jmp *%rax", { 0xff, 0xe0 }, 2, true },
	{ "call *(%rax) with REX.W", { 0x48, 0xff, 0x10 }, 3, true },
	{ "ljmp *(%rax)", { 0xff, 0x28 }, 2, true },
	{ "ret", { 0xc3 }, 1, true },
	{ "ret $8", { 0xc2, 8, 0 }, 3, true },
	{ "rep ret", { 0xf3, 0xc3 }, 2, true },
	{ "lretq", { 0x48, 0xcb }, 2, true },
	{ "loop", { 0xe2, 0xfe }, 2, true },
	{ "loope", { 0xe1, 0xfe }, 2, true },
	{ "jrcxz", { 0xe3, 0x00 }, 2, true },
	{ "iretq", { 0x48, 0xcf }, 2, true },
	{ "int $0x40", { 0xcd, 0x40 }, 2, true },
	{ "syscall", { 0x0f, 0x05 }, 2, true },
	{ "nop", { 0x90 }, 1, false },
	{ "inc (%rax) (ff /0)", { 0xff, 0x00 }, 2, false },
	{ "push (%rax) (ff /6)", { 0xff, 0x30 }, 2, false },
	{ "mov %rax, %rbx", { 0x48, 0x89, 0xc3 }, 3, false },
	{ "wrmsr", { 0x0f, 0x30 }, 2, false },
	{ "rdpmc", { 0x0f, 0x33 }, 2, false },
	{ "cmpq $0, (%rip)", { 0x48, 0x83, 0x3d, 0, 0, 0, 0, 0 }, 8, false },
	{ "xor %eax, %eax", { 0x31, 0xc0 }, 2, false },
	{ "prefixes only (truncated)", { 0x66, 0x48 }, 2, false },
	{ "0f alone (truncated)", { 0x0f }, 1, false },
};

int main(void)
{
	static const uint8_t rdpmc[] = { 0x0f, 0x33 }, int40[] = { 0xcd, 0x40 };
	size_t i;

	for (i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		T_OK(insn_is_branch(insns[i].b, insns[i].len) == insns[i].branch, "%s: %s",
		     insns[i].what, insns[i].branch ? "a branch" : "not a branch");
	__T("RDPMC is recognized", insn_is_rdpmc(rdpmc, 2) && !insn_is_rdpmc(int40, 2));
	__T("INT $0x40 gives vector 0x40, RDPMC none",
	    insn_int_vector(int40, 2) == 0x40 && insn_int_vector(rdpmc, 2) == -1);
	__T("one byte is not an INT", insn_int_vector(int40, 1) == -1);
	return tap_done();
}
