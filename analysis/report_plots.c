// SPDX-License-Identifier: GPL-2.0
/*
 * Figure data for plots/<figure>.gp and running gnuplot on it: one data file and
 * one gnuplot process per figure and host, all started at once.
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

#include "report_int.h"

#define STRIP_MAX_POINTS 4000
#define CDF_POINTS 500

const struct fig_info figs[NR_FIGS] = {
	[FIG_EXIT_COST] = { "exit-cost", "Exit cost per exit type and mode (median, 95 % CI)",
			    "no ok result of collection exit on this host",
			    "vpmu-bench run --collection exit" },
	[FIG_HOST_EXIT_CDF] = { "host-exit-cdf", "Host-side exit latency CDF per mode",
				"no result of collection host-trace on this host (host exit traces)",
				"vpmu-bench trace (not yet in this tool)" },
	[FIG_PMU_MSR] = { "pmu-msr", "PMU register access cost per mode (median, 95 % CI)",
			  "no ok result of collection pmu-msr on this host",
			  "vpmu-bench run --collection pmu-msr (needs a host PMU)" },
	[FIG_TOPDOWN] = { "topdown", "Topdown level 1, guest vs native per shape",
			  "no ok result of collection topdown with native_* series on this host",
			  "vpmu-bench run --collection topdown (needs PERF_METRICS)" },
	[FIG_OVERHEAD] = { "overhead", "End-to-end overhead vs sampling rate per mode",
			   "no ok result of collection overhead on this host",
			   "a future vpmu-bench run --collection overhead" },
	[FIG_CPUID_STRIP] = { "cpuid-strip", "Every CPUID exit sample per mode",
			      "no ok exit/cpuid result on this host",
			      "vpmu-bench run --collection exit" },
};

struct job {
	pid_t pid;
	size_t host;
	enum fig_id fig;
};

static FILE *open_data(const char *dir, const char *base, char *path, size_t len)
{
	snprintf(path, len, "%s/data/%s.dat", dir, base);
	return fopen(path, "w");
}

static bool has_ok(struct report *r, size_t h, const char *coll, const char *wl)
{
	size_t i;

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host == h && !strcmp(c->collection, coll) && rs_cell__ok(c) &&
		    (!wl || !strcmp(c->workload, wl)))
			return true;
	}
	return false;
}

/* Bars: workload rows, (median lo hi) per mode. */
static int data_bars(struct report *r, size_t h, const char *coll, const char *modes, FILE *f)
{
	const char *wl[256], *ms[MAX_MODES];
	size_t i, j, k, nw = 0, nm = 0;
	char a[32], b[32], c[32], mb[MAX_MODES][64];
	const char *p = modes;

	while (nm < MAX_MODES && sscanf(p, "%63s", mb[nm]) == 1) {
		p = strstr(p, mb[nm]) + strlen(mb[nm]);
		ms[nm] = mb[nm];
		nm++;
	}

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *x = &r->rs.cells[i];

		if (x->host != h || strcmp(x->collection, coll))
			continue;
		for (k = 0; k < nw; k++)
			if (!strcmp(wl[k], x->workload))
				break;
		if (k == nw && nw < 256)
			wl[nw++] = x->workload;
	}
	fprintf(f, "workload");
	for (j = 0; j < nm; j++)
		fprintf(f, " \"%s\" lo hi", ms[j]);
	fputc('\n', f);
	for (k = 0; k < nw; k++) {
		fprintf(f, "\"%s\"", wl[k]);
		for (j = 0; j < nm; j++) {
			struct rs_cell *x = resultset__find(&r->rs, h, ms[j], coll, wl[k]);

			if (!x || !rs_cell__ok(x)) {
				fprintf(f, " ? ? ?");
				continue;
			}
			snprintf(a, sizeof(a), "%.6g", x->s.median);
			snprintf(b, sizeof(b), "%.6g", x->ci.lo);
			snprintf(c, sizeof(c), "%.6g", x->ci.hi);
			fprintf(f, " %s %s %s", a, b, c);
		}
		fputc('\n', f);
	}
	return 0;
}

/* Modes (space-separated) that have an ok cell of (coll, wl). */
static size_t modes_with(struct report *r, size_t h, const char *coll, const char *wl,
			 char *names, size_t len)
{
	size_t j, n = 0;

	names[0] = 0;
	for (j = 0; j < r->nmodes; j++) {
		size_t i;
		bool ok = false;

		for (i = 0; i < r->rs.ncells && !ok; i++) {
			struct rs_cell *c = &r->rs.cells[i];

			ok = c->host == h && !strcmp(c->mode, r->modes[j]) &&
			     !strcmp(c->collection, coll) && rs_cell__ok(c) &&
			     (!wl || !strcmp(c->workload, wl));
		}
		if (ok) {
			snprintf(names + strlen(names), len - strlen(names), "%s%s", n ? " " : "",
				 r->modes[j]);
			n++;
		}
	}
	return n;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* CDF per mode of all host-trace samples pooled, CDF_POINTS quantiles. */
static int data_cdf(struct report *r, size_t h, FILE *f, const char *modes, char *unit,
		    size_t ulen)
{
	char m[64];
	const char *p = modes;
	size_t i, k, blk = 0;

	while (sscanf(p, "%63s", m) == 1) {
		double *v = NULL;
		size_t n = 0;

		p = strstr(p, m) + strlen(m);
		for (i = 0; i < r->rs.ncells; i++) {
			struct rs_cell *c = &r->rs.cells[i];

			if (c->host != h || strcmp(c->mode, m) || strcmp(c->collection, "host-trace") ||
			    !rs_cell__ok(c))
				continue;
			v = realloc(v, (n + c->n) * sizeof(*v));
			if (!v)
				return -1;
			memcpy(v + n, c->sorted, c->n * sizeof(*v));
			n += c->n;
			snprintf(unit, ulen, "%s", c->unit);
		}
		qsort(v, n, sizeof(*v), cmp_dbl);
		fprintf(f, "%s# %s\n", blk++ ? "\n\n" : "", m);
		for (k = 0; k < CDF_POINTS && n; k++) {
			size_t idx = (size_t)((double)k * (n - 1) / (CDF_POINTS - 1));

			fprintf(f, "%.6g %.6g\n", v[idx], (double)(idx + 1) / n);
		}
		free(v);
	}
	return 0;
}

static int data_topdown(struct report *r, size_t h, FILE *f)
{
	static const char *const s[4] = {
		"frontend_bound", "bad_speculation", "retiring", "backend_bound",
	};
	size_t i, k, rows = 0;
	int side;

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h || strcmp(c->collection, "topdown") || !rs_cell__ok(c))
			continue;
		for (side = 0; side < 2; side++) {
			char name[64];
			double med[4];
			bool all = true;

			for (k = 0; k < 4; k++) {
				struct rs_series *se;
				struct summary sum;

				snprintf(name, sizeof(name), "%s%s", side ? "native_" : "", s[k]);
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
			for (k = 0; k < 4; k++)
				fprintf(f, " %.4g", med[k]);
			fputc('\n', f);
			rows++;
		}
	}
	return rows ? 0 : -1;
}

static int data_overhead(struct report *r, size_t h, FILE *f, const char *modes)
{
	char m[64];
	const char *p = modes;
	size_t i, blk = 0;

	while (sscanf(p, "%63s", m) == 1) {
		p = strstr(p, m) + strlen(m);
		fprintf(f, "%s# %s\n", blk++ ? "\n\n" : "", m);
		for (i = 0; i < r->rs.ncells; i++) {
			struct rs_cell *c = &r->rs.cells[i];

			if (c->host != h || strcmp(c->mode, m) || strcmp(c->collection, "overhead") ||
			    !rs_cell__ok(c) || isnan(c->rate_hz))
				continue;
			fprintf(f, "%.6g %.6g %.6g %.6g\n", c->rate_hz, c->s.median, c->ci.lo,
				c->ci.hi);
		}
	}
	return 0;
}

static int data_strip(struct report *r, size_t h, FILE *f, const char *modes, char *meds,
		      size_t mlen, char *unit, size_t ulen)
{
	char m[64];
	const char *p = modes;
	size_t blk = 0, k;

	meds[0] = 0;
	while (sscanf(p, "%63s", m) == 1) {
		struct rs_cell *c = resultset__find(&r->rs, h, m, "exit", "cpuid");
		size_t step = c->n > STRIP_MAX_POINTS ? c->n / STRIP_MAX_POINTS : 1;

		p = strstr(p, m) + strlen(m);
		fprintf(f, "%s# %s\n", blk ? "\n\n" : "", m);
		/* deterministic jitter in [-0.3, 0.3) from the sample index */
		for (k = 0; k < c->n; k += step)
			fprintf(f, "%.4f %.6g\n", blk - 0.3 + 0.6 * ((k * 2654435761u) % 1000) / 1000.0,
				c->v[k]);
		snprintf(meds + strlen(meds), mlen - strlen(meds), "%s%.6g", blk ? " " : "",
			 c->s.median);
		snprintf(unit, ulen, "%s", c->unit);
		blk++;
	}
	return 0;
}

/* gnuplot's messages go to @log (kept beside the figure data). */
static pid_t spawn_gnuplot(const char *gp, const char *plots_dir, char *const *argv,
			   const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		int lf = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
		}
		if (lf >= 0)
			dup2(lf, 2);
		setenv("GNUPLOT_LIB", plots_dir, 1);
		execvp(gp, argv);
		_exit(127);
	}
	return pid;
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

int report__plots(struct report *r, const char *dir, const char *plots_dir)
{
	const char *gp = getenv("VPMU_GNUPLOT") ? getenv("VPMU_GNUPLOT") : "gnuplot";
	struct job jobs[64 * NR_FIGS];
	size_t nj = 0, h, i;
	int made = 0;

	if (!in_path(gp)) {
		r->fig_skip_why = "gnuplot not found (install gnuplot-nox), figures skipped";
		fprintf(stderr, "vpmu-bench report: gnuplot not found in PATH: no figures, tables written\n");
		return 0;
	}
	for (h = 0; h < r->rs.nhosts && h < 64; h++) {
		report__host_modes(r, h);
		for (i = 0; i < NR_FIGS; i++) {
			char data[4096], script[4096], out[4096], title[512], tag[300];
			char modes[MAX_MODES * 32], nm[24], meds[MAX_MODES * 32] = "", unit[64] = "";
			char *argv[12], log[4096];
			size_t n = 0, a = 0;
			int rc = -1;
			FILE *f;

			snprintf(r->fig_file[h][i], sizeof(r->fig_file[h][i]), "%s%s%.0zu",
				 figs[i].name, r->rs.nhosts > 1 ? "-host" : "",
				 r->rs.nhosts > 1 ? h + 1 : 0);
			switch (i) {
			case FIG_EXIT_COST:
				n = modes_with(r, h, "exit", NULL, modes, sizeof(modes));
				break;
			case FIG_PMU_MSR:
				n = modes_with(r, h, "pmu-msr", NULL, modes, sizeof(modes));
				break;
			case FIG_HOST_EXIT_CDF:
				n = modes_with(r, h, "host-trace", NULL, modes, sizeof(modes));
				break;
			case FIG_TOPDOWN:
				n = has_ok(r, h, "topdown", NULL);
				break;
			case FIG_OVERHEAD:
				n = modes_with(r, h, "overhead", NULL, modes, sizeof(modes));
				break;
			case FIG_CPUID_STRIP:
				n = modes_with(r, h, "exit", "cpuid", modes, sizeof(modes));
				break;
			}
			if (!n)
				continue;
			f = open_data(dir, r->fig_file[h][i], data, sizeof(data));
			if (!f)
				return -1;
			switch (i) {
			case FIG_EXIT_COST:
				rc = data_bars(r, h, "exit", modes, f);
				break;
			case FIG_PMU_MSR:
				rc = data_bars(r, h, "pmu-msr", modes, f);
				break;
			case FIG_HOST_EXIT_CDF:
				rc = data_cdf(r, h, f, modes, unit, sizeof(unit));
				break;
			case FIG_TOPDOWN:
				rc = data_topdown(r, h, f);
				break;
			case FIG_OVERHEAD:
				rc = data_overhead(r, h, f, modes);
				break;
			case FIG_CPUID_STRIP:
				rc = data_strip(r, h, f, modes, meds, sizeof(meds), unit, sizeof(unit));
				break;
			}
			if (fclose(f) || rc)
				continue;
			report__host_tag(r, h, tag, sizeof(tag));
			snprintf(title, sizeof(title), "%s\n%s", figs[i].caption, tag);
			snprintf(script, sizeof(script), "%s/%s.gp", plots_dir, figs[i].name);
			snprintf(out, sizeof(out), "%s/%s", dir, r->fig_file[h][i]);
			snprintf(nm, sizeof(nm), "%zu", n);
			argv[a++] = (char *)gp;
			argv[a++] = "-c";
			argv[a++] = script;
			argv[a++] = data;
			argv[a++] = out;
			argv[a++] = title;
			argv[a++] = nm;
			argv[a++] = modes;
			argv[a++] = unit;
			argv[a++] = meds;
			argv[a] = NULL;
			snprintf(log, sizeof(log), "%s/data/%s.log", dir, r->fig_file[h][i]);
			jobs[nj].pid = spawn_gnuplot(gp, plots_dir, argv, log);
			jobs[nj].host = h;
			jobs[nj].fig = i;
			if (jobs[nj].pid > 0)
				nj++;
		}
	}
	for (i = 0; i < nj; i++) {
		int st;

		if (waitpid(jobs[i].pid, &st, 0) < 0)
			continue;
		if (WIFEXITED(st) && !WEXITSTATUS(st)) {
			r->fig_made[jobs[i].host][jobs[i].fig] = true;
			made++;
		} else {
			fprintf(stderr, "vpmu-bench report: gnuplot failed on plots/%s.gp for host %zu: see data/%s.log\n",
				figs[jobs[i].fig].name, jobs[i].host + 1,
				r->fig_file[jobs[i].host][jobs[i].fig]);
		}
	}
	return made;
}
