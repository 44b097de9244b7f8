/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vpmu-bench suite: modes x collections x repetitions as cells, each one
 * vpmu-bench command line run in a child, all recorded in DIR/index.json.
 * The index is the suite's only state: it holds the options, the plan
 * (every cell, in the order it runs) and each cell's outcome, so
 * --resume needs nothing else.
 */
#ifndef VPMU_SUITE_H
#define VPMU_SUITE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define SUITE_SCHEMA	"vpmu-bench/suite-index/1"
#define SUITE_INDEX	"index.json"
#define SUITE_NR_MODES	4

extern const char *const suite_modes[SUITE_NR_MODES];

struct suite_opts {
	bool quick;
	const char *modes[SUITE_NR_MODES];
	size_t nr_modes;
	const char **collections;
	size_t nr_collections;
	unsigned long reps;		/* repetitions of every mode x collection */
	unsigned long samples;		/* `run --reps`: samples per workload */
	long cpu;			/* --cpu for run, native, trace; -1: none */
	unsigned long cell_timeout_s;	/* a cell still running then is stopped */
};

/* bench/suite_plan.c: the index document. */

/* A new index with @o and the cells in the order they run. */
json_t *suite__plan(const struct suite_opts *o, const char *cmdline);

/*
 * Check that @doc is an index this version wrote: one line in @err
 * naming the first field that is not. 0 or -1.
 */
int suite__check_index(json_t *doc, char *err, size_t len);

/* Counts of cells per state into the index's "counts"; returns failed. */
size_t suite__count(json_t *index, size_t *done, size_t *skipped, size_t *pending);

/* bench/suite_exec.c: children. */

struct cell_exit {
	int status;		/* waitpid() status, valid when ran */
	bool ran;		/* the child was started */
	bool stopped;		/* the suite was interrupted while it ran */
	bool timed_out;		/* stopped at its deadline */
	char line[512];		/* the line of its output that says why */
	double wall_s;
};

/*
 * Run this binary with @argv (argv[0] is the command) in @cwd, stdout and
 * stderr to @log (appended), until it exits. When *@stop becomes
 * non-zero the child gets that signal, and SIGKILL 10 s later; after
 * @timeout_s (0: none) it gets SIGTERM, likewise. With @shield the child
 * ignores SIGINT and SIGTERM (a restore that a second Ctrl-C must not cut
 * short).
 */
void suite__exec(const char *prog, char *const argv[], const char *cwd, const char *log,
		 volatile sig_atomic_t *stop, bool shield, double timeout_s,
		 struct cell_exit *ce);

/* The vpmu-bench binary and kmod/load (VPMU_KMOD_LOAD: test doubles only). */
const char *suite__self(void);
const char *suite__kmod_load(void);

/* `vpmu-bench probe --json`'s current_mode, or NULL with @why. */
char *suite__host_mode(json_t **modes, char *why, size_t len);

#endif
