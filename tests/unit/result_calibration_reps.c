// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 8 item 4: every file `vpmu-bench run` writes, `vpmu-bench report`
 * reads, for any --reps. The harness runs max(reps, 11) calibration
 * batches beside reps samples; rows are built here the way
 * harness__run_batches() fills its workload_out and result__row() writes
 * them (no VM needed), written with result__write_atomic() and read back
 * by the analysis loader and by the whole `report` command. Also: the
 * reader's rules for calibration_batches, and older files whose
 * series.calibration is longer than samples.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "report.h"
#include "result.h"
#include "results.h"

#define MIN_CALIB_REPS 11	/* guest-workloads/harness.c */

static const struct row_id w = { .name = "rdtsc", .collection = "exit", .summary = "s" };
static char tmp[] = "/tmp/vpmu-calib-XXXXXX";

/* A workload_out shaped like harness__run_batches()'s for @reps. */
static void fill_out(struct workload_out *out, unsigned int reps)
{
	unsigned int calib_reps = reps > MIN_CALIB_REPS ? reps : MIN_CALIB_REPS, i;
	struct series *cal, *raw, *ex;

	memset(out, 0, sizeof(*out));
	out->unit = "tsc_cycles";
	out->ops_per_sample = 16;
	cal = workload_out__extra(out, "calibration_batches", "tsc_cycles");
	raw = workload_out__extra(out, "raw_batch", "tsc_cycles");
	ex = workload_out__extra(out, "exits_per_op", "exits");
	for (i = 0; i < calib_reps; i++)
		series__push(cal, 650 + i % 7);
	out->calibration = 653;
	for (i = 0; i < reps; i++) {
		series__push(raw, 20000 + i % 13);
		series__push(&out->samples, (20000.0 + i % 13 - 653) / 16);
		series__push(ex, 0);
	}
}

static json_t *meta(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:n, s:{s:s, s:s}}",
			 "tool", "vpmu-bench", "hostname", "unit-test", "mode", "nopmu",
			 "guest_execution", "unknown", "tsc_hz",
			 "host", "cpu_model_name", "Test CPU", "kernel_release", "0.0.0-test");
}

/* Write {schema, meta, results: [rows...]} as DIR/NAME; 0 on success. */
static int write_doc(const char *dir, const char *name, json_t *rows)
{
	char path[4096], err[256];
	json_t *doc = json_pack("{s:s, s:o, s:o}", "schema", RESULT_SCHEMA, "meta", meta(),
				"results", rows);
	int r = result__write_atomic(dir, name, doc, path, sizeof(path), err, sizeof(err));

	if (r)
		printf("# %s\n", err);
	json_decref(doc);
	return r;
}

/* Load @path with the analysis reader: 0, or -1 with @err. */
static int load(const char *path, struct resultset *rs, char *err, size_t len)
{
	memset(rs, 0, sizeof(*rs));
	err[0] = '\0';
	if (resultset__load(rs, path, err, len) || resultset__check(rs, err, len))
		return -1;
	resultset__analyze(rs, 100, 1);
	return 0;
}

/* `vpmu-bench report DIR --no-plots --out OUT` (its analysis), output kept out of the TAP stream. */
static int run_report(const char *dir, const char *outdir)
{
	char *inputs[] = { (char *)dir };
	struct report_opts o = {
		.inputs = inputs, .ninputs = 1, .baseline = "nopmu", .outdir = outdir,
		.format = FMT_HUMAN, .resamples = STATS_BOOT_RESAMPLES, .plots = false,
	};
	char errfile[4200], line[512];
	int so = dup(1), se = dup(2), null = open("/dev/null", O_WRONLY), ef, r;
	FILE *f;

	snprintf(errfile, sizeof(errfile), "%s/report.err", tmp);
	ef = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	fflush(stdout);
	fflush(stderr);
	dup2(null, 1);
	dup2(ef, 2);
	r = report__run(&o);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	close(null);
	close(ef);
	f = fopen(errfile, "r");
	while (r && f && fgets(line, sizeof(line), f))
		printf("# report: %s", line);
	if (f)
		fclose(f);
	unlink(errfile);
	return r;
}

static void rm_tree(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
}

static void test_reps(unsigned int reps)
{
	unsigned int want_cal = reps > MIN_CALIB_REPS ? reps : MIN_CALIB_REPS;
	char dir[4200], outdir[4200], err[1024];
	struct workload_out out;
	struct resultset rs;
	struct rs_cell *c;
	json_t *row, *cb, *series;

	snprintf(dir, sizeof(dir), "%s/reps-%u", tmp, reps);
	snprintf(outdir, sizeof(outdir), "%s/report-%u", tmp, reps);
	fill_out(&out, reps);
	row = result__row(&w, ROW_OK, NULL, &out, 0.1);
	cb = json_object_get(row, "calibration_batches");
	series = json_object_get(row, "series");
	T_OK(json_is_object(cb) && json_array_size(json_object_get(cb, "values")) == want_cal &&
	     !strcmp(json_string_value(json_object_get(cb, "unit")), "tsc_cycles"),
	     "reps %u: row has calibration_batches of %u values, unit tsc_cycles", reps, want_cal);
	T_OK(!json_object_get(series, "calibration") &&
	     !json_object_get(series, "calibration_batches") && json_object_size(series) == 2,
	     "reps %u: series holds only the per-sample raw_batch and exits_per_op", reps);
	T_OK(json_array_size(json_object_get(row, "samples")) == reps &&
	     json_array_size(json_object_get(json_object_get(series, "raw_batch"), "values")) == reps &&
	     json_array_size(json_object_get(json_object_get(series, "exits_per_op"), "values")) == reps,
	     "reps %u: samples and every series have %u values", reps, reps);

	T_OK(write_doc(dir, "run.json", json_pack("[o]", row)) == 0,
	     "reps %u: result file written", reps);
	if (!T_OK(load(dir, &rs, err, sizeof(err)) == 0, "reps %u: the reader accepts the file", reps))
		printf("# %s\n", err);
	c = rs.ncells == 1 ? &rs.cells[0] : NULL;
	T_OK(c && rs_cell__ok(c) && c->n == reps && c->calib.n == want_cal &&
	     !strcmp(c->calib.unit, "tsc_cycles") && c->calib.v[0] == 650 &&
	     c->nseries == 2 && !rs_cell__series(c, "calibration") &&
	     rs_cell__series(c, "raw_batch")->n == reps,
	     "reps %u: cell has %u samples, %u calibration batches, 2 per-sample series",
	     reps, reps, want_cal);
	resultset__free(&rs);
	T_OK(run_report(dir, outdir) == 0, "reps %u: vpmu-bench report accepts the run's file", reps);
	workload_out__free(&out);
}

/* An exit row as older builds wrote it: series.calibration of @ncal values. */
static json_t *legacy_row(unsigned int nsamples, unsigned int ncal)
{
	json_t *s = json_array(), *raw = json_array(), *ex = json_array(), *cal = json_array();
	unsigned int i;

	for (i = 0; i < nsamples; i++) {
		json_array_append_new(s, json_real(1200 + i));
		json_array_append_new(raw, json_real(20000 + i));
		json_array_append_new(ex, json_real(0));
	}
	for (i = 0; i < ncal; i++)
		json_array_append_new(cal, json_real(650 + i));
	return json_pack("{s:s, s:s, s:s, s:n, s:s, s:i, s:f, s:o, s:{s:{s:s, s:o}, s:{s:s, s:o}, s:{s:s, s:o}}}",
			 "collection", "exit", "workload", "rdtsc", "status", "ok", "reason",
			 "unit", "tsc_cycles", "ops_per_sample", 16, "calibration", 653.0,
			 "samples", s, "series",
			 "calibration", "unit", "tsc_cycles", "values", cal,
			 "raw_batch", "unit", "tsc_cycles", "values", raw,
			 "exits_per_op", "unit", "exits", "values", ex);
}

/* Load one file made of @row; returns the error text ("" if accepted). */
static const char *load_row_file(const char *name, json_t *row, struct resultset *rs)
{
	static char err[1024];
	char dir[4200];

	snprintf(dir, sizeof(dir), "%s/%s", tmp, name);
	if (write_doc(dir, "a.json", json_pack("[o]", row)))
		return "write failed";
	if (load(dir, rs, err, sizeof(err)))
		return err;
	return "";
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	if (n < m || strcmp(s + n - m, tail)) {
		printf("# got: %s\n# want: ...%s\n", s, tail);
		return false;
	}
	return true;
}

static void test_reader_rules(void)
{
	struct resultset rs;
	const char *e;
	json_t *row;

	/* Older files: series.calibration longer than samples. */
	e = load_row_file("legacy", legacy_row(5, 11), &rs);
	__T("older file: series.calibration of 11 values beside 5 samples is accepted", !*e);
	__T("older file: it becomes the cell's calibration batches, not a per-sample series",
	    rs.ncells == 1 && rs.cells[0].calib.n == 11 && rs.cells[0].nseries == 2 &&
	    !rs_cell__series(&rs.cells[0], "calibration"));
	resultset__free(&rs);
	e = load_row_file("legacy-same", legacy_row(20, 20), &rs);
	__T("older file: series.calibration as long as samples is accepted too",
	    !*e && rs.ncells == 1 && rs.cells[0].calib.n == 20);
	resultset__free(&rs);
	row = legacy_row(5, 11);
	json_array_set_new(json_object_get(json_object_get(json_object_get(row, "series"),
			   "calibration"), "values"), 2, json_string("x"));
	e = load_row_file("legacy-nan", row, &rs);
	__T("older file: a series.calibration value that is not a number is refused",
	    ends_with(e, "legacy-nan/a.json: results[0].series.calibration.values[2]: expected a number"));
	resultset__free(&rs);

	/* calibration_batches: its own rules. */
	row = legacy_row(5, 0);
	json_object_del(json_object_get(row, "series"), "calibration");
	json_object_set_new(row, "calibration_batches",
			    json_pack("{s:s, s:[]}", "unit", "tsc_cycles", "values"));
	e = load_row_file("cb-empty", row, &rs);
	__T("calibration_batches with no values is refused",
	    ends_with(e, "cb-empty/a.json: results[0].calibration_batches.values: empty"));
	resultset__free(&rs);

	row = legacy_row(5, 0);
	json_object_del(json_object_get(row, "series"), "calibration");
	json_object_set_new(row, "calibration_batches",
			    json_pack("{s:s, s:[i, s]}", "unit", "tsc_cycles", "values", 650, "y"));
	e = load_row_file("cb-nan", row, &rs);
	__T("calibration_batches value that is not a number is refused",
	    ends_with(e, "cb-nan/a.json: results[0].calibration_batches.values[1]: expected a number"));
	resultset__free(&rs);

	row = legacy_row(5, 0);
	json_object_del(json_object_get(row, "series"), "calibration");
	json_object_set_new(row, "calibration_batches", json_pack("[i]", 650));
	e = load_row_file("cb-shape", row, &rs);
	__T("calibration_batches that is not {unit, values} is refused",
	    ends_with(e, "cb-shape/a.json: results[0].calibration_batches: expected {\"unit\", \"values\"}"));
	resultset__free(&rs);

	row = legacy_row(5, 3);
	json_object_set_new(row, "calibration_batches",
			    json_pack("{s:s, s:[i, i, i, i, i, i, i, i, i, i, i, i]}", "unit",
				      "tsc_cycles", "values", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
	e = load_row_file("cb-both", row, &rs);
	__T("calibration_batches wins over an older series.calibration in the same row",
	    !*e && rs.ncells == 1 && rs.cells[0].calib.n == 12);
	resultset__free(&rs);

	/* Real per-sample series keep the same-length rule. */
	row = legacy_row(5, 11);
	json_array_remove(json_object_get(json_object_get(json_object_get(row, "series"),
			  "raw_batch"), "values"), 0);
	e = load_row_file("len", row, &rs);
	__T("a per-sample series shorter than samples is still refused",
	    ends_with(e, "len/a.json: results[0].series.raw_batch.values: 4 values but 5 samples"));
	resultset__free(&rs);
}

int main(void)
{
	static const unsigned int reps[] = { 1, 2, 3, 10, 11, 12, 1000 };
	unsigned int i;

	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	__T("the harness's extra name is the row-level field result__row() writes",
	    !strcmp("calibration_batches", RESULT_CALIBRATION_BATCHES));
	for (i = 0; i < sizeof(reps) / sizeof(reps[0]); i++)
		test_reps(reps[i]);
	test_reader_rules();
	rm_tree(tmp);
	return tap_done();
}
