/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Order statistics and confidence intervals over one series of samples.
 * Built on GSL (sorting, quantiles, RNG); shared by `run` (terminal
 * table) and `report` (analysis).
 */
#ifndef VPMU_STATS_H
#define VPMU_STATS_H

#include <stddef.h>

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
/* Actual coverage of the order-statistic CI stats__summarize() reports. */
double stats__ci_coverage(size_t n);

#endif
