// SPDX-License-Identifier: GPL-2.0
/*
 * The suite's plan and index: every cell in the order it runs, built
 * once from the options and kept in DIR/index.json, so that --resume runs
 * exactly the cells that were planned.
 *
 * Order: the host-side cells first (native, trace: they need no mode),
 * then the repetitions. Every repetition visits every mode once, and
 * repetition r starts at mode r-1 of the list (rotated), so that a drift
 * of the host over the suite (thermal, a noisy neighbour) spreads over
 * all modes instead of looking like a mode effect, and no mode always
 * runs first after a module reload. The overhead cell of a mode runs in
 * the last repetition's visit of that mode, sparing it a reload.
 */
#include <stdio.h>
#include <string.h>

#include "suite.h"

const char *const suite_modes[SUITE_NR_MODES] = {
	"nopmu", "legacy", "mediated-vmcs", "mediated-autostore",
};

static const char *const kinds[] = { "run", "native", "trace", "overhead", NULL };
static const char *const states[] = { "pending", "done", "skipped", "failed", NULL };

static json_t *strv(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static void add_cell(json_t *cells, const char *kind, const char *mode, const char *coll,
		     unsigned long rep, const char *const *argv, size_t argc, const char *cpu)
{
	char id[128], dir[160], cmd[1024];
	json_t *c = json_object(), *av;
	size_t i, n = json_array_size(cells) + 1;

	if (!strcmp(kind, "run"))
		snprintf(id, sizeof(id), "%03zu-r%lu-%s-%s", n, rep, mode, coll);
	else if (mode)
		snprintf(id, sizeof(id), "%03zu-r%lu-%s-%s", n, rep, mode, kind);
	else
		snprintf(id, sizeof(id), "%03zu-%s", n, kind);
	snprintf(dir, sizeof(dir), "cells/%s", id);
	av = strv(argv, argc);
	if (cpu) {
		json_array_append_new(av, json_string("--cpu"));
		json_array_append_new(av, json_string(cpu));
	}
	json_array_append_new(av, json_string("--out"));
	json_array_append_new(av, json_string(dir));
	snprintf(cmd, sizeof(cmd), "vpmu-bench");
	for (i = 0; i < json_array_size(av); i++) {
		strncat(cmd, " ", sizeof(cmd) - strlen(cmd) - 1);
		strncat(cmd, json_string_value(json_array_get(av, i)),
			sizeof(cmd) - strlen(cmd) - 1);
	}
	json_object_set_new(c, "id", json_string(id));
	json_object_set_new(c, "kind", json_string(kind));
	json_object_set_new(c, "mode", mode ? json_string(mode) : json_null());
	json_object_set_new(c, "collection", coll ? json_string(coll) : json_null());
	json_object_set_new(c, "rep", rep ? json_integer(rep) : json_null());
	json_object_set_new(c, "argv", av);
	/* Run in the suite directory, so the index moves with it. */
	json_object_set_new(c, "command_line", json_string(cmd));
	json_object_set_new(c, "dir", json_string(dir));
	json_object_set_new(c, "state", json_string("pending"));
	json_object_set_new(c, "reason", json_null());
	json_object_set_new(c, "exit_status", json_null());
	json_object_set_new(c, "start", json_null());
	json_object_set_new(c, "end", json_null());
	json_object_set_new(c, "wall_s", json_null());
	json_object_set_new(c, "results", json_array());
	json_array_append_new(cells, c);
}

json_t *suite__plan(const struct suite_opts *o, const char *cmdline)
{
	json_t *doc = json_object(), *opts = json_object(), *cells = json_array();
	char samples[32], cpubuf[32], *cpu = NULL;
	unsigned long r;
	size_t i, j;

	snprintf(samples, sizeof(samples), "%lu", o->samples);
	if (o->cpu >= 0) {
		snprintf(cpubuf, sizeof(cpubuf), "%ld", o->cpu);
		cpu = cpubuf;
	}
	json_object_set_new(opts, "quick", json_boolean(o->quick));
	json_object_set_new(opts, "modes", strv(o->modes, o->nr_modes));
	json_object_set_new(opts, "collections", strv(o->collections, o->nr_collections));
	json_object_set_new(opts, "reps", json_integer(o->reps));
	json_object_set_new(opts, "samples", json_integer(o->samples));
	json_object_set_new(opts, "cpu", o->cpu >= 0 ? json_integer(o->cpu) : json_null());
	json_object_set_new(opts, "cell_timeout_s", json_integer(o->cell_timeout_s));

	add_cell(cells, "native", NULL, NULL, 0,
		 (const char *const[]){ "native", "--collection", "all" }, 3, cpu);
	/*
	 * --quick: one traced/untraced round and no perf kvm stat comparison;
	 * on an emulating host the full trace cell alone takes most of a minute.
	 */
	if (o->quick)
		add_cell(cells, "trace", NULL, NULL, 0,
			 (const char *const[]){ "trace", "--collection", "exit", "--rounds", "1",
						"--no-perf-kvm" }, 6, cpu);
	else
		add_cell(cells, "trace", NULL, NULL, 0,
			 (const char *const[]){ "trace", "--collection", "exit" }, 3, cpu);
	for (r = 1; r <= o->reps; r++) {
		for (i = 0; i < o->nr_modes; i++) {
			const char *m = o->modes[(i + r - 1) % o->nr_modes];

			for (j = 0; j < o->nr_collections; j++)
				add_cell(cells, "run", m, o->collections[j], r,
					 (const char *const[]){ "run", "--mode", m, "--collection",
								o->collections[j], "--reps",
								samples }, 7, cpu);
			if (r < o->reps)
				continue;
			if (o->quick)
				add_cell(cells, "overhead", m, NULL, r,
					 (const char *const[]){ "overhead", "--mode", m,
								"--quick" }, 4, NULL);
			else
				add_cell(cells, "overhead", m, NULL, r,
					 (const char *const[]){ "overhead", "--mode", m }, 3, NULL);
		}
	}
	json_object_set_new(doc, "schema", json_string(SUITE_SCHEMA));
	json_object_set_new(doc, "tool_version", json_string(VPMU_VERSION));
	json_object_set_new(doc, "git_commit", json_string(VPMU_GIT_COMMIT));
	json_object_set_new(doc, "command_line", json_string(cmdline));
	json_object_set_new(doc, "options", opts);
	json_object_set_new(doc, "state", json_string("incomplete"));
	json_object_set_new(doc, "cells", cells);
	return doc;
}

static bool one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

static bool strings(json_t *a, size_t min)
{
	size_t i;

	if (!json_is_array(a) || json_array_size(a) < min)
		return false;
	for (i = 0; i < json_array_size(a); i++)
		if (!json_is_string(json_array_get(a, i)))
			return false;
	return true;
}

static int bad(char *err, size_t len, const char *what, size_t cell)
{
	if (cell)
		snprintf(err, len, "cells[%zu].%s", cell - 1, what);
	else
		snprintf(err, len, "%s", what);
	return -1;
}

int suite__check_index(json_t *doc, char *err, size_t len)
{
	json_t *o = json_object_get(doc, "options"), *cells = json_object_get(doc, "cells"), *v;
	const char *schema = json_string_value(json_object_get(doc, "schema"));
	size_t i;

	if (!schema || strcmp(schema, SUITE_SCHEMA))
		return bad(err, len, "schema: expected \"" SUITE_SCHEMA "\"", 0);
	if (!json_is_object(o) || !json_is_boolean(json_object_get(o, "quick")) ||
	    !strings(json_object_get(o, "modes"), 1) ||
	    !strings(json_object_get(o, "collections"), 1) ||
	    json_integer_value(json_object_get(o, "reps")) < 1 ||
	    json_integer_value(json_object_get(o, "samples")) < 1 ||
	    json_integer_value(json_object_get(o, "cell_timeout_s")) < 1)
		return bad(err, len, "options: expected quick, modes, collections, reps, samples, cell_timeout_s",
			   0);
	json_array_foreach(json_object_get(o, "modes"), i, v)
		if (!one_of(json_string_value(v), suite_modes))
			return bad(err, len, "options.modes: unknown mode", 0);
	if (!json_is_array(cells) || !json_array_size(cells))
		return bad(err, len, "cells: expected a non-empty array", 0);
	json_array_foreach(cells, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		const char *dir = json_string_value(json_object_get(v, "dir"));
		const char *kind = json_string_value(json_object_get(v, "kind"));
		json_t *av = json_object_get(v, "argv"), *mode = json_object_get(v, "mode");

		/* The suite empties DIR/dir before it runs a cell: a plain name only. */
		if (!id || !*id || !dir || strncmp(dir, "cells/", 6) || strcmp(dir + 6, id) ||
		    strchr(id, '/') || id[0] == '.')
			return bad(err, len, "id, dir: expected \"cells/ID\" with a plain ID", i + 1);
		if (!one_of(kind, kinds))
			return bad(err, len, "kind: expected run, native, trace or overhead", i + 1);
		/* The index names commands of this binary, never anything else. */
		if (!strings(av, 1) || strcmp(json_string_value(json_array_get(av, 0)), kind))
			return bad(err, len, "argv: expected the command line of its kind", i + 1);
		if (!json_is_null(mode) && !one_of(json_string_value(mode), suite_modes))
			return bad(err, len, "mode: unknown mode", i + 1);
		if (!one_of(json_string_value(json_object_get(v, "state")), states))
			return bad(err, len, "state: expected pending, done, skipped or failed",
				   i + 1);
		if (!json_is_array(json_object_get(v, "results")))
			return bad(err, len, "results: expected an array", i + 1);
	}
	return 0;
}

size_t suite__count(json_t *index, size_t *done, size_t *skipped, size_t *pending)
{
	json_t *c, *counts = json_object();
	size_t i, failed = 0;

	*done = *skipped = *pending = 0;
	json_array_foreach(json_object_get(index, "cells"), i, c) {
		const char *s = json_string_value(json_object_get(c, "state"));

		if (!strcmp(s, "done"))
			(*done)++;
		else if (!strcmp(s, "skipped"))
			(*skipped)++;
		else if (!strcmp(s, "failed"))
			failed++;
		else
			(*pending)++;
	}
	json_object_set_new(counts, "done", json_integer(*done));
	json_object_set_new(counts, "skipped", json_integer(*skipped));
	json_object_set_new(counts, "failed", json_integer(failed));
	json_object_set_new(counts, "pending", json_integer(*pending));
	json_object_set_new(index, "counts", counts);
	return failed;
}
