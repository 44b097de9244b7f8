/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by the parts of `vpmu-bench report`. */
#ifndef VPMU_REPORT_INT_H
#define VPMU_REPORT_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "results.h"
#include "table.h"

#define MAX_MODES 16
#define MAX_FIGS 8

/* Figures, in the order the issue lists them. */
enum fig_id {
	FIG_EXIT_COST,
	FIG_HOST_EXIT_CDF,
	FIG_PMU_MSR,
	FIG_TOPDOWN,
	FIG_OVERHEAD,
	FIG_CPUID_STRIP,
	NR_FIGS,
};

struct fig_info {
	const char *name;		/* plots/<name>.gp, <name>.png, .svg */
	const char *caption;
	const char *needs;		/* what input it is drawn from */
	const char *command;		/* command producing that input */
};
extern const struct fig_info figs[NR_FIGS];

struct report {
	struct resultset rs;
	const char *baseline;
	size_t resamples;
	unsigned long seed;
	/* per host: modes present, ordered nopmu, legacy, vmcs, autostore, others */
	const char *modes[MAX_MODES];
	size_t nmodes;
	/* figures made, per host, and their file base name */
	bool fig_made[64][NR_FIGS];
	char fig_file[64][NR_FIGS][96];
	const char *fig_skip_why;	/* set if no figure could be made at all */
};

/* Fill r->modes with the modes of host @h. */
void report__host_modes(struct report *r, size_t h);
/* Title suffix naming host model, kernel, date and emulation. */
void report__host_tag(struct report *r, size_t h, char *buf, size_t len);
bool report__host_emulated(struct report *r, size_t h);
/* Whole report for every host in format @f. */
void report__emit(struct report *r, enum table_format f, FILE *out);
/*
 * Write figure data files into @dir/data and run gnuplot with the scripts
 * in @plots_dir, writing the images into @dir. Returns the number made.
 */
int report__plots(struct report *r, const char *dir, const char *plots_dir);
/* Number formatting shared by tables and plot data. */
void fmt_num(char *buf, size_t len, double v);
/* Synthetic result set of @n samples into @dir (clearly named as such). */
int synthetic__write(const char *dir, unsigned long n);

#endif
