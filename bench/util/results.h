/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Result files (bench/result-schema.md) loaded for analysis: every row
 * becomes a cell keyed by (host, mode, collection, workload). Hosts are
 * told apart by meta.hostname + meta.host.cpu_model_name +
 * meta.host.kernel_release. Loading validates and stops at the first
 * problem with one line naming the file and the field.
 */
#ifndef VPMU_RESULTS_H
#define VPMU_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "stats.h"

struct rs_host {
	char *hostname, *cpu_model, *kernel;
	char *date;			/* earliest meta.started_at, yyyy-mm-dd */
	char *guest_execution;		/* emulated | hardware | unknown | mixed */
	double tsc_hz;			/* NAN if no file of this host had it */
	char *tsc_why;			/* why tsc_hz is missing */
	bool nested;			/* meta.host.hypervisor: the host is itself a guest */
	char *tool_version, *git_commit;	/* of the newest run read */
};

struct rs_series {
	char *name, *unit;
	double *v;
	size_t n;
};

struct rs_cell {
	size_t host;			/* index into resultset.hosts */
	char *file;			/* the file that gave this cell */
	size_t run;			/* index into resultset.runs */
	size_t row;			/* index in its results[] */
	/*
	 * @mode is the column the cell is shown in: the run's label
	 * (meta.label, which defaults to its mode), so that two runs of one
	 * mode (a patch and its base) compare side by side. @run_mode is
	 * the vPMU mode the run measured.
	 */
	char *mode, *run_mode, *collection, *workload, *status, *reason, *unit;
	char *guest_execution;		/* of its run */
	double tsc_hz;			/* of its run, NAN if unknown */
	double rate_hz;			/* info.rate_hz (overhead rows), NAN if none */
	double *v;			/* samples, file order */
	double *sorted;			/* samples, ascending */
	size_t n;
	struct rs_series *series;	/* per sample: each has n values */
	size_t nseries;
	/*
	 * The row's calibration_batches (any count, not per sample), or
	 * calib.n == 0 if it has none. From an older file, its
	 * series.calibration (bench/result-schema.md, "Older files").
	 */
	struct rs_series calib;
	struct summary s;		/* filled by resultset__analyze() */
	struct boot_ci ci;
	double *boot;			/* the bootstrap medians, draw order */
};

/* One result file (one run) and what became of it. */
struct rs_run {
	char *file;
	size_t host;
	char *mode, *label, *started_at;
	bool interrupted;		/* meta.interrupted */
	/*
	 * meta.test_double: the run's guests ran against a test double (the
	 * software PMU model), never KVM's vPMU. NULL name: a real run.
	 */
	char *td_name, *td_scenario, *td_faults;
	size_t nfailed;			/* rows with status failed */
	size_t nok;			/* rows with status ok */
	char *superseded_by;		/* a file that gave cells of this one instead */
	char *why;			/* why that one won: newer, or this one incomplete */
	size_t nsuperseded;		/* how many of its cells were not used */
};

struct resultset {
	struct rs_run *runs;
	size_t nruns;
	struct rs_host *hosts;
	size_t nhosts;
	struct rs_cell *cells;
	size_t ncells;
	char **files;
	size_t nfiles;
	size_t nsamples;
};

/*
 * Load one result file, or every *.json under a directory, descending
 * into subdirectories (a JSON document whose "schema" is not
 * vpmu-bench/result/... in a directory is passed over with a note on
 * stderr). On error returns -1 and writes "FILE: FIELD: problem" to @err.
 */
int resultset__load(struct resultset *rs, const char *path, char *err, size_t len);
/*
 * Pick one cell per (host, label, collection, workload) when several runs
 * give it: an ok cell before a skipped or failed one, then a complete run
 * before one with failed rows before an interrupted one, then the newest
 * (meta.started_at, then the file name). The others are dropped and their
 * runs marked superseded. (Two rows of one file for the same cell are a
 * load error.)
 */
void resultset__resolve(struct resultset *rs);
/* Checks across files (units per cell); -1 with @err set on a problem. */
int resultset__check(struct resultset *rs, char *err, size_t len);
/* Sort, summarize and bootstrap every ok cell. */
void resultset__analyze(struct resultset *rs, size_t resamples, unsigned long seed);
void resultset__free(struct resultset *rs);

/* The cell for (host, mode, collection, workload) or NULL. */
struct rs_cell *resultset__find(struct resultset *rs, size_t host, const char *mode,
				const char *collection, const char *workload);
/* The series @name of @c, or NULL. */
struct rs_series *rs_cell__series(struct rs_cell *c, const char *name);
bool rs_cell__ok(const struct rs_cell *c);
/*
 * A run label (run --label, report --baseline): 1-40 of [A-Za-z0-9._+-],
 * so it is a column heading, part of a file name and one shell word.
 */
bool results__label_ok(const char *s);

#endif
