// SPDX-License-Identifier: GPL-2.0
/* Loading and validating result files (bench/result-schema.md). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <jansson.h>

#include "alloc.h"
#include "result.h"
#include "results.h"

/*
 * The largest magnitude a sample may have: far above any count or cycle
 * total a run produces (2^60), far below where medians, deltas and
 * bootstrap sums overflow to inf.
 */
#define MAX_SAMPLE_MAGNITUDE 1e18

/*
 * A copy of a string from a result file with every control character
 * (escape sequences, newlines) replaced: the text reaches terminals,
 * report.md and summary.txt.
 */
static char *clean_dup(const char *s)
{
	char *d = xstrdup(s), *p;

	for (p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return d;
}

static int fail(char *err, size_t len, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t len, const char *file, const char *fmt, ...)
{
	int n = snprintf(err, len, "%s: ", file);
	va_list ap;

	if (n < 0 || (size_t)n >= len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, len - n, fmt, ap);
	va_end(ap);
	/*
	 * One line, whatever the file's name or jansson's text quotes (a
	 * backslash-newline in a broken file comes back as a newline).
	 */
	for (char *c = err; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return -1;
}

/* A required string member; NULL (and @err set) if absent or not a string. */
static const char *req_str(json_t *o, const char *key, const char *file,
			   const char *where, char *err, size_t len)
{
	json_t *v = json_object_get(o, key);

	if (!v) {
		fail(err, len, file, "%s%s: missing", where, key);
		return NULL;
	}
	if (!json_is_string(v) || !*json_string_value(v)) {
		fail(err, len, file, "%s%s: expected a non-empty string", where, key);
		return NULL;
	}
	return json_string_value(v);
}

static const char *opt_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Numbers of a JSON array into a new double array; -1 on a non-number. */
static int load_numbers(json_t *a, double **out, size_t *n, const char *file,
			const char *where, char *err, size_t len)
{
	size_t i, cnt = json_array_size(a);
	double *v = xrealloc(NULL, cnt * sizeof(*v));

	for (i = 0; i < cnt; i++) {
		json_t *e = json_array_get(a, i);

		if (!json_is_number(e)) {
			free(v);
			return fail(err, len, file, "%s[%zu]: expected a number", where, i);
		}
		v[i] = json_number_value(e);
		if (!isfinite(v[i]) || fabs(v[i]) > MAX_SAMPLE_MAGNITUDE) {
			free(v);
			return fail(err, len, file, "%s[%zu]: %g is out of range (expected a finite number within +-%g)",
				    where, i, json_number_value(e), MAX_SAMPLE_MAGNITUDE);
		}
	}
	*out = v;
	*n = cnt;
	return 0;
}

struct rs_cell *resultset__find(struct resultset *rs, size_t host, const char *mode,
				const char *collection, const char *workload)
{
	size_t i;

	for (i = 0; i < rs->ncells; i++) {
		struct rs_cell *c = &rs->cells[i];

		if (c->host == host && !strcmp(c->mode, mode) &&
		    !strcmp(c->collection, collection) && !strcmp(c->workload, workload))
			return c;
	}
	return NULL;
}

struct rs_series *rs_cell__series(struct rs_cell *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nseries; i++)
		if (!strcmp(c->series[i].name, name))
			return &c->series[i];
	return NULL;
}

bool results__label_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-");

	return n && n <= 40 && !s[n];
}

bool rs_cell__ok(const struct rs_cell *c)
{
	return !strcmp(c->status, "ok") && c->n > 0;
}

static size_t host_index(struct resultset *rs, const char *hostname, const char *model,
			 const char *kernel)
{
	size_t i;

	for (i = 0; i < rs->nhosts; i++)
		if (!strcmp(rs->hosts[i].hostname, hostname) &&
		    !strcmp(rs->hosts[i].cpu_model, model) &&
		    !strcmp(rs->hosts[i].kernel, kernel))
			return i;
	rs->hosts = xrealloc(rs->hosts, (rs->nhosts + 1) * sizeof(*rs->hosts));
	memset(&rs->hosts[rs->nhosts], 0, sizeof(rs->hosts[0]));
	rs->hosts[rs->nhosts].hostname = clean_dup(hostname);
	rs->hosts[rs->nhosts].cpu_model = clean_dup(model);
	rs->hosts[rs->nhosts].kernel = clean_dup(kernel);
	rs->hosts[rs->nhosts].tsc_hz = NAN;
	return rs->nhosts++;
}

static void series_free(struct rs_series *s)
{
	free(s->name);
	free(s->unit);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void cell_free(struct rs_cell *c)
{
	size_t i;

	free(c->file);
	free(c->mode);
	free(c->run_mode);
	free(c->collection);
	free(c->workload);
	free(c->status);
	free(c->reason);
	free(c->unit);
	free(c->guest_execution);
	free(c->v);
	free(c->sorted);
	free(c->boot);
	for (i = 0; i < c->nseries; i++)
		series_free(&c->series[i]);
	free(c->series);
	series_free(&c->calib);
}

/*
 * {"unit": "...", "values": [numbers]} at @where (a row's series.KEY or
 * calibration_batches) into @s, named @name. -1 with @err set if not.
 */
static int load_series(json_t *o, const char *name, struct rs_series *s, const char *file,
		       const char *where, char *err, size_t len)
{
	const char *su = opt_str(o, "unit");
	json_t *vals = json_object_get(o, "values");
	char w[96];

	memset(s, 0, sizeof(*s));
	if (!su || !json_is_array(vals))
		return fail(err, len, file, "%s: expected {\"unit\", \"values\"}", where);
	snprintf(w, sizeof(w), "%s.values", where);
	if (load_numbers(vals, &s->v, &s->n, file, w, err, len))
		return -1;
	s->name = clean_dup(name);
	s->unit = clean_dup(su);
	return 0;
}

static int load_row(struct resultset *rs, json_t *row, size_t idx, size_t run,
		    const char *file, const char *gexec, double tsc_hz, char *err, size_t len)
{
	size_t host = rs->runs[run].host, i;
	const char *mode = rs->runs[run].label;
	const char *coll, *wl, *status, *unit, *reason;
	char where[64];
	json_t *samples, *series, *info, *v, *calib;
	struct rs_cell c, *dup;
	struct rs_series legacy;
	const char *key;

	snprintf(where, sizeof(where), "results[%zu].", idx);
	if (!json_is_object(row))
		return fail(err, len, file, "results[%zu]: expected an object", idx);
	coll = req_str(row, "collection", file, where, err, len);
	wl = coll ? req_str(row, "workload", file, where, err, len) : NULL;
	status = wl ? req_str(row, "status", file, where, err, len) : NULL;
	if (!status)
		return -1;
	if (strcmp(status, "ok") && strcmp(status, "skipped") && strcmp(status, "failed"))
		return fail(err, len, file, "%sstatus: '%s' is not ok, skipped or failed",
			    where, status);
	reason = opt_str(row, "reason");
	if (strcmp(status, "ok") && (!reason || !*reason))
		return fail(err, len, file, "%sreason: missing for a %s row", where, status);
	unit = opt_str(row, "unit");
	if (!strcmp(status, "ok") && (!unit || !*unit))
		return fail(err, len, file, "%sunit: missing", where);
	samples = json_object_get(row, "samples");
	if (!samples)
		return fail(err, len, file, "%ssamples: missing", where);
	if (!json_is_array(samples))
		return fail(err, len, file, "%ssamples: expected an array", where);
	if (!strcmp(status, "ok") && !json_array_size(samples))
		return fail(err, len, file, "%ssamples: empty in an ok row", where);

	/* Another run may give the same cell (resultset__resolve() picks); one file may not. */
	for (i = 0; i < rs->ncells; i++) {
		dup = &rs->cells[i];
		if (dup->run == run && !strcmp(dup->collection, coll) &&
		    !strcmp(dup->workload, wl))
			return fail(err, len, file,
				    "%sworkload: cell (host %s, mode %s, %s/%s) already given by results[%zu]",
				    where, rs->hosts[host].hostname, mode, coll, wl, dup->row);
	}
	if (!strcmp(status, "failed"))
		rs->runs[run].nfailed++;
	else if (!strcmp(status, "ok"))
		rs->runs[run].nok++;

	memset(&c, 0, sizeof(c));
	c.host = host;
	c.run = run;
	c.row = idx;
	c.tsc_hz = tsc_hz;
	c.rate_hz = NAN;
	snprintf(where, sizeof(where), "results[%zu].samples", idx);
	if (load_numbers(samples, &c.v, &c.n, file, where, err, len))
		return -1;
	c.file = clean_dup(file);
	/* Not per sample: any number of batches, but at least one. */
	calib = json_object_get(row, "calibration_batches");
	if (calib && !json_is_null(calib)) {
		snprintf(where, sizeof(where), "results[%zu].calibration_batches", idx);
		if (load_series(calib, "calibration_batches", &c.calib, file, where, err, len))
			goto bad;
		if (!c.calib.n) {
			fail(err, len, file, "%s.values: empty", where);
			goto bad;
		}
	}
	series = json_object_get(row, "series");
	if (series && !json_is_object(series) && !json_is_null(series)) {
		fail(err, len, file, "results[%zu].series: expected an object", idx);
		goto bad;
	}
	json_object_foreach(series, key, v) {
		struct rs_series *s;

		snprintf(where, sizeof(where), "results[%zu].series.%.24s", idx, key);
		/*
		 * Compatibility: files written before calibration_batches
		 * existed carry the calibration batches as series.calibration,
		 * max(reps, 11) values beside reps samples. Accepted whatever
		 * its length (numbers still required) and kept as the cell's
		 * calib, not as a per-sample series; a row's
		 * calibration_batches, if also given, wins.
		 */
		if (!strcmp(key, "calibration")) {
			if (load_series(v, "calibration_batches", &legacy, file, where, err, len))
				goto bad;
			if (!c.calib.n && legacy.n)
				c.calib = legacy;
			else
				series_free(&legacy);
			continue;
		}
		c.series = xrealloc(c.series, (c.nseries + 1) * sizeof(*c.series));
		s = &c.series[c.nseries++];
		if (load_series(v, key, s, file, where, err, len))
			goto bad;
		if (s->n != c.n) {
			fail(err, len, file, "%s.values: %zu values but %zu samples", where,
			     s->n, c.n);
			goto bad;
		}
	}
	info = json_object_get(row, "info");
	v = json_object_get(info, "rate_hz");
	if (json_is_number(v))
		c.rate_hz = json_number_value(v);
	c.mode = clean_dup(mode);
	c.run_mode = clean_dup(rs->runs[run].mode);
	c.collection = clean_dup(coll);
	c.workload = clean_dup(wl);
	c.status = clean_dup(status);
	c.reason = reason ? clean_dup(reason) : NULL;
	c.unit = clean_dup(unit ? unit : "");
	c.guest_execution = clean_dup(gexec);
	rs->cells = xrealloc(rs->cells, (rs->ncells + 1) * sizeof(*rs->cells));
	rs->cells[rs->ncells++] = c;
	rs->nsamples += c.n;
	return 0;
bad:
	cell_free(&c);
	return -1;
}

static void host_merge(struct rs_host *h, const char *date, const char *gexec,
		       double tsc_hz, const char *tsc_why, json_t *meta)
{
	const char *v = opt_str(meta, "tool_version"), *g = opt_str(meta, "git_commit");

	if (json_is_true(json_object_get(json_object_get(meta, "host"), "hypervisor")))
		h->nested = true;
	if (v) {
		free(h->tool_version);
		h->tool_version = clean_dup(v);
	}
	if (g) {
		free(h->git_commit);
		h->git_commit = clean_dup(g);
	}
	if (date && (!h->date || strncmp(date, h->date, 10) < 0)) {
		free(h->date);
		h->date = strndup(date, 10);
	}
	if (!h->guest_execution)
		h->guest_execution = clean_dup(gexec);
	else if (strcmp(h->guest_execution, gexec)) {
		free(h->guest_execution);
		h->guest_execution = clean_dup("mixed");
	}
	if (!isnan(tsc_hz))
		h->tsc_hz = tsc_hz;
	else if (!h->tsc_why)
		h->tsc_why = clean_dup(tsc_why ? tsc_why : "meta.tsc_hz is null");
}

/*
 * meta.test_double (absent or null for a real run): {"name", "scenario",
 * "faults"}, all non-empty strings, so a report can label its rows.
 */
static int load_test_double(struct rs_run *run, json_t *meta, const char *file, char *err,
			    size_t len)
{
	json_t *td = json_object_get(meta, "test_double");
	const char *n, *s, *f;

	if (!td || json_is_null(td))
		return 0;
	if (!json_is_object(td))
		return fail(err, len, file, "meta.test_double: expected an object {\"name\", \"scenario\", \"faults\"}");
	if (!(n = req_str(td, "name", file, "meta.test_double.", err, len)) ||
	    !(s = req_str(td, "scenario", file, "meta.test_double.", err, len)) ||
	    !(f = req_str(td, "faults", file, "meta.test_double.", err, len)))
		return -1;
	run->td_name = clean_dup(n);
	run->td_scenario = clean_dup(s);
	run->td_faults = clean_dup(f);
	return 0;
}

/* @in_dir: a non-result JSON document is passed over (returns 1). */
static int load_file(struct resultset *rs, const char *file, bool in_dir, char *err, size_t len)
{
	const char *schema, *hostname, *mode, *model, *kernel, *gexec, *label;
	json_t *root, *meta, *host, *results, *tsc, *jl;
	struct rs_run *run;
	json_error_t jerr;
	double tsc_hz = NAN;
	struct stat st;
	size_t i, h;
	int ret = -1, fd;

	/*
	 * Only a regular file: a FIFO or a device would block or never end.
	 * O_NONBLOCK keeps the open itself from waiting for a FIFO's writer.
	 */
	fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(err, len, file, "cannot read: %s", strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, len, file, "not a regular file (expected a result file)");
	}
	root = json_loadfd(fd, 0, &jerr);
	close(fd);
	if (!root) {
		if (jerr.line <= 0)
			return fail(err, len, file, "cannot read: %s", jerr.text);
		return fail(err, len, file, "invalid JSON at line %d column %d: %s",
			    jerr.line, jerr.column, jerr.text);
	}
	if (!json_is_object(root)) {
		fail(err, len, file, "top level: expected an object");
		goto out;
	}
	schema = opt_str(root, "schema");
	if (!schema || strncmp(schema, "vpmu-bench/result/", 18)) {
		if (in_dir) {
			fprintf(stderr, "vpmu-bench report: note: %s: not a result file (schema), passed over\n",
				file);
			ret = 1;
			goto out;
		}
		fail(err, len, file, "schema: %s", schema ? "not vpmu-bench/result/*" : "missing");
		goto out;
	}
	/* Exactly the version this reader knows: a newer one may mean other things. */
	if (strcmp(schema, RESULT_SCHEMA)) {
		fail(err, len, file, "schema: unsupported version (expected %s)", RESULT_SCHEMA);
		goto out;
	}
	meta = json_object_get(root, "meta");
	if (!json_is_object(meta)) {
		fail(err, len, file, "meta: %s", meta ? "expected an object" : "missing");
		goto out;
	}
	host = json_object_get(meta, "host");
	if (!json_is_object(host)) {
		fail(err, len, file, "meta.host: %s", host ? "expected an object" : "missing");
		goto out;
	}
	if (!(hostname = req_str(meta, "hostname", file, "meta.", err, len)) ||
	    !(mode = req_str(meta, "mode", file, "meta.", err, len)) ||
	    !(model = req_str(host, "cpu_model_name", file, "meta.host.", err, len)) ||
	    !(kernel = req_str(host, "kernel_release", file, "meta.host.", err, len)))
		goto out;
	gexec = opt_str(meta, "guest_execution");
	if (!gexec)
		gexec = "unknown";
	tsc = json_object_get(meta, "tsc_hz");
	if (json_is_number(tsc) && json_number_value(tsc) > 0)
		tsc_hz = json_number_value(tsc);
	else if (tsc && !json_is_null(tsc)) {
		fail(err, len, file, "meta.tsc_hz: expected a positive number or null");
		goto out;
	}
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		fail(err, len, file, "results: %s", results ? "expected an array" : "missing");
		goto out;
	}
	/* The column the run is shown in: its label, by default its mode. */
	jl = json_object_get(meta, "label");
	label = json_string_value(jl);
	if (jl && !json_is_null(jl) && (!label || !*label)) {
		fail(err, len, file, "meta.label: expected a non-empty string or null");
		goto out;
	}
	if (!label)
		label = mode;
	/* meta.hygiene (host hygiene, bench/result-schema.md): shown, never computed on */
	if (json_object_get(meta, "hygiene") && !json_is_object(json_object_get(meta, "hygiene"))) {
		fail(err, len, file, "meta.hygiene: expected an object");
		goto out;
	}
	h = host_index(rs, hostname, model, kernel);
	host_merge(&rs->hosts[h], opt_str(meta, "started_at"), gexec, tsc_hz,
		   opt_str(meta, "tsc_hz_why"), meta);
	rs->runs = xrealloc(rs->runs, (rs->nruns + 1) * sizeof(*rs->runs));
	run = &rs->runs[rs->nruns++];
	memset(run, 0, sizeof(*run));
	run->file = clean_dup(file);
	run->host = h;
	run->mode = clean_dup(mode);
	run->label = clean_dup(label);
	run->started_at = clean_dup(opt_str(meta, "started_at") ? opt_str(meta, "started_at") : "");
	run->interrupted = json_is_true(json_object_get(meta, "interrupted"));
	if (load_test_double(run, meta, file, err, len))
		goto out;
	for (i = 0; i < json_array_size(results); i++)
		if (load_row(rs, json_array_get(results, i), i, rs->nruns - 1, file, gexec,
			     tsc_hz, err, len))
			goto out;
	rs->files = xrealloc(rs->files, (rs->nfiles + 1) * sizeof(*rs->files));
	rs->files[rs->nfiles++] = clean_dup(file);
	ret = 0;
out:
	json_decref(root);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The *.json files under @path into @names, descending into
 * subdirectories (a tree of run directories) but not through symbolic
 * links, so a link back up cannot loop; at most @depth levels.
 */
static int collect_json(const char *path, int depth, char ***names, size_t *n, char *err,
			size_t len)
{
	struct dirent *de;
	struct stat st;
	char *sub;
	DIR *d;
	int ret = 0;

	d = opendir(path);
	if (!d)
		return fail(err, len, path, "%s", strerror(errno));
	while ((de = readdir(d)) && !ret) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&sub, "%s/%s", path, de->d_name) < 0)
			exit(1);
		if (!lstat(sub, &st) && S_ISDIR(st.st_mode)) {
			if (depth > 0)
				ret = collect_json(sub, depth - 1, names, n, err, len);
			free(sub);
			continue;
		}
		if (l < 6 || strcmp(de->d_name + l - 5, ".json")) {
			free(sub);
			continue;
		}
		*names = xrealloc(*names, (*n + 1) * sizeof(**names));
		(*names)[(*n)++] = sub;
	}
	closedir(d);
	return ret;
}

int resultset__load(struct resultset *rs, const char *path, char *err, size_t len)
{
	char **names = NULL;
	size_t n = 0, i, loaded = 0;
	struct stat st;
	int ret = 0;

	if (stat(path, &st))
		return fail(err, len, path, "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return load_file(rs, path, false, err, len) < 0 ? -1 : 0;
	ret = collect_json(path, 8, &names, &n, err, len);
	if (n)	/* qsort() wants a non-NULL array, even of 0 entries */
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && !ret; i++) {
		int r = load_file(rs, names[i], true, err, len);

		if (r < 0)
			ret = -1;
		else if (!r)
			loaded++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!ret && !loaded)
		return fail(err, len, path, "no result files (*.json with schema %s)",
			    RESULT_SCHEMA);
	return ret;
}

/* 3 complete, 2 some row failed, 1 no row measured (a failed run), 0 interrupted. */
static int run_tier(const struct rs_run *r)
{
	return r->interrupted ? 0 : !r->nok ? 1 : r->nfailed ? 2 : 3;
}

/*
 * > 0 when cell @a should be shown rather than @b (the same cell from
 * two runs): a measured cell before a skipped or failed one, so a failed
 * run never hides an older measurement; then the run with fewer troubles;
 * then the newest run, then the later file name.
 */
static int cell_rank(struct resultset *rs, const struct rs_cell *a, const struct rs_cell *b)
{
	const struct rs_run *ra = &rs->runs[a->run], *rb = &rs->runs[b->run];
	int d;

	if (rs_cell__ok(a) != rs_cell__ok(b))
		return rs_cell__ok(a) ? 1 : -1;
	if (run_tier(ra) != run_tier(rb))
		return run_tier(ra) - run_tier(rb);
	d = strcmp(ra->started_at, rb->started_at);
	return d ? d : strcmp(ra->file, rb->file);
}

void resultset__resolve(struct resultset *rs)
{
	size_t i, j, k = 0;
	bool *drop = xcalloc(rs->ncells ? rs->ncells : 1, sizeof(*drop));

	for (i = 0; i < rs->ncells; i++) {
		struct rs_cell *a = &rs->cells[i];

		for (j = i + 1; j < rs->ncells && !drop[i]; j++) {
			struct rs_cell *b = &rs->cells[j], *lose, *win;
			struct rs_run *lr, *wr;

			if (drop[j] || a->host != b->host || strcmp(a->mode, b->mode) ||
			    strcmp(a->collection, b->collection) || strcmp(a->workload, b->workload))
				continue;
			win = cell_rank(rs, a, b) > 0 ? a : b;
			lose = win == a ? b : a;
			drop[lose - rs->cells] = true;
			lr = &rs->runs[lose->run];
			wr = &rs->runs[win->run];
			lr->nsuperseded++;
			if (!lr->superseded_by) {
				lr->superseded_by = xstrdup(wr->file);
				lr->why = xstrdup(lr->interrupted ? "interrupted" :
						  !rs_cell__ok(lose) && rs_cell__ok(win) ?
						  "has failed or skipped rows" :
						  run_tier(lr) < run_tier(wr) ? "has failed rows" :
						  "older");
			}
		}
	}
	for (i = 0; i < rs->ncells; i++) {
		if (drop[i]) {
			rs->nsamples -= rs->cells[i].n;
			cell_free(&rs->cells[i]);
			continue;
		}
		rs->cells[k++] = rs->cells[i];
	}
	rs->ncells = k;
	free(drop);
}

int resultset__check(struct resultset *rs, char *err, size_t len)
{
	size_t i, j;

	for (i = 0; i < rs->ncells; i++) {
		struct rs_cell *a = &rs->cells[i];

		if (!rs_cell__ok(a))
			continue;
		for (j = 0; j < i; j++) {
			struct rs_cell *b = &rs->cells[j];

			if (!rs_cell__ok(b) || strcmp(a->collection, b->collection) ||
			    strcmp(a->workload, b->workload))
				continue;
			if (strcmp(a->unit, b->unit))
				return fail(err, len, a->file,
					    "results[%zu].unit: '%s' but %s has '%s' for %s/%s",
					    a->row, a->unit, b->file, b->unit, a->collection,
					    a->workload);
		}
	}
	return 0;
}

void resultset__analyze(struct resultset *rs, size_t resamples, unsigned long seed)
{
	size_t i;

	for (i = 0; i < rs->ncells; i++) {
		struct rs_cell *c = &rs->cells[i];

		c->ci.lo = c->ci.hi = c->ci.se = NAN;
		if (!c->n) {
			stats__summarize_sorted(NULL, 0, &c->s);
			continue;
		}
		c->sorted = xrealloc(NULL, c->n * sizeof(double));
		memcpy(c->sorted, c->v, c->n * sizeof(double));
		gsl_sort(c->sorted, 1, c->n);
		stats__summarize_sorted(c->sorted, c->n, &c->s);
		{
			char name[512];

			snprintf(name, sizeof(name), "%s/%s/%s/%s/%s/%s", rs->hosts[c->host].hostname,
				 rs->hosts[c->host].cpu_model, rs->hosts[c->host].kernel, c->mode,
				 c->collection, c->workload);
			c->boot = xrealloc(NULL, resamples * sizeof(double));
			stats__bootstrap_median_draws(c->sorted, c->n, resamples,
						      stats__seed_for(seed, name), &c->ci, c->boot);
		}
	}
}

void resultset__free(struct resultset *rs)
{
	size_t i;

	for (i = 0; i < rs->ncells; i++)
		cell_free(&rs->cells[i]);
	for (i = 0; i < rs->nhosts; i++) {
		free(rs->hosts[i].hostname);
		free(rs->hosts[i].cpu_model);
		free(rs->hosts[i].kernel);
		free(rs->hosts[i].date);
		free(rs->hosts[i].guest_execution);
		free(rs->hosts[i].tsc_why);
		free(rs->hosts[i].tool_version);
		free(rs->hosts[i].git_commit);
	}
	for (i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	for (i = 0; i < rs->nruns; i++) {
		free(rs->runs[i].file);
		free(rs->runs[i].mode);
		free(rs->runs[i].label);
		free(rs->runs[i].started_at);
		free(rs->runs[i].superseded_by);
		free(rs->runs[i].why);
		free(rs->runs[i].td_name);
		free(rs->runs[i].td_scenario);
		free(rs->runs[i].td_faults);
	}
	free(rs->runs);
	free(rs->files);
	free(rs->cells);
	free(rs->hosts);
	memset(rs, 0, sizeof(*rs));
}
