// SPDX-License-Identifier: GPL-2.0
/*
 * The native topdown rows (bench/native_topdown.c) against a TEST DOUBLE
 * of libperf counting (the pmu_perf__* functions below replace
 * guest-workloads/shared/pmu_perf.c in this program only) and a sysfs
 * tree of its own (native_ctx.sysfs_pmus), so the arithmetic a host with
 * PERF_METRICS would exercise is checked where perf has no hardware
 * events: level-1 metrics in pct_points of slots, the dominant metric as
 * the sample, the second group and its running time, and every way the
 * row is skipped or fails. The shapes themselves run for real.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "native_topdown.c"
#include "results.h"

/* ---- test double of pmu_perf.c ----------------------------------------- */
/*
 * Each group's counts grow by a fixed step per read round (one read of
 * each of its events), so every sample's delta is that step: slots 1000,
 * retiring 600, bad-spec 50, fe 100, be 250 (60/5/10/25 %); instructions
 * 300, branches 40. Enabled 1000 ns a round; the second group runs half
 * of it (multiplexed).
 */
static const uint64_t td_step[NR_TD_EVENTS] = { 1000, 600, 50, 100, 250 };
static const uint64_t cnt_step[NR_TD_COUNTS] = { 300, 40 };
static int dbl_fail_n;			/* the open of a group of this size fails */
static bool dbl_never_runs, dbl_zero_slots;
static unsigned int dbl_reads[PMU_PERF_MAX + 1];

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
	if (n == dbl_fail_n) {
		snprintf(why, len, "perf_event_open(type %u, config %#llx, test double): %s (errno %d)",
			 attrs[0].type, (unsigned long long)attrs[0].config, strerror(ENOENT), ENOENT);
		return -ENOENT;
	}
	pp->n = n;
	dbl_reads[n] = 0;
	return 0;
}

void pmu_perf__enable(struct pmu_perf *pp) { }
void pmu_perf__disable(struct pmu_perf *pp) { }

int pmu_perf__read(struct pmu_perf *pp, int i, struct pmu_perf_count *c)
{
	uint64_t round = dbl_reads[pp->n]++ / pp->n;
	bool td = pp->n == NR_TD_EVENTS;

	c->val = (td ? td_step[i] : cnt_step[i]) * round;
	if (td && !i && dbl_zero_slots)
		c->val = 0;
	c->ena = 1000 * round;
	c->run = dbl_never_runs ? 0 : td ? c->ena : c->ena / 2;
	return 0;
}

void pmu_perf__close(struct pmu_perf *pp)
{
	memset(pp, 0, sizeof(*pp));
}

/* ---- checks -------------------------------------------------------------- */
static volatile sig_atomic_t stop;
static char root[64], buf[8192];
static FILE *tap;

static json_t *row_of(enum td_shape s, unsigned int reps, const char *sysfs)
{
	struct native_ctx c = { .reps = reps, .cpu = 3, .stop = &stop, .tap = tap, .n = 7,
				.sysfs_pmus = sysfs };

	rewind(tap);
	memset(buf, 0, sizeof(buf));
	return native_topdown_row(s, &c);
}

static bool values_are(json_t *row, const char *series, double a, double b)
{
	json_t *v = series ? json_object_get(json_object_get(json_object_get(row, "series"),
							     series), "values") :
		    json_object_get(row, "samples");

	return json_array_size(v) == 2 && json_number_value(json_array_get(v, 0)) == a &&
	       json_number_value(json_array_get(v, 1)) == b;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void put(const char *rel, const char *text)
{
	char p[320];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The row in a minimal document, through the strict reader of `report`. */
static bool reader_takes(json_t *row)
{
	char file[128], err[512];
	struct resultset rs = { 0 };
	json_t *doc;
	int r;

	snprintf(file, sizeof(file), "%s/native.json", root);
	doc = json_pack("{s:s, s:{s:s, s:s, s:{s:s, s:s}}, s:[O]}", "schema", RESULT_SCHEMA,
			"meta", "hostname", "testhost", "mode", RESULT_MODE_NATIVE,
			"host", "cpu_model_name", "test double", "kernel_release", "0",
			"results", row);
	r = json_dump_file(doc, file, 0);
	json_decref(doc);
	if (!r)
		r = resultset__load(&rs, file, err, sizeof(err));
	if (r)
		printf("# reader: %s\n", err);
	resultset__free(&rs);
	unlink(file);
	return !r;
}

int main(void)
{
	static const char *const ev[] = { "slots", "topdown-retiring", "topdown-bad-spec",
					  "topdown-fe-bound", "topdown-be-bound" };
	char p[160], bad[160], msg[512];
	json_t *row, *info;
	unsigned int e;

	tap = fmemopen(buf, sizeof(buf), "w");
	snprintf(root, sizeof(root), "/tmp/vpmu-native-td.XXXXXX");
	if (!tap || !mkdtemp(root))
		return 1;
	snprintf(p, sizeof(p), "%s/cpu", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/cpu/events", root);
	mkdir(p, 0755);
	put("cpu/type", "4\n");
	for (e = 0; e < NR_TD_EVENTS; e++) {
		snprintf(p, sizeof(p), "cpu/events/%s", ev[e]);
		put(p, "event=0x00,umask=0x80\n");
	}

	row = row_of(TD_SHAPE_RETIRING, 2, root);
	fflush(tap);
	__T("retiring: an ok row topdown/topdown-retiring in pct_points",
	    row && !strcmp(str(row, "status"), "ok") && !strcmp(str(row, "collection"), "topdown") &&
	    !strcmp(str(row, "workload"), "topdown-retiring") &&
	    !strcmp(str(row, "unit"), "pct_points"));
	__T("retiring: level 1 = 100 x metric / slots: 60, 5, 10, 25 pct_points",
	    values_are(row, "retiring", 60, 60) && values_are(row, "bad_speculation", 5, 5) &&
	    values_are(row, "frontend_bound", 10, 10) && values_are(row, "backend_bound", 25, 25));
	__T("retiring: each sample is the dominant metric (retiring, 60)",
	    values_are(row, NULL, 60, 60));
	__T("retiring: slots and the slots group's enabled = running ns kept",
	    values_are(row, "slots", 1000, 1000) && values_are(row, "enabled_ns", 1000, 1000) &&
	    values_are(row, "running_ns", 1000, 1000));
	__T("retiring: instructions and branches from the second group",
	    values_are(row, "instructions", 300, 300) && values_are(row, "branches", 40, 40));
	__T("retiring: the second group multiplexed shows as running < enabled",
	    values_are(row, "counts_enabled_ns", 1000, 1000) &&
	    values_are(row, "counts_running_ns", 500, 500));
	info = json_object_get(row, "info");
	__T("retiring: info names the dominant metric, the iterations and the cpu",
	    !strcmp(str(info, "samples_are"), "retiring") &&
	    json_integer_value(json_object_get(info, "iterations")) == 10000000 &&
	    json_integer_value(json_object_get(info, "cpu")) == 3);
	__T("retiring: TAP has the per-sample line and 'ok 7 topdown-retiring'",
	    strstr(buf, "# retiring rep 1: slots 1000 retiring 60.0 bad_speculation 5.0 "
			"frontend_bound 10.0 backend_bound 25.0 (pct_points)\n") &&
	    strstr(buf, "\nok 7 topdown-retiring\n"));
	__T("retiring: the strict reader of report takes the row", reader_takes(row));
	json_decref(row);

	row = row_of(TD_SHAPE_FRONTEND, 2, root);
	__T("frontend: each sample is the dominant metric (frontend_bound, 10)",
	    row && values_are(row, NULL, 10, 10) &&
	    !strcmp(str(json_object_get(row, "info"), "samples_are"), "frontend_bound"));
	json_decref(row);

	dbl_fail_n = NR_TD_COUNTS;
	row = row_of(TD_SHAPE_RETIRING, 2, root);
	__T("second group cannot open: still ok, no instructions series, info.counts_why says why",
	    row && !strcmp(str(row, "status"), "ok") &&
	    !json_object_get(json_object_get(row, "series"), "instructions") &&
	    strstr(str(json_object_get(row, "info"), "counts_why"), "perf_event_open("));
	json_decref(row);

	dbl_fail_n = NR_TD_EVENTS;
	row = row_of(TD_SHAPE_RETIRING, 2, root);
	fflush(tap);
	__T("slots group cannot open: skipped with perf_event_open's reason (type 4, config 0x400)",
	    row && !strcmp(str(row, "status"), "skipped") &&
	    strstr(str(row, "reason"), "perf_event_open(type 4, config 0x400") &&
	    !strncmp(buf, "ok 7 topdown-retiring # SKIP perf_event_open(", 45));
	json_decref(row);
	dbl_fail_n = 0;

	dbl_never_runs = true;
	row = row_of(TD_SHAPE_RETIRING, 2, root);
	__T("the group never ran on the CPU: skipped, saying so",
	    row && !strcmp(str(row, "status"), "skipped") &&
	    strstr(str(row, "reason"), "slots group never ran on CPU 3 (running 0 of 1000 ns enabled)"));
	json_decref(row);
	dbl_never_runs = false;

	dbl_zero_slots = true;
	row = row_of(TD_SHAPE_RETIRING, 2, root);
	__T("slots ran but counted nothing: the row failed, saying which sample",
	    row && !strcmp(str(row, "status"), "failed") &&
	    !strcmp(str(row, "reason"), "sample 0: slots did not count (running 1000 of 1000 ns)"));
	json_decref(row);
	dbl_zero_slots = false;

	snprintf(bad, sizeof(bad), "%s/cpu/events/topdown-be-bound", root);
	unlink(bad);
	row = row_of(TD_SHAPE_RETIRING, 2, root);
	snprintf(msg, sizeof(msg), "host perf has no topdown events (%s: No such file or directory)",
		 bad);
	__T("no topdown-be-bound in sysfs: skipped, naming the missing event file",
	    row && !strcmp(str(row, "status"), "skipped") && !strcmp(str(row, "reason"), msg));
	json_decref(row);

	snprintf(p, sizeof(p), "%s/none", root);
	row = row_of(TD_SHAPE_RETIRING, 2, p);
	snprintf(msg, sizeof(msg),
		 "host perf has no hardware events: no core PMU in %s (cpu, cpu_core)", p);
	__T("no core PMU at all: skipped, naming the sysfs directory",
	    row && !strcmp(str(row, "status"), "skipped") && !strcmp(str(row, "reason"), msg));
	json_decref(row);

	stop = 1;
	put("cpu/events/topdown-be-bound", "x\n");
	row = row_of(TD_SHAPE_RETIRING, 2, root);
	fflush(tap);
	__T("interrupted: no row, no TAP line", !row && !buf[0]);
	stop = 0;

	for (e = 0; e < NR_TD_EVENTS; e++) {
		snprintf(p, sizeof(p), "%s/cpu/events/%s", root, ev[e]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/cpu/type", root);
	unlink(p);
	snprintf(p, sizeof(p), "%s/cpu/events", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/cpu", root);
	rmdir(p);
	rmdir(root);
	fclose(tap);
	return tap_done();
}
