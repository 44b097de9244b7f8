// SPDX-License-Identifier: GPL-2.0
/*
 * hyperfine's JSON export into result rows: recorded exports
 * (tests/data/hyperfine/, made by hyperfine 1.15 on the build machine)
 * are read with every number exact, the overhead ratio and its error are
 * hyperfine's relative speed, and every malformed or hostile file is
 * refused with one line that names the file and the field.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "hyperfine.h"
#include "overhead_row.h"

#define DIR "tests/data/hyperfine/"

static const struct {
	const char *file, *want;	/* the error must contain @want */
} bad[] = {
	{ "bad-truncated.json", "line " },
	{ "bad-empty.json", "line 1" },
	{ "bad-array.json", "not a JSON object" },
	{ "bad-no-results.json", "results: missing" },
	{ "bad-two-benchmarks.json", "2 benchmarks (expected exactly 1)" },
	{ "bad-zero-benchmarks.json", "0 benchmarks (expected exactly 1)" },
	{ "bad-times-empty.json", "results[0].times: missing or empty" },
	{ "bad-time-string.json", "results[0].times[3]: not a duration" },
	{ "bad-time-negative.json", "results[0].times[0]: not a duration" },
	{ "bad-mean-mismatch.json", "results[0].mean: 0.5 but the times give 0.033867106399999999" },
	{ "bad-stddev-null.json", "results[0].stddev: null but 10 runs give 0.0046771160306349" },
	{ "bad-median-mismatch.json", "results[0].median: 0.029999999999999999 but the times give 0.0351347835" },
	{ "bad-exit-code.json", "results[0].exit_codes[4]: run 5 exited 1 (expected 0)" },
	{ "bad-exit-code-null.json", "results[0].exit_codes[2]: the run ended without an exit code" },
	{ "bad-no-command.json", "results[0].command: missing" },
	{ "bad-max-object.json", "results[0].max: not a number" },
	{ "bad-number-overflow.json", "real number overflow" },
	{ "bad-duplicate-key.json", "duplicate object key" },
	{ "bad-nan.json", "invalid token" },
	/* found by tests/fuzz/fuzz_hyperfine.c: jansson quotes a newline near the error */
	{ "bad-newline-in-error.json", "line 8 column 0: invalid escape near '\"m     \\?'" },
};

static void check_bad(const char *path, const char *want)
{
	char err[512] = "";
	struct hf_bench b;
	int r = hyperfine__read(path, &b, err, sizeof(err));

	T_OK(r == -1, "%s: refused", path);
	T_OK(!strncmp(err, path, strlen(path)) && !strchr(err, '\n') && strstr(err, want),
	     "%s: one line naming the file and '%s' (got: %s)", path, want, err);
	T_OK(!b.times && !b.command && !b.n, "%s: nothing kept", path);
}

/* A file of HF_MAX_RUNS + 1 runs, written here rather than stored (2.5 MB). */
static void too_many_runs(void)
{
	char path[] = "/tmp/vpmu-hf-many.XXXXXX";
	int fd = mkstemp(path), i;
	FILE *f = fdopen(fd, "w");

	fprintf(f, "{\"results\": [{\"command\": \"x\", \"mean\": 0.03, \"stddev\": 0, \"median\": 0.03, \"min\": 0.03, \"max\": 0.03, \"times\": [");
	for (i = 0; i <= HF_MAX_RUNS; i++)
		fprintf(f, "%s0.03", i ? "," : "");
	fprintf(f, "]}]}\n");
	fclose(f);
	check_bad(path, "100001 runs (expected at most 100000)");
	unlink(path);
}

static double info_num(json_t *row, const char *key)
{
	return json_number_value(json_object_get(json_object_get(row, "info"), key));
}

int main(void)
{
	struct ovh_timed tb = { "e2e-none", "ovh-none", "s", "none", 0, 10, 2, 4 };
	struct ovh_timed ts = { "e2e-pmi-1000", "ovh-pmi-1000", "s", "pmi", 1000, 10, 2, 4 };
	struct hf_bench b, s, one, two;
	char err[512];
	json_t *rb, *rs, *samples;
	double r, e;
	size_t i;

	__T("base-10runs.json (recorded) is read",
	    !hyperfine__read(DIR "base-10runs.json", &b, err, sizeof(err)));
	__T("its 10 runs, in run order", b.n == 10 && b.times[0] == 0.041310846000000005 &&
	    b.times[5] == 0.027163263 && b.times[9] == 0.035025321000000005);
	__T("its mean, stddev, median, min, max exactly as written",
	    b.mean == 0.0338671064 && b.stddev == 0.00467711603063491 &&
	    b.median == 0.0351347835 && b.min == 0.027163263 && b.max == 0.041310846000000005);
	__T("its command name", !strcmp(b.command, "e2e-none"));
	__T("slower-10runs.json (recorded) is read",
	    !hyperfine__read(DIR "slower-10runs.json", &s, err, sizeof(err)));
	__T("one-run.json: stddev null is kept as NaN (one run has none)",
	    !hyperfine__read(DIR "one-run.json", &one, err, sizeof(err)) && one.n == 1 &&
	    isnan(one.stddev) && one.mean == 0.026664729);
	__T("two-runs.json: the median of two runs is their mean, as hyperfine's",
	    !hyperfine__read(DIR "two-runs.json", &two, err, sizeof(err)) && two.n == 2 &&
	    two.median == 0.022697041);

	/* hyperfine's relative speed, worked by hand from the two files */
	__T("ratio of the means", !hyperfine__ratio(s.mean, s.stddev, b.mean, b.stddev, &r, &e));
	T_NEAR("ratio 0.0423358919 / 0.0338671064 = 1.250059317143197", r, 1.250059317143197, 1e-15);
	T_NEAR("error r * sqrt((sd/m)^2 + (sd_b/m_b)^2) = 0.21878738897357852", e,
	       0.21878738897357852, 1e-15);
	__T("one run: the error is NaN, not 0",
	    !hyperfine__ratio(one.mean, one.stddev, b.mean, b.stddev, &r, &e) && isnan(e));
	__T("a mean of 0 has no ratio", hyperfine__ratio(0, 0, b.mean, b.stddev, &r, &e) == -1);
	__T("a baseline of 0 has no ratio", hyperfine__ratio(b.mean, 0, 0, 0, &r, &e) == -1);

	rb = overhead__row(&tb, &b, "hyperfine 1.15.0", 1.5);
	rs = overhead__row(&ts, &s, "hyperfine 1.15.0", 1.5);
	samples = json_object_get(rb, "samples");
	__T("row: collection overhead, workload e2e-none, status ok, unit s",
	    !strcmp(json_string_value(json_object_get(rb, "collection")), "overhead") &&
	    !strcmp(json_string_value(json_object_get(rb, "workload")), "e2e-none") &&
	    !strcmp(json_string_value(json_object_get(rb, "status")), "ok") &&
	    !strcmp(json_string_value(json_object_get(rb, "unit")), "s"));
	for (i = 0; i < b.n && json_real_value(json_array_get(samples, i)) == b.times[i]; i++)
		;
	__T("row: the samples are hyperfine's times, every one, exactly",
	    json_array_size(samples) == 10 && i == 10);
	__T("row: summary median of the times (0.0351347835) and n 10",
	    json_number_value(json_object_get(json_object_get(rb, "summary"), "median")) ==
	    0.0351347835 &&
	    json_integer_value(json_object_get(json_object_get(rb, "summary"), "n")) == 10);
	__T("row: info rate_hz 1000, kind pmi, guest row, work blocks",
	    info_num(rs, "rate_hz") == 1000 &&
	    !strcmp(json_string_value(json_object_get(json_object_get(rs, "info"), "kind")), "pmi") &&
	    !strcmp(json_string_value(json_object_get(json_object_get(rs, "info"), "guest_workload")),
		    "ovh-pmi-1000") && info_num(rs, "work_blocks") == 4);
	__T("row: info.hyperfine keeps mean_s, stddev_s, runs, warmup",
	    json_real_value(json_object_get(json_object_get(json_object_get(rs, "info"), "hyperfine"),
					    "mean_s")) == 0.0423358919 &&
	    json_real_value(json_object_get(json_object_get(json_object_get(rs, "info"), "hyperfine"),
					    "stddev_s")) == 0.004551924052928911 &&
	    json_integer_value(json_object_get(json_object_get(json_object_get(rs, "info"), "hyperfine"),
					       "runs")) == 10);
	__T("relate: against the rate-0 row", !overhead__relate(rs, rb, "e2e-none", ""));
	T_NEAR("relate: ratio 1.250059317143197", info_num(rs, "ratio"), 1.250059317143197, 1e-15);
	T_NEAR("relate: ratio_err 0.21878738897357852", info_num(rs, "ratio_err"),
	       0.21878738897357852, 1e-15);
	T_NEAR("relate: overhead_pct 25.005931714319708", info_num(rs, "overhead_pct"),
	       25.005931714319708, 1e-12);
	T_NEAR("relate: overhead_pct_err 21.878738897357852", info_num(rs, "overhead_pct_err"),
	       21.878738897357852, 1e-12);
	__T("relate: names its baseline",
	    !strcmp(json_string_value(json_object_get(json_object_get(rs, "info"), "baseline")),
		    "e2e-none"));
	__T("relate with a prefix: vs_nopmu_ratio",
	    !overhead__relate(rs, rb, "nopmu/e2e-none", "vs_nopmu_") &&
	    info_num(rs, "vs_nopmu_ratio") == info_num(rs, "ratio"));
	json_decref(rb);
	json_decref(rs);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[256];

		snprintf(path, sizeof(path), DIR "%s", bad[i].file);
		check_bad(path, bad[i].want);
	}
	too_many_runs();
	check_bad("tests/data/hyperfine/does-not-exist.json", "unable to open");
	hf_bench__free(&b);
	__T("parse from a string names it", hyperfine__parse("{}", 2, "<mem>", &b, err,
							      sizeof(err)) == -1 &&
	    !strncmp(err, "<mem>: results: missing", 23));
	hf_bench__free(&s);
	hf_bench__free(&one);
	hf_bench__free(&two);
	return tap_done();
}
