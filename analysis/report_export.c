// SPDX-License-Identifier: GPL-2.0
/*
 * Exports of `vpmu-bench report` for people who plot elsewhere: every
 * cell as one row of a tidy CSV (--format csv, OUTDIR/cells.csv) and as
 * one object of a JSON summary (--format json, OUTDIR/cells.json). Both
 * come from the same list of fields, so they cannot disagree.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

#define EXPORT_SCHEMA "vpmu-bench/report-cells/1"

enum field_kind { F_STR, F_NUM, F_SIZE };

/* One column: its name, its unit ("" for none) and how to read it from a cell. */
struct field {
	const char *name, *unit;
	enum field_kind kind;
	const char *(*str)(struct report *r, const struct rs_cell *c);
	double (*num)(struct report *r, const struct rs_cell *c);
};

static const char *f_host(struct report *r, const struct rs_cell *c) { return r->rs.hosts[c->host].hostname; }
static const char *f_cpu(struct report *r, const struct rs_cell *c) { return r->rs.hosts[c->host].cpu_model; }
static const char *f_kernel(struct report *r, const struct rs_cell *c) { return r->rs.hosts[c->host].kernel; }
static const char *f_label(struct report *r, const struct rs_cell *c) { return c->mode; }
static const char *f_mode(struct report *r, const struct rs_cell *c) { return c->run_mode; }
static const char *f_coll(struct report *r, const struct rs_cell *c) { return c->collection; }
static const char *f_wl(struct report *r, const struct rs_cell *c) { return c->workload; }
static const char *f_status(struct report *r, const struct rs_cell *c) { return c->status; }
static const char *f_unit(struct report *r, const struct rs_cell *c) { return c->unit; }
static const char *f_gexec(struct report *r, const struct rs_cell *c) { return c->guest_execution; }
static const char *f_reason(struct report *r, const struct rs_cell *c) { return c->reason ? c->reason : ""; }
static const char *f_file(struct report *r, const struct rs_cell *c) { return c->file; }

static bool ok(const struct rs_cell *c) { return rs_cell__ok(c); }
static double f_n(struct report *r, const struct rs_cell *c) { return c->n; }
static double f_med(struct report *r, const struct rs_cell *c) { return ok(c) ? c->s.median : NAN; }
static double f_lo(struct report *r, const struct rs_cell *c) { return ok(c) ? c->ci.lo : NAN; }
static double f_hi(struct report *r, const struct rs_cell *c) { return ok(c) ? c->ci.hi : NAN; }
static double f_p10(struct report *r, const struct rs_cell *c) { return ok(c) ? c->s.p10 : NAN; }
static double f_p90(struct report *r, const struct rs_cell *c) { return ok(c) ? c->s.p90 : NAN; }
static double f_p99(struct report *r, const struct rs_cell *c) { return ok(c) ? c->s.p99 : NAN; }
static double f_mad(struct report *r, const struct rs_cell *c) { return ok(c) ? c->s.mad : NAN; }

/* ns from tsc_cycles and the run's TSC rate; NAN for any other unit. */
static double to_ns(const struct rs_cell *c, double v)
{
	if (!ok(c) || strcmp(c->unit, "tsc_cycles") || isnan(c->tsc_hz))
		return NAN;
	return v * 1e9 / c->tsc_hz;
}

static double f_med_ns(struct report *r, const struct rs_cell *c) { return to_ns(c, c->s.median); }
static double f_lo_ns(struct report *r, const struct rs_cell *c) { return to_ns(c, c->ci.lo); }
static double f_hi_ns(struct report *r, const struct rs_cell *c) { return to_ns(c, c->ci.hi); }

static const struct field fields[] = {
	{ "host", "", F_STR, f_host },
	{ "cpu_model", "", F_STR, f_cpu },
	{ "kernel", "", F_STR, f_kernel },
	{ "label", "", F_STR, f_label },
	{ "mode", "", F_STR, f_mode },
	{ "collection", "", F_STR, f_coll },
	{ "workload", "", F_STR, f_wl },
	{ "status", "", F_STR, f_status },
	{ "unit", "", F_STR, f_unit },
	{ "n", "samples", F_SIZE, NULL, f_n },
	{ "median", "unit", F_NUM, NULL, f_med },
	{ "ci95_lo", "unit", F_NUM, NULL, f_lo },
	{ "ci95_hi", "unit", F_NUM, NULL, f_hi },
	{ "p10", "unit", F_NUM, NULL, f_p10 },
	{ "p90", "unit", F_NUM, NULL, f_p90 },
	{ "p99", "unit", F_NUM, NULL, f_p99 },
	{ "mad", "unit", F_NUM, NULL, f_mad },
	{ "median_ns", "ns", F_NUM, NULL, f_med_ns },
	{ "ci95_lo_ns", "ns", F_NUM, NULL, f_lo_ns },
	{ "ci95_hi_ns", "ns", F_NUM, NULL, f_hi_ns },
	{ "guest_execution", "", F_STR, f_gexec },
	{ "reason", "", F_STR, f_reason },
	{ "file", "", F_STR, f_file },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static void csv_str(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void report__csv(struct report *r, FILE *out)
{
	size_t i, k;

	for (k = 0; k < NFIELDS; k++)
		fprintf(out, "%s%s", k ? "," : "", fields[k].name);
	fputc('\n', out);
	for (i = 0; i < r->rs.ncells; i++) {
		const struct rs_cell *c = &r->rs.cells[i];

		for (k = 0; k < NFIELDS; k++) {
			const struct field *fl = &fields[k];
			double v;

			if (k)
				fputc(',', out);
			if (fl->kind == F_STR) {
				csv_str(out, fl->str(r, c));
				continue;
			}
			v = fl->num(r, c);
			if (!isnan(v))	/* empty: not measured (R and pandas read NA) */
				fprintf(out, fl->kind == F_SIZE ? "%.0f" : "%.10g", v);
		}
		fputc('\n', out);
	}
}

int report__json(struct report *r, FILE *out)
{
	json_t *doc = json_object(), *cells = json_array(), *units = json_object();
	size_t i, k;
	int rc;

	json_object_set_new(doc, "schema", json_string(EXPORT_SCHEMA));
	json_object_set_new(doc, "baseline", json_string(r->baseline));
	json_object_set_new(doc, "resamples", json_integer(r->resamples));
	json_object_set_new(doc, "seed", json_integer(r->seed));
	for (k = 0; k < NFIELDS; k++)
		if (*fields[k].unit)
			json_object_set_new(units, fields[k].name, json_string(fields[k].unit));
	/* "unit" means: the cell's own unit field */
	json_object_set_new(doc, "field_units", units);
	for (i = 0; i < r->rs.ncells; i++) {
		const struct rs_cell *c = &r->rs.cells[i];
		json_t *o = json_object();

		for (k = 0; k < NFIELDS; k++) {
			const struct field *fl = &fields[k];
			double v;

			if (fl->kind == F_STR) {
				json_object_set_new(o, fl->name, json_string(fl->str(r, c)));
				continue;
			}
			v = fl->num(r, c);
			json_object_set_new(o, fl->name, isnan(v) ? json_null() :
					    fl->kind == F_SIZE ? json_integer((json_int_t)v) :
					    json_real(v));
		}
		json_array_append_new(cells, o);
	}
	json_object_set_new(doc, "cells", cells);
	rc = json_dumpf(doc, out, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(doc);
	return rc;
}
