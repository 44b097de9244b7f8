// SPDX-License-Identifier: GPL-2.0
/*
 * Order statistics for one series. The median CI uses the binomial
 * distribution of the number of samples below the true median, so it needs
 * no assumption about the shape of the distribution (exit costs are
 * skewed and multi-modal; a normal-theory CI would mislead).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

double stats__quantile_sorted(const double *sorted, size_t n, double q)
{
	if (!n)
		return NAN;
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, q);
}

/*
 * Smallest j (1-based) such that P(j <= B < n + 1 - j) >= 0.95 with
 * B ~ Binomial(n, 1/2): then [x(j), x(n+1-j)] covers the median with at
 * least 95 %. Returns 0 if even [x(1), x(n)] falls short.
 */
static size_t median_ci_rank(size_t n)
{
	size_t j, best = 0;

	for (j = 1; j <= n / 2; j++) {
		/* P(j <= B <= n - j) = 1 - 2 * P(B <= j - 1) */
		double cov = 1.0 - 2.0 * gsl_cdf_binomial_P(j - 1, 0.5, n);

		if (cov >= 0.95)
			best = j;
		else
			break;
	}
	return best;
}

double stats__ci_coverage(size_t n)
{
	size_t j = median_ci_rank(n);

	if (n == 0)
		return NAN;
	if (!j)
		return 1.0 - 2.0 * gsl_cdf_binomial_P(0, 0.5, n);
	return 1.0 - 2.0 * gsl_cdf_binomial_P(j - 1, 0.5, n);
}

void stats__summarize(const double *v, size_t n, struct summary *s)
{
	double *x, *dev;
	size_t i, j;

	s->n = n;
	if (!n) {
		s->median = s->p10 = s->p90 = s->p99 = s->min = s->max = NAN;
		s->mean = s->stddev = s->mad = s->ci95_lo = s->ci95_hi = NAN;
		return;
	}
	x = malloc(n * sizeof(*x));
	dev = malloc(n * sizeof(*dev));
	if (!x || !dev) {
		free(x);
		free(dev);
		s->n = 0;
		stats__summarize(NULL, 0, s);
		return;
	}
	memcpy(x, v, n * sizeof(*x));
	gsl_sort(x, 1, n);
	s->min = x[0];
	s->max = x[n - 1];
	s->median = gsl_stats_median_from_sorted_data(x, 1, n);
	s->p10 = stats__quantile_sorted(x, n, 0.10);
	s->p90 = stats__quantile_sorted(x, n, 0.90);
	s->p99 = stats__quantile_sorted(x, n, 0.99);
	s->mean = gsl_stats_mean(x, 1, n);
	s->stddev = n > 1 ? gsl_stats_sd_m(x, 1, n, s->mean) : 0.0;
	for (i = 0; i < n; i++)
		dev[i] = fabs(x[i] - s->median);
	gsl_sort(dev, 1, n);
	s->mad = gsl_stats_median_from_sorted_data(dev, 1, n);
	j = median_ci_rank(n);
	if (j) {
		s->ci95_lo = x[j - 1];
		s->ci95_hi = x[n - j];
	} else {
		s->ci95_lo = x[0];
		s->ci95_hi = x[n - 1];
	}
	free(x);
	free(dev);
}
