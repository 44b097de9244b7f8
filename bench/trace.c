// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench trace: VM-exit latency by exit reason, from the host side.
 * Each selected workload runs in vpmu-guest, pinned, several rounds of
 * untraced and traced runs (alternating which goes first, so drift is not
 * taken for tracing cost). The traced runs record kvm:kvm_exit/kvm_entry,
 * kvm:kvm_userspace_exit and, where the kmod's patch is loaded,
 * kvm:kvm_pmu_mediated_load/put for the vCPU's CPU (trace_rec.c); the
 * records are paired per vCPU and reason (exit_pair.c). Where perf is
 * installed, the same workload also runs under `perf kvm stat record`
 * for comparison. One result file per invocation.
 */
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "catalog.h"
#include "cli.h"
#include "commands.h"
#include "exit_pair.h"
#include "host_probe.h"
#include "result.h"
#include "run_meta.h"
#include "runner.h"
#include "stats.h"
#include "stop.h"
#include "trace_cli.h"
#include "trace_out.h"
#include "trace_perf_kvm.h"
#include "trace_rec.h"

/* The tracepoints, in trace_rec__open() order. */
enum { TP_EXIT, TP_ENTRY, TP_USER_EXIT, TP_PMU_LOAD, TP_PMU_PUT, NR_TP };
static const char *const tp_names[NR_TP] = {
	"kvm:kvm_exit", "kvm:kvm_entry", "kvm:kvm_userspace_exit",
	"kvm:kvm_pmu_mediated_load", "kvm:kvm_pmu_mediated_put",
};
/* The mediated-PMU pair exists only with kmod/patches/0002 loaded. */
static const bool tp_optional[NR_TP] = { false, false, false, true, true };

static volatile sig_atomic_t interrupted;

/* What one workload's rounds gathered. */
struct wl_trace {
	struct exit_pair pair;
	uint64_t user_exits, stat_exits;
	struct series cost, perf_cost;		/* traced/untraced per round */
	json_t *medians;			/* per round: untraced, traced, perf */
	char failed[4096];			/* a run that failed, why */
	double wall_s;
};

/* Exits KVM's vCPU stats counted inside the timed batches (a lower bound). */
static uint64_t stat_exits(json_t *row)
{
	json_t *v = json_object_get(json_object_get(json_object_get(row, "series"),
						    "exits_per_op"), "values");
	double ops = json_number_value(json_object_get(row, "ops_per_sample")), sum = 0;
	size_t i;

	for (i = 0; i < json_array_size(v); i++)
		sum += json_number_value(json_array_get(v, i)) * (ops > 0 ? ops : 1);
	return (uint64_t)llround(sum);
}

static double row_median(json_t *row)
{
	json_t *m = json_object_get(json_object_get(row, "summary"), "median");

	return json_is_number(m) ? json_number_value(m) : NAN;
}

/* One vpmu-guest run of @w; its median, NAN with @t->failed on failure. */
static double run_guest(const struct trace_opts *o, const struct catalog_row *w,
			enum vpmu_mode mode, const char *const *wrap, struct wl_trace *t,
			uint64_t *exits)
{
	char reps[16], cpu[16], why[3072];
	const char *args[] = { "run", "--workload", w->name, "--reps", reps, "--mode",
			       mode_name(mode), "--cpu", cpu, NULL };
	struct child_result r;
	json_t *row;
	double med;

	snprintf(reps, sizeof(reps), "%lu", o->reps);
	snprintf(cpu, sizeof(cpu), "%ld", o->cpu);
	row = runner__call_wrapped(wrap, args, (w->timeout_s ? w->timeout_s : o->timeout_s) * 1000,
				   &interrupted, &r, why, sizeof(why));
	t->wall_s += r.wall_s;
	child_result__free(&r);
	if (!row) {
		snprintf(t->failed, sizeof(t->failed), "%s%s",
			 wrap ? "under perf kvm stat record: " : "", why);
		return NAN;
	}
	if (strcmp(json_string_value(json_object_get(row, "status")) ?: "", "ok")) {
		const char *reason = json_string_value(json_object_get(row, "reason"));

		snprintf(t->failed, sizeof(t->failed), "%s",
			 reason ? reason : "the workload did not run");
		json_decref(row);
		return NAN;
	}
	med = row_median(row);
	if (exits)
		*exits += stat_exits(row);
	json_decref(row);
	return med;
}

struct reason_cache {
	unsigned long long key[64];
	char name[64][EXIT_PAIR_REASON_LEN];
	unsigned int n;
};

static const char *cached_reason(struct reason_cache *c, const struct trace_rec *rec,
				 const struct trace_ev *ev)
{
	unsigned long long reason = 0, isa = 0;
	char info[1024];
	unsigned int i;

	trace_rec__field(rec, ev, "exit_reason", &reason);
	trace_rec__field(rec, ev, "isa", &isa);
	reason |= isa << 40;
	for (i = 0; i < c->n; i++)
		if (c->key[i] == reason)
			return c->name[i];
	i = c->n < 64 ? c->n++ : 63;
	c->key[i] = reason;
	trace_rec__info(rec, ev, info, sizeof(info));
	exit_pair__reason_name(info, c->name[i], sizeof(c->name[i]));
	return c->name[i];
}

/* Feed one traced run's records to the pairing, in time order. */
static void feed(struct trace_rec *rec, struct wl_trace *t, double tsc_hz,
		 struct reason_cache *cache)
{
	const struct trace_ev *ev;
	unsigned long long cyc;
	size_t n, i;

	n = trace_rec__events(rec, &ev);
	for (i = 0; i < n; i++) {
		switch (ev[i].idx) {
		case -1:
			exit_pair__lost(&t->pair, ev[i].lost);
			break;
		case TP_EXIT:
			exit_pair__exit(&t->pair, ev[i].tid, ev[i].time_ns,
					cached_reason(cache, rec, &ev[i]));
			break;
		case TP_ENTRY:
			exit_pair__entry(&t->pair, ev[i].tid, ev[i].time_ns);
			break;
		case TP_USER_EXIT:
			t->user_exits++;
			break;
		case TP_PMU_LOAD:
		case TP_PMU_PUT:
			if (!trace_rec__field(rec, &ev[i], "tsc_cycles", &cyc) && tsc_hz > 0)
				exit_pair__switch(&t->pair, ev[i].tid, llround(cyc * 1e9 / tsc_hz));
			break;
		}
	}
	trace_rec__clear(rec);
}

/* Rounds of untraced/traced (and perf kvm stat) runs of one workload. */
static void trace_workload(const struct trace_opts *o, const struct catalog_row *w,
			   enum vpmu_mode mode, const char *tracefs, bool have_switch,
			   double tsc_hz, struct perf_kvm *pk, struct wl_trace *t)
{
	struct reason_cache cache = { .n = 0 };
	struct trace_rec *rec;
	unsigned long round;
	char why[3072];

	exit_pair__init(&t->pair);
	t->cost.name = "traced_over_untraced";
	t->cost.unit = "ratio";
	t->perf_cost.name = "perf_kvm_over_untraced";
	t->perf_cost.unit = "ratio";
	t->medians = json_array();
	for (round = 0; round < o->rounds && !interrupted && !t->failed[0]; round++) {
		double med_u = NAN, med_t = NAN, med_p = NAN;
		int k;

		/* ABBA: which run goes first alternates, so drift cancels. */
		for (k = 0; k < 2 && !t->failed[0]; k++) {
			if ((k == 0) == (round % 2 == 0)) {
				med_u = run_guest(o, w, mode, NULL, t, NULL);
				continue;
			}
			/*
			 * Opened for this run only: an open tracepoint event
			 * keeps the tracepoint armed even while disabled, which
			 * the untraced runs must not pay.
			 */
			rec = trace_rec__open(tracefs, tp_names, tp_optional, NR_TP, o->cpu,
					      o->mmap_pages, why, sizeof(why));
			if (!rec || trace_rec__start(rec, why, sizeof(why))) {
				snprintf(t->failed, sizeof(t->failed), "%s", why);
				trace_rec__close(rec);
				break;
			}
			med_t = run_guest(o, w, mode, NULL, t, &t->stat_exits);
			trace_rec__stop(rec);
			feed(rec, t, tsc_hz, &cache);
			trace_rec__close(rec);
		}
		if (pk && !t->failed[0])
			med_p = run_guest(o, w, mode, perf_kvm__wrap(pk), t, NULL);
		if (t->failed[0])
			break;
		json_array_append_new(t->medians, json_pack("{s:o, s:o, s:o}",
			"untraced", isfinite(med_u) ? json_real(med_u) : json_null(),
			"traced", isfinite(med_t) ? json_real(med_t) : json_null(),
			"perf_kvm", isfinite(med_p) ? json_real(med_p) : json_null()));
		if (med_u > 0 && isfinite(med_t))
			series__push(&t->cost, med_t / med_u);
		if (med_u > 0 && isfinite(med_p))
			series__push(&t->perf_cost, med_p / med_u);
	}
	exit_pair__finish(&t->pair, have_switch);
}

/*
 * The rows of one workload's exit latencies (collection host-trace, the
 * report's "Host-side exit latency" section): one per exit reason,
 * "WORKLOAD:REASON", every latency in ns; or, when the recording cannot be
 * used, one row "WORKLOAD" skipped (unsupported host) or failed (records
 * lost) with the reason. Returns the verdict.
 */
static enum trace_verdict latency_rows(const struct catalog_row *w, struct wl_trace *t,
				       bool have_switch, const char *switch_why, json_t *results,
				       const char **why_out)
{
	char src[256], why[1024], name[160];
	struct row_id id = { "host-trace", w->name, w->summary };
	struct workload_out out = { .unit = "ns", .calibration = NAN };
	json_t *info, *tj, *reasons, *row = NULL;
	enum trace_verdict v;
	size_t i, j;

	snprintf(src, sizeof(src), "%llu kvm:kvm_userspace_exit events, %llu exits in KVM's vCPU stats during the timed batches",
		 (unsigned long long)t->user_exits, (unsigned long long)t->stat_exits);
	v = exit_pair__verdict(&t->pair, t->user_exits > t->stat_exits ? t->user_exits :
			       t->stat_exits, src, why, sizeof(why));
	tj = trace_out__json(&t->pair, have_switch, switch_why);
	info = json_pack("{s:s, s:I, s:I, s:b}", "verdict", trace_verdict_name(v),
			 "kvm_userspace_exit_events", (json_int_t)t->user_exits,
			 "vcpu_stat_exits", (json_int_t)t->stat_exits, "lossy", t->pair.lost > 0);
	if (v != TRACE_OK) {
		json_object_set(info, "trace", tj);
		out.info = info;
		row = result__row(&id, v == TRACE_LOSSY ? ROW_FAILED : ROW_SKIPPED, why, &out,
				  t->wall_s);
		json_array_append_new(results, row);
	}
	reasons = json_object_get(tj, "reasons");
	for (i = 0; v == TRACE_OK && i < t->pair.nr_reasons; i++) {
		const struct exit_reason_stats *r = &t->pair.reasons[i];

		if (!r->count)
			continue;
		snprintf(name, sizeof(name), "%s:%s", w->name, r->name);
		id.name = name;
		out.info = json_copy(info);
		json_object_set(out.info, "reason", json_array_get(reasons, i));
		json_object_set(out.info, "pmu_switch_why", json_object_get(tj, "pmu_switch_why"));
		json_object_set_new(out.info, "workload_totals",
				    json_pack("{s:I, s:I, s:I, s:I, s:I}",
					      "exits", (json_int_t)t->pair.exits,
					      "paired", (json_int_t)t->pair.paired,
					      "unpaired_exits", (json_int_t)t->pair.unpaired_exits,
					      "unpaired_entries",
					      (json_int_t)t->pair.unpaired_entries,
					      "lost_records", (json_int_t)t->pair.lost));
		out.samples.n = 0;
		out.samples.unit = "ns";
		for (j = 0; j < r->count; j++)
			series__push(&out.samples, r->ns[j]);
		json_array_append_new(results, result__row(&id, ROW_OK, NULL, &out, t->wall_s));
		json_decref(out.info);
	}
	*why_out = row ? json_string_value(json_object_get(row, "reason")) : NULL;
	free(out.samples.v);
	json_decref(info);
	json_decref(tj);
	return v;
}

/* A row of per-round ratios (tracing cost, or perf kvm stat's). */
static json_t *ratio_row(const char *coll, const struct catalog_row *w, struct series *s,
			 json_t *info, const char *none_why)
{
	struct row_id id = { coll, w->name, w->summary };
	struct workload_out out = { .unit = "ratio", .calibration = NAN, .info = info };
	json_t *row;

	out.samples = *s;
	row = result__row(&id, s->n ? ROW_OK : ROW_SKIPPED, s->n ? NULL : none_why, &out, 0);
	json_decref(info);
	return row;
}

/* perf kvm stat's cost and what its report made of the last round. */
static json_t *perf_kvm_row(const struct catalog_row *w, struct series *s, struct perf_kvm *pk)
{
	json_t *rep = perf_kvm__report(pk), *total = json_object_get(rep, "total_samples");
	const char *note = json_string_value(json_object_get(rep, "note"));

	if (json_is_integer(total))
		printf("  perf kvm stat report: Total Samples %lld%s%s\n",
		       (long long)json_integer_value(total), note ? ": " : "", note ? note : "");
	else
		printf("  perf kvm stat report: %s\n",
		       json_string_value(json_object_get(rep, "why")));
	return ratio_row("trace-perf-kvm", w, s, rep,
			 "no round gave both an untraced and a perf kvm stat median above 0");
}

static void print_ratio(const char *what, const struct series *s)
{
	struct summary sm;

	if (!s->n)
		return;
	stats__summarize(s->v, s->n, &sm);
	printf("  %s: guest median ratio %.3f (min %.3f … max %.3f over %zu rounds)\n", what,
	       sm.median, sm.min, sm.max, s->n);
}

int cmd_trace(int argc, char **argv)
{
	struct stop_saved sigs;
	char err[4096], tracefs[PATH_MAX], note[512], path[PATH_MAX], name[256], what[64];
	struct workload_args a = { 0 };
	struct trace_opts o = { 0 };
	struct trace_rec *rec = NULL;
	struct perf_kvm *pk = NULL;
	char pk_why[1024];
	const char *switch_why = NULL;
	bool traceable;
	struct probe *p = NULL;
	json_t *doc, *results, *tmeta;
	unsigned int i, nr_failed = 0;
	bool have_switch;
	int r;

	stop__catch(&interrupted, &sigs);
	if (catalog__load(&o.cat, err, sizeof(err))) {
		fprintf(stderr, "vpmu-bench trace: error: %s\n", err);
		r = 1;
		goto out_signals;
	}
	r = trace_cli__parse(argc, argv, &o);
	if (r)
		goto out_catalog;

	p = xcalloc(1, sizeof(*p));
	progress("probing the host (CPU, KVM, PMU, guest execution)...");
	probe__fill(p, true);
	progress_done();
	a.mode = p->current_mode;
	a.reps = o.reps;
	a.cpu = o.cpu;
	a.guest_gp_counters = -1;
	a.probe = p;
	if (!interrupted && catalog__requires(&o.cat, p, a.mode, -1, o.sel, o.nr_sel, err,
					      sizeof(err))) {
		fprintf(stderr, "vpmu-bench trace: error: requirement probes failed: %s\n", err);
		r = 1;
		goto out_probe;
	}

	doc = json_object();
	json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
	json_object_set_new(doc, "meta", run__meta(p, &a, o.cat.guest_pmu, argc + 1, argv - 1));
	json_object_set_new(json_object_get(doc, "meta"), "label", json_string(mode_name(a.mode)));
	tmeta = json_pack("{s:I, s:I, s:I, s:I}", "cpu", (json_int_t)o.cpu,
			  "rounds", (json_int_t)o.rounds, "reps", (json_int_t)o.reps,
			  "mmap_pages", (json_int_t)o.mmap_pages);
	json_object_set_new(json_object_get(doc, "meta"), "trace", tmeta);
	results = json_array();
	json_object_set_new(doc, "results", results);

	/* Opened once to see: a host without them skips every row with this reason. */
	err[0] = '\0';
	if (!trace_rec__tracefs(tracefs, sizeof(tracefs), note, sizeof(note), err, sizeof(err)))
		rec = trace_rec__open(tracefs, tp_names, tp_optional, NR_TP, o.cpu, o.mmap_pages,
				      err, sizeof(err));
	if (note[0])
		json_object_set_new(tmeta, "tracefs_note", json_string(note));
	json_object_set_new(tmeta, "tracepoints_why", rec ? json_null() : json_string(err));
	have_switch = rec && trace_rec__has(rec, TP_PMU_LOAD) && trace_rec__has(rec, TP_PMU_PUT);
	traceable = rec != NULL;
	trace_rec__close(rec);
	json_object_set_new(tmeta, "pmu_switch_tracepoints", json_boolean(have_switch));
	if (!have_switch)
		switch_why = "kvm:kvm_pmu_mediated_load/put are not on this host (kmod/patches/0002 not loaded)";
	if (have_switch && p->tsc_hz <= 0) {
		switch_why = "TSC frequency unknown: the switch's tsc_cycles cannot be put in ns";
		have_switch = false;
	}
	json_object_set_new(tmeta, "pmu_switch_why",
			    have_switch ? json_null() : json_string(switch_why));
	if (!o.no_perf_kvm)
		pk = perf_kvm__new(o.cpu, pk_why, sizeof(pk_why));
	json_object_set_new(tmeta, "perf_kvm_why",
			    o.no_perf_kvm ? json_string("--no-perf-kvm") :
			    pk ? json_null() : json_string(pk_why));

	printf("vpmu-bench trace: vCPU pinned to CPU %ld, mode %s, %lu rounds of %lu reps%s\n",
	       o.cpu, mode_name(a.mode), o.rounds, o.reps,
	       p->guest_exec == GUEST_EXEC_EMULATED ? "; guest code is emulated on this host" : "");
	for (i = 0; i < o.nr_sel && !interrupted; i++) {
		const struct catalog_row *w = o.sel[i];
		struct row_id id = { "host-trace", w->name, w->summary };
		struct wl_trace t = { 0 };
		enum trace_verdict v;
		const char *vwhy;

		progress("[%u/%u] %s/%s", i + 1, o.nr_sel, w->collection, w->name);
		if (!w->runnable || !traceable) {
			progress_done();
			printf("%s/%s: skipped: %s\n", w->collection, w->name,
			       w->runnable ? err : w->why);
			json_array_append_new(results, result__row(&id, ROW_SKIPPED,
							w->runnable ? err : w->why, NULL, 0));
			/* The cost of tracing is not measured either: say why there too. */
			id.collection = "trace-cost";
			json_array_append_new(results, result__row(&id, ROW_SKIPPED,
							w->runnable ? err : w->why, NULL, 0));
			continue;
		}
		trace_workload(&o, w, a.mode, tracefs, have_switch, p->tsc_hz, pk, &t);
		progress_done();
		if (t.failed[0]) {
			printf("%s/%s: failed: %s\n", w->collection, w->name, t.failed);
			json_array_append_new(results, result__row(&id, ROW_FAILED, t.failed, NULL,
								   t.wall_s));
			nr_failed++;
		} else {
			v = latency_rows(w, &t, have_switch, switch_why, results, &vwhy);
			nr_failed += v == TRACE_LOSSY;
			printf("%s/%s: %s\n", w->collection, w->name, v == TRACE_OK ? "" : vwhy);
			if (v == TRACE_OK)
				trace_out__table(stdout, &t.pair, have_switch);
			print_ratio("tracing cost (traced/untraced)", &t.cost);
			json_array_append_new(results, ratio_row("trace-cost", w, &t.cost,
				json_pack("{s:O}", "medians", t.medians),
				"no round gave both an untraced and a traced median above 0"));
			print_ratio("perf kvm stat record cost", &t.perf_cost);
			if (pk)
				json_array_append_new(results, perf_kvm_row(w, &t.perf_cost, pk));
		}
		free(t.cost.v);
		free(t.perf_cost.v);
		json_decref(t.medians);
		exit_pair__free(&t.pair);
	}
	progress_done();
	if (interrupted && !json_array_size(results)) {
		fprintf(stderr, "vpmu-bench trace: interrupted before any workload ran; nothing written\n");
		json_decref(doc);
		r = 130;
		goto out_probe;
	}
	if (interrupted)
		json_object_set_new(json_object_get(doc, "meta"), "interrupted", json_true());
	snprintf(what, sizeof(what), "%s-trace", mode_name(a.mode));
	result__file_name(name, sizeof(name), what);
	r = result__write_atomic(o.out_dir, name, doc, path, sizeof(path), err, sizeof(err));
	if (r)
		fprintf(stderr, "vpmu-bench trace: error: %s\n", err);
	else
		fprintf(stderr, "vpmu-bench trace: results written to %s\n", path);
	json_decref(doc);
	r = r ? 1 : interrupted ? 130 : nr_failed ? 1 : 0;
out_probe:
	perf_kvm__free(pk);
	free(p);
out_catalog:
	catalog__free(&o.cat);
out_signals:
	stop__restore(&sigs);
	return r;
}
