// SPDX-License-Identifier: GPL-2.0
/* vpmu-bench overhead: what one mode's result file holds, as text. */
#include <math.h>
#include <string.h>

#include "overhead.h"

static double num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

void ovh__print(FILE *f, json_t *doc)
{
	const json_t *meta = json_object_get(doc, "meta"), *ov = json_object_get(meta, "overhead");
	json_t *row;
	size_t i;

	fprintf(f, "overhead, mode %s: wall-clock seconds per guest run (hyperfine, %d runs + %d warmup, %d work blocks)\n",
		json_string_value(json_object_get(meta, "mode")),
		(int)num(ov, "runs"), (int)num(ov, "warmup"), (int)num(ov, "work_blocks"));
	json_array_foreach(json_object_get(doc, "results"), i, row) {
		const char *w = json_string_value(json_object_get(row, "workload"));
		const char *st = json_string_value(json_object_get(row, "status"));
		const json_t *info = json_object_get(row, "info");
		const json_t *hf = json_object_get(info, "hyperfine");
		double sd = num(hf, "stddev_s");

		fprintf(f, "  %-16s %5.0f Hz  ", w, num(info, "rate_hz"));
		if (strcmp(st, "ok")) {
			fprintf(f, "%s: %s\n", st,
				json_string_value(json_object_get(row, "reason")));
			continue;
		}
		fprintf(f, "mean %.4f s", num(hf, "mean_s"));
		if (!isnan(sd))
			fprintf(f, " +- %.4f", sd);
		fprintf(f, "  median %.4f  min..max %.4f..%.4f  N %d", num(hf, "median_s"),
			num(hf, "min_s"), num(hf, "max_s"), (int)num(hf, "runs"));
		if (!isnan(num(info, "ratio")))
			fprintf(f, "  overhead %+.1f %% +- %.1f (ratio %.3f +- %.3f vs %s)",
				num(info, "overhead_pct"), num(info, "overhead_pct_err"),
				num(info, "ratio"), num(info, "ratio_err"),
				json_string_value(json_object_get(info, "baseline")));
		else if (!isnan(num(info, "vs_nopmu_ratio")))
			fprintf(f, "  vs nopmu %+.1f %% +- %.1f", num(info, "vs_nopmu_overhead_pct"),
				num(info, "vs_nopmu_overhead_pct_err"));
		fputc('\n', f);
	}
}
