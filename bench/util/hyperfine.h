/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hyperfine's --export-json output, read strictly: `vpmu-bench overhead`
 * times whole guest runs with hyperfine and keeps its numbers only after
 * checking them against its own per-run times.
 */
#ifndef VPMU_HYPERFINE_H
#define VPMU_HYPERFINE_H

#include <stddef.h>

/* At most this many runs in one benchmark: more is not a file we wrote. */
#define HF_MAX_RUNS 100000

/* One benchmark (one command) of a hyperfine export; times in seconds. */
struct hf_bench {
	char *command;
	double mean, stddev;		/* stddev NAN when hyperfine wrote null (1 run) */
	double median, min, max;
	double *times;			/* wall-clock seconds of each run, in run order */
	size_t n;
};

/*
 * Parse @path, which must hold exactly one benchmark whose every run
 * exited 0 and whose mean, stddev, median, min and max agree with its
 * times. 0, or -1 with one line in @err naming the file and the field.
 */
int hyperfine__read(const char *path, struct hf_bench *b, char *err, size_t len);
/* The same from a string (@name names it in errors). */
int hyperfine__parse(const char *text, size_t textlen, const char *name, struct hf_bench *b,
		     char *err, size_t len);
void hf_bench__free(struct hf_bench *b);

/*
 * hyperfine's relative speed: @ratio = mean / mean_ref, with the error
 * propagated to first order from both standard deviations (independent
 * runs), ratio * sqrt((sd/mean)^2 + (sd_ref/mean_ref)^2). @err is NAN
 * when either stddev is (one run). Returns -1 if a mean is not > 0.
 */
int hyperfine__ratio(double mean, double sd, double mean_ref, double sd_ref,
		     double *ratio, double *err);

/* Mean and sample standard deviation (n - 1; NAN for n < 2) of @v. */
void hyperfine__mean_sd(const double *v, size_t n, double *mean, double *sd);

#endif
