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
	const char *baseline;
	size_t resamples;
	unsigned long seed;
	/* per host: modes present, ordered nopmu, legacy, vmcs, autostore, others */
	const char *modes[MAX_MODES];
	size_t nmodes;
	struct fig_state fig[MAX_HOSTS][MAX_FIGS];	/* [host][figure row] */
	const char *fig_skip_why;	/* set if no figure could be made at all */
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

/* NULL-terminated (no render), in the order they are printed. */
extern const struct report_section report_sections[];

/* What a figure's data writer found, for the arguments of its script. */
struct fig_data {
	const char *modes[MAX_MODES];	/* modes with an ok cell of the figure, in order */
	size_t nmodes;
	char unit[64];			/* unit of the values drawn, "" if none */
	double meds[MAX_MODES];		/* one median per mode, for scripts that mark it */
	size_t nmeds;
};

/*
 * One figure: plots/<name>.gp draws data/<name>.dat (written by
 * write_data) into <name>.png and <name>.svg, for every host that has an
 * ok cell of (collection, workload). The script is called as
 *   gnuplot -c SCRIPT DATA OUTBASE TITLE NMODES "MODE..." UNIT "MEDIAN..."
 * (plots/common.gp).
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

/* Fill r->modes with the modes of host @h. */
void report__host_modes(struct report *r, size_t h);
/* Title suffix naming host model, kernel, date and emulation. */
void report__host_tag(struct report *r, size_t h, char *buf, size_t len);
bool report__host_emulated(struct report *r, size_t h);
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
/* Number formatting shared by tables and plot data. */
void fmt_num(char *buf, size_t len, double v);

#endif
