// SPDX-License-Identifier: GPL-2.0
/*
 * The report is driven by two tables, report_sections[] and
 * report_figures[]: every row is complete, every figure has its script,
 * and a host's report is exactly its rows, in order, each either drawn
 * or saying what input it needs. Run from the top of the tree (make
 * check does): reads plots/ and tests/data/.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_int.h"
#include "../tap.h"

static char *emit(struct report *r, enum table_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	report__emit(r, f, m);
	fclose(m);
	return buf;
}

/* The text a section leaves in @md: its table title, or its "no data" paragraph. */
static const char *section_mark(const struct report_section *s, bool ready, char *buf,
				size_t len)
{
	if (!ready)
		snprintf(buf, len, "%s: no data.", s->name);
	else if (s->title_unit)
		snprintf(buf, len, s->title, s->title_unit);
	else
		snprintf(buf, len, "%s", s->title);
	return buf;
}

/*
 * Load @dir and check that the markdown report walks report_sections[]
 * in order: the sections in @ready (by index) drawn, the others saying
 * what they need, and every figure listed.
 */
static void walks_rows(const char *dir, const bool *ready)
{
	const struct report_section *s;
	const struct report_figure *fig;
	struct report *r = calloc(1, sizeof(*r));
	char err[512], mark[512];
	const char *at;
	char *md;
	bool in_order = true;

	if (access(dir, R_OK) || resultset__load(&r->rs, dir, err, sizeof(err))) {
		T_SKIP("report walks the rows in order", "tests/data not readable from here");
		free(r);
		return;
	}
	r->baseline = "nopmu";
	r->resamples = 100;
	r->seed = STATS_BOOT_SEED;
	r->fig_skip_why = "--no-plots given";
	resultset__analyze(&r->rs, r->resamples, r->seed);
	md = emit(r, FMT_MARKDOWN);
	at = md;
	for (s = report_sections; s->render && in_order; s++) {
		if (!s->collection)
			continue;	/* always drawn, checked below */
		section_mark(s, ready[s - report_sections], mark, sizeof(mark));
		at = strstr(at, mark);
		if (!at)
			printf("# %s: '%s' missing or out of order\n", dir, mark);
		in_order = at;
	}
	T_OK(in_order, "%s: every section drawn or saying what it needs, in table order", dir);
	at = md;
	for (fig = report_figures; fig->name && at; fig++) {
		snprintf(mark, sizeof(mark), "*%s*: not drawn: --no-plots given", fig->caption);
		at = strstr(at, mark);
	}
	T_OK(at != NULL, "%s: report.md lists every figure, in table order", dir);
	T_OK(strstr(md, "Per-cell statistics (every ok cell)") != NULL,
	     "%s: the section without a collection is always drawn", dir);
	free(md);
	resultset__free(&r->rs);
	free(r);
}

int main(void)
{
	const struct report_section *s;
	const struct report_figure *fig, *g;
	size_t nfig = 0;
	bool ok = true, unique = true, scripts = true;
	/* synthetic-small has every section; the real run only (a) */
	bool all[16], exit_only[16] = { true };
	size_t i;

	for (fig = report_figures; fig->name; fig++, nfig++) {
		ok &= fig->caption && fig->collection && fig->write_data && fig->needs;
		for (g = report_figures; g < fig; g++)
			unique &= strcmp(g->name, fig->name) != 0;
	}
	__T("every figure row has caption, collection, data writer and what it needs", ok);
	__T("figure names (scripts, files) are unique", unique);
	T_OK(nfig && nfig <= MAX_FIGS, "%zu figure rows fit MAX_FIGS (%d)", nfig, MAX_FIGS);
	if (access("plots/common.gp", R_OK)) {
		T_SKIP("every figure has its plots/<name>.gp", "plots/ not found from here");
	} else {
		for (fig = report_figures; fig->name; fig++) {
			char path[256];

			snprintf(path, sizeof(path), "plots/%s.gp", fig->name);
			if (access(path, R_OK)) {
				printf("# no %s\n", path);
				scripts = false;
			}
		}
		__T("every figure has its plots/<name>.gp", scripts);
	}

	ok = true;
	for (s = report_sections; s->render; s++)
		ok &= s->title && (!s->collection || (s->name && s->missing_cmd)) &&
		      (!s->title_unit || strstr(s->title, "%s"));
	__T("every section row has a title, and with a collection a name and its command", ok);
	T_OK(s - report_sections <= 16, "%zu section rows", (size_t)(s - report_sections));

	for (i = 0; i < 16; i++)
		all[i] = true;
	walks_rows("tests/data/synthetic-small", all);
	walks_rows("tests/data/real-exit-emulated", exit_only);
	return tap_done();
}
