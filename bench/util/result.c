// SPDX-License-Identifier: GPL-2.0
/*
 * Result documents: every sample is kept, every unit named, and the file
 * appears whole or not at all (temp file + fsync + rename).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "result.h"
#include "stats.h"

const char *row_status_name(enum row_status s)
{
	switch (s) {
	case ROW_OK: return "ok";
	case ROW_SKIPPED: return "skipped";
	default: return "failed";
	}
}

/* JSON has no NaN: an unknown number is null. */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *series_values(const struct series *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->n; i++)
		json_array_append_new(a, num(s->v[i]));
	return a;
}

static json_t *series_json(const struct series *s)
{
	return json_pack("{s:s, s:o}", "unit", s->unit, "values", series_values(s));
}

static bool per_sample(const struct series *s)
{
	return strcmp(s->name, RESULT_CALIBRATION_BATCHES);
}

static json_t *summary_json(const struct series *s)
{
	struct summary sm;

	stats__summarize(s->v, s->n, &sm);
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o}",
			 "n", (json_int_t)sm.n, "median", num(sm.median), "p10", num(sm.p10),
			 "p90", num(sm.p90), "p99", num(sm.p99), "min", num(sm.min),
			 "max", num(sm.max), "mad", num(sm.mad), "ci95_lo", num(sm.ci95_lo),
			 "ci95_hi", num(sm.ci95_hi),
			 "ci_method", "order statistics (binomial), distribution-free",
			 "ci_coverage", num(stats__ci_coverage(sm.n)));
}

json_t *result__row(const struct row_id *id, enum row_status st, const char *reason,
		    const struct workload_out *out, double wall_s)
{
	json_t *row, *series;
	unsigned int i;
	bool ok = st == ROW_OK && out;

	row = json_pack("{s:s, s:s, s:s, s:s}", "collection", id->collection,
			"workload", id->name, "summary_text", id->summary,
			"status", row_status_name(st));
	json_object_set_new(row, "reason", reason && *reason ? json_string(reason) : json_null());
	json_object_set_new(row, "unit", out && out->unit ? json_string(out->unit) : json_null());
	json_object_set_new(row, "ops_per_sample",
			    out && out->ops_per_sample ? json_integer(out->ops_per_sample) : json_null());
	json_object_set_new(row, "calibration", out && ok ? num(out->calibration) : json_null());
	/* Not per sample: its own field, present only when there are batches. */
	for (i = 0; ok && i < out->nr_extra; i++)
		if (!per_sample(&out->extra[i]) && out->extra[i].n)
			json_object_set_new(row, RESULT_CALIBRATION_BATCHES,
					    series_json(&out->extra[i]));
	json_object_set_new(row, "samples", ok ? series_values(&out->samples) : json_array());
	series = json_object();
	for (i = 0; ok && i < out->nr_extra; i++)
		if (per_sample(&out->extra[i]))
			json_object_set_new(series, out->extra[i].name,
					    series_json(&out->extra[i]));
	json_object_set_new(row, "series", series);
	json_object_set_new(row, "summary", ok ? summary_json(&out->samples) : json_null());
	if (out && out->info)
		json_object_set(row, "info", out->info);
	json_object_set_new(row, "wall_s", num(wall_s));
	return row;
}

void result__file_name(char *buf, size_t len, const char *what)
{
	char host[64] = "host", when[32];
	time_t now = time(NULL);
	char *p;

	gethostname(host, sizeof(host) - 1);
	for (p = host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", gmtime(&now));
	snprintf(buf, len, "%s-%s-%s-%d.json", when, host, what, (int)getpid());
}

int result__write_atomic(const char *dir, const char *name, json_t *doc,
			 char *path, size_t pathlen, char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	int fd, e;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		e = errno;
		snprintf(err, errlen, "--out %s: cannot create directory: %s", dir, strerror(e));
		return -e;
	}
	snprintf(path, pathlen, "%s/%s", dir, name);
	/*
	 * An unnamed file that gets its name only when it is whole: even a
	 * SIGKILL halfway through the write leaves nothing behind. Where the
	 * file system has no O_TMPFILE, a named temp file and rename(2).
	 */
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
		fd = mkstemp(tmp);
	} else {
		tmp[0] = '\0';
	}
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "--out %s: cannot write: %s", dir, strerror(e));
		return -e;
	}
	if (json_dumpfd(doc, fd, JSON_INDENT(1)) ||
	    write(fd, "\n", 1) != 1 || fsync(fd)) {
		e = errno ? errno : EIO;
		close(fd);
		if (tmp[0])
			unlink(tmp);
		snprintf(err, errlen, "%s: write failed: %s", path, strerror(e));
		return -e;
	}
	if (!tmp[0]) {
		char self[64];

		snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
		e = linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW) ? errno : 0;
		close(fd);
		if (e) {
			snprintf(err, errlen, "%s: cannot name the written file: %s", path,
				 strerror(e));
			return -e;
		}
		return 0;
	}
	fchmod(fd, 0644);
	close(fd);
	if (rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		snprintf(err, errlen, "%s: rename failed: %s", path, strerror(e));
		return -e;
	}
	return 0;
}
