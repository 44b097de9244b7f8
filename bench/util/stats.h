/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Order statistics and confidence intervals over one series of samples.
 * Built on GSL (sorting, quantiles, RNG); shared by `run` (terminal
 * table) and `report` (analysis).
 */
#ifndef VPMU_STATS_H
#define VPMU_STATS_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

struct summary {
	size_t n;
	double median;
	double p10, p90, p99;
	double min, max;
	double mean, stddev;		/* sample standard deviation (n - 1) */
	double mad;			/* median absolute deviation (unscaled) */
	double ci95_lo, ci95_hi;	/* 95 % CI of the median, order statistics */
};

/* Quantile (0..1) of sorted data, linear interpolation (GSL, R type 7). */
double stats__quantile_sorted(const double *sorted, size_t n, double q);

/*
 * Summary of @n values (need not be sorted; not modified). For n == 0 every
 * field is NAN. The CI is distribution-free: the order statistics
 * x(j), x(k) whose binomial(n, 1/2) coverage is >= 95 %; for n < 6 no such
 * pair exists and the CI is [min, max] (coverage 1 - 2^(1-n), said so by
 * stats__ci_coverage()).
 */
void stats__summarize(const double *v, size_t n, struct summary *s);
/* The same for data already sorted ascending (saves the copy and sort). */
void stats__summarize_sorted(const double *sorted, size_t n, struct summary *s);
/* Actual coverage of the order-statistic CI stats__summarize() reports. */
double stats__ci_coverage(size_t n);

/*
 * Bootstrap of the median. A resample of n values drawn with replacement
 * from sorted data x has as its k-th smallest value x[floor(n * U(k))],
 * where U(k) is the k-th order statistic of n uniforms, Beta(k, n+1-k).
 * So one resample's median is drawn in O(1) from that Beta law (GSL
 * gsl_ran_beta) instead of O(n) by materializing the resample: the same
 * bootstrap distribution, exactly, at any n. Fixed seed: results repeat.
 */
#define STATS_BOOT_RESAMPLES	10000
#define STATS_BOOT_SEED		20261121UL
#define STATS_BOOT_RNG		"mt19937"



struct boot_ci {
	size_t resamples;
	unsigned long seed;
	double lo, hi;		/* 2.5 % and 97.5 % of the bootstrap medians */
	double se;		/* standard deviation of the bootstrap medians */
};

/* Draw one bootstrap-resample median of @sorted (n >= 1). */
double stats__boot_median_draw(const double *sorted, size_t n, gsl_rng *r);

/*
 * Percentile bootstrap 95 % CI of the median of @sorted (ascending, n >= 1)
 * from @resamples draws with a mt19937 generator seeded with @seed.
 * Returns 0, or -1 if out of memory (ci filled with NAN).
 */
int stats__bootstrap_median(const double *sorted, size_t n, size_t resamples,
			    unsigned long seed, struct boot_ci *ci);

/* The same, also copying the resample medians (in draw order) to @draws. */
int stats__bootstrap_median_draws(const double *sorted, size_t n, size_t resamples,
				  unsigned long seed, struct boot_ci *ci, double *draws);
/* @seed mixed with the FNV-1a hash of @name: one independent stream per cell. */
unsigned long stats__seed_for(unsigned long seed, const char *name);

/* Comparison of a mode (a) against a baseline (b), both sorted. */
struct compare {
	double delta;			/* median(a) - median(b), unit of the samples */
	double delta_lo, delta_hi;	/* 95 % bootstrap CI of the delta */
	double ratio;			/* median(a) / median(b); NAN if median(b) == 0 */
	double ratio_se;		/* propagated standard error of the ratio */
	double ratio_u95;		/* 1.96 * ratio_se: the +- printed with a ratio */
	int significant;		/* 1 if [delta_lo, delta_hi] excludes 0 */
	size_t resamples;
	unsigned long seed;
};

/*
 * Delta of the medians with its percentile bootstrap CI (a and b resampled
 * independently, @resamples pairs, one generator seeded with @seed), and
 * the ratio with first-order error propagation from the bootstrap standard
 * errors of the two medians (independence assumed):
 *   se(r) = |r| * sqrt((se_a / m_a)^2 + (se_b / m_b)^2).
 * Returns 0, or -1 on empty input / out of memory.
 */
int stats__compare(const double *sorted_a, size_t na, const double *sorted_b, size_t nb,
		   size_t resamples, unsigned long seed, struct compare *c);

/*
 * stats__compare() from bootstrap medians drawn beforehand (independent
 * streams, @resamples each, as stats__bootstrap_median_draws() gives).
 */
int stats__compare_draws(double med_a, const double *draws_a, double med_b,
			 const double *draws_b, size_t resamples, struct compare *c);

/* r = a / b and its standard error from those of a and b (independent). */
void stats__ratio_propagate(double a, double se_a, double b, double se_b,
			    double *r, double *se_r);

/* TSC cycles to nanoseconds at @tsc_hz; NAN if tsc_hz is not > 0. */
double stats__cycles_to_ns(double cycles, double tsc_hz);

#endif
