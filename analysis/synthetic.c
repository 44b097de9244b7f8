// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic result set for `make bench` and the tests: NOT a measurement.
 * Every file says so (hostname "synthetic", CPU "Synthetic CPU (test
 * data, not a measurement)", guest_execution "synthetic", meta.synthetic
 * true, every row's summary_text). Values are lognormal around made-up
 * centres with a fixed seed, so the same N always gives the same files.
 *
 * Rows are written by the writer `run` uses (bench/util/result.h), under
 * the workload names the tool has (guest-workloads/), so the report reads
 * them as it reads a run. host-trace has no workload yet: its rows are
 * named as the report's section expects them; overhead rows are named
 * and shaped as vpmu-bench overhead writes them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>

#include "probe.h"
#include "report.h"
#include "report_int.h"
#include "result.h"

#define SYN_SUMMARY "synthetic: made-up lognormal values, not a measurement"

struct syn_row {
	const char *collection, *workload, *unit;
	double centre[NR_MODES];	/* per mode; < 0: skipped in that mode */
	double sigma;			/* lognormal shape */
};

static const struct syn_row syn_rows[] = {
	{ "exit", "cpuid", "tsc_cycles", { 1050, 1900, 3000, 3400 }, 0.05 },
	{ "exit", "rdmsr", "tsc_cycles", { 1200, 2050, 3150, 3560 }, 0.05 },
	{ "exit", "pio-user", "tsc_cycles", { 9000, 9900, 11000, 11400 }, 0.08 },
	{ "exit", "wrmsr", "tsc_cycles", { 4000, 4800, 6100, 6500 }, 0.10 },
	{ "exit", "vmcall", "tsc_cycles", { -1, -1, -1, -1 }, 0 },
	{ "pmu-msr", "rdmsr-global-ctrl", "tsc_cycles", { -1, 1800, 40, 40 }, 0.05 },
	{ "pmu-msr", "wrmsr-perfevtsel0", "tsc_cycles", { -1, 2500, 2100, 2500 }, 0.05 },
	{ "accuracy", "gp-insns", "events", { -1, 120, 4, 4 }, 0.5 },
	{ "host-trace", "cpuid", "tsc_cycles", { 900, 1700, 2800, 3200 }, 0.15 },
	/* as vpmu-bench overhead writes them: seconds per whole run, rate in the name */
	{ "overhead", "e2e-none", "s", { 0.50, 0.52, 0.51, 0.51 }, 0.02 },
	{ "overhead", "e2e-pmi-1000", "s", { -1, 0.57, 0.52, 0.53 }, 0.02 },
	{ "overhead", "e2e-pmi-10000", "s", { -1, 0.78, 0.55, 0.57 }, 0.02 },
	{ "topdown", "topdown-backend", "pct_points", { -1, -1, 49.7, 49.7 }, 0.05 },
};
#define NR_SYN_ROWS (sizeof(syn_rows) / sizeof(syn_rows[0]))

static const double td_guest[TD_METRICS] = { 34.0, 4.6, 11.7, 49.7 };
static const double td_native[TD_METRICS] = { 32.0, 5.2, 13.8, 49.0 };

/* @prec decimals: small files, and the same values every time */
static void push_lognormal_prec(struct series *s, gsl_rng *rng, double centre, double sigma,
				size_t n, int prec)
{
	char v[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(v, sizeof(v), "%.*f", prec, gsl_ran_lognormal(rng, log(centre), sigma));
		series__push(s, strtod(v, NULL));
	}
}

/* one decimal, as these files always had */
static void push_lognormal(struct series *s, gsl_rng *rng, double centre, double sigma,
			   size_t n)
{
	push_lognormal_prec(s, rng, centre, sigma, n, 1);
}

/*
 * A topdown row's series: the level-1 metrics and slots in the guest,
 * and their native_* twins, which a workload_out cannot hold beside them
 * (WL_MAX_EXTRA): those travel in @nat, as they would from a second
 * run. Drawn in the order the files always had.
 */
static void topdown_series(struct workload_out *out, struct workload_out *nat,
			   char names[TD_METRICS][48], gsl_rng *rng, size_t n)
{
	size_t k;

	for (k = 0; k < TD_METRICS; k++)
		push_lognormal(workload_out__extra(out, report_td_metrics[k], "pct_points"), rng,
			       td_guest[k], 0.03, n);
	for (k = 0; k < TD_METRICS; k++) {
		snprintf(names[k], 48, "native_%s", report_td_metrics[k]);
		push_lognormal(workload_out__extra(nat, names[k], "pct_points"), rng,
			       td_native[k], 0.03, n);
	}
	push_lognormal(workload_out__extra(out, "slots", "slots"), rng, 1.21e9, 0.02, n);
	push_lognormal(workload_out__extra(nat, "native_slots", "slots"), rng, 1.0e9, 0.02, n);
}

/* e2e-KIND-RATE: the rate in its name; e2e-none: 0. */
static double syn_rate(const char *workload)
{
	const char *dash = strrchr(workload, '-');

	return dash && dash[1] >= '0' && dash[1] <= '9' ? strtod(dash + 1, NULL) : 0;
}

/* One results[] row of @row in mode @m. */
static json_t *syn_result(const struct syn_row *row, enum vpmu_mode m, size_t n,
			  gsl_rng *rng)
{
	struct row_id id = { row->collection, row->workload, SYN_SUMMARY };
	struct workload_out out = { .unit = row->unit, .calibration = NAN };
	struct workload_out nat = { .calibration = NAN };
	double c = row->centre[m];
	char why[128], names[TD_METRICS][48];
	struct series *s;
	json_t *res, *twin;
	size_t k;

	if (c < 0) {
		snprintf(why, sizeof(why), "synthetic skip: %s not in mode %s", row->workload,
			 mode_name(m));
		return result__row(&id, ROW_SKIPPED, why, &out, NAN);
	}
	/* seconds per run (overhead) need ms; every other unit keeps one decimal */
	push_lognormal_prec(&out.samples, rng, c, row->sigma, n, strcmp(row->unit, "s") ? 1 : 4);
	if (!strcmp(row->collection, "pmu-msr")) {
		/* made up: slow rows exit (intercepted), fast ones do not */
		s = workload_out__extra(&out, "exits_per_op", "exits");
		for (k = 0; k < n; k++)
			series__push(s, c > 500);
	}
	if (!strcmp(row->collection, "topdown"))
		topdown_series(&out, &nat, names, rng, n);
	if (!strcmp(row->collection, "overhead"))
		out.info = json_pack("{s:f}", "rate_hz", syn_rate(row->workload));
	res = result__row(&id, ROW_OK, NULL, &out, NAN);
	if (nat.nr_extra) {
		twin = result__row(&id, ROW_OK, NULL, &nat, NAN);
		json_object_update(json_object_get(res, "series"), json_object_get(twin, "series"));
		json_decref(twin);
	}
	workload_out__free(&out);
	workload_out__free(&nat);
	return res;
}

static int write_mode(const char *dir, enum vpmu_mode m, size_t per_row, gsl_rng *rng)
{
	char name[64], path[4096], err[512];
	json_t *doc, *results;
	size_t i;
	int ret;

	results = json_array();
	for (i = 0; i < NR_SYN_ROWS; i++)
		json_array_append_new(results, syn_result(&syn_rows[i], m, per_row, rng));
	doc = json_pack("{s:s, s:{s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:f, s:{s:s, s:s}}, s:o}",
			"schema", RESULT_SCHEMA,
			"meta",
			"tool", "vpmu-bench report --synthetic",
			"synthetic", 1,
			"command_line", "vpmu-bench report --synthetic",
			"started_at", "2026-01-01T00:00:00Z",
			"hostname", "synthetic",
			"mode", mode_name(m),
			"guest_execution", "synthetic",
			"tsc_hz", 2.6e9,
			"host",
			"cpu_model_name", "Synthetic CPU (test data, not a measurement)",
			"kernel_release", "0.0.0-synthetic",
			"results", results);
	snprintf(name, sizeof(name), "synthetic-%s.json", mode_name(m));
	ret = result__write_atomic(dir, name, doc, path, sizeof(path), err, sizeof(err));
	if (ret)
		fprintf(stderr, "vpmu-bench report: error: %s\n", err);
	json_decref(doc);
	return ret ? -1 : 0;
}

int synthetic__write(const char *dir, unsigned long n)
{
	size_t ok_rows = 0, i, per_row;
	gsl_rng *rng;
	int m, ret = 0;

	for (m = 0; m < NR_MODES; m++)
		for (i = 0; i < NR_SYN_ROWS; i++)
			ok_rows += syn_rows[i].centre[m] >= 0;
	per_row = n / ok_rows ? n / ok_rows : 1;
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng) {
		fprintf(stderr, "vpmu-bench report: error: out of memory\n");
		return 1;
	}
	gsl_rng_set(rng, STATS_BOOT_SEED);
	for (m = 0; m < NR_MODES && !ret; m++)
		ret = write_mode(dir, m, per_row, rng);
	gsl_rng_free(rng);
	if (ret)
		return 1;
	fprintf(stderr, "vpmu-bench report: wrote %zu synthetic samples (%zu per ok row) to %s/synthetic-*.json\n",
		per_row * ok_rows, per_row, dir);
	return 0;
}
