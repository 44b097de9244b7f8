// SPDX-License-Identifier: GPL-2.0
/*
 * Result rows survive a JSON round trip with every sample, unit and
 * summary; skipped rows carry their reason and no samples; the atomic
 * writer leaves exactly one whole file and refuses an unwritable dir.
 */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "result.h"

static const struct row_id w = { .name = "cpuid", .collection = "exit", .summary = "s" };

static int count_entries(const char *dir)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

int main(void)
{
	struct workload_out out = { .unit = "tsc_cycles", .ops_per_sample = 16, .calibration = 40 };
	const double vals[] = { 1000.5, 1003.25, 999.0, 1200.0, 1001.0 };
	char dir[] = "/tmp/vpmu-result-XXXXXX", path[4096], err[256], *txt;
	struct series *ex;
	json_t *row, *back, *doc, *s;
	unsigned int i;

	for (i = 0; i < 5; i++)
		series__push(&out.samples, vals[i]);
	ex = workload_out__extra(&out, "exits_per_op", "exits");
	for (i = 0; i < 5; i++)
		series__push(ex, 1);
	__T("workload_out__extra returns the same series for the same name",
	    workload_out__extra(&out, "exits_per_op", "exits") == ex);

	row = result__row(&w, ROW_OK, NULL, &out, 0.5);
	txt = json_dumps(row, JSON_REAL_PRECISION(17));
	back = json_loads(txt, 0, NULL);
	__T("a row round-trips through JSON text", back && json_equal(row, back));
	s = json_object_get(back, "samples");
	__T("all 5 samples are kept", json_array_size(s) == 5);
	for (i = 0; i < 5; i++)
		T_OK(json_real_value(json_array_get(s, i)) == vals[i], "sample %u is exact", i);
	__T("unit and ops_per_sample are recorded",
	    !strcmp(json_string_value(json_object_get(back, "unit")), "tsc_cycles") &&
	    json_integer_value(json_object_get(back, "ops_per_sample")) == 16);
	__T("the extra series keeps its unit and values",
	    !strcmp(json_string_value(json_object_get(json_object_get(json_object_get(back, "series"),
		    "exits_per_op"), "unit")), "exits"));
	/* median of {999, 1000.5, 1001, 1003.25, 1200} is 1001 */
	T_NEAR("summary median is the middle sample",
	       json_real_value(json_object_get(json_object_get(back, "summary"), "median")), 1001.0, 0);
	__T("status ok, reason null",
	    !strcmp(json_string_value(json_object_get(back, "status")), "ok") &&
	    json_is_null(json_object_get(back, "reason")));
	free(txt);
	json_decref(back);
	json_decref(row);

	row = result__row(&w, ROW_SKIPPED, "guest PMU version 0: host kvm.enable_pmu=N", NULL, 0);
	__T("a skipped row has its reason, no samples and no summary",
	    !strcmp(json_string_value(json_object_get(row, "reason")),
		    "guest PMU version 0: host kvm.enable_pmu=N") &&
	    json_array_size(json_object_get(row, "samples")) == 0 &&
	    json_is_null(json_object_get(row, "summary")));
	json_decref(row);

	out.calibration = NAN;
	row = result__row(&w, ROW_OK, NULL, &out, NAN);
	__T("an unknown number is written as null, never NaN",
	    json_is_null(json_object_get(row, "calibration")) &&
	    json_is_null(json_object_get(row, "wall_s")));

	doc = json_pack("{s:s, s:o}", "schema", RESULT_SCHEMA, "results", json_pack("[O]", row));
	__T("mkdtemp", mkdtemp(dir) != NULL);
	__T("atomic write succeeds",
	    result__write_atomic(dir, "r.json", doc, path, sizeof(path), err, sizeof(err)) == 0);
	back = json_load_file(path, 0, NULL);
	__T("the written file parses back equal", back && json_equal(back, doc));
	__T("exactly one file in the directory (no temp file left)", count_entries(dir) == 1);
	__T("an unwritable target is refused with a message",
	    result__write_atomic("/proc/version/x", "r.json", doc, path, sizeof(path), err,
				 sizeof(err)) < 0 && strstr(err, "/proc/version/x"));
	unlink(path);
	rmdir(dir);
	json_decref(back);
	json_decref(doc);
	json_decref(row);
	workload_out__free(&out);
	return tap_done();
}
