// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "trace_out.h"

/* JSON has no NaN: an unknown number is null. */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *reason_json(const struct exit_reason_stats *r, bool have_switch)
{
	json_t *o, *h = json_array();
	unsigned int b, last = 0;

	for (b = 0; b < EXIT_PAIR_BUCKETS; b++)
		if (r->hist[b])
			last = b + 1;
	for (b = 0; b < last; b++)
		json_array_append_new(h, json_integer(r->hist[b]));
	o = json_pack("{s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "reason", r->name,
		      "count", (json_int_t)r->count, "total_ns", (json_int_t)r->total_ns,
		      "median_ns", num(r->median_ns), "p99_ns", num(r->p99_ns),
		      "max_ns", num(r->max_ns), "time_share", num(r->time_share),
		      "log2_ns_histogram", h);
	json_object_set_new(o, "pmu_switch_share",
			    have_switch ? num(r->switch_share) : json_null());
	json_object_set_new(o, "pmu_switched_exits",
			    have_switch ? json_integer(r->switched) : json_null());
	return o;
}

json_t *trace_out__json(const struct exit_pair *p, bool have_switch, const char *switch_why)
{
	json_t *o, *rs = json_array();
	size_t i;

	for (i = 0; i < p->nr_reasons; i++)
		json_array_append_new(rs, reason_json(&p->reasons[i], have_switch));
	o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		      "exits", (json_int_t)p->exits, "entries", (json_int_t)p->entries,
		      "paired", (json_int_t)p->paired,
		      "unpaired_exits", (json_int_t)p->unpaired_exits,
		      "unpaired_entries", (json_int_t)p->unpaired_entries,
		      "backwards", (json_int_t)p->backwards,
		      "lost_records", (json_int_t)p->lost,
		      "pmu_switch_events", (json_int_t)p->switches,
		      "reasons", rs);
	json_object_set_new(o, "histogram_buckets",
			    json_string("log2_ns_histogram[0] counts [0, 2) ns, [b] counts [2^b, 2^(b+1)) ns"));
	json_object_set_new(o, "pmu_switch_why",
			    have_switch ? json_null() : json_string(switch_why));
	return o;
}

static const struct exit_pair *sort_p;

static int by_time(const void *a, const void *b)
{
	const struct exit_reason_stats *x = &sort_p->reasons[*(const size_t *)a];
	const struct exit_reason_stats *y = &sort_p->reasons[*(const size_t *)b];

	return x->total_ns < y->total_ns ? 1 : x->total_ns > y->total_ns ? -1 : 0;
}

void trace_out__table(FILE *f, const struct exit_pair *p, bool have_switch)
{
	size_t *order = xcalloc(p->nr_reasons + 1, sizeof(*order)), i;

	for (i = 0; i < p->nr_reasons; i++)
		order[i] = i;
	sort_p = p;
	qsort(order, p->nr_reasons, sizeof(*order), by_time);
	fprintf(f, "  %-24s %9s %11s %11s %11s %7s %9s\n", "exit reason", "count",
		"median ns", "p99 ns", "max ns", "time %", "PMU sw %");
	for (i = 0; i < p->nr_reasons; i++) {
		const struct exit_reason_stats *r = &p->reasons[order[i]];
		char sw[16] = "n/a";

		if (!r->count)
			continue;
		if (have_switch)
			snprintf(sw, sizeof(sw), "%.1f", 100 * r->switch_share);
		fprintf(f, "  %-24s %9llu %11.0f %11.0f %11.0f %7.1f %9s\n", r->name,
			(unsigned long long)r->count, r->median_ns, r->p99_ns, r->max_ns,
			100 * r->time_share, sw);
	}
	fprintf(f, "  %llu exits, %llu paired, %llu unpaired exits, %llu unpaired entries, %llu records lost\n",
		(unsigned long long)p->exits, (unsigned long long)p->paired,
		(unsigned long long)p->unpaired_exits, (unsigned long long)p->unpaired_entries,
		(unsigned long long)p->lost);
	free(order);
}
