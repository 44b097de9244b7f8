/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Result rows of `vpmu-bench overhead` (collection "overhead", workloads
 * e2e-*): hyperfine's timing of whole guest runs, one row per (mode,
 * rate), and the overhead of each against its rate-0 baseline.
 */
#ifndef VPMU_OVERHEAD_ROW_H
#define VPMU_OVERHEAD_ROW_H

#include <jansson.h>

#include "hyperfine.h"

/* Workload names of the timed rows: this prefix + the guest row's suffix. */
#define OVH_ROW_PREFIX "e2e-"
#define OVH_UNIT "s"

/* What was timed. */
struct ovh_timed {
	const char *workload;		/* e2e-pmi-1000 */
	const char *guest_row;		/* ovh-pmi-1000: the vpmu-guest row run */
	const char *summary;
	const char *kind;		/* none | pmi | rdpmc */
	unsigned int rate_hz;		/* requested; 0 for the baseline */
	unsigned int runs, warmup, work_blocks;
};

/*
 * The ok row of @t from hyperfine's benchmark @b: samples are the
 * wall-clock seconds of each run (unit "s"), info has rate_hz, kind and
 * hyperfine's own mean, stddev, median, min, max and run count.
 */
json_t *overhead__row(const struct ovh_timed *t, const struct hf_bench *b,
		      const char *hf_version, double wall_s);

/*
 * Against a baseline row (both ok rows of overhead__row): sets in @row's
 * info PREFIX "ratio", PREFIX "ratio_err" (hyperfine's relative speed
 * and its error), PREFIX "overhead_pct" and PREFIX "overhead_pct_err"
 * ((ratio - 1) and err in percent), and PREFIX "baseline" naming it.
 * 0, or -1 if a row has no usable mean.
 */
int overhead__relate(json_t *row, const json_t *base, const char *base_name,
		     const char *prefix);

#endif
