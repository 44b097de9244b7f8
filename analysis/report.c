// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench report: result files in, tables, figures, report.md and the
 * 72-column summary.txt out. Reads result files only, never KVM.
 * Everything is written into a temporary directory inside OUTDIR and
 * renamed into place at the end: a failed report leaves no partial file.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "report_int.h"

#define CMD "report"

static void usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-bench report DIR|FILE... [--baseline MODE] [--out OUTDIR]\n"
"                         [--format human|markdown|text] [--resamples N]\n"
"                         [--plots-dir DIR] [--no-plots]\n\n"
"Load result files (or every *.json of a directory; several hosts and runs\n"
"are kept apart by meta.hostname + CPU model + kernel) and print, per host,\n"
"the tables (a)-(f) with medians, 95 %% bootstrap CIs of the median, deltas\n"
"and ratios against the baseline mode (default nopmu).\n\n"
"  --baseline MODE   mode the others are compared with (default nopmu)\n"
"  --out OUTDIR      also write OUTDIR/report.md, OUTDIR/summary.txt (72\n"
"                    columns), the figures (PNG+SVG) and OUTDIR/data/*.dat\n"
"  --format F        stdout rendering: human (default), markdown, text\n"
"  --resamples N     bootstrap resamples (default %d, seed %lu)\n"
"  --plots-dir DIR   gnuplot scripts (default: plots/ beside the binary)\n"
"  --no-plots        tables only\n",
		STATS_BOOT_RESAMPLES, STATS_BOOT_SEED);
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -1;
	return 0;
}

/* Move every regular file of @from into @to (renames), or unlink them. */
static int move_files(const char *from, const char *to, bool discard)
{
	char a[PATH_MAX], b[PATH_MAX];
	struct dirent *de;
	int ret = 0;
	DIR *d = opendir(from);

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_type != DT_REG)
			continue;
		snprintf(a, sizeof(a), "%s/%s", from, de->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, de->d_name);
		if (discard)
			unlink(a);
		else if (rename(a, b))
			ret = -1;
	}
	closedir(d);
	return ret;
}

static void find_plots_dir(char *buf, size_t len, const char *opt)
{
	char exe[PATH_MAX], test[PATH_MAX + 32];
	ssize_t n;

	if (opt) {
		snprintf(buf, len, "%s", opt);
		return;
	}
	if (getenv("VPMU_PLOTS_DIR")) {
		snprintf(buf, len, "%s", getenv("VPMU_PLOTS_DIR"));
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		snprintf(buf, len, "%s/../plots", dirname(exe));
		snprintf(test, sizeof(test), "%s/exit-cost.gp", buf);
		if (!access(test, R_OK))
			return;
	}
	snprintf(buf, len, "plots");
}

static int write_doc(struct report *r, const char *dir, const char *name, enum table_format f)
{
	char path[PATH_MAX];
	FILE *out;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	out = fopen(path, "w");
	if (!out)
		return -1;
	report__emit(r, f, out);
	return fclose(out) ? -1 : 0;
}

static int write_outputs(struct report *r, const char *outdir, const char *plots_opt,
			 bool plots)
{
	char tmp[PATH_MAX], data[PATH_MAX + 8], pdir[PATH_MAX], odata[PATH_MAX + 8];
	char test[PATH_MAX + 32];
	int ret = -1;

	if (mkdir_p(outdir)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", outdir, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/.report-XXXXXX", outdir);
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", outdir, strerror(errno));
		return -1;
	}
	snprintf(data, sizeof(data), "%s/data", tmp);
	if (mkdir(data, 0755))
		goto out;
	if (plots) {
		find_plots_dir(pdir, sizeof(pdir), plots_opt);
		snprintf(test, sizeof(test), "%s/exit-cost.gp", pdir);
		if (access(test, R_OK)) {
			r->fig_skip_why = "plot scripts not found (--plots-dir)";
			fprintf(stderr, "vpmu-bench report: plot scripts not found in %s: no figures, tables written\n",
				pdir);
		} else if (report__plots(r, tmp, pdir) < 0) {
			fprintf(stderr, "vpmu-bench report: error: %s: cannot write figure data\n", data);
			goto out;
		}
	} else {
		r->fig_skip_why = "--no-plots given";
	}
	if (write_doc(r, tmp, "report.md", FMT_MARKDOWN) ||
	    write_doc(r, tmp, "summary.txt", FMT_TEXT)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", tmp, strerror(errno));
		goto out;
	}
	snprintf(odata, sizeof(odata), "%s/data", outdir);
	if ((mkdir(odata, 0755) && errno != EEXIST) || move_files(data, odata, false) ||
	    move_files(tmp, outdir, false)) {
		fprintf(stderr, "vpmu-bench report: error: %s: cannot move results in place: %s\n",
			outdir, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	move_files(data, NULL, true);
	rmdir(data);
	move_files(tmp, NULL, true);
	rmdir(tmp);
	return ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
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
	const char *outdir = NULL, *plots_dir = NULL;
	enum table_format fmt = FMT_HUMAN;
	unsigned long synthetic = 0, resamples = STATS_BOOT_RESAMPLES;
	bool plots = true, timing = false;
	struct report *r;
	char err[1024];
	double t0 = now_s();
	int c, i, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "b:o:f:r:p:nS:Th", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "human"))
				fmt = FMT_HUMAN;
			else if (!strcmp(optarg, "markdown"))
				fmt = FMT_MARKDOWN;
			else if (!strcmp(optarg, "text"))
				fmt = FMT_TEXT;
			else
				return usage_error(CMD, "--format: expected human, markdown or text, got '%s'",
						   optarg);
			break;
		case 'r':
			if (!parse_uint_opt(CMD, "--resamples", optarg, 100, 1000000, &resamples))
				return EXIT_USAGE;
			break;
		case 'p':
			plots_dir = optarg;
			break;
		case 'n':
			plots = false;
			break;
		case 'S':
			if (!parse_uint_opt(CMD, "--synthetic", optarg, 1, 100000000, &synthetic))
				return EXIT_USAGE;
			break;
		case 'T':
			timing = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (synthetic) {
		if (!outdir)
			return usage_error(CMD, "--synthetic needs --out DIR");
		return synthetic__write(outdir, synthetic) ? 1 : 0;
	}
	if (optind >= argc)
		return usage_error(CMD, "no result file or directory given (vpmu-bench report DIR|FILE...)");
	r = calloc(1, sizeof(*r));
	if (!r)
		return 1;
	r->baseline = "nopmu";
	r->resamples = resamples;
	r->seed = STATS_BOOT_SEED;
	/* second pass for --baseline: getopt already validated the options */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--baseline") && i + 1 < argc)
			r->baseline = argv[i + 1];
		else if (!strncmp(argv[i], "--baseline=", 11))
			r->baseline = argv[i] + 11;
	}
	for (i = optind; i < argc; i++) {
		if (resultset__load(&r->rs, argv[i], err, sizeof(err))) {
			fprintf(stderr, "vpmu-bench report: error: %s\n", err);
			goto out;
		}
	}
	if (resultset__check(&r->rs, err, sizeof(err))) {
		fprintf(stderr, "vpmu-bench report: error: %s\n", err);
		goto out;
	}
	if (r->rs.nhosts > 64) {
		fprintf(stderr, "vpmu-bench report: error: %zu hosts, at most 64 per report\n",
			r->rs.nhosts);
		goto out;
	}
	resultset__analyze(&r->rs, r->resamples, r->seed);
	if (outdir && write_outputs(r, outdir, plots_dir, plots))
		goto out;
	if (!timing)
		report__emit(r, fmt, stdout);
	if (outdir)
		fprintf(stderr, "vpmu-bench report: wrote %s/report.md and %s/summary.txt\n",
			outdir, outdir);
	if (timing) {
		struct rusage self, kids;

		getrusage(RUSAGE_SELF, &self);
		getrusage(RUSAGE_CHILDREN, &kids);
		printf("report over %zu samples in %zu cells (%zu bootstrap resamples each): %.2f s elapsed (bound 2 s), peak RSS %.1f MiB (bound 200 MiB; largest gnuplot child %.1f MiB)\n",
		       r->rs.nsamples, r->rs.ncells, r->resamples, now_s() - t0,
		       self.ru_maxrss / 1024.0, kids.ru_maxrss / 1024.0);
	}
	ret = 0;
out:
	resultset__free(&r->rs);
	free(r);
	return ret;
}
