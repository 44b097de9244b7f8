// SPDX-License-Identifier: GPL-2.0
/*
 * The native accuracy rows (bench/native_accuracy.c) against a TEST DOUBLE
 * of libperf counting (the pmu_perf__* functions below replace
 * guest-workloads/shared/pmu_perf.c in this program only): each read
 * returns the next value of a script, so the row's arithmetic is checked
 * where perf has no hardware events (this build machine): measured =
 * count(2L) - count(L), the sample = measured - exact, enabled/running
 * kept, an open failure a skip with its errno, a read failure a failure,
 * an interrupted row nothing at all.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "native_accuracy.c"

/* ---- test double of pmu_perf.c ----------------------------------------- */
static int dbl_open_errno;		/* open fails with it when non-zero */
static int dbl_fail_read_at = -1;	/* that read returns -1 */
static const uint64_t *dbl_vals;	/* the script: one value per read */
static int dbl_pos;
static bool dbl_multiplexed;		/* run = ena / 2 */

void pmu_perf__attr(struct perf_event_attr *a, uint32_t type, uint64_t config, bool exclude_guest)
{
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->config = config;
	a->exclude_guest = exclude_guest;
}

int pmu_perf__open(struct pmu_perf *pp, struct perf_event_attr *attrs, int n, int cpu,
		   bool group, char *why, size_t len)
{
	memset(pp, 0, sizeof(*pp));
	if (dbl_open_errno) {
		snprintf(why, len, "perf_event_open(type %u, config %#llx, test double): %s (errno %d)",
			 attrs[0].type, (unsigned long long)attrs[0].config,
			 strerror(dbl_open_errno), dbl_open_errno);
		return -dbl_open_errno;
	}
	pp->n = n;
	return 0;
}

void pmu_perf__enable(struct pmu_perf *pp) { }
void pmu_perf__disable(struct pmu_perf *pp) { }

int pmu_perf__read(struct pmu_perf *pp, int i, struct pmu_perf_count *c)
{
	if (dbl_pos == dbl_fail_read_at)
		return -1;
	c->val = dbl_vals[dbl_pos];
	c->ena = 100 * (uint64_t)dbl_pos;
	c->run = dbl_multiplexed ? c->ena / 2 : c->ena;
	dbl_pos++;
	return 0;
}

void pmu_perf__close(struct pmu_perf *pp)
{
	memset(pp, 0, sizeof(*pp));
}

/* ---- checks -------------------------------------------------------------- */
static volatile sig_atomic_t stop;

static json_t *row_of(unsigned int which, unsigned int reps, const uint64_t *script, FILE *tap)
{
	struct native_ctx c = { .reps = reps, .cpu = 3, .stop = &stop, .tap = tap, .n = 7 };

	dbl_vals = script;
	dbl_pos = 0;
	return native_accuracy_row(which, &c);
}

static bool values_are(json_t *row, const char *series, const double *want, size_t n)
{
	json_t *v = series ? json_object_get(json_object_get(json_object_get(row, "series"),
							     series), "values") :
		    json_object_get(row, "samples");
	size_t i;

	if (json_array_size(v) != n)
		return false;
	for (i = 0; i < n; i++)
		if (json_number_value(json_array_get(v, i)) != want[i])
			return false;
	return true;
}

static const char *str(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s ? s : "";
}

int main(void)
{
	/*
	 * Two samples; reads per sample: before L, after L, before 2L, after
	 * 2L. A fixed 37 of enable/disable per count; sample 0 exact,
	 * sample 1 three instructions too many in the 2L run.
	 */
	static const uint64_t insns[] = { 0, 50037, 50037, 150074,
					  150074, 200111, 200111, 300151 };
	static const uint64_t branches[] = { 5, 10012, 10012, 30019 };
	char buf[4096] = "";
	json_t *row, *info;
	FILE *tap = fmemopen(buf, sizeof(buf), "w");

	row = row_of(0, 2, insns, tap);
	fflush(tap);
	__T("insns: an ok row of collection accuracy, workload perf-insns",
	    row && !strcmp(str(row, "status"), "ok") && !strcmp(str(row, "collection"), "accuracy") &&
	    !strcmp(str(row, "workload"), "perf-insns") && !strcmp(str(row, "unit"), "events"));
	__T("insns: samples = count(2L) - count(L) - 50000: 0 and +3",
	    values_are(row, NULL, (const double[]){ 0, 3 }, 2));
	__T("insns: measured 50000 and 50003, expected 50000 (5 x 10000 iterations)",
	    values_are(row, "measured", (const double[]){ 50000, 50003 }, 2) &&
	    values_are(row, "expected", (const double[]){ 50000, 50000 }, 2));
	__T("insns: the raw counts of the L and 2L runs are kept",
	    values_are(row, "count_1x", (const double[]){ 50037, 50037 }, 2) &&
	    values_are(row, "count_2x", (const double[]){ 100037, 100040 }, 2));
	__T("insns: enabled and running ns of both runs summed, equal (not multiplexed)",
	    values_are(row, "enabled_ns", (const double[]){ 200, 200 }, 2) &&
	    values_are(row, "running_ns", (const double[]){ 200, 200 }, 2));
	info = json_object_get(row, "info");
	__T("insns: info names the event, L, the exact count and the cpu",
	    !strcmp(str(info, "event"), "instructions") &&
	    json_integer_value(json_object_get(info, "loops")) == 10000 &&
	    json_integer_value(json_object_get(info, "expected")) == 50000 &&
	    json_integer_value(json_object_get(info, "cpu")) == 3);
	__T("insns: TAP has one comment per sample and 'ok 7 perf-insns'",
	    strstr(buf, "# perf-insns rep 1: instructions 50003 (expected 50000") &&
	    strstr(buf, "\nok 7 perf-insns\n"));
	json_decref(row);

	dbl_multiplexed = true;
	row = row_of(1, 1, branches, tap);
	dbl_multiplexed = false;
	__T("branches: 10000 expected, 20007 - 10007 = 10000 measured, sample 0",
	    row && !strcmp(str(row, "workload"), "perf-branches") &&
	    values_are(row, NULL, (const double[]){ 0 }, 1) &&
	    values_are(row, "expected", (const double[]){ 10000 }, 1));
	__T("branches: multiplexing shows as running_ns < enabled_ns",
	    values_are(row, "enabled_ns", (const double[]){ 200 }, 1) &&
	    values_are(row, "running_ns", (const double[]){ 100 }, 1));
	json_decref(row);

	dbl_open_errno = ENOENT;
	rewind(tap);
	memset(buf, 0, sizeof(buf));
	row = row_of(0, 2, insns, tap);
	fflush(tap);
	__T("open fails (ENOENT): the row is skipped, the reason names perf_event_open and errno 2",
	    row && !strcmp(str(row, "status"), "skipped") &&
	    strstr(str(row, "reason"), "perf_event_open(") && strstr(str(row, "reason"), "(errno 2)") &&
	    json_array_size(json_object_get(row, "samples")) == 0 &&
	    json_is_null(json_object_get(row, "summary")));
	__T("open fails: the TAP line is ok 7 perf-insns, a skip naming perf_event_open",
	    !strncmp(buf, "ok 7 perf-insns # SKIP perf_event_open(", 39));
	json_decref(row);
	dbl_open_errno = 0;

	dbl_fail_read_at = 2;
	row = row_of(0, 1, insns, tap);
	__T("a read fails: the row failed, the reason names the sample and the event",
	    row && !strcmp(str(row, "status"), "failed") &&
	    !strcmp(str(row, "reason"), "sample 0: reading instructions failed"));
	json_decref(row);
	dbl_fail_read_at = -1;

	stop = 1;
	rewind(tap);
	memset(buf, 0, sizeof(buf));
	row = row_of(0, 2, insns, tap);
	fflush(tap);
	__T("interrupted before a sample: no row, no TAP line", !row && !buf[0]);
	stop = 0;
	fclose(tap);
	return tap_done();
}
