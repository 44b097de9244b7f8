/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the parts of `vpmu-bench report`. A host's report
 * is two tables of rows: report_sections[] (report_tables.c), rendered
 * in order, and report_figures[] (report_plots.c), drawn in order and
 * listed in report.md. Adding a section or a figure is adding one row.
 */
#ifndef VPMU_REPORT_INT_H
#define VPMU_REPORT_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "results.h"
#include "table.h"

#define MAX_MODES 16
#define MAX_HOSTS 64
#define MAX_FIGS 8

/* The level-1 topdown series of a topdown row (native twins: "native_" + name). */
#define TD_METRICS 4
extern const char *const report_td_metrics[TD_METRICS];

struct report_section;
struct report_figure;

/* What report_figures[i] made for one host. */
struct fig_state {
	bool made;
	char file[96];			/* base name of its .png, .svg and data/.dat */
};

struct report {
	struct resultset rs;
	const char *baseline;		/* --baseline, a mode or a label; default nopmu */
	bool baseline_given;		/* else a host without nopmu compares with its first column */
	size_t resamples;
	unsigned long seed;
	/*
	 * Per host: the columns present (run labels, by default the mode),
	 * ordered by their mode (nopmu, legacy, vmcs, autostore, others), the
	 * column named like its mode first, then by name; the mode each
	 * measured; and the column the deltas are taken against.
	 */
	const char *modes[MAX_MODES];
	const char *col_mode[MAX_MODES];
	size_t nmodes;
	const char *base;
	struct fig_state fig[MAX_HOSTS][MAX_FIGS];	/* [host][figure row] */
	const char *fig_skip_why;	/* set if no figure could be made at all */
	const char *cur_coll;		/* collection of the section rendering now, NULL: any */
};

/*
 * One section of a host's report: rendered when ready() says so (NULL:
 * when the host has a cell of @collection; no collection: always),
 * otherwise one "no input" paragraph naming what it needs and the
 * command that produces it.
 */
struct report_section {
	const char *collection;		/* the cells it is drawn from */
	const char *name;		/* short name, for the "no input" paragraph */
	const char *title;		/* table title (a format of the unit if title_unit) */
	const char *title_unit;		/* the unit when no ok cell names one */
	const char *delta_title;	/* grid sections: then deltas vs the baseline, so titled */
	unsigned int flags;
	bool (*ready)(struct report *r, size_t h, const struct report_section *s);
	void (*render)(struct report *r, size_t h, const struct report_section *s,
		       enum table_format f, FILE *out);
	const char *missing_what;	/* NULL: "No result of collection C for this host." */
	const char *missing_cmd;	/* the command that produces the input */
};

#define SEC_ACCESS_PATH	(1U << 0)	/* grid cells say intercepted or passthrough */
#define SEC_N_EXITS	(1U << 1)	/* grid rows end with N and the exits per operation */

/* NULL-terminated (no render), in the order they are printed. */
extern const struct report_section report_sections[];

/* What a figure's data writer found, for the arguments of its script. */
struct fig_data {
	const char *modes[MAX_MODES];	/* modes with an ok cell of the figure, in order */
	const char *col_modes[MAX_MODES];	/* the vPMU mode of each (a label's mode) */
	size_t nmodes;
	double ymin, ymax;		/* bar figures: the range drawn (log axis), else 0 */
	char unit[64];			/* unit of the values drawn, "" if none */
	double meds[MAX_MODES];		/* one median per mode, for scripts that mark it */
	size_t nmeds;
};

/*
 * One figure: plots/<name>.gp draws data/<name>.dat (written by
 * write_data) into <name>.png and <name>.svg, for every host that has an
 * ok cell of (collection, workload). The script is called as
 *   gnuplot -c SCRIPT DATA OUTBASE TITLE NMODES "MODE..." UNIT "MEDIAN..."
 * (plots/common.gp). Beside DATA, DATA.vars (gnuplot assignments) gives
 * what every figure shares: one colour and point type per mode
 * (mode_colors, mode_points, in MODES order), the emulation note drawn
 * inside the plot area, the footer (tool version, commit), tsc_ghz for a
 * ns axis, and ymin/ymax of bar figures.
 */
struct report_figure {
	const char *name;
	const char *caption;		/* also the first line of its title */
	const char *collection;
	const char *workload;		/* NULL: any workload of the collection */
	/* 0, or non-zero when this host has nothing to draw after all */
	int (*write_data)(struct report *r, size_t h, const struct report_figure *fig,
			  struct fig_data *d, FILE *f);
	const char *needs;		/* what is missing when it is not drawn */
};

/* NULL-terminated (no name), in the order report.md lists them. */
extern const struct report_figure report_figures[];

/*
 * Table (d) and the topdown figure: a guest topdown cell against its
 * native side. A native cell is one of a `vpmu-bench native` run
 * (meta.mode "native"); it is never a mode column (report__host_modes).
 */
bool report__is_native(const struct rs_cell *c);
/* The native run's cell of (host @h, @coll, @wl), an ok one first; NULL if none. */
struct rs_cell *report__native_cell(struct report *r, size_t h, const char *coll,
				    const char *wl);
struct td_cmp {
	struct compare c;		/* guest - native: delta [CI], ratio +- u95 */
	double guest, native;		/* the two medians */
	char why[64];			/* when a side lacks the series */
};
/*
 * Series @name (a level-1 metric or "slots") of guest cell @g against the
 * same series of native cell @nat, or, if @nat is NULL, against @g's own
 * "native_" twin (older files). Bootstrap memoized per pair. 0, or -1
 * with @out->why.
 */
int report__td_compare(struct report *r, struct rs_cell *g, struct rs_cell *nat,
		       const char *name, struct td_cmp *out);

/* Fill r->modes with the modes of host @h (native runs are not among them). */
void report__host_modes(struct report *r, size_t h);
/* Title suffix naming host model, kernel, date and emulation. */
void report__host_tag(struct report *r, size_t h, char *buf, size_t len);
bool report__host_emulated(struct report *r, size_t h);
/*
 * report_label.c: do cells of host @h in @coll (NULL: any) and @wl (NULL:
 * any) come from runs under a test double (meta.test_double)? Then @buf
 * names it ("software PMU model (tests/pmu_model), scenario S, faults F"),
 * @cols the report columns (run labels) those cells are in, and *@mixed
 * says whether other cells there come from real runs.
 */
bool report__test_double(struct report *r, size_t h, const char *coll, const char *wl,
			 char *buf, size_t len, char *cols, size_t clen, bool *mixed);
/* The note under a table of the section r->cur_coll, if its rows are a test double's. */
void report__test_double_note(struct report *r, size_t h, struct table *t);
/* The host paragraph, if any run of host @h ran under a test double. */
void report__test_double_para(struct report *r, size_t h, enum table_format f, FILE *out);
/* Whole report for every host in format @f. */
void report__emit(struct report *r, enum table_format f, FILE *out);
/*
 * Write figure data files into @dir/data and run gnuplot with the scripts
 * in @plots_dir, writing the images into @dir. Returns the number made,
 * or -1 after one line on stderr naming the figure that failed.
 */
int report__plots(struct report *r, const char *dir, const char *plots_dir);
/* Workloads of (host @h, collection @coll) in first-seen order; how many. */
size_t report__workloads(struct report *r, size_t h, const char *coll, const char **out,
			 size_t max);
/* Every cell: one tidy CSV row each, with a header (report_export.c). */
void report__csv(struct report *r, FILE *out);
/* Every cell as a JSON summary ({"schema", "field_units", "cells": [...]}); 0 or -1. */
int report__json(struct report *r, FILE *out);
/* Number formatting shared by tables and plot data. */
void fmt_num(char *buf, size_t len, double v);

#endif
