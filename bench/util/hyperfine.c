// SPDX-License-Identifier: GPL-2.0
/*
 * Reading hyperfine's JSON export. The file comes from a child process
 * and a directory a user may share, so it is input like any other: every
 * field is checked, numbers must be finite and non-negative, and the
 * summary must agree with the per-run times it summarizes (a file that
 * disagrees with itself is an error, not a number to publish).
 */
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "hyperfine.h"

/* Agreement of a summary with what its times give (hyperfine prints 17 digits). */
#define HF_REL_TOL 1e-9
#define HF_ABS_TOL 1e-12

static int fail(char *err, size_t len, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t len, const char *name, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, len, "%s: ", name);
	if (n < 0 || (size_t)n >= len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, len - n, fmt, ap);
	va_end(ap);
	/* One line, whatever the file held: jansson quotes the bytes near an error. */
	for (; *err; err++)
		if ((unsigned char)*err < 0x20 || *err == 0x7f)
			*err = '?';
	return -1;
}

void hyperfine__mean_sd(const double *v, size_t n, double *mean, double *sd)
{
	double m = 0, ss = 0;
	size_t i;

	for (i = 0; i < n; i++)
		m += v[i];
	m = n ? m / n : NAN;
	for (i = 0; i < n; i++)
		ss += (v[i] - m) * (v[i] - m);
	*mean = m;
	*sd = n >= 2 ? sqrt(ss / (n - 1)) : NAN;
}

int hyperfine__ratio(double mean, double sd, double mean_ref, double sd_ref,
		     double *ratio, double *err)
{
	double r;

	if (!(mean > 0) || !(mean_ref > 0) || !isfinite(mean) || !isfinite(mean_ref))
		return -1;
	r = mean / mean_ref;
	*ratio = r;
	*err = r * sqrt((sd / mean) * (sd / mean) + (sd_ref / mean_ref) * (sd_ref / mean_ref));
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static bool agrees(double a, double b)
{
	return fabs(a - b) <= HF_ABS_TOL + HF_REL_TOL * fmax(fabs(a), fabs(b));
}

/* A finite number >= 0 at results[0].KEY. */
static int get_num(json_t *o, const char *key, const char *name, double *v, char *err,
		   size_t len)
{
	json_t *j = json_object_get(o, key);

	if (!j)
		return fail(err, len, name, "results[0].%s: missing (expected seconds)", key);
	if (!json_is_number(j))
		return fail(err, len, name, "results[0].%s: not a number (expected seconds)", key);
	*v = json_number_value(j);
	if (!isfinite(*v) || *v < 0)
		return fail(err, len, name, "results[0].%s: %g is not a duration (expected finite seconds >= 0)",
			    key, *v);
	return 0;
}

static int check_summary(const struct hf_bench *b, const char *name, char *err, size_t len)
{
	double *s, mean, sd, med;
	int ret = 0;

	hyperfine__mean_sd(b->times, b->n, &mean, &sd);
	s = malloc(b->n * sizeof(*s));
	if (!s)
		return fail(err, len, name, "out of memory for %zu times", b->n);
	memcpy(s, b->times, b->n * sizeof(*s));
	qsort(s, b->n, sizeof(*s), cmp_double);
	med = b->n % 2 ? s[b->n / 2] : (s[b->n / 2 - 1] + s[b->n / 2]) / 2;
	if (!agrees(b->mean, mean))
		ret = fail(err, len, name, "results[0].mean: %.17g but the times give %.17g", b->mean, mean);
	else if (isnan(b->stddev) && !isnan(sd))
		ret = fail(err, len, name, "results[0].stddev: null but %zu runs give %.17g", b->n, sd);
	else if (!isnan(b->stddev) && (isnan(sd) || !agrees(b->stddev, sd)))
		ret = fail(err, len, name, "results[0].stddev: %.17g but the times give %s%.17g",
			   b->stddev, isnan(sd) ? "none for one run: " : "", sd);
	else if (!agrees(b->median, med))
		ret = fail(err, len, name, "results[0].median: %.17g but the times give %.17g",
			   b->median, med);
	else if (!agrees(b->min, s[0]))
		ret = fail(err, len, name, "results[0].min: %.17g but the times give %.17g", b->min, s[0]);
	else if (!agrees(b->max, s[b->n - 1]))
		ret = fail(err, len, name, "results[0].max: %.17g but the times give %.17g",
			   b->max, s[b->n - 1]);
	free(s);
	return ret;
}

static int parse_bench(json_t *r, const char *name, struct hf_bench *b, char *err, size_t len)
{
	json_t *cmd = json_object_get(r, "command"), *times, *codes, *sd, *v;
	size_t i;

	if (!json_is_string(cmd))
		return fail(err, len, name, "results[0].command: missing or not a string");
	times = json_object_get(r, "times");
	if (!json_is_array(times) || !json_array_size(times))
		return fail(err, len, name, "results[0].times: missing or empty (expected an array of seconds)");
	if (json_array_size(times) > HF_MAX_RUNS)
		return fail(err, len, name, "results[0].times: %zu runs (expected at most %d)",
			    json_array_size(times), HF_MAX_RUNS);
	b->n = json_array_size(times);
	b->times = calloc(b->n, sizeof(*b->times));
	if (!b->times)
		return fail(err, len, name, "out of memory for %zu times", b->n);
	json_array_foreach(times, i, v) {
		double t = json_number_value(v);

		if (!json_is_number(v) || !isfinite(t) || t < 0)
			return fail(err, len, name, "results[0].times[%zu]: not a duration (expected finite seconds >= 0)",
				    i);
		b->times[i] = t;
	}
	codes = json_object_get(r, "exit_codes");
	if (codes) {
		if (!json_is_array(codes) || json_array_size(codes) != b->n)
			return fail(err, len, name, "results[0].exit_codes: expected an array of %zu exit codes",
				    b->n);
		json_array_foreach(codes, i, v) {
			if (json_is_null(v) || !json_is_integer(v))
				return fail(err, len, name, "results[0].exit_codes[%zu]: the run ended without an exit code (killed?)",
					    i);
			if (json_integer_value(v))
				return fail(err, len, name, "results[0].exit_codes[%zu]: run %zu exited %lld (expected 0)",
					    i, i + 1, (long long)json_integer_value(v));
		}
	}
	if (get_num(r, "mean", name, &b->mean, err, len) ||
	    get_num(r, "median", name, &b->median, err, len) ||
	    get_num(r, "min", name, &b->min, err, len) ||
	    get_num(r, "max", name, &b->max, err, len))
		return -1;
	sd = json_object_get(r, "stddev");
	if (json_is_null(sd)) {
		b->stddev = NAN;
	} else if (get_num(r, "stddev", name, &b->stddev, err, len)) {
		return -1;
	}
	if (check_summary(b, name, err, len))
		return -1;
	b->command = strdup(json_string_value(cmd));
	if (!b->command)
		return fail(err, len, name, "out of memory");
	return 0;
}

static int from_doc(json_t *doc, const char *name, struct hf_bench *b, char *err, size_t len)
{
	json_t *res = json_object_get(doc, "results");
	int ret;

	memset(b, 0, sizeof(*b));
	if (!json_is_object(doc))
		return fail(err, len, name, "not a JSON object (expected hyperfine --export-json output)");
	if (!json_is_array(res))
		return fail(err, len, name, "results: missing or not an array (expected hyperfine --export-json output)");
	if (json_array_size(res) != 1)
		return fail(err, len, name, "results: %zu benchmarks (expected exactly 1)",
			    json_array_size(res));
	if (!json_is_object(json_array_get(res, 0)))
		return fail(err, len, name, "results[0]: not an object");
	ret = parse_bench(json_array_get(res, 0), name, b, err, len);
	if (ret)
		hf_bench__free(b);
	return ret;
}

int hyperfine__parse(const char *text, size_t textlen, const char *name, struct hf_bench *b,
		     char *err, size_t len)
{
	json_error_t je;
	json_t *doc;
	int ret;

	memset(b, 0, sizeof(*b));
	doc = json_loadb(text, textlen, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		return fail(err, len, name, "line %d column %d: %s", je.line, je.column, je.text);
	ret = from_doc(doc, name, b, err, len);
	json_decref(doc);
	return ret;
}

int hyperfine__read(const char *path, struct hf_bench *b, char *err, size_t len)
{
	json_error_t je;
	json_t *doc;
	int ret;

	memset(b, 0, sizeof(*b));
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		if (je.line <= 0)
			return fail(err, len, path, "%s", je.text);
		return fail(err, len, path, "line %d column %d: %s", je.line, je.column, je.text);
	}
	ret = from_doc(doc, path, b, err, len);
	json_decref(doc);
	return ret;
}

void hf_bench__free(struct hf_bench *b)
{
	free(b->command);
	free(b->times);
	memset(b, 0, sizeof(*b));
}
