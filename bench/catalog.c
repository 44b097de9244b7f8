// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "catalog.h"
#include "runner.h"

/* vpmu-guest answers in milliseconds; the hypercall probe alone may take 2 s. */
#define CATALOG_TIMEOUT_MS	10000
#define REQUIRES_TIMEOUT_MS	120000

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

int catalog__load(struct catalog *c, char *why, size_t len)
{
	const char *args[] = { "catalog", NULL };
	json_t *rows;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->doc = runner__call(args, CATALOG_TIMEOUT_MS, NULL, NULL, why, len);
	if (!c->doc)
		return -1;
	rows = json_object_get(c->doc, "rows");
	if (!json_is_array(rows) || !json_array_size(rows)) {
		snprintf(why, len, "vpmu-guest catalog: no \"rows\" array");
		catalog__free(c);
		return -1;
	}
	/* a test build's label, should no requires answer come (no usable KVM) */
	c->test_double = json_incref(json_object_get(c->doc, "test_double"));
	c->n = json_array_size(rows);
	c->rows = xcalloc(c->n, sizeof(*c->rows));
	for (i = 0; i < c->n; i++) {
		json_t *r = json_array_get(rows, i);

		c->rows[i] = (struct catalog_row){
			.collection = str(r, "collection"),
			.collection_summary = str(r, "collection_summary"),
			.name = str(r, "workload"), .summary = str(r, "summary"),
			.timeout_s = json_integer_value(json_object_get(r, "timeout_s")),
		};
	}
	return 0;
}

const struct catalog_row *catalog__find(const struct catalog *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].name, name))
			return &c->rows[i];
	return NULL;
}

bool catalog__has_collection(const struct catalog *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].collection, name))
			return true;
	return false;
}

int catalog__requires(struct catalog *c, const struct probe *p, enum vpmu_mode mode, int gp,
		      const struct catalog_row *const *only, size_t nr_only, char *why, size_t len)
{
	const char **args = xcalloc(2 * nr_only + 6, sizeof(*args));
	size_t i, j, n = 0;
	char gps[16];
	json_t *rows;

	args[n++] = "requires";
	args[n++] = "--mode";
	args[n++] = mode_name(mode);
	if (gp >= 0) {
		snprintf(gps, sizeof(gps), "%d", gp);
		args[n++] = "--guest-gp-counters";
		args[n++] = gps;
	}
	for (i = 0; i < nr_only; i++) {
		args[n++] = "--workload";
		args[n++] = only[i]->name;
	}
	if (!p->kvm_usable) {
		for (i = 0; i < c->n; i++) {
			c->rows[i].runnable = false;
			c->rows[i].why = p->kvm_why[0] ? p->kvm_why : "/dev/kvm not usable";
		}
		c->guest_pmu = json_pack("{s:n, s:s}", "version", "why", p->guest_pmu_why);
		free(args);
		return 0;
	}
	c->req = runner__call(args, REQUIRES_TIMEOUT_MS, NULL, NULL, why, len);
	free(args);
	if (!c->req)
		return -1;
	rows = json_object_get(c->req, "rows");
	c->guest_pmu = json_incref(json_object_get(c->req, "guest_pmu"));
	if (json_object_get(c->req, "test_double")) {
		json_decref(c->test_double);
		c->test_double = json_incref(json_object_get(c->req, "test_double"));
	}
	for (i = 0; i < c->n; i++) {
		c->rows[i].runnable = false;
		c->rows[i].why = "vpmu-guest requires gave no answer for this row";
		for (j = 0; j < json_array_size(rows); j++) {
			json_t *r = json_array_get(rows, j);

			if (strcmp(str(r, "workload"), c->rows[i].name))
				continue;
			c->rows[i].runnable = json_is_true(json_object_get(r, "runnable"));
			c->rows[i].why = str(r, "why");
		}
	}
	return 0;
}

void catalog__free(struct catalog *c)
{
	json_decref(c->doc);
	json_decref(c->req);
	json_decref(c->guest_pmu);
	json_decref(c->test_double);
	free(c->rows);
	memset(c, 0, sizeof(*c));
}
