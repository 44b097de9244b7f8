// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench report: the command. Options are parsed and checked here,
 * with the one option parser; the analysis (analysis/report.h) gets them
 * checked and never sees argv.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "probe.h"
#include "report.h"
#include "results.h"
#include "stats.h"

#define CMD "report"

static void usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-bench report DIR|FILE... [--baseline MODE|LABEL] [--out OUTDIR]\n"
"                         [--format human|markdown|text|csv|json] [--resamples N]\n"
"                         [--plots-dir DIR] [--no-plots]\n\n"
"Load result files (or every *.json under a directory, descending into run\n"
"directories; hosts are kept apart by meta.hostname + CPU model + kernel)\n"
"and print, per host, the tables (a)-(f) with medians, 95 %% bootstrap CIs\n"
"of the median, deltas and ratios against the baseline. Each run is a\n"
"column named by its label (run --label, default its mode). When several\n"
"runs give one cell, a complete run (not interrupted, no failed row) wins\n"
"over an incomplete one, then the newest; the others are named.\n\n"
"  -b, --baseline B     mode or label the others are compared with\n"
"                       (default nopmu, else the host's first column)\n"
"  -o, --out OUTDIR     also write OUTDIR/report.md, OUTDIR/summary.txt (72\n"
"                       columns), cells.csv, cells.json, the figures (PNG+SVG)\n"
"                       and OUTDIR/data/*.dat\n"
"  -f, --format F       stdout rendering: human (default), markdown, text;\n"
"                       csv (one row per cell, with units) or json (every\n"
"                       cell), also written as OUTDIR/cells.csv, cells.json\n"
"  -r, --resamples N    bootstrap resamples (default %d, seed %lu)\n"
"  -p, --plots-dir DIR  gnuplot scripts (default: plots/ beside the binary)\n"
"  -n, --no-plots       tables only\n\n"
"Exit status: 0 when the report was written; 1 when an input or a figure\n"
"failed (one line says which; nothing is left in OUTDIR); 2 on bad usage.\n",
		STATS_BOOT_RESAMPLES, STATS_BOOT_SEED);
}

struct report_args {
	struct report_opts o;
	unsigned long synthetic;	/* > 0: write that many synthetic samples instead */
};

/* "nopmu, legacy, mediated-vmcs or mediated-autostore", from the mode names. */
static void mode_list(char *buf, size_t len)
{
	int m;

	buf[0] = 0;
	for (m = 0; m < NR_MODES; m++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 !m ? "" : m == NR_MODES - 1 ? " or " : ", ", mode_name(m));
}

static int on_opt(void *ctx, int c, const char *arg)
{
	struct report_args *a = ctx;
	char modes[128];

	switch (c) {
	case 'b':
		/*
		 * A mode or a run label (run --label): labels are known only
		 * once the files are read, so here only the shape is checked.
		 */
		if (mode_from_name(arg) == NR_MODES && !results__label_ok(arg)) {
			mode_list(modes, sizeof(modes));
			return usage_error(CMD, "--baseline %s: expected a mode (%s) or a run label", arg,
					   modes);
		}
		a->o.baseline = arg;
		return 0;
	case 'o':
		if (!*arg)
			return usage_error(CMD, "--out: expected a directory, got ''");
		a->o.outdir = arg;
		return 0;
	case 'f':
		if (!strcmp(arg, "human"))
			a->o.format = FMT_HUMAN;
		else if (!strcmp(arg, "markdown"))
			a->o.format = FMT_MARKDOWN;
		else if (!strcmp(arg, "text"))
			a->o.format = FMT_TEXT;
		else if (!strcmp(arg, "csv"))
			a->o.format = FMT_CSV;
		else if (!strcmp(arg, "json"))
			a->o.format = FMT_JSON;
		else
			return usage_error(CMD, "--format: expected human, markdown, text, csv or json, got '%s'",
					   arg);
		return 0;
	case 'r':
		return parse_uint_opt(CMD, "--resamples", arg, 100, 1000000, &a->o.resamples) ?
		       0 : EXIT_USAGE;
	case 'p':
		a->o.plots_dir = arg;
		return 0;
	case 'n':
		a->o.plots = false;
		return 0;
	case 'S':
		return parse_uint_opt(CMD, "--synthetic", arg, 1, 100000000, &a->synthetic) ?
		       0 : EXIT_USAGE;
	case 'T':
		a->o.timing = true;
		return 0;
	}
	return EXIT_USAGE;
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "baseline", required_argument, NULL, 'b' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "resamples", required_argument, NULL, 'r' },
		{ "plots-dir", required_argument, NULL, 'p' },
		{ "no-plots", no_argument, NULL, 'n' },
		{ "synthetic", required_argument, NULL, 'S' },	/* hidden: bench data */
		{ "timing", no_argument, NULL, 'T' },		/* hidden: make bench */
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	struct report_args a = {
		.o = {
			.format = FMT_HUMAN,
			.resamples = STATS_BOOT_RESAMPLES,
			.plots = true,
		},
	};
	int first, r;

	r = cli__parse(CMD, argc, argv, longopts, on_opt, &a, usage, &first);
	if (r)
		return r;
	if (a.synthetic) {
		if (!a.o.outdir)
			return usage_error(CMD, "--synthetic needs --out DIR");
		return synthetic__write(a.o.outdir, a.synthetic);
	}
	if (first >= argc)
		return usage_error(CMD, "no result file or directory given (vpmu-bench report DIR|FILE...)");
	a.o.inputs = argv + first;
	a.o.ninputs = argc - first;
	return report__run(&a.o);
}
