/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Four workload shapes with one known dominant TMA level-1 category.
 * Plain code with no KVM or libperf dependency: the same functions run in
 * the guest (the selftests library loads this binary into the VM) and on
 * the host under `vpmu-bench native`, so both count the same instructions.
 */
#ifndef VPMU_TOPDOWN_SHAPES_H
#define VPMU_TOPDOWN_SHAPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pmu_math.h"

enum td_shape {
	TD_SHAPE_RETIRING,	/* independent ALU ops: 4 adds + dec/jnz per iteration */
	TD_SHAPE_BACKEND,	/* dependent loads, random cycle over > LLC */
	TD_SHAPE_FRONTEND,	/* jump chain over 128 KiB of code (> L1i, > DSB) */
	TD_SHAPE_BADSPEC,	/* a branch on each random bit */
	NR_TD_SHAPES,
};

struct td_shape_desc {
	const char *name;
	enum td_metric dominant;
	const char *summary;
};

extern const struct td_shape_desc td_shapes[NR_TD_SHAPES];
/* Iterations per sample of each shape, the same in the guest and natively. */
extern const uint64_t td_iters[NR_TD_SHAPES];

/* Frontend chain: TD_FE_BLOCKS blocks of 64 bytes, visited with a stride. */
#define TD_FE_BLOCKS		2048
#define TD_FE_STRIDE		389	/* odd: visits every block once per pass */
#define TD_LINE			64

/* Default sizes: a 256 MiB chase buffer is larger than any LLC we target. */
#define TD_CHASE_BYTES		(256ULL << 20)
#define TD_RAND_BYTES		(1ULL << 20)

struct td_work {
	uint64_t *chase;	/* td_chase_init(): one pointer per 64-byte line */
	const uint8_t *rand;	/* td_rand_init() */
	uint64_t rand_len;
	uint64_t iters;		/* iterations of the shape's loop */
};

/* Runs @s for w->iters; returns a value that depends on all the work. */
uint64_t td_shape_run(enum td_shape s, const struct td_work *w);

/*
 * A single random cycle through @lines cache lines of @buf (Sattolo's
 * algorithm, xorshift64 from @seed): line i holds the address of the next
 * line as the code that chases it sees the buffer: @base is that address
 * of line 0 (the guest's virtual address, or @buf itself natively).
 * @scratch: @lines uint32_t. Host-side only.
 */
void td_chase_init(uint64_t *buf, uint64_t lines, uint64_t base, uint32_t *scratch,
		   uint64_t seed);
void td_rand_init(uint8_t *buf, uint64_t len, uint64_t seed);

/*
 * Page size of the chase buffer, alike in the guest and natively: both
 * ask for transparent huge pages (MADV_HUGEPAGE) on the host memory
 * (the guest also maps it with 2 MiB PTEs), and both record what they
 * got. Host-side only.
 *
 * td_smaps_huge_kb(): the AnonHugePages (kB) of the mappings in @smaps
 * (/proc/self/smaps text) that overlap [@start, @end); -1 if none does.
 * td_thp_mode(): the selected word of a transparent_hugepage/enabled
 * line ("always [madvise] never" -> "madvise"); false if none is.
 */
long long td_smaps_huge_kb(FILE *smaps, uint64_t start, uint64_t end);
bool td_thp_mode(const char *line, char *mode, size_t len);
#define TD_THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"

/*
 * The pages the host gave [@start, @end) in this process, read from
 * TD_THP_ENABLED and /proc/self/smaps: @mode the THP policy word
 * ("unknown" or "unreadable" when it cannot tell), the return value the
 * AnonHugePages in kB (-1 if not found). Host code only.
 */
long long td_pages__read(uint64_t start, uint64_t end, char *mode, size_t len);

#endif
