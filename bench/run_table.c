// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal table of a run, read back from its result document so
 * that what is printed is exactly what was written: median with its 95 %
 * CI, p10…p90, min…max, N and the measured exits per operation.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_table.h"
#include "stats.h"

static double jnum(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *jstr(json_t *o, const char *k, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : dflt;
}

static void fmt(char *buf, size_t len, double v)
{
	if (!isfinite(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.1f", v);
}

/* Print @s left-aligned in @width columns; "…" is 3 bytes but 1 column. */
static void cell(FILE *f, const char *s, int width)
{
	int cols = 0;
	const char *c;

	for (c = s; *c; c++)
		cols += (*c & 0xc0) != 0x80;
	fputs(s, f);
	for (; cols < width; cols++)
		fputc(' ', f);
}

static double series_median(json_t *row, const char *name)
{
	json_t *vals = json_object_get(json_object_get(json_object_get(row, "series"), name),
				       "values");
	size_t i, n = json_array_size(vals);
	struct summary s;
	double *v;

	if (!n || !(v = malloc(n * sizeof(*v))))
		return NAN;
	for (i = 0; i < n; i++)
		v[i] = json_number_value(json_array_get(vals, i));
	stats__summarize(v, n, &s);
	free(v);
	return s.median;
}

void run_table__print(FILE *f, json_t *doc)
{
	json_t *meta = json_object_get(doc, "meta"), *results = json_object_get(doc, "results");
	const char *exec = jstr(meta, "guest_execution", "unknown");
	double tsc = jnum(meta, "tsc_hz"), ratio = jnum(meta, "guest_execution_ratio");
	bool small_n = false;
	size_t i;

	fprintf(f, "mode %s, guest code %s", jstr(meta, "mode", "?"), exec);
	if (isfinite(ratio))
		fprintf(f, " (exit-free loop %.0fx the host's)", ratio);
	if (isfinite(tsc))
		fprintf(f, ", TSC %.3f GHz", tsc / 1e9);
	fprintf(f, ", %s %s\n\n", jstr(json_object_get(meta, "host"), "cpu_codename", "?"),
		jstr(json_object_get(meta, "host"), "kernel_release", "?"));
	fprintf(f, "%-22s %9s  ", "workload", "median");
	cell(f, "95% CI of median", 22);
	cell(f, "p10 … p90", 20);
	cell(f, "min … max", 20);
	fprintf(f, "%5s %8s\n", "N", "exits/op");
	for (i = 0; i < json_array_size(results); i++) {
		json_t *row = json_array_get(results, i), *s = json_object_get(row, "summary");
		const char *st = jstr(row, "status", "?");
		char name[64], med[16], lo[16], hi[16], a[16], b[16], c[16], d[16], ci[40], pr[40],
			mm[40], ex[16];

		snprintf(name, sizeof(name), "%s/%s", jstr(row, "collection", "?"),
			 jstr(row, "workload", "?"));
		if (strcmp(st, "ok") || !json_is_object(s)) {
			fprintf(f, "%-22s %s: %s\n", name, st, jstr(row, "reason", "no reason recorded"));
			continue;
		}
		fmt(med, sizeof(med), jnum(s, "median"));
		fmt(lo, sizeof(lo), jnum(s, "ci95_lo"));
		fmt(hi, sizeof(hi), jnum(s, "ci95_hi"));
		fmt(a, sizeof(a), jnum(s, "p10"));
		fmt(b, sizeof(b), jnum(s, "p90"));
		fmt(c, sizeof(c), jnum(s, "min"));
		fmt(d, sizeof(d), jnum(s, "max"));
		snprintf(ci, sizeof(ci), "[%s, %s]", lo, hi);
		snprintf(pr, sizeof(pr), "%s … %s", a, b);
		snprintf(mm, sizeof(mm), "%s … %s", c, d);
		fmt(ex, sizeof(ex), series_median(row, "exits_per_op"));
		small_n |= jnum(s, "n") < 6;
		fprintf(f, "%-22s %9s  ", name, med);
		cell(f, ci, 22);
		cell(f, pr, 20);
		cell(f, mm, 20);
		fprintf(f, "%5.0f %8s\n", jnum(s, "n"), ex);
	}
	fprintf(f, "\nValues are %s per operation with the empty-batch calibration subtracted; exits/op is\n"
		   "measured from KVM's vCPU exit counter. 95%% CI: distribution-free interval for the\n"
		   "median from order statistics%s.\n",
		json_array_size(results) ? jstr(json_array_get(results, 0), "unit", "tsc_cycles") : "tsc_cycles",
		small_n ? " (with N < 6 it is min … max, coverage 1 - 2^(1-N))" : "");
	if (!strcmp(exec, "emulated"))
		fprintf(f, "Guest code is emulated on this host: these are not hardware virtualization costs.\n");
}
