// SPDX-License-Identifier: GPL-2.0
/* The four topdown shapes (see topdown_shapes.h); runs in guest and host. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <linux/stringify.h>

#include "topdown_shapes.h"

const struct td_shape_desc td_shapes[NR_TD_SHAPES] = {
	[TD_SHAPE_RETIRING] = { "retiring", TD_RETIRING,
				"independent ALU adds: retiring-bound" },
	[TD_SHAPE_BACKEND] = { "backend", TD_BE_BOUND,
			       "pointer chase over 256 MiB: backend (memory) bound" },
	[TD_SHAPE_FRONTEND] = { "frontend", TD_FE_BOUND,
				"jump chain over 128 KiB of code: frontend bound" },
	[TD_SHAPE_BADSPEC] = { "badspec", TD_BAD_SPEC,
			       "branches on random bits: bad-speculation bound" },
};

const uint64_t td_iters[NR_TD_SHAPES] = {
	[TD_SHAPE_RETIRING] = 10000000,	/* 6 instructions each: 60 M */
	[TD_SHAPE_BACKEND] = 1000000,	/* 1 M dependent loads, mostly from DRAM */
	[TD_SHAPE_FRONTEND] = 1000,	/* passes of 2048 jumps over 128 KiB */
	[TD_SHAPE_BADSPEC] = 10000000,	/* 10 M branches on random bits */
};

/*
 * The frontend chain: block i (64-byte aligned) jumps to block
 * (i + TD_FE_STRIDE) % TD_FE_BLOCKS; the block whose successor is 0 jumps
 * back to the loop, which counts one pass. Every pass executes
 * TD_FE_BLOCKS jumps spread over 128 KiB, none of them sequential.
 * In: %rcx = passes. Clobbers rcx, flags.
 */
asm(".pushsection .text\n"
	".altmacro\n"
	".macro TD_FE_JMP n\n"
	"	jmp vpmu_td_fe_\\n\n"
	".endm\n"
	".macro TD_FE_BLOCK i\n"
	"	.balign " __stringify(TD_LINE) "\n"
	"vpmu_td_fe_\\i:\n"
	"	.if ((\\i + " __stringify(TD_FE_STRIDE) ") % " __stringify(TD_FE_BLOCKS) ")\n"
	"	TD_FE_JMP %((\\i + " __stringify(TD_FE_STRIDE) ") % " __stringify(TD_FE_BLOCKS) ")\n"
	"	.else\n"
	"	jmp vpmu_td_fe_back\n"
	"	.endif\n"
	".endm\n"
	".balign " __stringify(TD_LINE) "\n"
	".global vpmu_td_fe_chain\n"
	"vpmu_td_fe_chain:\n"
	"	test %rcx, %rcx\n"
	"	jz 2f\n"
	"	jmp vpmu_td_fe_0\n"
	"vpmu_td_fe_back:\n"
	"	dec %rcx\n"
	"	jnz vpmu_td_fe_0\n"
	"2:	ret\n"
	".set td_fe_i, 0\n"
	".rept " __stringify(TD_FE_BLOCKS) "\n"
	"	TD_FE_BLOCK %td_fe_i\n"
	"	.set td_fe_i, td_fe_i + 1\n"
	".endr\n"
	".purgem TD_FE_BLOCK\n"
	".purgem TD_FE_JMP\n"
	".noaltmacro\n"
	".popsection\n");

static uint64_t td_retiring(uint64_t iters)
{
	uint64_t a = 0, b = 0, c = 0, d = 0;

	if (!iters)
		return 0;
	/* Four independent adds, dec, jnz: 6 instructions an iteration. */
	asm volatile("1:\n\t"
		     "add $1, %[a]\n\tadd $3, %[b]\n\tadd $5, %[c]\n\tadd $7, %[d]\n\t"
		     "dec %[n]\n\tjnz 1b\n\t"
		     : [a] "+r"(a), [b] "+r"(b), [c] "+r"(c), [d] "+r"(d), [n] "+r"(iters)
		     :: "cc");
	return a + b + c + d;
}

static uint64_t td_backend(const uint64_t *p, uint64_t iters)
{
	if (!iters || !p)
		return 0;
	/* One dependent load, dec, jnz an iteration. */
	asm volatile("1:\n\t"
		     "mov (%[p]), %[p]\n\t"
		     "dec %[n]\n\tjnz 1b\n\t"
		     : [p] "+r"(p), [n] "+r"(iters) :: "memory", "cc");
	return (uint64_t)p;
}

static uint64_t td_frontend(uint64_t passes)
{
	/* Step over the red zone: the call pushes below %rsp. */
	asm volatile("sub $128, %%rsp\n\t"
		     "call vpmu_td_fe_chain\n\t"
		     "add $128, %%rsp"
		     : "+c"(passes) :: "memory", "cc");
	return passes;
}

static uint64_t td_badspec(const uint8_t *r, uint64_t len, uint64_t iters)
{
	uint64_t i = 0, hits = 0, idx = 0;

	if (!iters || !r || !len)
		return 0;
	/* Per iteration: load a random byte, branch on bit 0 (taken half the time). */
	asm volatile("1:\n\t"
		     "movzbl (%[r], %[idx]), %%eax\n\t"
		     "test $1, %%al\n\t"
		     "jz 2f\n\t"
		     "add $1, %[hits]\n\t"
		     "2:\n\t"
		     "inc %[idx]\n\t"
		     "cmp %[len], %[idx]\n\t"
		     "jb 3f\n\t"
		     "xor %[idx], %[idx]\n\t"
		     "3:\n\t"
		     "inc %[i]\n\t"
		     "cmp %[n], %[i]\n\t"
		     "jb 1b\n\t"
		     : [hits] "+r"(hits), [idx] "+r"(idx), [i] "+r"(i)
		     : [r] "r"(r), [len] "r"(len), [n] "r"(iters)
		     : "rax", "memory", "cc");
	return hits;
}

uint64_t td_shape_run(enum td_shape s, const struct td_work *w)
{
	switch (s) {
	case TD_SHAPE_RETIRING:
		return td_retiring(w->iters);
	case TD_SHAPE_BACKEND:
		return td_backend(w->chase, w->iters);
	case TD_SHAPE_FRONTEND:
		return td_frontend(w->iters);
	case TD_SHAPE_BADSPEC:
		return td_badspec(w->rand, w->rand_len, w->iters);
	default:
		return 0;
	}
}

static uint64_t xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

void td_chase_init(uint64_t *buf, uint64_t lines, uint64_t base, uint32_t *scratch,
		   uint64_t seed)
{
	const uint64_t per_line = TD_LINE / sizeof(uint64_t);
	uint64_t i, s = seed ? seed : 0x9e3779b97f4a7c15ULL;

	for (i = 0; i < lines; i++)
		scratch[i] = i;
	/* Sattolo: a uniformly random single cycle. */
	for (i = lines - 1; i > 0; i--) {
		uint64_t j = xorshift64(&s) % i;
		uint32_t t = scratch[i];

		scratch[i] = scratch[j];
		scratch[j] = t;
	}
	for (i = 0; i < lines; i++)
		buf[i * per_line] = base + (uint64_t)scratch[i] * TD_LINE;
}

void td_rand_init(uint8_t *buf, uint64_t len, uint64_t seed)
{
	uint64_t i, s = seed ? seed : 0x2545f4914f6cdd1dULL;

	for (i = 0; i < len; i++)
		buf[i] = xorshift64(&s) >> 56;
}

long long td_smaps_huge_kb(FILE *smaps, uint64_t start, uint64_t end)
{
	char line[512];
	long long sum = -1, kb;
	bool in = false;
	uint64_t lo, hi;

	while (fgets(line, sizeof(line), smaps)) {
		/* A mapping's header: "lo-hi perms ...", hex without 0x. */
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = lo < end && hi > start;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %lld kB", &kb) == 1)
			sum = (sum < 0 ? 0 : sum) + kb;
	}
	return sum;
}

bool td_thp_mode(const char *line, char *mode, size_t len)
{
	const char *a = strchr(line, '['), *b = a ? strchr(a, ']') : NULL;

	if (!a || !b || (size_t)(b - a - 1) >= len)
		return false;
	memcpy(mode, a + 1, b - a - 1);
	mode[b - a - 1] = '\0';
	return true;
}

long long td_pages__read(uint64_t start, uint64_t end, char *mode, size_t len)
{
	char line[128];
	long long kb = -1;
	FILE *f;

	snprintf(mode, len, "unknown");
	f = fopen(TD_THP_ENABLED, "r");
	if (f) {
		if (!fgets(line, sizeof(line), f) || !td_thp_mode(line, mode, len))
			snprintf(mode, len, "unreadable");
		fclose(f);
	}
	f = fopen("/proc/self/smaps", "r");
	if (f) {
		kb = td_smaps_huge_kb(f, start, end);
		fclose(f);
	}
	return kb;
}
