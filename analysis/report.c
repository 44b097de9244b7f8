// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench report: result files in, tables, figures, report.md and the
 * 72-column summary.txt out. Reads result files only, never KVM.
 * Everything is written into a temporary directory inside OUTDIR and
 * renamed into place at the end: a failed report leaves no partial file,
 * and no OUTDIR if it made it. The options are parsed by the command
 * (bench/report_cmd.c).
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "probe.h"
#include "report.h"
#include "report_int.h"

/*
 * mkdir -p @path. The shallowest directory it had to make goes into
 * @made ("" if none), so that a failed report can take them back.
 */
static int mkdir_p(const char *path, char *made, size_t len)
{
	char buf[PATH_MAX], *p;

	made[0] = 0;
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1;; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = 0;
		if (!mkdir(buf, 0755)) {
			if (!made[0])
				snprintf(made, len, "%s", buf);
		} else if (errno != EEXIST) {
			return -1;
		}
		*p = c;
		if (!c)
			return 0;
	}
}

/* Remove the empty directories mkdir_p() made for @path, deepest first. */
static void rmdir_made(const char *path, const char *made)
{
	char buf[PATH_MAX], *slash;

	if (!made[0])
		return;
	snprintf(buf, sizeof(buf), "%s", path);
	while (strlen(buf) > 1 && buf[strlen(buf) - 1] == '/')
		buf[strlen(buf) - 1] = 0;
	while (strlen(buf) >= strlen(made)) {
		if (rmdir(buf))
			return;
		slash = strrchr(buf, '/');
		if (!slash)
			return;
		*slash = 0;
	}
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
	char path[PATH_MAX + 64];
	FILE *out;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	out = fopen(path, "w");
	if (!out)
		return -1;
	if (f == FMT_CSV)
		report__csv(r, out);
	else if (f == FMT_JSON)
		report__json(r, out);
	else
		report__emit(r, f, out);
	return fclose(out) ? -1 : 0;
}

static int write_outputs(struct report *r, const char *outdir, const char *plots_opt,
			 bool plots)
{
	char tmp[PATH_MAX], data[PATH_MAX + 8], pdir[PATH_MAX], odata[PATH_MAX + 8];
	char test[PATH_MAX + 32], made[PATH_MAX];
	int ret = -1;

	if (mkdir_p(outdir, made, sizeof(made))) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", outdir, strerror(errno));
		rmdir_made(outdir, made);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/.report-XXXXXX", outdir);
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", outdir, strerror(errno));
		rmdir_made(outdir, made);
		return -1;
	}
	snprintf(data, sizeof(data), "%s/data", tmp);
	if (mkdir(data, 0755)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", data, strerror(errno));
		goto out;
	}
	if (plots) {
		find_plots_dir(pdir, sizeof(pdir), plots_opt);
		snprintf(test, sizeof(test), "%s/exit-cost.gp", pdir);
		if (access(test, R_OK)) {
			r->fig_skip_why = "plot scripts not found (--plots-dir)";
			fprintf(stderr, "vpmu-bench report: plot scripts not found in %s: no figures, tables written\n",
				pdir);
		} else if (report__plots(r, tmp, pdir) < 0) {
			goto out;	/* report__plots() said which figure */
		}
	} else {
		r->fig_skip_why = "--no-plots given";
	}
	if (write_doc(r, tmp, "report.md", FMT_MARKDOWN) ||
	    write_doc(r, tmp, "summary.txt", FMT_TEXT) ||
	    write_doc(r, tmp, "cells.csv", FMT_CSV) || write_doc(r, tmp, "cells.json", FMT_JSON)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", tmp, strerror(errno));
		goto out;
	}
	snprintf(odata, sizeof(odata), "%s/data", outdir);
	/*
	 * data/ belongs to the report: what an earlier report left there and
	 * this one did not write would be read as this report's data.
	 */
	if (!access(odata, F_OK))
		move_files(odata, NULL, true);
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
	if (ret)
		rmdir_made(outdir, made);
	return ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static bool baseline_known(struct resultset *rs, const char *b)
{
	size_t i;

	for (i = 0; i < rs->ncells; i++)
		if (!strcmp(rs->cells[i].mode, b) || !strcmp(rs->cells[i].run_mode, b))
			return true;
	return false;
}

int report__run(const struct report_opts *o)
{
	struct report *r = xcalloc(1, sizeof(*r));
	double t0 = now_s();
	char err[1024];
	int ret = 1;
	size_t i;

	r->baseline = o->baseline ? o->baseline : mode_name(MODE_NOPMU);
	r->baseline_given = o->baseline;
	r->resamples = o->resamples;
	r->seed = STATS_BOOT_SEED;
	for (i = 0; i < o->ninputs; i++) {
		if (resultset__load(&r->rs, o->inputs[i], err, sizeof(err))) {
			fprintf(stderr, "vpmu-bench report: error: %s\n", err);
			goto out;
		}
	}
	resultset__resolve(&r->rs);
	for (i = 0; i < r->rs.nruns; i++)
		if (r->rs.runs[i].superseded_by)
			fprintf(stderr, "vpmu-bench report: note: %s superseded by %s (%s)\n",
				r->rs.runs[i].file, r->rs.runs[i].superseded_by, r->rs.runs[i].why);
	if (r->baseline_given && !baseline_known(&r->rs, r->baseline)) {
		char have[512] = "";

		for (i = 0; i < r->rs.nruns; i++)
			if (!strstr(have, r->rs.runs[i].label) && strlen(have) < 400)
				snprintf(have + strlen(have), sizeof(have) - strlen(have), "%s%s",
					 *have ? ", " : "", r->rs.runs[i].label);
		fprintf(stderr, "vpmu-bench report: error: --baseline %s: not a mode or label of these results (labels: %s)\n",
			r->baseline, have);
		ret = 2;
		goto out;
	}
	if (resultset__check(&r->rs, err, sizeof(err))) {
		fprintf(stderr, "vpmu-bench report: error: %s\n", err);
		goto out;
	}
	if (r->rs.nhosts > MAX_HOSTS) {
		fprintf(stderr, "vpmu-bench report: error: %zu hosts, at most %d per report\n",
			r->rs.nhosts, MAX_HOSTS);
		goto out;
	}
	resultset__analyze(&r->rs, r->resamples, r->seed);
	if (o->outdir && write_outputs(r, o->outdir, o->plots_dir, o->plots))
		goto out;
	if (o->timing)
		;
	else if (o->format == FMT_CSV)
		report__csv(r, stdout);
	else if (o->format == FMT_JSON)
		report__json(r, stdout);
	else
		report__emit(r, o->format, stdout);
	if (o->outdir)
		fprintf(stderr, "vpmu-bench report: wrote %s/report.md and %s/summary.txt\n",
			o->outdir, o->outdir);
	if (o->timing) {
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
