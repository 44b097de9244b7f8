/* SPDX-License-Identifier: GPL-2.0 */
/* vpmu-bench overhead: the pieces of the command (bench/overhead*.c). */
#ifndef VPMU_OVERHEAD_H
#define VPMU_OVERHEAD_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "catalog.h"
#include "probe.h"

#define OVH_RUNS		10
#define OVH_WARMUP		2
#define OVH_QUICK_RUNS		3
#define OVH_QUICK_WARMUP	1
/* Work blocks per run: ~0.2 s of guest work on hardware; emulation is ~10^3 x slower. */
#define OVH_WORK_HW		4000
#define OVH_WORK_EMULATED	2
/* Guest instructions of one block (guest-workloads/overhead/overhead_table.c). */
#define OVH_BLOCK_INSNS		(3u * 256 * 64)
#define OVH_TIMEOUT_S		60
#define OVH_NR_RATES		4
#define OVH_NR_KINDS		2

extern const char *const ovh_rate_names[OVH_NR_RATES];	/* "0", "100", ... */
extern const char *const ovh_kind_names[OVH_NR_KINDS];	/* "pmi", "rdpmc" */

struct ovh_opts {
	enum vpmu_mode modes[NR_MODES];
	unsigned int nmodes;
	unsigned int rates, kinds;	/* bitmaps over ovh_rate_names / ovh_kind_names */
	unsigned int runs, warmup, work;
	bool warmup_set, quick;
	unsigned long timeout_s;
	const char *out_dir;
};

struct ovh_ctx {
	const struct ovh_opts *o;
	struct catalog cat;
	struct probe *p;
	volatile sig_atomic_t *stop;
	char *hf_path;			/* hyperfine, or NULL with hf_why */
	char *hf_version;
	char hf_why[512];
};

/*
 * One mode: the result document (meta + results) with one row per
 * selected rate and kind; @mode_why non-NULL marks every row skipped
 * with it. Progress on stderr.
 */
json_t *ovh__run_mode(struct ovh_ctx *c, enum vpmu_mode m, const char *mode_why,
		      int argc, char **argv);

/* The ok rate-0 row of a document, or NULL. */
json_t *ovh__baseline(json_t *doc);

/* The table of one document on @f. */
void ovh__print(FILE *f, json_t *doc);

#endif
