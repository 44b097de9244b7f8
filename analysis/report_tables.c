// SPDX-License-Identifier: GPL-2.0
/*
 * The tables of `vpmu-bench report`, (a) to (f) of issue 5 plus the host
 * exit-latency table and the per-cell statistics, for every host: one
 * row of report_sections[] (at the end) per section.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "alloc.h"
#include "overhead_row.h"
#include "probe.h"
#include "report_int.h"
#include "result.h"

const char *const report_td_metrics[TD_METRICS] = {
	"frontend_bound", "bad_speculation", "retiring", "backend_bound",
};
static const char *const td_short[TD_METRICS] = { "FE", "BadSpec", "Retiring", "BE" };

/*
 * Comparisons are rendered once per format; the bootstrap behind each is
 * computed once and kept here, keyed by the two series' storage.
 */
struct cmp_memo {
	const void *ka, *kb;
	struct compare c;
};
static struct cmp_memo *memo;
static size_t nmemo;

static struct compare *memo_find(const void *ka, const void *kb)
{
	size_t i;

	for (i = 0; i < nmemo; i++)
		if (memo[i].ka == ka && memo[i].kb == kb)
			return &memo[i].c;
	return NULL;
}

static struct compare *memo_add(const void *ka, const void *kb)
{
	memo = xrealloc(memo, (nmemo + 1) * sizeof(*memo));
	memo[nmemo].ka = ka;
	memo[nmemo].kb = kb;
	return &memo[nmemo++].c;
}

static void compare_cells(struct report *r, struct rs_cell *a, struct rs_cell *b,
			  struct compare *out)
{
	struct compare *c = memo_find(a, b);

	if (!c) {
		c = memo_add(a, b);
		stats__compare_draws(a->s.median, a->boot, b->s.median, b->boot, r->resamples, c);
		c->seed = r->seed;
	}
	*out = *c;
}

void fmt_num(char *buf, size_t len, double v)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(buf, len, "n/a");
	else if (a >= 100)
		snprintf(buf, len, "%.0f", v);
	else if (a >= 10)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

static void fmt_signed(char *buf, size_t len, double v)
{
	if (isnan(v)) {
		snprintf(buf, len, "n/a");
		return;
	}
	buf[0] = v < 0 ? '-' : '+';
	fmt_num(buf + 1, len - 1, fabs(v));
}

/* "median [lo, hi]" */
static void fmt_ci(char *buf, size_t len, double m, double lo, double hi, bool sign)
{
	char a[32], b[32], c[32];

	if (sign) {
		fmt_signed(a, sizeof(a), m);
		fmt_signed(b, sizeof(b), lo);
		fmt_signed(c, sizeof(c), hi);
	} else {
		fmt_num(a, sizeof(a), m);
		fmt_num(b, sizeof(b), lo);
		fmt_num(c, sizeof(c), hi);
	}
	snprintf(buf, len, "%s [%s, %s]", a, b, c);
}

void report__host_modes(struct report *r, size_t h)
{
	size_t i, j, k;

	r->nmodes = 0;
	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		/* A native run is the other side of (d), not a mode column. */
		if (c->host != h || report__is_native(c))
			continue;
		for (j = 0; j < r->nmodes; j++)
			if (!strcmp(r->modes[j], c->mode))
				break;
		if (j < r->nmodes || r->nmodes == MAX_MODES)
			continue;
		/*
		 * Insertion by the rank of the column's mode (the known modes in
		 * enum order, then any other), the column named like its mode
		 * first (a run without a label), then by name.
		 */
		for (k = r->nmodes; k > 0; k--) {
			const char *p = r->modes[k - 1], *pm = r->col_mode[k - 1];
			int rp = mode_from_name(pm), rc = mode_from_name(c->run_mode);
			int d = rp != rc ? rp - rc : strcmp(pm, c->run_mode);

			if (!d)
				d = !strcmp(c->mode, c->run_mode) ? 1 :
				    !strcmp(p, pm) ? -1 : strcmp(p, c->mode);
			if (d < 0)
				break;
			r->modes[k] = p;
			r->col_mode[k] = pm;
		}
		r->modes[k] = c->mode;
		r->col_mode[k] = c->run_mode;
		r->nmodes++;
	}
	/* The baseline: the column so named, else the first of that mode. */
	r->base = r->baseline;
	for (j = 0; j < r->nmodes; j++)
		if (!strcmp(r->modes[j], r->baseline))
			return;
	for (j = 0; j < r->nmodes; j++)
		if (!strcmp(r->col_mode[j], r->baseline)) {
			r->base = r->modes[j];
			return;
		}
	if (!r->baseline_given && r->nmodes)
		r->base = r->modes[0];
}

bool report__host_emulated(struct report *r, size_t h)
{
	const char *g = r->rs.hosts[h].guest_execution;

	return g && (!strcmp(g, "emulated") || !strcmp(g, "mixed"));
}

void report__host_tag(struct report *r, size_t h, char *buf, size_t len)
{
	struct rs_host *ho = &r->rs.hosts[h];
	char td[1024], cols[128];
	bool mixed;

	snprintf(buf, len, "%s%s, kernel %s, %s%s", ho->cpu_model,
		 ho->nested ? " (nested guest)" : "", ho->kernel,
		 ho->date ? ho->date : "date unknown",
		 report__host_emulated(r, h) ? ", guest code emulated" : "");
	if (report__test_double(r, h, NULL, NULL, td, sizeof(td), cols, sizeof(cols), &mixed))
		snprintf(buf + strlen(buf), len - strlen(buf), ", test double (column %s)", cols);
}

size_t report__workloads(struct report *r, size_t h, const char *coll, const char **out,
			 size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		/* a native run's rows are the other side of (d), not rows of a grid */
		if (c->host != h || strcmp(c->collection, coll) || report__is_native(c))
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(out[j], c->workload))
				break;
		if (j == n && n < max)
			out[n++] = c->workload;
	}
	return n;
}

static void emulation_note(struct report *r, size_t h, struct table *t)
{
	const char *g = r->rs.hosts[h].guest_execution;

	if (!strcmp(g, "emulated"))
		table__note(t, "Guest code emulated: every guest instruction of these runs was executed by the host's instruction emulator (meta.guest_execution = emulated); these are not VMX/SVM timings.");
	else if (!strcmp(g, "mixed"))
		table__note(t, "Guest code emulated in some runs (meta.guest_execution differs between runs of this host): compare only like with like.");
	else if (strcmp(g, "hardware"))
		table__note(t, "meta.guest_execution = %s: not known to be hardware virtualization.", g);
	report__test_double_note(r, h, t);
}

/* Cell text for a skipped/failed/absent cell; NULL if the cell is ok. */
static const char *cell_state(struct table *t, struct rs_cell *c, char *buf, size_t len)
{
	if (!c)
		return "not run";
	if (rs_cell__ok(c))
		return NULL;
	snprintf(buf, len, "%s [%zu]", c->status, table__foot(t, c->reason ? c->reason : "no reason given"));
	return buf;
}

/* "TITLE: no input. WHAT Produced by: COMMAND" for a section without input. */
static void missing(const struct report_section *sec, enum table_format f, FILE *out)
{
	char what[256], s[1024];

	/* One line where it fits: the name and the command that would fill it. */
	snprintf(what, sizeof(what), "%s%s", sec->missing_what ? " " : "",
		 sec->missing_what ? sec->missing_what : "");
	snprintf(s, sizeof(s), "%s: no data.%s Produced by: %s", sec->name, what,
		 sec->missing_cmd);
	text__para(out, f, s);
}

static bool host_has(struct report *r, size_t h, const char *coll)
{
	size_t i;

	for (i = 0; i < r->rs.ncells; i++)
		if (r->rs.cells[i].host == h && !strcmp(r->rs.cells[i].collection, coll) &&
		    !report__is_native(&r->rs.cells[i]))
			return true;
	return false;
}

static const char *coll_unit(struct report *r, size_t h, const char *coll)
{
	size_t i;

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host == h && !strcmp(c->collection, coll) && rs_cell__ok(c))
			return c->unit;
	}
	return NULL;
}

/* pmu-msr: intercepted or passthrough, from the exits_per_op series. */
static const char *access_path(struct rs_cell *c)
{
	struct rs_series *s = rs_cell__series(c, "exits_per_op");
	struct summary sum;

	if (!s)
		return "?";
	stats__summarize(s->v, s->n, &sum);
	return sum.median >= 0.5 ? "i" : "p";
}

/*
 * The "N" and "exits/op" cells of workload @wl: N of its ok cells ("20",
 * or "19-20" when the modes differ), the median exits_per_op of the first
 * ok cell that measured it.
 */
static void n_exits(struct report *r, size_t h, const char *coll, const char *wl,
		    char *nb, size_t nlen, char *eb, size_t elen)
{
	size_t j, lo = SIZE_MAX, hi = 0;
	struct summary sum;

	snprintf(eb, elen, "-");
	for (j = 0; j < r->nmodes; j++) {
		struct rs_cell *c = resultset__find(&r->rs, h, r->modes[j], coll, wl);
		struct rs_series *s;

		if (!c || !rs_cell__ok(c))
			continue;
		lo = c->n < lo ? c->n : lo;
		hi = c->n > hi ? c->n : hi;
		s = rs_cell__series(c, "exits_per_op");
		if (s && !strcmp(eb, "-")) {
			stats__summarize(s->v, s->n, &sum);
			snprintf(eb, elen, "%.1f", sum.median);
		}
	}
	if (!hi)
		snprintf(nb, nlen, "-");
	else if (lo == hi)
		snprintf(nb, nlen, "%zu", hi);
	else
		snprintf(nb, nlen, "%zu-%zu", lo, hi);
}

/* Rows: workloads of @coll; columns: modes; cells: median [CI]. */
static void grid_table(struct report *r, size_t h, const char *coll, const char *title,
		       enum table_format f, FILE *out, unsigned int flags)
{
	const char *head[MAX_MODES + 3], *wl[256], *cells[MAX_MODES + 3];
	char buf[MAX_MODES][96], tag[256], nb[32], eb[32];
	bool msr = flags & SEC_ACCESS_PATH, nx = flags & SEC_N_EXITS;
	size_t i, j, nw;
	struct table *t;

	head[0] = "workload";
	for (j = 0; j < r->nmodes; j++)
		head[j + 1] = r->modes[j];
	if (nx) {
		head[r->nmodes + 1] = "N";
		head[r->nmodes + 2] = "exits/op";
	}
	snprintf(tag, sizeof(tag), "%s", title);
	t = table__new(tag, r->nmodes + 1 + (nx ? 2 : 0), head);
	nw = report__workloads(r, h, coll, wl, 256);
	for (i = 0; i < nw; i++) {
		cells[0] = wl[i];
		for (j = 0; j < r->nmodes; j++) {
			struct rs_cell *c = resultset__find(&r->rs, h, r->modes[j], coll, wl[i]);
			const char *st = cell_state(t, c, buf[j], sizeof(buf[j]));

			if (!st) {
				fmt_ci(buf[j], sizeof(buf[j]), c->s.median, c->ci.lo, c->ci.hi, false);
				if (msr) {
					strncat(buf[j], " ", sizeof(buf[j]) - strlen(buf[j]) - 1);
					strncat(buf[j], access_path(c), sizeof(buf[j]) - strlen(buf[j]) - 1);
				}
				st = buf[j];
			}
			cells[j + 1] = st;
		}
		if (nx) {
			n_exits(r, h, coll, wl[i], nb, sizeof(nb), eb, sizeof(eb));
			cells[r->nmodes + 1] = nb;
			cells[r->nmodes + 2] = eb;
		}
		table__add_row(t, cells);
	}
	if (nx)
		table__note(t, "N = samples per cell; exits/op = VM exits per operation (median exits_per_op, KVM's exit counter).");
	if (msr)
		table__note(t, "i = intercepted, p = passthrough, as measured (median exits_per_op >= 0.5 or < 0.5); ? = exits not measured.");
	table__note(t, "Median with its 95 %% bootstrap CI [lo, hi] (percentile, %zu resamples, seed %lu).",
		    r->resamples, r->seed);
	emulation_note(r, h, t);
	table__render(t, f, out);
	table__free(t);
}

/*
 * Delta of each mode against @base for the workloads of @coll (only
 * @mode_a if given). Returns rows made.
 */
static size_t delta_table(struct report *r, size_t h, const char *coll, const char *base,
			  const char *mode_a, const char *title, enum table_format f, FILE *out)
{
	const char *head[5] = { "workload mode", NULL, "delta ns", "ratio +-95%", "signif." };
	const char *wl[256], *cells[5];
	char d[96], ns[48], ratio[96], label[160], hd[64], why[256] = "";
	const char *unit = coll_unit(r, h, coll);
	bool cyc = unit && !strcmp(unit, "tsc_cycles");
	size_t i, j, nw, rows = 0;
	struct table *t;

	snprintf(hd, sizeof(hd), "delta %s [95%% CI]", unit ? unit : "");
	head[1] = hd;
	if (!cyc) {
		head[2] = head[3];
		head[3] = head[4];
	}
	t = table__new(title, cyc ? 5 : 4, head);
	nw = report__workloads(r, h, coll, wl, 256);
	for (j = 0; j < r->nmodes; j++) {
		const char *m = r->modes[j];

		if (!strcmp(m, base) || (mode_a && strcmp(m, mode_a)))
			continue;
		for (i = 0; i < nw; i++) {
			struct rs_cell *a = resultset__find(&r->rs, h, m, coll, wl[i]);
			struct rs_cell *b = resultset__find(&r->rs, h, base, coll, wl[i]);
			struct compare cmp;
			char fb[96];
			size_t k = 0;

			snprintf(label, sizeof(label), "%s %s", wl[i], m);
			cells[k++] = label;
			if (!a || !b || !rs_cell__ok(a) || !rs_cell__ok(b)) {
				struct rs_cell *bad = !b || (a && rs_cell__ok(a)) ? b : a;
				const char *st = bad ? cell_state(t, bad, fb, sizeof(fb)) : "not run";

				if (!b || !a)
					snprintf(fb, sizeof(fb), "%s not run", !a ? m : base);
				cells[k++] = st ? st : fb;
				while (k < t->ncols)
					cells[k++] = "-";
				table__add_row(t, cells);
				rows++;
				continue;
			}
			compare_cells(r, a, b, &cmp);
			fmt_ci(d, sizeof(d), cmp.delta, cmp.delta_lo, cmp.delta_hi, true);
			cells[k++] = d;
			if (cyc) {
				double hz = !isnan(a->tsc_hz) ? a->tsc_hz : r->rs.hosts[h].tsc_hz;

				fmt_signed(ns, sizeof(ns), stats__cycles_to_ns(cmp.delta, hz));
				cells[k++] = ns;
				if (isnan(hz))
					snprintf(why, sizeof(why), "delta ns n/a: meta.tsc_hz missing (%s).",
						 r->rs.hosts[h].tsc_why ? r->rs.hosts[h].tsc_why : "no reason given");
			}
			if (isnan(cmp.ratio)) {
				snprintf(ratio, sizeof(ratio), "n/a");
			} else {
				char x[32], u[32];

				snprintf(x, sizeof(x), "%.3f", cmp.ratio);
				snprintf(u, sizeof(u), "%.3f", cmp.ratio_u95);
				snprintf(ratio, sizeof(ratio), "%s +- %s", x, u);
			}
			cells[k++] = ratio;
			cells[k++] = cmp.significant ? "yes" : "no";
			table__add_row(t, cells);
			rows++;
		}
	}
	if (rows) {
		table__note(t, "delta = median(mode) - median(%s); CI: percentile bootstrap of the difference, %zu resamples, seed %lu. Significant only when the CI excludes 0.",
			    base, r->resamples, r->seed);
		table__note(t, "ratio = median(mode) / median(%s); +- is 1.96 x its standard error propagated from the bootstrap standard errors of both medians (independent runs assumed).",
			    base);
		if (cyc && !why[0])
			table__note(t, "ns = tsc_cycles / meta.tsc_hz of the run.");
		if (why[0])
			table__note(t, "%s", why);
		emulation_note(r, h, t);
		table__render(t, f, out);
	}
	table__free(t);
	return rows;
}

static bool host_mode(struct report *r, const char *m)
{
	size_t j;

	for (j = 0; j < r->nmodes; j++)
		if (!strcmp(r->modes[j], m))
			return true;
	return false;
}

static void deltas_or_why(struct report *r, size_t h, const char *coll, const char *title,
			  enum table_format f, FILE *out)
{
	char s[256];

	if (!host_mode(r, r->base)) {
		snprintf(s, sizeof(s), "%s: no deltas: baseline mode %s has no %s results on this host (--baseline picks another).",
			 title, r->base, coll);
		text__para(out, f, s);
		return;
	}
	if (r->nmodes < 2) {
		snprintf(s, sizeof(s), "%s: no deltas: only the baseline mode %s was run on this host; run the other modes (vpmu-bench run --collection %s) on it to compare.",
			 title, r->base, coll);
		text__para(out, f, s);
		return;
	}
	delta_table(r, h, coll, r->base, NULL, title, f, out);
}

struct rs_cell *report__native_cell(struct report *r, size_t h, const char *coll,
				    const char *wl)
{
	struct rs_cell *found = NULL;
	size_t i;

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h || !report__is_native(c) || strcmp(c->collection, coll) ||
		    strcmp(c->workload, wl))
			continue;
		if (rs_cell__ok(c))
			return c;
		if (!found)
			found = c;
	}
	return found;
}

bool report__is_native(const struct rs_cell *c)
{
	return !strcmp(c->run_mode, RESULT_MODE_NATIVE);
}

/* A sorted copy of @s for stats__compare(). */
static double *sorted_copy(const struct rs_series *s)
{
	double *v = xmalloc(s->n * sizeof(*v));

	memcpy(v, s->v, s->n * sizeof(*v));
	gsl_sort(v, 1, s->n);
	return v;
}

int report__td_compare(struct report *r, struct rs_cell *g, struct rs_cell *nat,
		       const char *name, struct td_cmp *out)
{
	struct rs_series *sg = rs_cell__series(g, name), *sn;
	struct summary sum;
	char twin[48];

	snprintf(twin, sizeof(twin), "native_%s", name);
	sn = nat ? rs_cell__series(nat, name) : rs_cell__series(g, twin);
	if (!sg || !sn || !sg->n || !sn->n) {
		snprintf(out->why, sizeof(out->why), "no %s%s", sg && sg->n && nat ? "native " : "",
			 sg && sg->n && !nat ? twin : name);
		return -1;
	}
	if (!memo_find(sg, sn)) {
		double *a = sorted_copy(sg), *b = sorted_copy(sn);

		stats__compare(a, sg->n, b, sn->n, r->resamples, r->seed, memo_add(sg, sn));
		free(a);
		free(b);
	}
	out->c = *memo_find(sg, sn);
	stats__summarize(sg->v, sg->n, &sum);
	out->guest = sum.median;
	stats__summarize(sn->v, sn->n, &sum);
	out->native = sum.median;
	return 0;
}

/*
 * The native side of guest cell @g: the native run's cell of its host and
 * workload; else, in files from before `vpmu-bench native` wrote its own
 * rows (and the synthetic set), the row's native_* twins (*nat = NULL).
 * NULL with @why (a footnote's text) if there is no usable one.
 */
static const char *td_native_side(struct report *r, size_t h, struct rs_cell *g,
				  struct rs_cell **nat, struct table *t, char *buf, size_t len)
{
	*nat = report__native_cell(r, h, g->collection, g->workload);
	if (*nat && rs_cell__ok(*nat))
		return NULL;
	if (rs_cell__series(g, "native_slots")) {
		*nat = NULL;
		return NULL;
	}
	if (*nat)
		snprintf(buf, len, "native %s [%zu]", (*nat)->status,
			 table__foot(t, (*nat)->reason ? (*nat)->reason : "no reason given"));
	else
		snprintf(buf, len, "no native run [%zu]",
			 table__foot(t, "no vpmu-bench native --collection topdown result for this host and shape"));
	return buf;
}

static void topdown_table(struct report *r, size_t h, const struct report_section *sec,
			  enum table_format f, FILE *out)
{
	const char *head[6] = { "shape mode", NULL, NULL, NULL, NULL, "SLOTS g/n" };
	const char *wl[256], *cells[6], *natfile = NULL;
	char hb[TD_METRICS][32], buf[6][160], label[160], d[96];
	bool twins = false;
	size_t i, j, k, nw;
	struct table *t;

	for (k = 0; k < TD_METRICS; k++) {
		snprintf(hb[k], sizeof(hb[k]), "%s pp", td_short[k]);
		head[k + 1] = hb[k];
	}
	t = table__new(sec->title, 6, head);
	nw = report__workloads(r, h, sec->collection, wl, 256);
	for (j = 0; j < r->nmodes; j++) {
		for (i = 0; i < nw; i++) {
			struct rs_cell *c = resultset__find(&r->rs, h, r->modes[j], sec->collection,
							    wl[i]);
			struct rs_cell *nat = NULL;
			const char *st;

			if (!c)
				continue;
			snprintf(label, sizeof(label), "%s %s", wl[i], r->modes[j]);
			cells[0] = label;
			st = cell_state(t, c, buf[0], sizeof(buf[0]));
			if (!st)
				st = td_native_side(r, h, c, &nat, t, buf[0], sizeof(buf[0]));
			for (k = 0; k < 5 && !st; k++) {
				struct td_cmp tc;

				if (report__td_compare(r, c, nat, k < 4 ? report_td_metrics[k] : "slots",
						       &tc)) {
					snprintf(buf[k], sizeof(buf[k]), "%s", tc.why);
				} else if (k < 4) {
					fmt_ci(d, sizeof(d), tc.c.delta, tc.c.delta_lo, tc.c.delta_hi,
					       true);
					snprintf(buf[k], sizeof(buf[k]), "%.1f/%.1f: %s", tc.guest,
						 tc.native, d);
				} else {
					snprintf(buf[k], sizeof(buf[k]), "%.3f +- %.3f", tc.c.ratio,
						 tc.c.ratio_u95);
				}
				cells[k + 1] = buf[k];
			}
			if (!st && nat && !natfile)
				natfile = nat->file;
			twins |= !st && !nat;
			if (st)
				for (k = 1; k < 6; k++)
					cells[k] = k == 1 ? st : "-";
			table__add_row(t, cells);
		}
	}
	table__note(t, "Per shape and guest run: g/n = median guest / median native in pct_points of SLOTS, then error = median(guest) - median(native) [95 %% bootstrap CI] (%zu resamples, seed %lu); SLOTS g/n = ratio of the medians +- 95 %%.",
		    r->resamples, r->seed);
	if (natfile)
		table__note(t, "Native: the host's own run of the same shapes (vpmu-bench native, meta.mode native), %s.",
			    natfile);
	if (twins)
		table__note(t, "Native of some rows: the guest row's native_* series (files from before vpmu-bench native wrote its own rows).");
	emulation_note(r, h, t);
	table__render(t, f, out);
	table__free(t);
}

/* (d) needs a guest topdown row; native rows alone are not a comparison. */
static bool topdown_ready(struct report *r, size_t h, const struct report_section *sec)
{
	size_t i;

	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host == h && !strcmp(c->collection, sec->collection) &&
		    !report__is_native(c))
			return true;
	}
	return false;
}

/*
 * An e2e-* cell (vpmu-bench overhead: hyperfine's wall-clock seconds per
 * run) against @base, as hyperfine compares two commands: the ratio of
 * the means, its error propagated from both standard deviations; in
 * percent. false when either cell is not ok.
 */
static bool ovh_pct(const struct rs_cell *c, const struct rs_cell *base, double *pct,
		    double *err)
{
	double m, s, mb, sb, ratio, e;

	if (!c || !base || !rs_cell__ok(c) || !rs_cell__ok(base))
		return false;
	hyperfine__mean_sd(c->v, c->n, &m, &s);
	hyperfine__mean_sd(base->v, base->n, &mb, &sb);
	if (hyperfine__ratio(m, s, mb, sb, &ratio, &e))
		return false;
	*pct = (ratio - 1) * 100;
	*err = e * 100;
	return true;
}

static void fmt_pct_sd(char *buf, size_t len, double pct, double err)
{
	char a[32], b[32];

	fmt_signed(a, sizeof(a), pct);
	if (isnan(err)) {
		snprintf(buf, len, "%s %% (1 run)", a);
		return;
	}
	fmt_num(b, sizeof(b), err);
	snprintf(buf, len, "%s %% (sd %s)", a, b);
}

/* One cell of table (e): the rate-0 row in seconds, any other rate in %. */
static const char *overhead_cell(struct report *r, size_t h, struct table *t, size_t j,
				 struct rs_cell *m, struct rs_cell *base, char *buf, size_t len)
{
	const char *st = cell_state(t, m, buf, len);
	double mean, sd, pct, err;
	char a[32], b[32], v[64];

	if (st)
		return st;
	if (m != base) {
		if (!ovh_pct(m, base, &pct, &err)) {
			snprintf(buf, len, "n/a [%zu]", table__foot(t, "no ok rate-0 run (e2e-none) in this column to compare with"));
			return buf;
		}
		fmt_pct_sd(buf, len, pct, err);
		return buf;
	}
	/* seconds of whole runs: 4 digits, the sd 2 (fmt_num keeps 3 for cycles) */
	hyperfine__mean_sd(m->v, m->n, &mean, &sd);
	snprintf(a, sizeof(a), "%.4g", mean);
	snprintf(b, sizeof(b), "%.2g", sd);
	snprintf(buf, len, isnan(sd) ? "%s s" : "%s s (sd %s)", a, b);
	/* The rate-0 run of a vPMU mode against the baseline column's (nopmu). */
	if (strcmp(r->modes[j], r->base) &&
	    ovh_pct(m, resultset__find(&r->rs, h, r->base, m->collection, m->workload),
		    &pct, &err)) {
		fmt_pct_sd(v, sizeof(v), pct, err);
		snprintf(buf + strlen(buf), len - strlen(buf), "; %s vs %s", v, r->base);
	}
	return buf;
}

static void overhead_table(struct report *r, size_t h, const struct report_section *sec,
			   enum table_format f, FILE *out)
{
	const char *head[MAX_MODES + 1], *cells[MAX_MODES + 1];
	char buf[MAX_MODES][160], label[160];
	struct table *t;
	size_t i, j, k, rows = 0;

	head[0] = "run @ rate";
	for (j = 0; j < r->nmodes; j++)
		head[j + 1] = r->modes[j];
	t = table__new(sec->title, r->nmodes + 1, head);
	/* one row per distinct timed workload (e2e-*), in file order */
	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];
		bool seen = false;

		if (c->host != h || strcmp(c->collection, sec->collection) ||
		    strncmp(c->workload, OVH_ROW_PREFIX, strlen(OVH_ROW_PREFIX)))
			continue;
		for (k = 0; k < i && !seen; k++) {
			struct rs_cell *p = &r->rs.cells[k];

			seen = p->host == h && !strcmp(p->collection, sec->collection) &&
			       !strcmp(p->workload, c->workload);
		}
		if (seen)
			continue;
		if (isnan(c->rate_hz))
			snprintf(label, sizeof(label), "%s", c->workload);
		else
			snprintf(label, sizeof(label), "%s @ %.0f Hz", c->workload, c->rate_hz);
		cells[0] = label;
		for (j = 0; j < r->nmodes; j++) {
			struct rs_cell *m = resultset__find(&r->rs, h, r->modes[j],
							     sec->collection, c->workload);
			struct rs_cell *base = resultset__find(&r->rs, h, r->modes[j],
							       sec->collection,
							       OVH_ROW_PREFIX "none");

			cells[j + 1] = overhead_cell(r, h, t, j, m, base, buf[j], sizeof(buf[j]));
		}
		table__add_row(t, cells);
		rows++;
	}
	if (!rows) {
		table__free(t);
		text__para(out, f, "(e) End-to-end overhead: no timed run (e2e-*) on this host; only in-guest rows of collection overhead. Produced by: vpmu-bench overhead --mode M (needs hyperfine).");
		return;
	}
	table__note(t, "Rows: vpmu-bench overhead, whole guest runs timed by hyperfine (samples: wall-clock seconds per run). Rate 0 (e2e-none): mean s (sd: standard deviation of the runs), and against the %s column. Other rates: overhead = mean / mean(e2e-none of the same column) - 1, in %%; sd propagated from both runs' standard deviations, as hyperfine's relative speed (a spread of runs, not a confidence interval).",
		    r->base);
	table__note(t, "Published reference, not measured here: SPECint-2017 on a 56-core Sapphire Rapids with perf sampling in the guest (mediated vPMU merge message): basic sampling overhead 33.6 %% emulated vs 4.2 %% mediated; 10-event multiplexed sampling ~79 %% vs ~10 %%.");
	emulation_note(r, h, t);
	table__render(t, f, out);
	table__free(t);
}

static void stats_table(struct report *r, size_t h, const struct report_section *sec,
			enum table_format f, FILE *out)
{
	const char *head[8] = { "cell", "n", "median", "p10", "p90", "p99", "MAD", "unit" };
	const char *cells[8], *unit = NULL;
	char b[8][64], title[256];
	struct table *t;
	size_t i, k, ncol = 8;

	/* One unit for every cell: said in the title, so the table stays in 72 columns. */
	for (i = 0; i < r->rs.ncells && ncol; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h || !rs_cell__ok(c))
			continue;
		if (unit && strcmp(unit, c->unit))
			ncol = 0;
		unit = c->unit;
	}
	ncol = ncol && unit ? 7 : 8;
	if (ncol == 7)
		snprintf(title, sizeof(title), "%s, %s", sec->title, unit);
	else
		snprintf(title, sizeof(title), "%s", sec->title);
	t = table__new(title, ncol, head);
	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h || !rs_cell__ok(c))
			continue;
		snprintf(b[0], sizeof(b[0]), "%s/%s %s", c->collection, c->workload, c->mode);
		snprintf(b[1], sizeof(b[1]), "%zu", c->n);
		fmt_num(b[2], sizeof(b[2]), c->s.median);
		fmt_num(b[3], sizeof(b[3]), c->s.p10);
		fmt_num(b[4], sizeof(b[4]), c->s.p90);
		fmt_num(b[5], sizeof(b[5]), c->s.p99);
		fmt_num(b[6], sizeof(b[6]), c->s.mad);
		snprintf(b[7], sizeof(b[7]), "%s", c->unit);
		for (k = 0; k < ncol; k++)
			cells[k] = b[k];
		table__add_row(t, cells);
	}
	table__note(t, "p10/p90/p99: quantiles, linear interpolation (R type 7). MAD: median absolute deviation from the median, unscaled, in the unit of the cell.");
	report__test_double_note(r, h, t);
	table__render(t, f, out);
	table__free(t);
}

/* Markdown only: every figure of the host, or why it is not drawn. */
static void figures_md(struct report *r, size_t h, const struct report_section *sec,
		       enum table_format f, FILE *out)
{
	const struct report_figure *fig;

	if (f != FMT_MARKDOWN)
		return;
	for (fig = report_figures; fig->name; fig++) {
		const struct fig_state *st = &r->fig[h][fig - report_figures];

		if (st->made)
			fprintf(out, "![%s](%s.png)\n\n*%s* ([SVG](%s.svg))\n\n", fig->caption,
				st->file, fig->caption, st->file);
		else
			fprintf(out, "*%s*: not drawn: %s\n\n", fig->caption,
				r->fig_skip_why ? r->fig_skip_why : fig->needs);
	}
}

/* Median [CI] per workload and mode, then the deltas if the row asks. */
static void grid_section(struct report *r, size_t h, const struct report_section *sec,
			 enum table_format f, FILE *out)
{
	const char *u;
	char title[256];

	if (sec->title_unit) {
		u = coll_unit(r, h, sec->collection);
		snprintf(title, sizeof(title), sec->title, u ? u : sec->title_unit);
	} else {
		snprintf(title, sizeof(title), "%s", sec->title);
	}
	grid_table(r, h, sec->collection, title, f, out, sec->flags);
	if (sec->delta_title)
		deltas_or_why(r, h, sec->collection, sec->delta_title, f, out);
}

static bool both_mediated(struct report *r, size_t h, const struct report_section *sec)
{
	return host_mode(r, mode_name(MODE_MEDIATED_VMCS)) &&
	       host_mode(r, mode_name(MODE_MEDIATED_AUTOSTORE)) &&
	       host_has(r, h, sec->collection);
}

static void autostore_section(struct report *r, size_t h, const struct report_section *sec,
			      enum table_format f, FILE *out)
{
	if (!delta_table(r, h, sec->collection, mode_name(MODE_MEDIATED_VMCS),
			 mode_name(MODE_MEDIATED_AUTOSTORE), sec->title, f, out))
		text__para(out, f, "(f) Autostore - vmcs: no exit workload ran in both modes.");
}

const struct report_section report_sections[] = {
	{ .collection = "exit", .name = "(a) Exit cost",
	  .title = "(a) Exit cost per exit type, tsc_cycles per operation, median [95 % CI]",
	  .delta_title = "(a') Exit cost vs baseline", .flags = SEC_N_EXITS,
	  .render = grid_section,
	  .missing_cmd = "vpmu-bench run --collection exit (once per mode)." },
	{ .collection = "pmu-msr", .name = "(b) PMU register access cost",
	  .title = "(b) PMU register access cost, tsc_cycles per access, median [95 % CI]",
	  .delta_title = "(b') PMU register access vs baseline", .flags = SEC_ACCESS_PATH,
	  .render = grid_section,
	  .missing_cmd = "vpmu-bench run --collection pmu-msr (once per mode; needs a host PMU)." },
	{ .collection = "accuracy", .name = "(c) Counter accuracy",
	  .title = "(c) Counter accuracy error (measured - expected), %s, median [95 %% CI]",
	  .title_unit = "events",
	  .render = grid_section,
	  .missing_cmd = "vpmu-bench run --collection accuracy (once per mode; needs a host PMU)." },
	{ .collection = "topdown", .name = "(d) Topdown guest vs native",
	  .title = "(d) Topdown level 1: guest - native in pct_points, median [95 % CI]; SLOTS ratio guest/native +- 95 %",
	  .ready = topdown_ready, .render = topdown_table,
	  .missing_cmd = "vpmu-bench run --collection topdown (the guest; needs PERF_METRICS: SPR+ and the kmod) and vpmu-bench native --collection topdown (the host, same machine)." },
	{ .collection = "overhead", .name = "(e) End-to-end overhead",
	  .title = "(e) End-to-end overhead per sampling/RDPMC rate: whole guest runs timed by hyperfine",
	  .render = overhead_table,
	  .missing_cmd = "vpmu-bench overhead --mode M (once per mode; needs hyperfine)." },
	{ .collection = "exit", .name = "(f) Autostore - vmcs per-exit delta",
	  .title = "(f) Per-exit cost of the MSR autostore list: mediated-autostore - mediated-vmcs",
	  .ready = both_mediated, .render = autostore_section,
	  .missing_cmd = "vpmu-bench run --collection exit in modes mediated-vmcs and mediated-autostore (SPR or later, kmod/ loaded)." },
	{ .collection = "host-trace", .name = "Host-side exit latency",
	  .title = "Host-side exit latency per exit reason, median [95 % CI]",
	  .render = grid_section,
	  .missing_cmd = "vpmu-bench trace --collection exit (kvm_exit to kvm_entry latencies per exit reason, on a host where kvm_exit fires)." },
	{ .title = "Per-cell statistics (every ok cell)", .render = stats_table },
	{ .title = "Figures", .render = figures_md },
	{ NULL },
};

static bool section_ready(struct report *r, size_t h, const struct report_section *sec)
{
	if (sec->ready)
		return sec->ready(r, h, sec);
	return !sec->collection || host_has(r, h, sec->collection);
}

/*
 * A section whose every cell was skipped or failed: one paragraph with the
 * count and the reason (or how many reasons) instead of a table of
 * "skipped [n]". Returns whether it printed that.
 */
static bool nothing_measured(struct report *r, size_t h, const struct report_section *sec,
			     enum table_format f, FILE *out)
{
	const char *reason = NULL;
	size_t i, k, n = 0, nreasons = 0, nskip = 0;
	char s[1024], why[600];

	if (!sec->collection)
		return false;
	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h || strcmp(c->collection, sec->collection))
			continue;
		if (rs_cell__ok(c))
			return false;
		n++;
		nskip += !strcmp(c->status, "skipped");
		if (!reason)
			reason = c->reason ? c->reason : "";
		/* distinct reasons: count a cell's reason at its first occurrence */
		for (k = 0; k < i; k++) {
			struct rs_cell *e = &r->rs.cells[k];

			if (e->host == h && !strcmp(e->collection, sec->collection) &&
			    !strcmp(e->reason ? e->reason : "", c->reason ? c->reason : ""))
				break;
		}
		nreasons += k == i;
	}
	if (!n)
		return false;
	if (nreasons == 1)
		snprintf(why, sizeof(why), ": %s", reason);
	else
		snprintf(why, sizeof(why), " (%zu different reasons, first: %s)", nreasons, reason);
	snprintf(s, sizeof(s), "%s: nothing measured: %zu row(s) %s%s. Produced by: %s",
		 sec->name, n, nskip == n ? "skipped" : nskip ? "skipped or failed" : "failed",
		 why, sec->missing_cmd);
	text__para(out, f, s);
	return true;
}

static void emit_host(struct report *r, size_t h, enum table_format f, FILE *out)
{
	const struct report_section *sec;
	struct rs_host *ho = &r->rs.hosts[h];
	char s[512], tag[300], p[1024], hz[64];
	size_t i, ok = 0, skipped = 0, failed = 0;

	report__host_modes(r, h);
	report__host_tag(r, h, tag, sizeof(tag));
	snprintf(s, sizeof(s), "Host %s: %s", ho->hostname, tag);
	text__heading(out, f, 2, s);
	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h)
			continue;
		if (rs_cell__ok(c))
			ok++;
		else if (!strcmp(c->status, "skipped"))
			skipped++;
		else
			failed++;
	}
	snprintf(s, sizeof(s), "%s", r->nmodes ? "" : "none (no guest run)");
	for (i = 0; i < r->nmodes; i++) {
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s%s", i ? ", " : "", r->modes[i]);
		/* A labelled run: say which mode it measured. */
		if (strcmp(r->modes[i], r->col_mode[i]))
			snprintf(s + strlen(s), sizeof(s) - strlen(s), " (mode %s)", r->col_mode[i]);
	}
	if (isnan(ho->tsc_hz))
		snprintf(hz, sizeof(hz), "unknown (%s)", ho->tsc_why ? ho->tsc_why : "?");
	else
		snprintf(hz, sizeof(hz), "%.3f GHz", ho->tsc_hz / 1e9);
	snprintf(p, sizeof(p), "Modes: %s. Cells: %zu ok, %zu skipped, %zu failed. TSC: %s. Guest execution: %s.",
		 s, ok, skipped, failed, hz, ho->guest_execution);
	text__para(out, f, p);
	if (report__host_emulated(r, h))
		text__para(out, f, "Guest code emulated: the host ran every guest instruction in KVM's instruction emulator, so exit costs here are emulation costs, not VMX/SVM VM-exit costs. Every table below says so.");
	report__test_double_para(r, h, f, out);

	for (sec = report_sections; sec->render; sec++) {
		r->cur_coll = sec->collection;
		if (!section_ready(r, h, sec))
			missing(sec, f, out);
		else if (!nothing_measured(r, h, sec, f, out))
			sec->render(r, h, sec, f, out);
	}
	r->cur_coll = NULL;
}

/*
 * "Measured on HOST: exit: 8 of 9 workloads in nopmu, N 20 per cell (...)"
 * -- the first thing a reader sees: what the numbers below are.
 */
static void measured_para(struct report *r, size_t h, enum table_format f, FILE *out)
{
	const char *colls[32], *wl[256];
	char s[2048], tag[300], none[512] = "";
	size_t i, j, k, nc = 0, nmeas = 0, nnat = 0, natok = 0;

	for (i = 0; i < r->rs.ncells && nc < 32; i++) {
		struct rs_cell *c = &r->rs.cells[i];

		if (c->host != h)
			continue;
		if (report__is_native(c)) {
			nnat++;
			natok += rs_cell__ok(c);
			continue;
		}
		for (j = 0; j < nc && strcmp(colls[j], c->collection); j++)
			;
		if (j == nc)
			colls[nc++] = c->collection;
	}
	report__host_modes(r, h);
	report__host_tag(r, h, tag, sizeof(tag));
	snprintf(s, sizeof(s), "Measured on %s (%s):", r->rs.hosts[h].hostname, tag);
	for (j = 0; j < nc; j++) {
		size_t nw = report__workloads(r, h, colls[j], wl, 256), okw = 0, lo = SIZE_MAX, hi = 0;
		const char *unit = coll_unit(r, h, colls[j]);

		for (i = 0; i < nw; i++) {
			bool ok = false;

			for (k = 0; k < r->nmodes; k++) {
				struct rs_cell *c = resultset__find(&r->rs, h, r->modes[k], colls[j], wl[i]);

				if (c && rs_cell__ok(c)) {
					ok = true;
					lo = c->n < lo ? c->n : lo;
					hi = c->n > hi ? c->n : hi;
				}
			}
			okw += ok;
		}
		if (!okw) {
			/* named once, together, after the measured ones */
			snprintf(none + strlen(none), sizeof(none) - strlen(none), "%s%s",
				 *none ? ", " : "", colls[j]);
			continue;
		}
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s %s: %zu of %zu workloads",
			 nmeas++ ? ";" : "", colls[j], okw, nw);
		if (lo == hi)
			snprintf(s + strlen(s), sizeof(s) - strlen(s), ", N = %zu per cell", hi);
		else
			snprintf(s + strlen(s), sizeof(s) - strlen(s), ", N = %zu-%zu per cell", lo, hi);
		if (unit)
			snprintf(s + strlen(s), sizeof(s) - strlen(s), ", %s", unit);
	}
	if (r->nmodes)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "%sin ", nmeas ? "; " : " ");
	else
		snprintf(s + strlen(s), sizeof(s) - strlen(s), " no guest run");
	for (k = 0; k < r->nmodes; k++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s%s", k ? ", " : "", r->modes[k]);
	if (*none)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), ". Nothing measured in: %s.", none);
	else
		snprintf(s + strlen(s), sizeof(s) - strlen(s), ".");
	if (nnat)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), " Native (vpmu-bench native): %zu of %zu rows ok.",
			 natok, nnat);
	text__para(out, f, s);
}

void report__emit(struct report *r, enum table_format f, FILE *out)
{
	char s[512];
	size_t h;

	text__heading(out, f, 1, "vpmu-bench report");
	for (h = 0; h < r->rs.nhosts; h++)
		measured_para(r, h, f, out);
	snprintf(s, sizeof(s), "%zu result file(s), %zu host(s), %zu cells, %zu samples. Baseline mode: %s.",
		 r->rs.nfiles, r->rs.nhosts, r->rs.ncells, r->rs.nsamples, r->baseline);
	text__para(out, f, s);
	snprintf(s, sizeof(s), "Each cell: median of every sample; 95 %% CI of the median by percentile bootstrap (%zu resamples, %s seeded %lu; each resample median drawn exactly through its Beta order-statistic law). A [lo, hi] is that CI; +- on a ratio is 1.96 propagated standard errors.",
		 r->resamples, STATS_BOOT_RNG, r->seed);
	text__para(out, f, s);
	for (h = 0; h < r->rs.nruns; h++) {
		struct rs_run *run = &r->rs.runs[h];

		if (!run->superseded_by)
			continue;
		snprintf(s, sizeof(s), "Superseded: %s (label %s, %s): %zu cell(s) taken from %s instead.",
			 run->file, run->label, run->why, run->nsuperseded, run->superseded_by);
		text__para(out, f, s);
	}
	for (h = 0; h < r->rs.nhosts; h++)
		emit_host(r, h, f, out);
}
