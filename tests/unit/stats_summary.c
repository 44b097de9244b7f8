// SPDX-License-Identifier: GPL-2.0
/*
 * stats__summarize(): every value below is computed by hand (written out
 * in the comments), not taken from the code's own output.
 */
#include "stats.h"
#include "../tap.h"

int main(void)
{
	/* 1..10 in scrambled order: the function must not rely on order */
	double x[10] = { 7, 3, 10, 1, 9, 2, 8, 5, 6, 4 };
	double odd[5] = { 50, 10, 40, 20, 1000 };
	struct summary s;

	stats__summarize(x, 10, &s);
	__T("n is 10", s.n == 10);
	/* (5 + 6) / 2 */
	T_NEAR("median of 1..10 is 5.5", s.median, 5.5, 1e-12);
	/* type 7: h = (n-1)q = 0.9 -> x1 + 0.9 (x2 - x1) = 1.9 */
	T_NEAR("p10 of 1..10 is 1.9", s.p10, 1.9, 1e-12);
	/* h = 8.1 -> 9 + 0.1 = 9.1 */
	T_NEAR("p90 of 1..10 is 9.1", s.p90, 9.1, 1e-12);
	/* h = 8.91 -> 9.91 */
	T_NEAR("p99 of 1..10 is 9.91", s.p99, 9.91, 1e-12);
	/* |x - 5.5| = .5 .5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 4.5 -> 2.5 */
	T_NEAR("MAD of 1..10 is 2.5", s.mad, 2.5, 1e-12);
	T_NEAR("min 1", s.min, 1, 0);
	T_NEAR("max 10", s.max, 10, 0);
	/* sum of squared deviations 82.5, / 9 */
	T_NEAR("sample sd of 1..10 is sqrt(82.5/9)", s.stddev, sqrt(82.5 / 9), 1e-12);
	/*
	 * n = 10: P(B <= 1) = 11/1024, coverage of [x(2), x(9)] =
	 * 1 - 22/1024 = 0.978515625 >= .95; [x(3), x(8)]: 1 - 112/1024 < .95
	 */
	T_NEAR("order-statistic CI lo = x(2) = 2", s.ci95_lo, 2, 0);
	T_NEAR("order-statistic CI hi = x(9) = 9", s.ci95_hi, 9, 0);
	T_NEAR("coverage for n = 10 is 1 - 22/1024", stats__ci_coverage(10), 1 - 22.0 / 1024, 1e-12);

	/* odd n, one outlier: sorted 10 20 40 50 1000 */
	stats__summarize(odd, 5, &s);
	T_NEAR("median of 5 values with an outlier is 40", s.median, 40, 0);
	/* |x - 40| = 30 20 0 10 960 -> sorted 0 10 20 30 960 -> 20 */
	T_NEAR("MAD ignores the outlier: 20", s.mad, 20, 0);
	/* n = 5 < 6: no pair reaches 95 %, CI is [min, max], coverage 1 - 2/32 */
	T_NEAR("n = 5: CI lo is min", s.ci95_lo, 10, 0);
	T_NEAR("n = 5: CI hi is max", s.ci95_hi, 1000, 0);
	T_NEAR("n = 5: coverage 0.9375", stats__ci_coverage(5), 0.9375, 1e-12);

	/* ties on both sides of the median */
	{
		double t[6] = { 5, 5, 5, 1, 9, 9 };

		stats__summarize(t, 6, &s);
		/* sorted 1 5 5 5 9 9: median 5; |x-5| = 4 0 0 0 4 4 -> 0 0 0 4 4 4 -> 2 */
		T_NEAR("median with ties is 5", s.median, 5, 0);
		T_NEAR("MAD with ties is (0 + 4) / 2 = 2", s.mad, 2, 0);
	}
	stats__summarize(NULL, 0, &s);
	__T("empty input gives n = 0 and NAN median", s.n == 0 && isnan(s.median));
	stats__summarize(x, 1, &s);
	__T("one value: median = CI = that value", s.median == 7 && s.ci95_lo == 7 && s.ci95_hi == 7);
	return tap_done();
}
