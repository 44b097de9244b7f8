// SPDX-License-Identifier: GPL-2.0
/*
 * Bootstrap of the median, delta, ratio: checked against references that
 * do not use the code under test: the exact bootstrap distribution of the
 * median (binomial, GSL's gsl_cdf_binomial_Q), a textbook resampling
 * bootstrap written here with gsl_rng, and hand arithmetic.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"
#include "../tap.h"

#define B 20000

/* Textbook bootstrap: materialize each resample, take its median. */
static double naive_median(const double *x, size_t n, gsl_rng *r, double *tmp)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = x[gsl_rng_uniform_int(r, n)];
	gsl_sort(tmp, 1, n);
	return gsl_stats_median_from_sorted_data(tmp, 1, n);
}

int main(void)
{
	double x[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	double y[8] = { 3, 1, 4, 1.5, 9, 2.6, 5.3, 5.8 };
	static double draws[B], ref[B];
	double tmp[16], worst = 0;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t j, b;

	gsl_rng_set(rng, 12345);
	/*
	 * Odd n = 9, distinct values: the resample median is <= x(j) iff at
	 * least 5 of 9 draws are <= x(j): P = Q_binomial(4; j/9, 9).
	 */
	for (b = 0; b < B; b++)
		draws[b] = stats__boot_median_draw(x, 9, rng);
	for (j = 1; j <= 9; j++) {
		double emp = 0, exact = gsl_cdf_binomial_Q(4, j / 9.0, 9);

		for (b = 0; b < B; b++)
			emp += draws[b] <= x[j - 1];
		emp /= B;
		if (fabs(emp - exact) > worst)
			worst = fabs(emp - exact);
	}
	/* 20000 draws: sd of a proportion <= 0.0036; 0.015 is > 4 sd */
	T_NEAR("odd n: draw CDF matches the exact binomial law (max abs diff)", worst, 0, 0.015);

	/*
	 * Even n = 8: against the textbook bootstrap (both Monte Carlo):
	 * mean and standard deviation of the resample medians agree.
	 */
	gsl_sort(y, 1, 8);
	for (b = 0; b < B; b++) {
		draws[b] = stats__boot_median_draw(y, 8, rng);
		ref[b] = naive_median(y, 8, rng, tmp);
	}
	T_NEAR("even n: mean of bootstrap medians = textbook bootstrap",
	       gsl_stats_mean(draws, 1, B), gsl_stats_mean(ref, 1, B), 0.06);
	T_NEAR("even n: sd of bootstrap medians = textbook bootstrap",
	       gsl_stats_sd(draws, 1, B), gsl_stats_sd(ref, 1, B), 0.06);
	gsl_sort(draws, 1, B);
	gsl_sort(ref, 1, B);
	T_NEAR("even n: 2.5 % quantile = textbook bootstrap",
	       gsl_stats_quantile_from_sorted_data(draws, 1, B, 0.025),
	       gsl_stats_quantile_from_sorted_data(ref, 1, B, 0.025), 0.3);
	T_NEAR("even n: 97.5 % quantile = textbook bootstrap",
	       gsl_stats_quantile_from_sorted_data(draws, 1, B, 0.975),
	       gsl_stats_quantile_from_sorted_data(ref, 1, B, 0.975), 0.3);

	/* Percentile CI for n = 9: exact 2.5 % point is the smallest x(j) with P >= .025 */
	{
		struct boot_ci ci, ci2;
		double lo = NAN, hi = NAN;

		for (j = 1; j <= 9; j++) {
			double p = gsl_cdf_binomial_Q(4, j / 9.0, 9);

			if (isnan(lo) && p >= 0.025)
				lo = x[j - 1];
			if (isnan(hi) && p >= 0.975)
				hi = x[j - 1];
		}
		/* exact: P(<= x3) = 0.0424 -> lo = 3; P(<= x6) = 0.8552, x7: 0.9576, x8: 0.9970 -> hi = 8 */
		stats__bootstrap_median(x, 9, 10000, STATS_BOOT_SEED, &ci);
		T_NEAR("n = 9 CI lo = exact bootstrap 2.5 % point (3)", ci.lo, lo, 0.5);
		T_NEAR("n = 9 CI hi = exact bootstrap 97.5 % point (8)", ci.hi, hi, 0.5);
		__T("stated resample count and seed are kept", ci.resamples == 10000 &&
		    ci.seed == STATS_BOOT_SEED);
		stats__bootstrap_median(x, 9, 10000, STATS_BOOT_SEED, &ci2);
		__T("fixed seed: the same CI twice", ci.lo == ci2.lo && ci.hi == ci2.hi && ci.se == ci2.se);
		stats__bootstrap_median(x, 1, 100, 1, &ci);
		__T("n = 1: CI is the value", ci.lo == 1 && ci.hi == 1 && ci.se == 0);
	}

	/* Delta and ratio: constants give exact answers */
	{
		double a[5] = { 10, 10, 10, 10, 10 }, bb[4] = { 4, 4, 4, 4 };
		struct compare c;
		double r, se;

		stats__compare(a, 5, bb, 4, 1000, 1, &c);
		T_NEAR("delta of constants 10 - 4 = 6", c.delta, 6, 0);
		__T("CI of a constant delta is [6, 6]", c.delta_lo == 6 && c.delta_hi == 6);
		__T("a CI excluding 0 is significant", c.significant);
		T_NEAR("ratio 10 / 4 = 2.5", c.ratio, 2.5, 1e-12);
		T_NEAR("ratio of constants has no uncertainty", c.ratio_se, 0, 1e-12);

		/* same data on both sides: delta 0, CI contains 0 -> not significant */
		stats__compare(x, 9, x, 9, 2000, 7, &c);
		T_NEAR("delta of a series with itself is 0", c.delta, 0, 0);
		__T("CI of that delta contains 0", c.delta_lo <= 0 && c.delta_hi >= 0);
		__T("so it is not significant", !c.significant);
		T_NEAR("ratio of a series with itself is 1", c.ratio, 1, 1e-12);

		/* hand: 10 +- 1 over 5 +- 0.5 -> 2 * sqrt(0.01 + 0.01) = 0.28284 */
		stats__ratio_propagate(10, 1, 5, 0.5, &r, &se);
		T_NEAR("ratio 10/5 = 2", r, 2, 1e-12);
		T_NEAR("propagated se = 2 sqrt(0.02)", se, 0.282842712, 1e-8);
		stats__ratio_propagate(1, 0.1, 0, 0.1, &r, &se);
		__T("ratio over 0 is NAN", isnan(r));
		/* 2600 cycles at 2.6 GHz = 1000 ns */
		T_NEAR("2600 cycles at 2.6 GHz = 1000 ns", stats__cycles_to_ns(2600, 2.6e9), 1000, 1e-9);
		__T("no TSC frequency: ns is NAN", isnan(stats__cycles_to_ns(1, NAN)));
	}
	/* Independent streams per cell */
	__T("per-cell seeds differ by name", stats__seed_for(1, "a") != stats__seed_for(1, "b"));
	gsl_rng_free(rng);
	return tap_done();
}
