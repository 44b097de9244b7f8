// SPDX-License-Identifier: GPL-2.0
/*
 * Report table (e) from rows ingested from recorded hyperfine exports
 * (tests/data/hyperfine/), with the meta of the real run in
 * tests/data/real-exit-emulated/: two result files (nopmu: e2e-none from
 * two-runs.json; legacy: e2e-none from base-10runs.json and e2e-pmi-1000
 * from slower-10runs.json), then `report --format text` and the exact
 * cells: seconds at rate 0, the overhead against the same column's rate 0,
 * and the rate-0 run against nopmu, all worked by hand from the files.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "hyperfine.h"
#include "overhead_row.h"
#include "report.h"
#include "result.h"

#define HF "tests/data/hyperfine/"
#define META "tests/data/real-exit-emulated/20261121T080020Z-vm-nopmu-6254.json"

static json_t *doc_for(const char *mode, json_t *rows)
{
	json_error_t je;
	json_t *real = json_load_file(META, 0, &je), *doc = json_object();
	json_t *meta = json_deep_copy(json_object_get(real, "meta"));

	json_object_set_new(meta, "mode", json_string(mode));
	json_object_set_new(meta, "label", json_string(mode));
	json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
	json_object_set_new(doc, "meta", meta);
	json_object_set_new(doc, "results", rows);
	json_decref(real);
	return doc;
}

static json_t *row(const char *file, const char *wl, const char *kind, unsigned int rate)
{
	struct ovh_timed t = { wl, "ovh-x", "test row", kind, rate, 10, 2, 4 };
	struct hf_bench b;
	char err[512];
	json_t *r;

	if (hyperfine__read(file, &b, err, sizeof(err))) {
		printf("# %s\n", err);
		return NULL;
	}
	r = overhead__row(&t, &b, "hyperfine 1.15.0", 1.0);
	hf_bench__free(&b);
	return r;
}

static char *slurp(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

int main(void)
{
	char dir[] = "/tmp/vpmu-ovh-table.XXXXXX", path[4096], err[512], out[4200];
	char *inputs[1], *text;
	struct report_opts o = { .ninputs = 1, .format = FMT_TEXT, .resamples = 200 };
	json_t *nopmu, *legacy;
	int fd, saved, rc;

	if (!mkdtemp(dir))
		return 1;
	nopmu = json_array();
	json_array_append_new(nopmu, row(HF "two-runs.json", "e2e-none", "none", 0));
	legacy = json_array();
	json_array_append_new(legacy, row(HF "base-10runs.json", "e2e-none", "none", 0));
	json_array_append_new(legacy, row(HF "slower-10runs.json", "e2e-pmi-1000", "pmi", 1000));
	nopmu = doc_for("nopmu", nopmu);
	legacy = doc_for("legacy", legacy);
	__T("result files of the ingested rows are written",
	    !result__write_atomic(dir, "a-nopmu.json", nopmu, path, sizeof(path), err, sizeof(err)) &&
	    !result__write_atomic(dir, "b-legacy.json", legacy, path, sizeof(path), err, sizeof(err)));

	/* the report on stdout, into a file */
	snprintf(out, sizeof(out), "%s/report.txt", dir);
	fflush(stdout);
	saved = dup(1);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	inputs[0] = dir;
	o.inputs = inputs;
	rc = report__run(&o);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	text = slurp(out);
	__T("report over the two files exits 0", rc == 0);
	T_OK(strstr(text, "(e) End-to-end overhead") != NULL, "table (e) is rendered");
	/* two-runs.json: mean 0.022697041, sd 0.0011183699846195815 */
	T_OK(strstr(text, "0.0227 s (sd 0.0011)") != NULL, "nopmu rate 0: 0.0227 s (sd 0.0011)");
	/*
	 * base-10runs.json against two-runs.json: 0.0338671064 / 0.022697041 - 1
	 * = +49.2 %; sd = ratio * sqrt((0.004677/0.033867)^2 + (0.001118/0.022697)^2) = 21.9
	 */
	T_OK(strstr(text, "0.03387 s (sd 0.0047); +49.2 % (sd 21.9) vs nopmu") != NULL,
	     "legacy rate 0: 0.03387 s (sd 0.0047); +49.2 %% (sd 21.9) vs nopmu");
	/* slower-10runs.json against base-10runs.json: +25.0 % (sd 21.9) */
	T_OK(strstr(text, "e2e-pmi-1000 @ 1000 Hz") != NULL, "row e2e-pmi-1000 @ 1000 Hz");
	T_OK(strstr(text, "+25.0 % (sd 21.9)") != NULL,
	     "legacy 1000 Hz: +25.0 %% (sd 21.9) against legacy's rate 0");
	T_OK(strstr(text, "not run") != NULL, "nopmu 1000 Hz: not run (no row in that file)");
	T_OK(strstr(text, "Published reference, not measured here") != NULL,
	     "the SPECint figures appear only as a labelled published reference");
	if (tap_failed)
		printf("# report:\n%s", text);
	json_decref(nopmu);
	json_decref(legacy);
	unlink(out);
	unlink(path);
	snprintf(path, sizeof(path), "%s/a-nopmu.json", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
