/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The analysis behind `vpmu-bench report`, for the command layer
 * (bench/report_cmd.c parses the options and calls these).
 */
#ifndef VPMU_REPORT_H
#define VPMU_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "table.h"

/* Checked by the caller: every field is used as given. */
struct report_opts {
	char *const *inputs;		/* result files or directories */
	size_t ninputs;
	const char *baseline;		/* a mode or a run label; NULL: nopmu, else the first */
	const char *outdir;		/* NULL: stdout only */
	enum table_format format;	/* of stdout */
	unsigned long resamples;	/* bootstrap resamples per cell */
	const char *plots_dir;		/* NULL: $VPMU_PLOTS_DIR, else the tree's plots/ */
	bool plots;			/* draw figures into outdir */
	bool timing;			/* a `make bench` line instead of the tables */
};

/*
 * Load, analyze and render. Every error is one line on stderr; with
 * @o->outdir nothing is left there on error. Returns 0 or 1.
 */
int report__run(const struct report_opts *o);

/*
 * Synthetic result set of about @n samples into @dir (files named
 * synthetic-MODE.json, every one saying it is not a measurement).
 * Returns 0 or 1.
 */
int synthetic__write(const char *dir, unsigned long n);

#endif
