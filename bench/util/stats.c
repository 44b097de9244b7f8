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
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
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

/*
 * MAD of sorted @x around @med: the deviations left of the median fall
 * and those right of it rise, so merging the two runs sorts them in O(n).
 * @out has room for n values.
 */
static double mad_from_sorted_dev(const double *x, size_t n, double med, double *out)
{
	size_t split = 0, i, k = 0;
	long l;

	while (split < n && x[split] < med)
		split++;
	l = (long)split - 1;
	i = split;
	while (l >= 0 || i < n) {
		if (i >= n || (l >= 0 && med - x[l] <= x[i] - med))
			out[k++] = med - x[l--];
		else
			out[k++] = x[i++] - med;
	}
	return gsl_stats_median_from_sorted_data(out, 1, n);
}

void stats__summarize_sorted(const double *x, size_t n, struct summary *s)
{
	double *dev;
	size_t j;

	s->n = n;
	if (!n) {
		s->median = s->p10 = s->p90 = s->p99 = s->min = s->max = NAN;
		s->mean = s->stddev = s->mad = s->ci95_lo = s->ci95_hi = NAN;
		return;
	}
	dev = malloc(n * sizeof(*dev));
	if (!dev) {
		stats__summarize_sorted(NULL, 0, s);
		s->n = 0;
		return;
	}
	s->min = x[0];
	s->max = x[n - 1];
	s->median = gsl_stats_median_from_sorted_data(x, 1, n);
	s->p10 = stats__quantile_sorted(x, n, 0.10);
	s->p90 = stats__quantile_sorted(x, n, 0.90);
	s->p99 = stats__quantile_sorted(x, n, 0.99);
	s->mean = gsl_stats_mean(x, 1, n);
	s->stddev = n > 1 ? gsl_stats_sd_m(x, 1, n, s->mean) : 0.0;
	/* |x - median| is V-shaped over sorted x: merge both halves, no sort */
	s->mad = mad_from_sorted_dev(x, n, s->median, dev);
	j = median_ci_rank(n);
	if (j) {
		s->ci95_lo = x[j - 1];
		s->ci95_hi = x[n - j];
	} else {
		s->ci95_lo = x[0];
		s->ci95_hi = x[n - 1];
	}
	free(dev);
}

void stats__summarize(const double *v, size_t n, struct summary *s)
{
	double *x;

	if (!n) {
		stats__summarize_sorted(NULL, 0, s);
		return;
	}
	x = malloc(n * sizeof(*x));
	if (!x) {
		stats__summarize_sorted(NULL, 0, s);
		return;
	}
	memcpy(x, v, n * sizeof(*x));
	gsl_sort(x, 1, n);
	stats__summarize_sorted(x, n, s);
	free(x);
}

double stats__boot_median_draw(const double *sorted, size_t n, gsl_rng *r)
{
	size_t m, i, j;
	double u1, u2;

	if (n == 1)
		return sorted[0];
	if (n & 1) {
		m = (n + 1) / 2;
		u1 = gsl_ran_beta(r, m, n + 1 - m);
		i = (size_t)(u1 * n);
		return sorted[i < n ? i : n - 1];
	}
	/*
	 * Even n: the mean of order statistics m and m + 1. Given U(m) = u,
	 * U(m+1) is the smallest of the n - m uniforms above u:
	 * u + (1 - u) * Beta(1, n - m).
	 */
	m = n / 2;
	u1 = gsl_ran_beta(r, m, n + 1 - m);
	/* Beta(1, k) = 1 - V^(1/k), V uniform on (0, 1] */
	u2 = u1 + (1.0 - u1) * (1.0 - pow(gsl_rng_uniform_pos(r), 1.0 / (n - m)));
	i = (size_t)(u1 * n);
	j = (size_t)(u2 * n);
	if (i >= n)
		i = n - 1;
	if (j >= n)
		j = n - 1;
	return 0.5 * (sorted[i] + sorted[j]);
}

static gsl_rng *boot_rng(unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	if (r)
		gsl_rng_set(r, seed);
	return r;
}

int stats__bootstrap_median_draws(const double *sorted, size_t n, size_t resamples,
				  unsigned long seed, struct boot_ci *ci, double *draws)
{
	double *d;
	gsl_rng *r;
	size_t b;

	ci->resamples = resamples;
	ci->seed = seed;
	ci->lo = ci->hi = ci->se = NAN;
	if (!n || !resamples)
		return -1;
	d = malloc(resamples * sizeof(*d));
	r = boot_rng(seed);
	if (!d || !r) {
		free(d);
		if (r)
			gsl_rng_free(r);
		return -1;
	}
	for (b = 0; b < resamples; b++)
		d[b] = stats__boot_median_draw(sorted, n, r);
	if (draws)
		memcpy(draws, d, resamples * sizeof(*d));
	ci->se = resamples > 1 ? gsl_stats_sd(d, 1, resamples) : 0.0;
	gsl_sort(d, 1, resamples);
	ci->lo = gsl_stats_quantile_from_sorted_data(d, 1, resamples, 0.025);
	ci->hi = gsl_stats_quantile_from_sorted_data(d, 1, resamples, 0.975);
	gsl_rng_free(r);
	free(d);
	return 0;
}

int stats__bootstrap_median(const double *sorted, size_t n, size_t resamples,
			    unsigned long seed, struct boot_ci *ci)
{
	return stats__bootstrap_median_draws(sorted, n, resamples, seed, ci, NULL);
}

int stats__compare_draws(double med_a, const double *draws_a, double med_b,
			 const double *draws_b, size_t resamples, struct compare *c)
{
	double *d, se_a, se_b;
	size_t i;

	c->delta = c->delta_lo = c->delta_hi = c->ratio = c->ratio_se = c->ratio_u95 = NAN;
	c->significant = 0;
	c->resamples = resamples;
	if (resamples < 2)
		return -1;
	d = malloc(resamples * sizeof(*d));
	if (!d)
		return -1;
	for (i = 0; i < resamples; i++)
		d[i] = draws_a[i] - draws_b[i];
	se_a = gsl_stats_sd(draws_a, 1, resamples);
	se_b = gsl_stats_sd(draws_b, 1, resamples);
	c->delta = med_a - med_b;
	gsl_sort(d, 1, resamples);
	c->delta_lo = gsl_stats_quantile_from_sorted_data(d, 1, resamples, 0.025);
	c->delta_hi = gsl_stats_quantile_from_sorted_data(d, 1, resamples, 0.975);
	c->significant = c->delta_lo > 0.0 || c->delta_hi < 0.0;
	stats__ratio_propagate(med_a, se_a, med_b, se_b, &c->ratio, &c->ratio_se);
	c->ratio_u95 = 1.96 * c->ratio_se;
	free(d);
	return 0;
}

unsigned long stats__seed_for(unsigned long seed, const char *name)
{
	unsigned long h = 14695981039346656037UL;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211UL;
	return seed ^ h;
}

void stats__ratio_propagate(double a, double se_a, double b, double se_b,
			    double *r, double *se_r)
{
	if (b == 0.0 || isnan(a) || isnan(b)) {
		*r = *se_r = NAN;
		return;
	}
	*r = a / b;
	if (a == 0.0) {
		/* relative error of a is undefined; absolute propagation */
		*se_r = fabs(se_a / b);
		return;
	}
	*se_r = fabs(*r) * sqrt((se_a / a) * (se_a / a) + (se_b / b) * (se_b / b));
}

int stats__compare(const double *sorted_a, size_t na, const double *sorted_b, size_t nb,
		   size_t resamples, unsigned long seed, struct compare *c)
{
	double *ma, *mb;
	gsl_rng *r;
	size_t i;
	int ret;

	memset(c, 0, sizeof(*c));
	c->delta = c->delta_lo = c->delta_hi = c->ratio = c->ratio_se = c->ratio_u95 = NAN;
	c->resamples = resamples;
	c->seed = seed;
	if (!na || !nb || resamples < 2)
		return -1;
	ma = malloc(2 * resamples * sizeof(*ma));
	r = boot_rng(seed);
	if (!ma || !r) {
		free(ma);
		if (r)
			gsl_rng_free(r);
		return -1;
	}
	mb = ma + resamples;
	/* the two runs are resampled independently, from one stream */
	for (i = 0; i < resamples; i++) {
		ma[i] = stats__boot_median_draw(sorted_a, na, r);
		mb[i] = stats__boot_median_draw(sorted_b, nb, r);
	}
	gsl_rng_free(r);
	ret = stats__compare_draws(gsl_stats_median_from_sorted_data(sorted_a, 1, na), ma,
				   gsl_stats_median_from_sorted_data(sorted_b, 1, nb), mb,
				   resamples, c);
	c->seed = seed;
	free(ma);
	return ret;
}

double stats__cycles_to_ns(double cycles, double tsc_hz)
{
	if (!(tsc_hz > 0.0))
		return NAN;
	return cycles * 1e9 / tsc_hz;
}
