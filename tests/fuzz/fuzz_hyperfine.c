// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: hyperfine's JSON export as vpmu-bench overhead reads
 * it (bench/util/hyperfine.c), from arbitrary bytes. It must never crash;
 * an accepted file has 1..HF_MAX_RUNS finite, non-negative times that its
 * mean and min/max agree with (to the reader's tolerance), and a refused one gives exactly one line.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hyperfine.h"

/* within the tolerance the reader allows a summary (1e-9 relative) */
static bool below(double a, double b)
{
	return a <= b + 1e-12 + 1e-9 * fabs(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hf_bench b;
	char err[512];
	size_t i;

	if (hyperfine__parse((const char *)data, size, "fuzz", &b, err, sizeof(err))) {
		if (strncmp(err, "fuzz: ", 6) || strchr(err, '\n'))
			abort();
		return 0;
	}
	if (!b.n || b.n > HF_MAX_RUNS || !b.command)
		abort();
	for (i = 0; i < b.n; i++)
		if (!isfinite(b.times[i]) || b.times[i] < 0 || !below(b.min, b.times[i]) ||
		    !below(b.times[i], b.max))
			abort();
	if (!below(b.min, b.mean) || !below(b.mean, b.max))
		abort();
	hf_bench__free(&b);
	return 0;
}
