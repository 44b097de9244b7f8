// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic result set for `make bench` and the tests: NOT a measurement.
 * Every file says so (hostname "synthetic", CPU "Synthetic CPU (test
 * data, not a measurement)", guest_execution "synthetic", meta.synthetic
 * true). Values are lognormal around made-up centres with a fixed seed,
 * so the same N always gives the same files.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "report_int.h"

struct syn_row {
	const char *collection, *workload, *unit;
	double centre[4];		/* per mode; < 0: skipped in that mode */
	double sigma;			/* lognormal shape */
};

static const char *const syn_modes[4] = {
	"nopmu", "legacy", "mediated-vmcs", "mediated-autostore",
};

static const struct syn_row syn_rows[] = {
	{ "exit", "cpuid", "tsc_cycles", { 1050, 1900, 3000, 3400 }, 0.05 },
	{ "exit", "rdmsr-tsc", "tsc_cycles", { 1200, 2050, 3150, 3560 }, 0.05 },
	{ "exit", "pio", "tsc_cycles", { 9000, 9900, 11000, 11400 }, 0.08 },
	{ "exit", "hlt-ipi", "tsc_cycles", { 4000, 4800, 6100, 6500 }, 0.10 },
	{ "exit", "hypercall", "tsc_cycles", { -1, -1, -1, -1 }, 0 },
	{ "pmu-msr", "rdmsr-perf-global-ctrl", "tsc_cycles", { -1, 1800, 40, 40 }, 0.05 },
	{ "pmu-msr", "wrmsr-evtsel0", "tsc_cycles", { -1, 2500, 2100, 2500 }, 0.05 },
	{ "accuracy", "instructions-1m", "events", { -1, 120, 4, 4 }, 0.5 },
	{ "host-trace", "cpuid", "tsc_cycles", { 900, 1700, 2800, 3200 }, 0.15 },
	{ "overhead", "sampling-1khz", "pct", { -1, 2, 0.5, 0.6 }, 0.1 },
	{ "overhead", "sampling-10khz", "pct", { -1, 12, 2.5, 3.1 }, 0.1 },
	{ "overhead", "sampling-100khz", "pct", { -1, 34, 4.2, 5.5 }, 0.1 },
	{ "topdown", "sched-messaging", "pct_points", { -1, -1, 49.7, 49.7 }, 0.05 },
};
#define NR_SYN_ROWS (sizeof(syn_rows) / sizeof(syn_rows[0]))

static const double syn_rates[] = { 1000, 10000, 100000 };

static void write_values(FILE *f, gsl_rng *rng, double centre, double sigma, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%.1f", i ? "," : "", gsl_ran_lognormal(rng, log(centre), sigma));
}

static int write_mode(const char *dir, int m, size_t per_row, gsl_rng *rng)
{
	static const char *const td[4] = {
		"frontend_bound", "bad_speculation", "retiring", "backend_bound",
	};
	static const double td_guest[4] = { 34.0, 4.6, 11.7, 49.7 };
	static const double td_native[4] = { 32.0, 5.2, 13.8, 49.0 };
	char path[4096], tmp[4200];
	size_t i, k, rate = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/synthetic-%s.json", dir, syn_modes[m]);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "{\"schema\": \"vpmu-bench/result/1\",\n\"meta\": {\"tool\": \"vpmu-bench report --synthetic\", "
		   "\"synthetic\": true, \"command_line\": \"vpmu-bench report --synthetic\", "
		   "\"started_at\": \"2026-01-01T00:00:00Z\", \"hostname\": \"synthetic\", "
		   "\"mode\": \"%s\", \"guest_execution\": \"synthetic\", \"tsc_hz\": 2600000000, "
		   "\"host\": {\"cpu_model_name\": \"Synthetic CPU (test data, not a measurement)\", "
		   "\"kernel_release\": \"0.0.0-synthetic\"}},\n\"results\": [\n", syn_modes[m]);
	for (i = 0; i < NR_SYN_ROWS; i++) {
		const struct syn_row *row = &syn_rows[i];
		double c = row->centre[m];

		fprintf(f, "%s{\"collection\": \"%s\", \"workload\": \"%s\", ", i ? ",\n" : "",
			row->collection, row->workload);
		if (c < 0) {
			fprintf(f, "\"status\": \"skipped\", \"reason\": \"synthetic skip: %s not in mode %s\", "
				   "\"unit\": \"%s\", \"samples\": [], \"summary\": null}",
				row->workload, syn_modes[m], row->unit);
			continue;
		}
		fprintf(f, "\"status\": \"ok\", \"reason\": null, \"unit\": \"%s\", \"samples\": [",
			row->unit);
		write_values(f, rng, c, row->sigma, per_row);
		fprintf(f, "], \"series\": {");
		if (!strcmp(row->collection, "pmu-msr")) {
			/* made up: slow rows exit (intercepted), fast ones do not */
			fprintf(f, "\"exits_per_op\": {\"unit\": \"exits\", \"values\": [");
			for (k = 0; k < per_row; k++)
				fprintf(f, "%s%d", k ? "," : "", c > 500);
			fprintf(f, "]}");
		}
		if (!strcmp(row->collection, "topdown")) {
			for (k = 0; k < 8; k++) {
				fprintf(f, "%s\"%s%s\": {\"unit\": \"pct_points\", \"values\": [", k ? ", " : "",
					k < 4 ? "" : "native_", td[k % 4]);
				write_values(f, rng, k < 4 ? td_guest[k] : td_native[k - 4], 0.03, per_row);
				fprintf(f, "]}");
			}
			fprintf(f, ", \"slots\": {\"unit\": \"slots\", \"values\": [");
			write_values(f, rng, 1.21e9, 0.02, per_row);
			fprintf(f, "]}, \"native_slots\": {\"unit\": \"slots\", \"values\": [");
			write_values(f, rng, 1.0e9, 0.02, per_row);
			fprintf(f, "]}");
		}
		fprintf(f, "}");
		if (!strcmp(row->collection, "overhead"))
			fprintf(f, ", \"info\": {\"rate_hz\": %.0f}", syn_rates[rate++ % 3]);
		fprintf(f, "}");
	}
	fprintf(f, "\n]}\n");
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int synthetic__write(const char *dir, unsigned long n)
{
	size_t ok_rows = 0, i, per_row;
	gsl_rng *rng;
	int m, ret = 0;

	for (m = 0; m < 4; m++)
		for (i = 0; i < NR_SYN_ROWS; i++)
			ok_rows += syn_rows[i].centre[m] >= 0;
	per_row = n / ok_rows ? n / ok_rows : 1;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		return -1;
	gsl_rng_set(rng, STATS_BOOT_SEED);
	for (m = 0; m < 4 && !ret; m++)
		ret = write_mode(dir, m, per_row, rng);
	gsl_rng_free(rng);
	if (ret)
		fprintf(stderr, "vpmu-bench report: error: %s: cannot write synthetic files\n", dir);
	else
		fprintf(stderr, "vpmu-bench report: wrote %zu synthetic samples (%zu per ok row) to %s/synthetic-*.json\n",
			per_row * ok_rows, per_row, dir);
	return ret;
}
