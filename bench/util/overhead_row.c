// SPDX-License-Identifier: GPL-2.0
/*
 * hyperfine's numbers into the project's result rows. The samples are
 * hyperfine's per-run times, so the report's median and CI come from the
 * same runs as the mean and stddev kept beside them.
 */
#include <math.h>
#include <stdio.h>

#include "overhead_row.h"
#include "result.h"

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *overhead__row(const struct ovh_timed *t, const struct hf_bench *b,
		      const char *hf_version, double wall_s)
{
	struct row_id id = { "overhead", t->workload, t->summary };
	struct workload_out out = { .unit = OVH_UNIT, .calibration = NAN };
	json_t *row, *hf;
	size_t i;

	for (i = 0; i < b->n; i++)
		series__push(&out.samples, b->times[i]);
	hf = json_pack("{s:s, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:s}",
		       "version", hf_version ? hf_version : "unknown",
		       "command", b->command, "runs", (int)b->n, "warmup", (int)t->warmup,
		       "mean_s", num(b->mean), "stddev_s", num(b->stddev),
		       "median_s", num(b->median), "min_s", num(b->min), "max_s", num(b->max),
		       "stddev_method", "sample (n - 1), as hyperfine; null for one run");
	out.info = json_pack("{s:i, s:s, s:s, s:i, s:o}", "rate_hz", (int)t->rate_hz,
			     "kind", t->kind, "guest_workload", t->guest_row,
			     "work_blocks", (int)t->work_blocks, "hyperfine", hf);
	row = result__row(&id, ROW_OK, NULL, &out, wall_s);
	workload_out__free(&out);
	return row;
}

static bool mean_sd(const json_t *row, double *mean, double *sd)
{
	const json_t *hf = json_object_get(json_object_get(row, "info"), "hyperfine");
	const json_t *m = json_object_get(hf, "mean_s"), *s = json_object_get(hf, "stddev_s");

	if (!json_is_number(m))
		return false;
	*mean = json_number_value(m);
	*sd = json_is_number(s) ? json_number_value(s) : NAN;
	return true;
}

int overhead__relate(json_t *row, const json_t *base, const char *base_name,
		     const char *prefix)
{
	json_t *info = json_object_get(row, "info");
	double m, s, mb, sb, r, e;
	char key[64];

	if (!json_is_object(info) || !mean_sd(row, &m, &s) || !mean_sd(base, &mb, &sb) ||
	    hyperfine__ratio(m, s, mb, sb, &r, &e))
		return -1;
	snprintf(key, sizeof(key), "%sbaseline", prefix);
	json_object_set_new(info, key, json_string(base_name));
	snprintf(key, sizeof(key), "%sratio", prefix);
	json_object_set_new(info, key, json_real(r));
	snprintf(key, sizeof(key), "%sratio_err", prefix);
	json_object_set_new(info, key, num(e));
	snprintf(key, sizeof(key), "%soverhead_pct", prefix);
	json_object_set_new(info, key, json_real((r - 1) * 100));
	snprintf(key, sizeof(key), "%soverhead_pct_err", prefix);
	json_object_set_new(info, key, num(e * 100));
	return 0;
}
