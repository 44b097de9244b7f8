// SPDX-License-Identifier: GPL-2.0
/*
 * The topdown shapes run as plain host code (the same functions the guest
 * runs): each terminates and does exactly the work it claims.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "topdown_shapes.h"

int main(void)
{
	enum { LINES = 1024 };
	struct td_work w = { 0 };
	uint64_t *buf = aligned_alloc(TD_LINE, LINES * TD_LINE);
	uint32_t *scratch = malloc(LINES * sizeof(*scratch));
	uint8_t rnd[4096];
	uint64_t i, odd = 0, seen_start = 0;
	uint64_t base;

	if (!buf || !scratch)
		return 1;
	base = (uint64_t)buf;

	w.iters = 1000;
	/* 1000 x (1 + 3 + 5 + 7) */
	__T("retiring: 1000 iterations add up to 16000",
	    td_shape_run(TD_SHAPE_RETIRING, &w) == 16000);
	w.iters = 0;
	__T("retiring: 0 iterations do nothing", td_shape_run(TD_SHAPE_RETIRING, &w) == 0);

	td_chase_init(buf, LINES, base, scratch, 1);
	w.chase = buf;
	w.iters = LINES;
	__T("chase: one cycle through all 1024 lines returns to line 0",
	    td_shape_run(TD_SHAPE_BACKEND, &w) == base);
	for (i = 1; i < LINES; i++) {
		w.iters = i;
		seen_start += td_shape_run(TD_SHAPE_BACKEND, &w) == base;
	}
	__T("chase: no shorter cycle (Sattolo: a single cycle)", seen_start == 0);
	for (i = 0; i < LINES; i++) {
		uint64_t p = buf[i * (TD_LINE / 8)];

		if (p < base || p >= base + LINES * TD_LINE || (p - base) % TD_LINE)
			break;
	}
	__T("chase: every pointer is a line of the buffer", i == LINES);
	td_chase_init(buf, LINES, 0x100000000ULL, scratch, 1);
	__T("chase: pointers use the given base (the guest's address)",
	    buf[0] >= 0x100000000ULL && buf[0] < 0x100000000ULL + LINES * TD_LINE);

	w.iters = 3;
	__T("frontend: 3 passes of the 2048-jump chain come back",
	    td_shape_run(TD_SHAPE_FRONTEND, &w) == 0);
	w.iters = 0;
	__T("frontend: 0 passes", td_shape_run(TD_SHAPE_FRONTEND, &w) == 0);

	td_rand_init(rnd, sizeof(rnd), 1);
	for (i = 0; i < sizeof(rnd); i++)
		odd += rnd[i] & 1;
	w.rand = rnd;
	w.rand_len = sizeof(rnd);
	w.iters = sizeof(rnd);
	__T("badspec: one branch per byte, taken on odd bytes",
	    td_shape_run(TD_SHAPE_BADSPEC, &w) == odd);
	w.iters = 2 * sizeof(rnd);
	__T("badspec: wraps around the random buffer",
	    td_shape_run(TD_SHAPE_BADSPEC, &w) == 2 * odd);
	T_OK(odd > 1800 && odd < 2300, "random bits are balanced (%llu odd of 4096)",
	     (unsigned long long)odd);
	__T("each shape names its dominant category",
	    td_shapes[TD_SHAPE_RETIRING].dominant == TD_RETIRING &&
	    td_shapes[TD_SHAPE_BACKEND].dominant == TD_BE_BOUND &&
	    td_shapes[TD_SHAPE_FRONTEND].dominant == TD_FE_BOUND &&
	    td_shapes[TD_SHAPE_BADSPEC].dominant == TD_BAD_SPEC);

	/* The chase buffer's page size, recorded alike in the guest and natively. */
	{
		static const char smaps[] =
			"7f0000000000-7f0000200000 rw-p 00000000 00:00 0 \n"
			"Size:               2048 kB\n"
			"AnonHugePages:      2048 kB\n"
			"7f0000200000-7f0010400000 rw-p 00000000 00:00 0 \n"
			"AnonHugePages:    260096 kB\n"
			"VmFlags: rd wr mr mw me ac hg\n"
			"7f0020000000-7f0020001000 r--p 00000000 08:01 42   /usr/lib/a-b c.so\n"
			"AnonHugePages:         0 kB\n";
		char mode[16];
		FILE *f;

		f = fmemopen((void *)smaps, sizeof(smaps) - 1, "r");
		__T("smaps: AnonHugePages of the overlapping mappings summed (2048 + 260096)",
		    f && td_smaps_huge_kb(f, 0x7f0000100000ULL, 0x7f0010100000ULL) == 262144);
		if (f)
			fclose(f);
		f = fmemopen((void *)smaps, sizeof(smaps) - 1, "r");
		__T("smaps: a range no mapping overlaps is -1, not 0",
		    f && td_smaps_huge_kb(f, 0x7f0010400000ULL, 0x7f0020000000ULL) == -1);
		if (f)
			fclose(f);
		f = fmemopen((void *)smaps, sizeof(smaps) - 1, "r");
		__T("smaps: the end is exclusive, a file mapping with a '-' in its path parsed",
		    f && td_smaps_huge_kb(f, 0x7f0020000000ULL, 0x7f0020000800ULL) == 0);
		if (f)
			fclose(f);
		__T("THP mode: the selected word",
		    td_thp_mode("always [madvise] never\n", mode, sizeof(mode)) &&
		    !strcmp(mode, "madvise"));
		__T("THP mode: none selected is false",
		    !td_thp_mode("always madvise never\n", mode, sizeof(mode)));
		__T("THP mode: too long for the buffer is false",
		    !td_thp_mode("[a-very-long-thp-mode-name]", mode, sizeof(mode)));
	}
	free(buf);
	free(scratch);
	return tap_done();
}
