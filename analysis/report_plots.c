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
#include "overhead_row.h"
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

/*
 * One colour and point type per vPMU mode, the same in every figure of
 * every report (Dark2, distinguishable in grey print too); a second or
 * third label of one mode gets a lighter or darker shade of its colour.
 */
static const struct { const char *mode; unsigned int rgb; int pt; } mode_styles[] = {
	{ "nopmu", 0x1b9e77, 7 },
	{ "legacy", 0xd95f02, 5 },
	{ "mediated-vmcs", 0x7570b3, 9 },
	{ "mediated-autostore", 0xe7298a, 11 },
};

static unsigned int shade(unsigned int rgb, int nth)
{
	unsigned int out = 0;
	int s;

	if (!nth)
		return rgb;
	for (s = 0; s < 24; s += 8) {
		unsigned int c = (rgb >> s) & 0xff;

		/* odd: halfway to white; even: two thirds of the way to black */
		c = nth % 2 ? c + (255 - c) / 2 : c * 2 / 3;
		out |= c << s;
	}
	return out;
}

static void mode_style(const struct fig_data *d, size_t j, unsigned int *rgb, int *pt)
{
	size_t i, nth = 0;

	for (i = 0; i < j; i++)
		nth += !strcmp(d->col_modes[i], d->col_modes[j]);
	*rgb = 0x666666;
	*pt = 13;
	for (i = 0; i < sizeof(mode_styles) / sizeof(mode_styles[0]); i++)
		if (!strcmp(mode_styles[i].mode, d->col_modes[j])) {
			*rgb = mode_styles[i].rgb;
			*pt = mode_styles[i].pt;
		}
	*rgb = shade(*rgb, nth);
}

/* A string for gnuplot: "..." with its quotes and backslashes escaped. */
static void gp_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* DATA.vars: what every figure shares (see struct report_figure). */
static int write_vars(struct report *r, size_t h, const struct fig_data *d, bool test_double,
		      const char *path)
{
	struct rs_host *ho = &r->rs.hosts[h];
	char foot[256];
	unsigned int rgb;
	size_t j;
	int pt;
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs("mode_colors = \"", f);
	for (j = 0; j < d->nmodes; j++) {
		mode_style(d, j, &rgb, &pt);
		fprintf(f, "%s#%06x", j ? " " : "", rgb);
	}
	fputs("\"\nmode_points = \"", f);
	for (j = 0; j < d->nmodes; j++) {
		mode_style(d, j, &rgb, &pt);
		fprintf(f, "%s%d", j ? " " : "", pt);
	}
	fputs("\"\nnote = ", f);
	if (test_double)
		gp_string(f, "TEST DOUBLE (software PMU model): not KVM's vPMU, not timing");
	else if (report__host_emulated(r, h))
		gp_string(f, "GUEST CODE EMULATED (nested, no VMX/SVM): not hardware VM-exit costs");
	else if (!strcmp(ho->guest_execution, "synthetic"))
		gp_string(f, "SYNTHETIC DATA: not a measurement");
	else
		gp_string(f, "");
	snprintf(foot, sizeof(foot), "vpmu-bench %s, commit %s", ho->tool_version ? ho->tool_version : "?",
		 ho->git_commit ? ho->git_commit : "?");
	fputs("\nfooter = ", f);
	gp_string(f, foot);
	fprintf(f, "\ntsc_ghz = %.6g\nymin = %.6g\nymax = %.6g\n",
		isnan(ho->tsc_hz) ? 0 : ho->tsc_hz / 1e9, d->ymin, d->ymax);
	return fclose(f) ? -1 : 0;
}

/*
 * Bars, long format, one block per mode (index i of gnuplot is mode i):
 *   x median lo hi n state "workload" "mark"
 * x is the bar's position (workload k, mode j of n side by side); a row
 * that was not measured has median, lo and hi "?" and state skipped,
 * failed or "not run", so the script draws a marker in its slot. "mark" is
 * the access path of a PMU register (intercepted or passthrough), "" else.
 */
static int data_bars_long(struct report *r, size_t h, const struct report_figure *fig,
			  struct fig_data *d, FILE *f)
{
	const char *wl[256];
	size_t j, k, nw = report__workloads(r, h, fig->collection, wl, 256);
	double bw = 0.8 / d->nmodes, lo = INFINITY, hi = 0;

	fprintf(f, "# x median lo hi n state workload mark\n");
	for (j = 0; j < d->nmodes; j++) {
		fprintf(f, "%s# %s\n", j ? "\n\n" : "", d->modes[j]);
		for (k = 0; k < nw; k++) {
			struct rs_cell *x = resultset__find(&r->rs, h, d->modes[j], fig->collection,
							    wl[k]);
			double pos = k + (j - (d->nmodes - 1) / 2.0) * bw;
			const char *mark = "";

			if (!x || !rs_cell__ok(x)) {
				fprintf(f, "%.4f ? ? ? 0 \"%s\" \"%s\" \"\"\n", pos,
					x ? x->status : "not run", wl[k]);
				continue;
			}
			if (!strcmp(fig->collection, "pmu-msr")) {
				struct rs_series *s = rs_cell__series(x, "exits_per_op");
				struct summary sum;

				if (s) {
					stats__summarize(s->v, s->n, &sum);
					mark = sum.median >= 0.5 ? "intercepted" : "passthrough";
				}
			}
			fprintf(f, "%.4f %.6g %.6g %.6g %zu \"ok\" \"%s\" \"%s\"\n", pos,
				x->s.median, x->ci.lo, x->ci.hi, x->n, wl[k], mark);
			snprintf(d->unit, sizeof(d->unit), "%s", x->unit);
			if (x->ci.lo > 0 && x->ci.lo < lo)
				lo = x->ci.lo;
			if (x->ci.hi > hi)
				hi = x->ci.hi;
		}
	}
	/*
	 * Log axis: bars start at a third of the lowest CI (room for the N and
	 * failed/skipped markers), and end with room for the value labels.
	 */
	d->ymin = isinf(lo) ? 1 : lo / 3;
	d->ymax = hi > 0 ? hi * 6 : 10;
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

/*
 * One row per guest topdown cell (shape, mode) with a native side: for
 * each level-1 metric, median(guest) - median(native) in pct_points and
 * its 95 % bootstrap CI, the numbers of table (d) (report__td_compare).
 */
static int data_topdown(struct report *r, size_t h, const struct report_figure *fig,
			struct fig_data *d, FILE *f)
{
	size_t i, k, rows = 0;

	fprintf(f, "# shape-mode then per metric (%s %s %s %s): median(guest) - median(native), CI lo hi\n",
		report_td_metrics[0], report_td_metrics[1], report_td_metrics[2],
		report_td_metrics[3]);
	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i], *nat;
		struct td_cmp tc[TD_METRICS];
		bool all = true;

		if (c->host != h || strcmp(c->collection, fig->collection) || !rs_cell__ok(c) ||
		    report__is_native(c))
			continue;
		nat = report__native_cell(r, h, c->collection, c->workload);
		if (nat && !rs_cell__ok(nat))
			nat = NULL;
		for (k = 0; k < TD_METRICS && all; k++)
			all = !report__td_compare(r, c, nat, report_td_metrics[k], &tc[k]);
		if (!all)
			continue;
		/* "backend legacy": the shape without the collection's prefix, so ticks fit */
		fprintf(f, "\"%s %s\"", strncmp(c->workload, "topdown-", 8) ? c->workload :
			c->workload + 8, c->mode);
		for (k = 0; k < TD_METRICS; k++)
			fprintf(f, " %.4g %.4g %.4g", tc[k].c.delta, tc[k].c.delta_lo,
				tc[k].c.delta_hi);
		fputc('\n', f);
		rows++;
	}
	snprintf(d->unit, sizeof(d->unit), "pct_points");
	return rows ? 0 : -1;
}

/*
 * Blocks 0..n-1: per mode, the PMI rows (e2e-pmi-*); blocks n..2n-1: per
 * mode, the RDPMC rows (e2e-rdpmc-*). Each line: rate_hz, overhead %,
 * and that minus and plus its propagated sd, against the same mode's
 * rate-0 run (vpmu-bench overhead; hyperfine's relative speed).
 */
static int data_overhead(struct report *r, size_t h, const struct report_figure *fig,
			 struct fig_data *d, FILE *f)
{
	static const char *const kinds[] = { OVH_ROW_PREFIX "pmi-", OVH_ROW_PREFIX "rdpmc-" };
	size_t i, j, k, points = 0, block;

	for (k = 0; k < 2; k++)
		for (j = 0; j < d->nmodes; j++) {
			struct rs_cell *base = resultset__find(&r->rs, h, d->modes[j],
							       fig->collection,
							       OVH_ROW_PREFIX "none");

			fprintf(f, "%s# %s %s\n", k || j ? "\n\n" : "", d->modes[j],
				k ? "rdpmc" : "pmi");
			block = points;
			for (i = 0; i < r->rs.ncells; i++) {
				struct rs_cell *c = &r->rs.cells[i];
				double m, s, mb, sb, ratio, e;

				if (c->host != h || strcmp(c->mode, d->modes[j]) ||
				    strcmp(c->collection, fig->collection) || !rs_cell__ok(c) ||
				    strncmp(c->workload, kinds[k], strlen(kinds[k])) ||
				    !(c->rate_hz > 0) || !base || !rs_cell__ok(base))
					continue;
				hyperfine__mean_sd(c->v, c->n, &m, &s);
				hyperfine__mean_sd(base->v, base->n, &mb, &sb);
				if (hyperfine__ratio(m, s, mb, sb, &ratio, &e))
					continue;
				if (isnan(e))
					e = 0;
				fprintf(f, "%.6g %.6g %.6g %.6g\n", c->rate_hz, (ratio - 1) * 100,
					(ratio - e - 1) * 100, (ratio + e - 1) * 100);
				points++;
			}
			/* gnuplot does not count a block without a line: keep index = mode */
			if (block == points)
				fprintf(f, "? ? ? ?\n");
		}
	snprintf(d->unit, sizeof(d->unit), "pct");
	return points ? 0 : -1;
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
	  "exit", NULL, data_bars_long,
	  "no ok result of collection exit on this host" },
	{ "host-exit-cdf", "Host-side exit latency CDF per mode",
	  "host-trace", NULL, data_cdf,
	  "no result of collection host-trace on this host (host exit traces)" },
	{ "pmu-msr", "PMU register access cost per mode (median, 95 % CI)",
	  "pmu-msr", NULL, data_bars_long,
	  "no ok result of collection pmu-msr on this host" },
	{ "topdown", "Topdown level 1: guest - native per metric and shape",
	  "topdown", NULL, data_topdown,
	  "no ok guest topdown result with an ok native run (vpmu-bench native) on this host" },
	{ "overhead", "End-to-end overhead vs sampling rate per mode",
	  "overhead", NULL, data_overhead,
	  "no timed overhead run (e2e-pmi-* or e2e-rdpmc-* with an ok e2e-none of its mode) on this host" },
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
		if (ok) {
			d->col_modes[d->nmodes] = r->col_mode[j];
			d->modes[d->nmodes++] = r->modes[j];
		}
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
	char data[4096], script[4096], out[4096], title[2048], tag[300], log[4096];
	char modes[MAX_MODES * 32], nm[24], meds[MAX_MODES * 32], why[1024];
	char vars[4200], td[1024], td_cols[512];
	struct gnuplot_job job = { .plots_dir = plots_dir };
	struct child_result res;
	struct fig_data d = { .nmodes = 0 };
	struct stat sb;
	size_t i, a = 0;
	bool is_td, td_mixed;
	int rc;
	FILE *f;

	figure_modes(r, h, fig, &d);
	is_td = report__test_double(r, h, fig->collection, fig->workload, td, sizeof(td),
				    td_cols, sizeof(td_cols), &td_mixed);
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
	snprintf(vars, sizeof(vars), "%s.vars", data);
	if (write_vars(r, h, &d, is_td, vars)) {
		fprintf(stderr, "vpmu-bench report: error: %s: %s\n", vars, strerror(errno));
		return -1;
	}

	report__host_tag(r, h, tag, sizeof(tag));
	snprintf(title, sizeof(title), "%s\n%s", fig->caption, tag);
	if (is_td)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
			 "\nTEST DOUBLE (%s%s): %s", td_mixed ? "column " : "",
			 td_mixed ? td_cols : "every column", td);
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
