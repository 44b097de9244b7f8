/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The workload table as the commands see it: vpmu-guest owns the table
 * (guest-workloads/collections.c) and answers `catalog` (names, no KVM)
 * and `requires` (which rows can run with the run's arguments, decided
 * once per run, before any row starts).
 */
#ifndef VPMU_CATALOG_H
#define VPMU_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "probe.h"

struct catalog_row {
	const char *collection, *collection_summary, *name, *summary;
	unsigned int timeout_s;		/* 0: the run's default */
	bool runnable;			/* set by catalog__requires() */
	const char *why;		/* why not, when !runnable */
};

struct catalog {
	json_t *doc, *req;		/* vpmu-guest's answers, owning the strings */
	struct catalog_row *rows;
	size_t n;
	json_t *guest_pmu;		/* the guest PMU of the run's VMs, or a reason */
	/*
	 * vpmu-guest's "test_double" ({"name", "scenario", "faults"}) when a
	 * test build runs its guests against a software PMU model; NULL for
	 * the product's vpmu-guest.
	 */
	json_t *test_double;
};

/* Ask vpmu-guest for the table. 0, or -1 with @why. */
int catalog__load(struct catalog *c, char *why, size_t len);
const struct catalog_row *catalog__find(const struct catalog *c, const char *name);
bool catalog__has_collection(const struct catalog *c, const char *name);

/*
 * Decide every row's requirement for a run in @mode with @gp guest GP
 * counters (-1: all), and the guest PMU those VMs get. Where the probe
 * found no usable /dev/kvm, every row is marked with that reason and
 * vpmu-guest is not started. With @nr_only, only those rows are decided
 * (a row's probe may run a guest). 0, or -1 with @why when vpmu-guest
 * failed.
 */
int catalog__requires(struct catalog *c, const struct probe *p, enum vpmu_mode mode, int gp,
		      const struct catalog_row *const *only, size_t nr_only, char *why, size_t len);

void catalog__free(struct catalog *c);

#endif
