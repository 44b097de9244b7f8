// SPDX-License-Identifier: GPL-2.0
/*
 * The figures of `vpmu-bench report`: one row of report_figures[] each.
 * Per host and figure, the row's data writer fills data/<figure>.dat and
 * gnuplot runs plots/<figure>.gp on it, through the one child runner
 * (bench/util/child.h) with a deadline; a failure stops the report.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "child.h"
#include "report_int.h"

#define STRIP_MAX_POINTS 4000
#define CDF_POINTS 500
/* A figure is a few thousand points: a gnuplot still busy after this is stuck. */
#define GNUPLOT_TIMEOUT_MS 60000

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Bars: workload rows, (median lo hi) per mode. */
static int data_bars(struct report *r, size_t h, const struct report_figure *fig,
		     struct fig_data *d, FILE *f)
{
	const char *wl[256];
	size_t j, k, nw = report__workloads(r, h, fig->collection, wl, 256);

	fprintf(f, "workload");
	for (j = 0; j < d->nmodes; j++)
		fprintf(f, " \"%s\" lo hi", d->modes[j]);
	fputc('\n', f);
	for (k = 0; k < nw; k++) {
		fprintf(f, "\"%s\"", wl[k]);
		for (j = 0; j < d->nmodes; j++) {
			struct rs_cell *x = resultset__find(&r->rs, h, d->modes[j], fig->collection,
							    wl[k]);

			if (!x || !rs_cell__ok(x)) {
				fprintf(f, " ? ? ?");
				continue;
			}
			fprintf(f, " %.6g %.6g %.6g", x->s.median, x->ci.lo, x->ci.hi);
		}
		fputc('\n', f);
	}
	return 0;
}

/* CDF per mode of all the collection's samples pooled, CDF_POINTS quantiles. */
static int data_cdf(struct report *r, size_t h, const struct report_figure *fig,
		    struct fig_data *d, FILE *f)
{
	size_t i, j, k;

	for (j = 0; j < d->nmodes; j++) {
		double *v = NULL;
		size_t n = 0;

		for (i = 0; i < r->rs.ncells; i++) {
			struct rs_cell *c = &r->rs.cells[i];

			if (c->host != h || strcmp(c->mode, d->modes[j]) ||
			    strcmp(c->collection, fig->collection) || !rs_cell__ok(c))
				continue;
			v = xrealloc(v, (n + c->n) * sizeof(*v));
			memcpy(v + n, c->sorted, c->n * sizeof(*v));
			n += c->n;
			snprintf(d->unit, sizeof(d->unit), "%s", c->unit);
		}
		qsort(v, n, sizeof(*v), cmp_dbl);
		fprintf(f, "%s# %s\n", j ? "\n\n" : "", d->modes[j]);
		for (k = 0; k < CDF_POINTS && n; k++) {
			size_t idx = (size_t)((double)k * (n - 1) / (CDF_POINTS - 1));

			fprintf(f, "%.6g %.6g\n", v[idx], (double)(idx + 1) / n);
		}
		free(v);
	}
	return 0;
}

/* One row per cell and side (guest, native): the four level-1 medians. */
static int data_topdown(struct report *r, size_t h, const struct report_figure *fig,
			struct fig_data *d, FILE *f)
{
	size_t i, k, rows = 0;
	int side;

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h || strcmp(c->collection, fig->collection) || !rs_cell__ok(c))
			continue;
		for (side = 0; side < 2; side++) {
			char name[64];
			double med[TD_METRICS];
			bool all = true;

			for (k = 0; k < TD_METRICS; k++) {
				struct rs_series *se;
				struct summary sum;

				snprintf(name, sizeof(name), "%s%s", side ? "native_" : "",
					 report_td_metrics[k]);
				se = rs_cell__series(c, name);
				if (!se) {
					all = false;
					break;
				}
				stats__summarize(se->v, se->n, &sum);
				med[k] = sum.median;
			}
			if (!all)
				continue;
			if (side)
				fprintf(f, "\"%s native\"", c->workload);
			else
				fprintf(f, "\"%s %s\"", c->workload, c->mode);
			for (k = 0; k < TD_METRICS; k++)
				fprintf(f, " %.4g", med[k]);
			fputc('\n', f);
			rows++;
		}
	}
	return rows ? 0 : -1;
}

/* One block per mode: rate_hz, median, lo, hi. */
static int data_overhead(struct report *r, size_t h, const struct report_figure *fig,
			 struct fig_data *d, FILE *f)
{
	size_t i, j;

	for (j = 0; j < d->nmodes; j++) {
		fprintf(f, "%s# %s\n", j ? "\n\n" : "", d->modes[j]);
		for (i = 0; i < r->rs.ncells; i++) {
			struct rs_cell *c = &r->rs.cells[i];

			if (c->host != h || strcmp(c->mode, d->modes[j]) ||
			    strcmp(c->collection, fig->collection) || !rs_cell__ok(c) ||
			    isnan(c->rate_hz))
				continue;
			fprintf(f, "%.6g %.6g %.6g %.6g\n", c->rate_hz, c->s.median, c->ci.lo,
				c->ci.hi);
		}
	}
	return 0;
}

/* One block per mode: every sample (at most STRIP_MAX_POINTS), jittered. */
static int data_strip(struct report *r, size_t h, const struct report_figure *fig,
		      struct fig_data *d, FILE *f)
{
	size_t j, k;

	for (j = 0; j < d->nmodes; j++) {
		struct rs_cell *c = resultset__find(&r->rs, h, d->modes[j], fig->collection,
						    fig->workload);
		size_t step = c->n > STRIP_MAX_POINTS ? c->n / STRIP_MAX_POINTS : 1;

		fprintf(f, "%s# %s\n", j ? "\n\n" : "", d->modes[j]);
		/* deterministic jitter in [-0.3, 0.3) from the sample index */
		for (k = 0; k < c->n; k += step)
			fprintf(f, "%.4f %.6g\n", j - 0.3 + 0.6 * ((k * 2654435761u) % 1000) / 1000.0,
				c->v[k]);
		d->meds[d->nmeds++] = c->s.median;
		snprintf(d->unit, sizeof(d->unit), "%s", c->unit);
	}
	return 0;
}

const struct report_figure report_figures[] = {
	{ "exit-cost", "Exit cost per exit type and mode (median, 95 % CI)",
	  "exit", NULL, data_bars,
	  "no ok result of collection exit on this host" },
	{ "host-exit-cdf", "Host-side exit latency CDF per mode",
	  "host-trace", NULL, data_cdf,
	  "no result of collection host-trace on this host (host exit traces)" },
	{ "pmu-msr", "PMU register access cost per mode (median, 95 % CI)",
	  "pmu-msr", NULL, data_bars,
	  "no ok result of collection pmu-msr on this host" },
	{ "topdown", "Topdown level 1, guest vs native per shape",
	  "topdown", NULL, data_topdown,
	  "no ok result of collection topdown with native_* series on this host" },
	{ "overhead", "End-to-end overhead vs sampling rate per mode",
	  "overhead", NULL, data_overhead,
	  "no ok result of collection overhead on this host" },
	{ "cpuid-strip", "Every CPUID exit sample per mode",
	  "exit", "cpuid", data_strip,
	  "no ok exit/cpuid result on this host" },
	{ NULL },
};

/* struct report keeps MAX_FIGS per host: the table must fit. */
_Static_assert(sizeof(report_figures) / sizeof(report_figures[0]) - 1 <= MAX_FIGS,
	       "report_figures[] has more rows than MAX_FIGS");

/* The host's modes, in order, that have an ok cell of the figure's (collection, workload). */
static void figure_modes(struct report *r, size_t h, const struct report_figure *fig,
			 struct fig_data *d)
{
	size_t i, j;

	for (j = 0; j < r->nmodes; j++) {
		bool ok = false;

		for (i = 0; i < r->rs.ncells && !ok; i++) {
			struct rs_cell *c = &r->rs.cells[i];

			ok = c->host == h && !strcmp(c->mode, r->modes[j]) &&
			     !strcmp(c->collection, fig->collection) && rs_cell__ok(c) &&
			     (!fig->workload || !strcmp(c->workload, fig->workload));
		}
		if (ok)
			d->modes[d->nmodes++] = r->modes[j];
	}
}

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	while (path && *path) {
		size_t l = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)l, path, prog);
		if (access(buf, X_OK) == 0)
			return true;
		path += l + (path[l] == ':');
	}
	return false;
}

struct gnuplot_job {
	const char *plots_dir;		/* GNUPLOT_LIB, where common.gp is */
	char *argv[11];
};

/* In the child (child__run): stdout and stderr already go to the parent's log tail. */
static void exec_gnuplot(void *arg, int data_fd)
{
	struct gnuplot_job *j = arg;
	int fd = open("/dev/null", O_RDONLY);

	if (fd >= 0)
		dup2(fd, STDIN_FILENO);
	setenv("GNUPLOT_LIB", j->plots_dir, 1);
	execvp(j->argv[0], j->argv);
	fprintf(stderr, "cannot run %s: %s\n", j->argv[0], strerror(errno));
	_exit(127);
}

/* The last non-blank line of @log, trimmed, into @buf. */
static void last_line(const char *log, char *buf, size_t len)
{
	const char *end = log + strlen(log), *start;

	while (end > log && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t' ||
			     end[-1] == '\r'))
		end--;
	for (start = end; start > log && start[-1] != '\n'; start--)
		;
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	if (start == end)
		snprintf(buf, len, "no output");
	else
		snprintf(buf, len, "%.*s", (int)(end - start), start);
}

/* How the child ended, when that was not a success, into @buf. */
static void child_failure(const struct child_result *res, char *buf, size_t len)
{
	char last[512];

	last_line(res->log, last, sizeof(last));
	if (res->error)
		snprintf(buf, len, "cannot start gnuplot: %s", strerror(res->error));
	else if (res->timed_out)
		snprintf(buf, len, "gnuplot still running after %d s, killed: %s",
			 GNUPLOT_TIMEOUT_MS / 1000, last);
	else if (WIFSIGNALED(res->status))
		snprintf(buf, len, "gnuplot killed by signal %d: %s", WTERMSIG(res->status), last);
	else
		snprintf(buf, len, "gnuplot exited with status %d: %s", WEXITSTATUS(res->status),
			 last);
}

/* gnuplot's messages of a figure that was drawn, kept beside its data. */
static void keep_log(const char *path, const struct child_result *res)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return;
	fwrite(res->log, 1, res->log_len, f);
	fclose(f);
}

static void join_words(char *buf, size_t len, const char *const *w, size_t n)
{
	size_t i;

	buf[0] = 0;
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "", w[i]);
}

/* Data file, then gnuplot, for one figure of host @h. 0, 1 (nothing to draw) or -1. */
static int draw(struct report *r, size_t h, const struct report_figure *fig, const char *gp,
		const char *dir, const char *plots_dir)
{
	struct fig_state *st = &r->fig[h][fig - report_figures];
	char data[4096], script[4096], out[4096], title[512], tag[300], log[4096];
	char modes[MAX_MODES * 32], nm[24], meds[MAX_MODES * 32], why[1024];
	struct gnuplot_job job = { .plots_dir = plots_dir };
	struct child_result res;
	struct fig_data d = { .nmodes = 0 };
	struct stat sb;
	size_t i, a = 0;
	int rc;
	FILE *f;

	figure_modes(r, h, fig, &d);
	if (!d.nmodes)
		return 1;
	snprintf(data, sizeof(data), "%s/data/%s.dat", dir, st->file);
	f = fopen(data, "w");
	if (!f) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", data, strerror(errno));
		return -1;
	}
	rc = fig->write_data(r, h, fig, &d, f);
	if (fclose(f)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", data, strerror(errno));
		return -1;
	}
	if (rc)
		return 1;

	report__host_tag(r, h, tag, sizeof(tag));
	snprintf(title, sizeof(title), "%s\n%s", fig->caption, tag);
	snprintf(script, sizeof(script), "%s/%s.gp", plots_dir, fig->name);
	snprintf(out, sizeof(out), "%s/%s", dir, st->file);
	snprintf(nm, sizeof(nm), "%zu", d.nmodes);
	join_words(modes, sizeof(modes), d.modes, d.nmodes);
	meds[0] = 0;
	for (i = 0; i < d.nmeds; i++)
		snprintf(meds + strlen(meds), sizeof(meds) - strlen(meds), "%s%.6g", i ? " " : "",
			 d.meds[i]);
	job.argv[a++] = (char *)gp;
	job.argv[a++] = "-c";
	job.argv[a++] = script;
	job.argv[a++] = data;
	job.argv[a++] = out;
	job.argv[a++] = title;
	job.argv[a++] = nm;
	job.argv[a++] = modes;
	job.argv[a++] = d.unit;
	job.argv[a++] = meds;
	job.argv[a] = NULL;

	rc = child__run(exec_gnuplot, &job, GNUPLOT_TIMEOUT_MS, NULL, &res);
	if (rc || !child__exited_ok(&res)) {
		child_failure(&res, why, sizeof(why));
		fprintf(stderr, "vpmu-bench report: error: figure %s (%s, host %zu): %s\n",
			fig->name, script, h + 1, why);
		child_result__free(&res);
		return -1;
	}
	/* report.md links both: a script that wrote neither has failed too */
	for (i = 0; i < 2; i++) {
		char img[4200];

		snprintf(img, sizeof(img), "%s.%s", out, i ? "svg" : "png");
		if (stat(img, &sb) || !sb.st_size) {
			fprintf(stderr, "vpmu-bench report: error: figure %s (%s, host %zu): gnuplot exited 0 but wrote no %s.%s\n",
				fig->name, script, h + 1, st->file, i ? "svg" : "png");
			child_result__free(&res);
			return -1;
		}
	}
	snprintf(log, sizeof(log), "%s/data/%s.log", dir, st->file);
	keep_log(log, &res);
	child_result__free(&res);
	st->made = true;
	return 0;
}

int report__plots(struct report *r, const char *dir, const char *plots_dir)
{
	const char *gp = getenv("VPMU_GNUPLOT") ? getenv("VPMU_GNUPLOT") : "gnuplot";
	const struct report_figure *fig;
	int made = 0, rc;
	size_t h;

	if (!in_path(gp)) {
		r->fig_skip_why = "gnuplot not found (install gnuplot-nox), figures skipped";
		fprintf(stderr, "vpmu-bench report: gnuplot not found in PATH: no figures, tables written\n");
		return 0;
	}
	for (h = 0; h < r->rs.nhosts && h < MAX_HOSTS; h++) {
		report__host_modes(r, h);
		for (fig = report_figures; fig->name; fig++) {
			struct fig_state *st = &r->fig[h][fig - report_figures];

			snprintf(st->file, sizeof(st->file), "%s%s%.0zu", fig->name,
				 r->rs.nhosts > 1 ? "-host" : "", r->rs.nhosts > 1 ? h + 1 : 0);
			rc = draw(r, h, fig, gp, dir, plots_dir);
			if (rc < 0)
				return -1;
			made += !rc;
		}
	}
	return made;
}
