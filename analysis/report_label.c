// SPDX-License-Identifier: GPL-2.0
/*
 * Rows a test double produced (meta.test_double: the software PMU model
 * of tests/pmu_model behind the guest) are labelled wherever they are
 * shown, the way rows of an emulating host are: a note under each table,
 * a paragraph per host, a suffix on each figure's title and a warning
 * inside its plot area. They check guest code, the host protocol and the
 * decoding, never KVM's vPMU or its timing.
 */
#include <stdio.h>
#include <string.h>

#include "report_int.h"

/* Is @col one of the ", "-separated names in @cols? */
static bool col_listed(const char *cols, const char *col)
{
	size_t n = strlen(col);
	const char *p;

	for (p = cols; (p = strstr(p, col)); p += n)
		if ((p == cols || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

bool report__test_double(struct report *r, size_t h, const char *coll, const char *wl,
			 char *buf, size_t len, char *cols, size_t clen, bool *mixed)
{
	size_t i;
	bool any = false;

	buf[0] = cols[0] = '\0';
	*mixed = false;
	for (i = 0; i < r->rs.ncells; i++) {
		struct rs_cell *c = &r->rs.cells[i];
		struct rs_run *run = &r->rs.runs[c->run];
		char one[256];

		if (c->host != h || (coll && strcmp(c->collection, coll)) ||
		    (wl && strcmp(c->workload, wl)))
			continue;
		if (!run->td_name) {
			*mixed = true;
			continue;
		}
		snprintf(one, sizeof(one), "scenario %s, faults %s", run->td_scenario,
			 run->td_faults);
		if (!any)
			snprintf(buf, len, "%s (tests/pmu_model), %s", run->td_name, one);
		else if (!strstr(buf, one))
			snprintf(buf + strlen(buf), len - strlen(buf), "; %s", one);
		if (!col_listed(cols, c->mode))
			snprintf(cols + strlen(cols), clen - strlen(cols), "%s%s", any ? ", " : "",
				 c->mode);
		any = true;
	}
	if (!any)
		*mixed = false;
	return any;
}

void report__test_double_note(struct report *r, size_t h, struct table *t)
{
	char what[1024], cols[512];
	bool mixed;

	if (!report__test_double(r, h, r->cur_coll, NULL, what, sizeof(what), cols, sizeof(cols),
				 &mixed))
		return;
	if (mixed)
		table__note(t, "Test double in some runs: the rows in column %s (runs with meta.test_double) ran against the %s; they check guest code, host protocol and decoding, not KVM's vPMU or timing. The other rows are real runs: compare only like with like.",
			    cols, what);
	else
		table__note(t, "Test double: these rows ran against the %s; they check guest code, host protocol and decoding, not KVM's vPMU or timing.",
			    what);
}

void report__test_double_para(struct report *r, size_t h, enum table_format f, FILE *out)
{
	char what[1024], cols[512], p[2048];
	bool mixed;

	if (!report__test_double(r, h, NULL, NULL, what, sizeof(what), cols, sizeof(cols), &mixed))
		return;
	snprintf(p, sizeof(p), "Test double: the runs in column %s%s ran against the %s (meta.test_double), not KVM's vPMU: they check guest code, host protocol and decoding, not KVM's vPMU or timing. Every table and figure with such rows says so.",
		 cols, mixed ? " (the other columns are real runs)" : "", what);
	text__para(out, f, p);
}
