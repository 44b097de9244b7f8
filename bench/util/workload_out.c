// SPDX-License-Identifier: GPL-2.0
/* Growing per-sample series for workload results. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alloc.h"
#include "workload_out.h"

void series__push(struct series *s, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = v;
}

struct series *workload_out__extra(struct workload_out *o, const char *name, const char *unit)
{
	unsigned int i;

	for (i = 0; i < o->nr_extra; i++)
		if (!strcmp(o->extra[i].name, name))
			return &o->extra[i];
	if (o->nr_extra == WL_MAX_EXTRA) {
		fprintf(stderr, "vpmu-bench: too many series (max %d)\n", WL_MAX_EXTRA);
		exit(1);
	}
	o->extra[o->nr_extra].name = name;
	o->extra[o->nr_extra].unit = unit;
	return &o->extra[o->nr_extra++];
}

void workload_out__note(struct workload_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->note, sizeof(o->note), fmt, ap);
	va_end(ap);
}

void workload_out__free(struct workload_out *o)
{
	unsigned int i;

	free(o->samples.v);
	for (i = 0; i < o->nr_extra; i++)
		free(o->extra[i].v);
	if (o->info)
		json_decref(o->info);
	memset(o, 0, sizeof(*o));
}
