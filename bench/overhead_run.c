// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench overhead, one mode: which rows can run, a checked run of
 * each, then hyperfine over whole `vpmu-guest run` processes. hyperfine
 * runs in a process group of its own, so a deadline or Ctrl-C ends it
 * and the guest it is timing together.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "alloc.h"
#include "cli.h"
#include "hyperfine_run.h"
#include "overhead.h"
#include "overhead_row.h"
#include "result.h"
#include "run_meta.h"
#include "runner.h"

const char *const ovh_rate_names[OVH_NR_RATES] = { "0", "100", "1000", "10000" };
const char *const ovh_kind_names[OVH_NR_KINDS] = { "pmi", "rdpmc" };

/* One timed row: check run, hyperfine, ingest. Never NULL. */
static json_t *time_row(struct ovh_ctx *c, const struct ovh_timed *t, enum vpmu_mode m)
{
	struct row_id id = { "overhead", t->workload, t->summary };
	char work[16], why[4096], gpath[PATH_MAX], qpath[2 * PATH_MAX], cmd[3 * PATH_MAX];
	const char *args[] = { "run", "--workload", t->guest_row, "--reps", work,
			       "--mode", mode_name(m), NULL };
	struct hf_time ht = { .hf_path = c->hf_path, .command = cmd, .name = t->workload,
			      .runs = t->runs, .warmup = t->warmup, .stop = c->stop,
			      .timeout_ms = ((unsigned long)t->runs + t->warmup) *
					    c->o->timeout_s * 1000 + 10000 };
	struct child_result cr;
	struct hf_bench b;
	json_t *check, *row, *st;
	double wall = NAN;
	int rc;

	snprintf(work, sizeof(work), "%u", t->work_blocks);
	check = runner__call(args, c->o->timeout_s * 1000, c->stop, &cr, why, sizeof(why));
	if (!check) {
		bool skip = !cr.timed_out && !cr.stopped && WIFEXITED(cr.status) &&
			    WEXITSTATUS(cr.status) == KSFT_SKIP;

		child_result__free(&cr);
		return result__row(&id, skip ? ROW_SKIPPED : ROW_FAILED, why, NULL, NAN);
	}
	child_result__free(&cr);
	st = json_object_get(check, "status");
	if (!json_is_string(st) || strcmp(json_string_value(st), "ok")) {
		const char *reason = json_string_value(json_object_get(check, "reason"));
		bool skip = json_is_string(st) && !strcmp(json_string_value(st), "skipped");

		snprintf(why, sizeof(why), "checked run of %s: %s", t->guest_row,
			 reason ? reason : "did not come back ok");
		row = result__row(&id, skip ? ROW_SKIPPED : ROW_FAILED, why, NULL, NAN);
	} else if (!c->hf_path) {
		row = result__row(&id, ROW_SKIPPED, c->hf_why, NULL, NAN);
	} else if (runner__guest_path(gpath, sizeof(gpath), why, sizeof(why))) {
		row = result__row(&id, ROW_FAILED, why, NULL, NAN);
	} else {
		hyperfine__quote(gpath, qpath, sizeof(qpath));
		snprintf(cmd, sizeof(cmd), "%s run --workload %s --reps %s --mode %s", qpath,
			 t->guest_row, work, mode_name(m));
		rc = hyperfine__time(&ht, &b, &wall, why, sizeof(why));
		if (rc != HF_TIME_OK) {
			row = result__row(&id, ROW_FAILED, why, NULL, wall);
		} else {
			row = overhead__row(t, &b, c->hf_version, wall);
			json_object_set(json_object_get(row, "info"), "check_run",
					json_object_get(check, "info") ?
					json_object_get(check, "info") : json_null());
			hf_bench__free(&b);
		}
	}
	json_decref(check);
	return row;
}

json_t *ovh__baseline(json_t *doc)
{
	json_t *res = json_object_get(doc, "results"), *row;
	size_t i;

	json_array_foreach(res, i, row)
		if (!strcmp(json_string_value(json_object_get(row, "workload")),
			    OVH_ROW_PREFIX "none") &&
		    !strcmp(json_string_value(json_object_get(row, "status")), "ok"))
			return row;
	return NULL;
}

/* Every rate > 0 row of @doc against its rate-0 row. */
static void relate_all(json_t *doc)
{
	json_t *res = json_object_get(doc, "results"), *base = ovh__baseline(doc), *row;
	size_t i;

	json_array_foreach(res, i, row) {
		json_t *info = json_object_get(row, "info");

		/* only measured rates above 0 have an overhead */
		if (row == base || !json_is_object(info) ||
		    strcmp(json_string_value(json_object_get(row, "status")), "ok") ||
		    !strcmp(json_string_value(json_object_get(row, "workload")),
			    OVH_ROW_PREFIX "none"))
			continue;
		if (!base)
			json_object_set_new(info, "ratio_why",
					    json_string("the rate-0 baseline " OVH_ROW_PREFIX "none was not measured in this run"));
		else
			overhead__relate(row, base, OVH_ROW_PREFIX "none", "");
	}
}

json_t *ovh__run_mode(struct ovh_ctx *c, enum vpmu_mode m, const char *mode_why,
		      int argc, char **argv)
{
	const struct catalog_row *only[1 + OVH_NR_RATES * OVH_NR_KINDS];
	struct ovh_timed t[1 + OVH_NR_RATES * OVH_NR_KINDS];
	char names[1 + OVH_NR_RATES * OVH_NR_KINDS][2][48], err[4096];
	struct workload_args a = { .reps = c->o->work, .cpu = -1, .guest_gp_counters = -1,
				   .mode = m, .probe = c->p };
	unsigned int k, r, n = 0, i;
	json_t *doc, *results, *meta;
	bool req_ok;

	for (k = 0; k < OVH_NR_KINDS + 1; k++)
		for (r = 0; r < OVH_NR_RATES; r++) {
			/* rate 0 once (kind "none"), then each selected kind at each rate > 0 */
			if ((k == 0) != (r == 0) || !(c->o->rates & 1u << r) ||
			    (k && !(c->o->kinds & 1u << (k - 1))))
				continue;
			if (k == 0) {
				snprintf(names[n][0], 48, "ovh-none");
				snprintf(names[n][1], 48, OVH_ROW_PREFIX "none");
			} else {
				snprintf(names[n][0], 48, "ovh-%s-%s", ovh_kind_names[k - 1],
					 ovh_rate_names[r]);
				snprintf(names[n][1], 48, OVH_ROW_PREFIX "%s-%s",
					 ovh_kind_names[k - 1], ovh_rate_names[r]);
			}
			only[n] = catalog__find(&c->cat, names[n][0]);
			if (!only[n])
				continue;
			t[n] = (struct ovh_timed){
				.workload = names[n][1], .guest_row = names[n][0],
				.summary = only[n]->summary,
				.kind = k ? ovh_kind_names[k - 1] : "none",
				.rate_hz = strtoul(ovh_rate_names[r], NULL, 10),
				.runs = c->o->runs, .warmup = c->o->warmup,
				.work_blocks = c->o->work };
			n++;
		}

	progress("%s: checking what each row requires...", mode_name(m));
	req_ok = mode_why || !catalog__requires(&c->cat, c->p, m, -1, only, n, err, sizeof(err));
	progress_done();
	if (!req_ok)
		warnx_("overhead", "requirement probes failed: %s", err);

	doc = json_object();
	json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
	meta = run__meta(c->p, &a, mode_why ? NULL : c->cat.guest_pmu, argc + 1, argv - 1);
	json_object_set_new(meta, "label", json_string(mode_name(m)));
	json_object_set_new(meta, "overhead", json_pack("{s:i, s:i, s:i, s:i, s:{s:b, s:s?, s:s?, s:s?}}",
		"runs", (int)c->o->runs, "warmup", (int)c->o->warmup,
		"work_blocks", (int)c->o->work, "block_instructions", (int)OVH_BLOCK_INSNS,
		"hyperfine", "found", c->hf_path != NULL, "path", c->hf_path,
		"version", c->hf_version, "why", c->hf_path ? NULL : c->hf_why));
	json_object_set_new(doc, "meta", meta);
	results = json_array();
	json_object_set_new(doc, "results", results);

	for (i = 0; i < n; i++) {
		struct row_id id = { "overhead", t[i].workload, t[i].summary };
		json_t *row;

		if (*c->stop)
			break;
		progress("%s [%u/%u] %s: %u runs, %u warmup", mode_name(m), i + 1, n,
			 t[i].workload, t[i].runs, t[i].warmup);
		if (mode_why)
			row = result__row(&id, ROW_SKIPPED, mode_why, NULL, NAN);
		else if (!req_ok)
			row = result__row(&id, ROW_FAILED, err, NULL, NAN);
		else if (!only[i]->runnable)
			row = result__row(&id, ROW_SKIPPED, only[i]->why, NULL, NAN);
		else
			row = time_row(c, &t[i], m);
		progress_done();
		/* A row cut short by Ctrl-C is not a result: the file says interrupted. */
		if (*c->stop) {
			json_decref(row);
			break;
		}
		/* Every row says what it was, measured or not. */
		if (!json_object_get(row, "info"))
			json_object_set_new(row, "info", json_pack("{s:i, s:s, s:s}",
					    "rate_hz", (int)t[i].rate_hz, "kind", t[i].kind,
					    "guest_workload", t[i].guest_row));
		json_array_append_new(results, row);
	}
	relate_all(doc);
	return doc;
}
