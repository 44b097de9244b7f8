// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench suite: the whole comparison in one command. Each cell is one
 * vpmu-bench command line (run, native, trace, overhead) run in a child
 * in its own directory; modes other than nopmu and the host's own go
 * through kmod/load, whose journal puts the host back on every exit path.
 * After every cell the index is rewritten atomically, so an interrupted
 * suite leaves a valid index that --resume completes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "catalog.h"
#include "cli.h"
#include "commands.h"
#include "result.h"
#include "stop.h"
#include "suite.h"

#define CMD "suite"

static volatile sig_atomic_t stop;

static void usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-bench suite [--quick] [--modes LIST] [--collections LIST] [--reps R]\n"
"                        [--samples N] [--cpu N] [--cell-timeout S] --out DIR\n"
"       vpmu-bench suite --resume DIR\n\n"
"Runs every mode x collection x repetition as a cell (one 'vpmu-bench run'),\n"
"plus one native cell, one trace cell and one overhead cell per mode, and\n"
"keeps DIR/index.json: every cell's command line, state (done, skipped or\n"
"failed, with the reason), result files and times, rewritten after each\n"
"cell. Each repetition visits every mode once, starting one mode later\n"
"than the one before, so drift does not look like a mode effect. nopmu is\n"
"per VM and always runs; the host's own mode runs as it is; other modes\n"
"are loaded with kmod/load and the host is restored (kmod/load --restore)\n"
"on every exit path, Ctrl-C included. A mode kmod/load refuses is skipped\n"
"with its refusal. 'vpmu-bench report DIR' turns DIR into the report.\n\n"
"  -q, --quick            the two-minute version: --collections exit --reps 2\n"
"                         --samples 20, overhead --quick\n"
"  -m, --modes LIST       comma-separated modes, or all (default all: nopmu,\n"
"                         legacy, mediated-vmcs, mediated-autostore)\n"
"  -c, --collections LIST comma-separated collections (see 'vpmu-bench list'),\n"
"                         or all (default all but overhead, which the\n"
"                         overhead cells time whole)\n"
"  -r, --reps R           repetitions of every mode x collection (default 3)\n"
"  -s, --samples N        samples per workload, run's --reps (default 100)\n"
"      --cpu N            pin the vCPU (run, native and trace cells' --cpu N)\n"
"      --cell-timeout S   stop a cell still running after S seconds and record\n"
"                         it as failed (default 3600; --quick: 600)\n"
"  -o, --out DIR          the suite directory (new, or one without an index)\n"
"      --resume DIR       run the cells of DIR/index.json that are pending or\n"
"                         failed, with the options stored there\n\n"
"Exit status: 0 when every cell is done or skipped; 1 when a cell failed or\n"
"the host could not be restored; 2 on bad usage (nothing written); 130 if\n"
"interrupted (the running cell is stopped and its files removed, modules\n"
"restored, the index written: --resume completes it).\n");
}

struct suite_args {
	struct suite_opts o;
	const char *out, *resume;
	const char *modes_arg, *colls_arg;
	bool reps_set, samples_set, timeout_set;
};

enum { OPT_RESUME = 256, OPT_CPU, OPT_CELL_TIMEOUT };

static int on_opt(void *ctx, int val, const char *arg)
{
	struct suite_args *a = ctx;

	switch (val) {
	case 'q':
		a->o.quick = true;
		return 0;
	case 'm':
		a->modes_arg = arg;
		return 0;
	case 'c':
		a->colls_arg = arg;
		return 0;
	case 'r':
		a->reps_set = true;
		return parse_uint_opt(CMD, "--reps", arg, 1, 1000, &a->o.reps) ? 0 : EXIT_USAGE;
	case 's':
		a->samples_set = true;
		return parse_uint_opt(CMD, "--samples", arg, 1, 1000000, &a->o.samples) ?
			       0 : EXIT_USAGE;
	case 'o':
		a->out = arg;
		return 0;
	case OPT_RESUME:
		a->resume = arg;
		return 0;
	case OPT_CPU: {
		cpu_set_t avail;
		unsigned long v;

		if (!parse_uint_opt(CMD, "--cpu", arg, 0, CPU_SETSIZE - 1, &v))
			return EXIT_USAGE;
		if (!sched_getaffinity(0, sizeof(avail), &avail) && !CPU_ISSET(v, &avail))
			return usage_error(CMD, "--cpu %lu: no such CPU available to this process (this host has CPUs 0-%ld)",
					   v, sysconf(_SC_NPROCESSORS_CONF) - 1);
		a->o.cpu = v;
		return 0;
	}
	case OPT_CELL_TIMEOUT:
		a->timeout_set = true;
		return parse_uint_opt(CMD, "--cell-timeout", arg, 1, 86400, &a->o.cell_timeout_s) ?
			       0 : EXIT_USAGE;
	}
	return EXIT_USAGE;
}

/* Split "a,b,c" into @out (entries of @valid), checking each against @valid. */
static int split_list(const char *opt, const char *arg, const char *const *valid, size_t nvalid,
		      const char **out, size_t *n, const char *expected)
{
	char *copy = xstrdup(arg), *save = NULL, *tok;
	size_t i, j;
	int r = 0;

	*n = 0;
	if (!strcmp(arg, "all")) {
		for (i = 0; i < nvalid; i++)
			out[(*n)++] = valid[i];
		goto out;
	}
	for (tok = strtok_r(copy, ",", &save); tok && !r; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < nvalid && strcmp(tok, valid[i]); i++)
			;
		if (i == nvalid) {
			r = usage_error(CMD, "%s %s: unknown '%s' (expected a comma-separated list of: %s; or all)",
					opt, arg, tok, expected);
			break;
		}
		for (j = 0; j < *n && !r; j++)
			if (out[j] == valid[i])
				r = usage_error(CMD, "%s %s: '%s' given twice", opt, arg, tok);
		if (!r)
			out[(*n)++] = valid[i];
	}
	if (!r && !*n)
		r = usage_error(CMD, "%s '%s': expected a comma-separated list of: %s; or all",
				opt, arg, expected);
out:
	free(copy);
	return r;
}

/* The collections vpmu-guest knows, in its table's order. */
static int known_collections(struct catalog *cat, const char ***names, size_t *n)
{
	char why[512];
	size_t i;

	if (catalog__load(cat, why, sizeof(why))) {
		fprintf(stderr, "vpmu-bench suite: error: %s\n", why);
		return 1;
	}
	*names = xcalloc(cat->n + 1, sizeof(**names));
	*n = 0;
	/*
	 * Not "overhead": its rows are timed whole by the overhead cells
	 * (hyperfine); a run cell of them would only repeat that work.
	 */
	for (i = 0; i < cat->n; i++)
		if ((!*n || strcmp((*names)[*n - 1], cat->rows[i].collection)) &&
		    strcmp(cat->rows[i].collection, "overhead"))
			(*names)[(*n)++] = cat->rows[i].collection;
	return 0;
}

static void iso_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static const char *get_str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* What the suite knows while it runs. */
struct suite {
	const char *dir;
	json_t *index;
	char *cur_mode;			/* the host's mode now, as far as the suite knows */
	json_t *probe_modes;		/* probe's "modes": why each is (not) reachable */
	bool loaded;			/* kmod/load ran: restore at the end */
	char *refused[SUITE_NR_MODES];
	double t0, exec_s;
	size_t nexec;
	unsigned long cell_timeout_s;
};

static int write_index(struct suite *s)
{
	char now[32], path[4096], final[4096], err[512];
	size_t d, k, p;

	iso_now(now, sizeof(now));
	json_object_set_new(s->index, "updated", json_string(now));
	suite__count(s->index, &d, &k, &p);
	/*
	 * Whole under a hidden name (report passes over dot files), then
	 * renamed over the old index: a reader sees the old or the new one.
	 */
	snprintf(final, sizeof(final), "%s/%s", s->dir, SUITE_INDEX);
	snprintf(path, sizeof(path), "%s/." SUITE_INDEX ".new", s->dir);
	unlink(path);
	if (result__write_atomic(s->dir, "." SUITE_INDEX ".new", s->index, path, sizeof(path),
				 err, sizeof(err))) {
		fprintf(stderr, "vpmu-bench suite: error: %s\n", err);
		return -1;
	}
	if (rename(path, final)) {
		fprintf(stderr, "vpmu-bench suite: error: %s: %s\n", final, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

static const char *probe_why(struct suite *s, const char *mode)
{
	json_t *m;
	size_t i;

	json_array_foreach(s->probe_modes, i, m)
		if (!strcmp(get_str(m, "name") ?: "", mode))
			return json_is_true(json_object_get(m, "reachable")) ? NULL :
			       get_str(m, "why");
	return NULL;
}

static int mode_index(const char *mode)
{
	int i;

	for (i = 0; i < SUITE_NR_MODES; i++)
		if (!strcmp(suite_modes[i], mode))
			return i;
	return 0;
}

/* One kmod/load call, its outcome kept in the index's "kmod" list. */
static int kmod_load(struct suite *s, const char *what, bool shield, struct cell_exit *ce)
{
	char *argv[] = { "kmod/load", (char *)what, NULL }, log[4096], now[32];
	json_t *ev = json_object(), *list = json_object_get(s->index, "kmod");
	int rc;

	if (!list) {
		list = json_array();
		json_object_set_new(s->index, "kmod", list);
	}
	snprintf(log, sizeof(log), "%s/kmod-load.log", s->dir);
	iso_now(now, sizeof(now));
	/* A load may take minutes (module unload waits); a restore is never cut short. */
	suite__exec(suite__kmod_load(), argv, NULL, log, &stop, shield, shield ? 0 : 600, ce);
	rc = ce->ran && WIFEXITED(ce->status) ? WEXITSTATUS(ce->status) : -1;
	json_object_set_new(ev, "command_line", json_sprintf("kmod/load %s", what));
	set_str(ev, "start", now);
	json_object_set_new(ev, "exit_status", rc >= 0 ? json_integer(rc) : json_null());
	set_str(ev, "message", ce->line);
	json_array_append_new(list, ev);
	return rc;
}

/*
 * kmod/load changed, or may have changed, the host: say so in the index at
 * once, so that a suite killed outright (SIGKILL, a crash) and then
 * resumed still restores at its end.
 */
static void host_changed(struct suite *s)
{
	s->loaded = true;
	json_object_set_new(s->index, "host_changed", json_true());
	write_index(s);
}

/*
 * Make @mode the host's mode. 0 ready, 1 unreachable (@why), -1 the suite
 * was interrupted during the load.
 */
static int ensure_mode(struct suite *s, const char *mode, char *why, size_t len)
{
	int i = mode_index(mode), rc;
	const char *pw, *msg;
	struct cell_exit ce;
	char pwhy[256];
	json_t *pm;

	if (!strcmp(mode, "nopmu") || (s->cur_mode && !strcmp(s->cur_mode, mode)))
		return 0;
	if (s->refused[i]) {
		snprintf(why, len, "%s", s->refused[i]);
		return 1;
	}
	progress("loading mode %s: kmod/load %s", mode, mode);
	rc = kmod_load(s, mode, false, &ce);
	progress_done();
	/*
	 * Interrupted, kmod/load restores by itself, but whether it got that
	 * far is not known here: restore (a no-op without a journal).
	 */
	if (stop) {
		host_changed(s);
		return -1;
	}
	/* Stopped at its deadline: it restores on TERM, but restore anyway. */
	if (ce.timed_out) {
		host_changed(s);
		snprintf(ce.line, sizeof(ce.line), "did not finish within 600 s, stopped");
	}
	if (rc == 0) {
		host_changed(s);
		free(s->cur_mode);
		s->cur_mode = xstrdup(mode);
		return 0;
	}
	pw = probe_why(s, mode);
	/* "kmod/load: error: refusing: X" reads "kmod/load refused: X" here. */
	msg = strstr(ce.line, "error: ");
	msg = msg ? msg + 7 : ce.line;
	if (!strncmp(msg, "refusing: ", 10))
		msg += 10;
	if (asprintf(&s->refused[i], "mode %s not reachable: kmod/load %s: %s%s%s", mode,
		     rc < 0 ? "did not run" : "refused", *msg ? msg : "no message",
		     pw ? "; probe: " : "", pw ?: "") < 0)
		exit(1);
	snprintf(why, len, "%s", s->refused[i]);
	/*
	 * A refusal changes nothing, but a failure after an earlier load puts
	 * back the journal's state: ask the host where it is now.
	 */
	if (!s->loaded)
		return 1;
	free(s->cur_mode);
	s->cur_mode = suite__host_mode(&pm, pwhy, sizeof(pwhy));
	json_decref(pm);
	return 1;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	if (f->level == 0)
		return 0;
	return remove(path) ? -1 : 0;
}

/* An empty directory for the cell: nothing of an earlier, interrupted try. */
static int cell_dir(struct suite *s, const char *dir, char *path, size_t len)
{
	char cells[4096];

	snprintf(cells, sizeof(cells), "%s/cells", s->dir);
	snprintf(path, len, "%s/%s", s->dir, dir);
	if ((mkdir(cells, 0755) && errno != EEXIST) || (mkdir(path, 0755) && errno != EEXIST))
		return -1;
	return nftw(path, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* The cell's result files, and the rows per status in them. */
static void collect_results(struct suite *s, json_t *cell, const char *path)
{
	json_t *files = json_array(), *rows = NULL, *note = NULL;
	const char *dir = get_str(cell, "dir");
	struct dirent *de;
	DIR *d = opendir(path);
	size_t ok = 0, sk = 0, fa = 0;
	char first_skip[256] = "", first_fail[512] = "";

	while (d && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char file[8192];
		json_t *doc, *r;
		size_t i;

		if (l < 6 || strcmp(de->d_name + l - 5, ".json") || de->d_name[0] == '.')
			continue;
		json_array_append_new(files, json_sprintf("%s/%s", dir, de->d_name));
		snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
		doc = json_load_file(file, 0, NULL);
		json_array_foreach(json_object_get(doc, "results"), i, r) {
			const char *st = get_str(r, "status") ?: "";

			rows = rows ?: json_object();
			ok += !strcmp(st, "ok");
			if (!strcmp(st, "failed") && !fa++)
				snprintf(first_fail, sizeof(first_fail), "%s/%s: %s",
					 get_str(r, "collection") ?: "?",
					 get_str(r, "workload") ?: "?",
					 get_str(r, "reason") ?: "no reason");
			if (!strcmp(st, "skipped") && !sk++)
				snprintf(first_skip, sizeof(first_skip), "%s",
					 get_str(r, "reason") ?: "");
		}
		json_decref(doc);
	}
	if (d)
		closedir(d);
	json_object_set_new(cell, "results", files);
	if (!rows)
		return;
	json_object_set_new(rows, "ok", json_integer(ok));
	json_object_set_new(rows, "skipped", json_integer(sk));
	json_object_set_new(rows, "failed", json_integer(fa));
	json_object_set_new(cell, "rows", rows);
	/* Done, yet nothing measured: say why where the index is read. */
	if (!ok && !fa && sk)
		note = json_sprintf("every row skipped: %s", first_skip);
	/* The failure that counts is the rows', in the result file: name the first. */
	if (fa)
		note = json_sprintf("%zu of %zu rows failed, first %s", fa, ok + sk + fa, first_fail);
	if (note)
		json_object_set_new(cell, "note", note);
}

static void fmt_dur(double s, char *buf, size_t len)
{
	unsigned long t = s < 0 ? 0 : (unsigned long)(s + 0.5);

	snprintf(buf, len, "%lu:%02lu", t / 60, t % 60);
}

static void finish_cell(json_t *c, const char *state, const char *reason, int status)
{
	char now[32];

	iso_now(now, sizeof(now));
	set_str(c, "state", state);
	set_str(c, "reason", reason);
	json_object_set_new(c, "exit_status", status >= 0 ? json_integer(status) : json_null());
	set_str(c, "end", now);
	if (!get_str(c, "start"))
		set_str(c, "start", now);
}

/* Run one cell. 0 ran (whatever its outcome), -1 the suite was interrupted. */
static int run_cell(struct suite *s, json_t *c)
{
	const char *mode = get_str(c, "mode"), *dir = get_str(c, "dir");
	json_t *av = json_object_get(c, "argv");
	char why[4600], path[4096], log[4200], now[32];
	char **argv;
	struct cell_exit ce;
	size_t i;
	int rc = 0, st;

	/* Nothing of an earlier try (a failed cell that --resume runs again). */
	json_object_del(c, "rows");
	json_object_del(c, "note");
	json_object_set_new(c, "results", json_array());
	set_str(c, "start", NULL);
	set_str(c, "end", NULL);
	set_str(c, "reason", NULL);
	json_object_set_new(c, "exit_status", json_null());
	json_object_set_new(c, "wall_s", json_null());
	if (mode) {
		rc = ensure_mode(s, mode, why, sizeof(why));
		if (rc < 0)
			return -1;
		if (rc > 0) {
			finish_cell(c, "skipped", why, -1);
			json_object_set_new(c, "wall_s", json_null());
			return 0;
		}
	}
	if (cell_dir(s, dir, path, sizeof(path))) {
		snprintf(why, sizeof(why), "cannot prepare %s: %s", path, strerror(errno));
		finish_cell(c, "failed", why, -1);
		return 0;
	}
	snprintf(log, sizeof(log), "%s/cell.log", path);
	argv = xcalloc(json_array_size(av) + 2, sizeof(*argv));
	argv[0] = "vpmu-bench";
	for (i = 0; i < json_array_size(av); i++)
		argv[i + 1] = (char *)json_string_value(json_array_get(av, i));
	iso_now(now, sizeof(now));
	set_str(c, "start", now);
	suite__exec(suite__self() ?: "vpmu-bench", argv, s->dir, log, &stop, false,
		    s->cell_timeout_s, &ce);
	free(argv);
	st = ce.ran && WIFEXITED(ce.status) ? WEXITSTATUS(ce.status) : -1;
	/* Stopped by Ctrl-C: pending again, nothing of it left for the report. */
	if (stop && st != 0 && st != 4) {
		cell_dir(s, dir, path, sizeof(path));
		set_str(c, "state", "pending");
		set_str(c, "start", NULL);
		json_object_set_new(c, "reason", json_sprintf("interrupted by signal %d; --resume runs it again",
							      (int)stop));
		return -1;
	}
	s->nexec++;
	s->exec_s += ce.wall_s;
	json_object_set_new(c, "wall_s", json_real(ce.wall_s));
	collect_results(s, c, path);
	if (!ce.ran) {
		finish_cell(c, "failed", ce.line, -1);
	} else if (ce.timed_out) {
		snprintf(why, sizeof(why), "timed out: still running after %lu s (--cell-timeout), stopped; last output: %s",
			 s->cell_timeout_s, ce.line[0] ? ce.line : "none");
		finish_cell(c, "failed", why, st);
	} else if (WIFSIGNALED(ce.status)) {
		snprintf(why, sizeof(why), "killed by signal %d (%s)", WTERMSIG(ce.status),
			 strsignal(WTERMSIG(ce.status)));
		finish_cell(c, "failed", why, -1);
	} else if (st == 0) {
		finish_cell(c, "done", NULL, 0);
	} else if (st == 4) {
		/*
		 * The result file's reason first: the command's last line may
		 * be "results written to ...", not why nothing was measured.
		 */
		const char *note = get_str(c, "note");

		finish_cell(c, "skipped", note ? note : ce.line[0] ? ce.line :
			    "exit status 4 (skip), no reason given", 4);
	} else {
		const char *note = get_str(c, "note");

		if (st == 1 && json_object_get(c, "rows") && note)
			snprintf(why, sizeof(why), "exit status 1: %s (the result file has every row)",
				 note);
		else
			snprintf(why, sizeof(why), "exit status %d%s: %s", st,
				 st == 2 ? " (usage)" : "", ce.line[0] ? ce.line : "no message");
		finish_cell(c, "failed", why, st);
	}
	return 0;
}

static void print_summary(struct suite *s)
{
	size_t i, d, k, p, f;
	json_t *c;

	printf("%-36s %-8s %s\n", "cell", "state", "detail");
	json_array_foreach(json_object_get(s->index, "cells"), i, c) {
		const char *st = get_str(c, "state"), *why = get_str(c, "reason");
		json_t *rows = json_object_get(c, "rows");
		char detail[1200] = "";

		if (rows && strcmp(st, "failed"))
			snprintf(detail, sizeof(detail), "rows: %lld ok, %lld failed, %lld skipped%s%s",
				 json_integer_value(json_object_get(rows, "ok")),
				 json_integer_value(json_object_get(rows, "failed")),
				 json_integer_value(json_object_get(rows, "skipped")),
				 get_str(c, "note") ? "; " : "", get_str(c, "note") ?: "");
		else if (why)
			snprintf(detail, sizeof(detail), "%s", why);
		printf("%-36s %-8s %s\n", get_str(c, "id"), st, detail);
	}
	f = suite__count(s->index, &d, &k, &p);
	printf("\nsuite: %zu cells: %zu done, %zu skipped, %zu failed, %zu pending; index %s/%s\n",
	       json_array_size(json_object_get(s->index, "cells")), d, k, f, p, s->dir,
	       SUITE_INDEX);
}

static int restore(struct suite *s)
{
	struct cell_exit ce;
	json_t *r = json_object();
	int rc;

	progress("restoring the host: kmod/load --restore");
	rc = kmod_load(s, "--restore", true, &ce);
	progress_done();
	json_object_set_new(r, "exit_status", rc >= 0 ? json_integer(rc) : json_null());
	set_str(r, "message", ce.line);
	json_object_set_new(s->index, "restore", r);
	if (!rc)
		json_object_set_new(s->index, "host_changed", json_false());
	if (rc) {
		fprintf(stderr, "vpmu-bench suite: error: kmod/load --restore failed (%s); the host's KVM modules may not be as they were: run 'kmod/load --restore' again\n",
			ce.line[0] ? ce.line : "no message");
		return -1;
	}
	return 0;
}

/* Cells from @from on that this invocation still has to run. */
static size_t to_run(json_t *cells, size_t from)
{
	size_t n = 0;

	for (; from < json_array_size(cells); from++) {
		const char *st = get_str(json_array_get(cells, from), "state");

		n += strcmp(st, "done") && strcmp(st, "skipped");
	}
	return n;
}

static int run_suite(struct suite *s)
{
	json_t *cells = json_object_get(s->index, "cells"), *c, *host = json_object();
	size_t i, n = json_array_size(cells), d, k, p, f;
	char why[512], el[32], eta[32];
	int ret = 0;

	s->t0 = mono_s();
	/* An earlier invocation loaded a mode and never restored: this one does. */
	s->loaded = json_is_true(json_object_get(s->index, "host_changed"));
	s->cell_timeout_s = json_integer_value(json_object_get(json_object_get(s->index, "options"),
							       "cell_timeout_s"));
	progress("probing the host's mode (vpmu-bench probe --json)");
	s->cur_mode = suite__host_mode(&s->probe_modes, why, sizeof(why));
	progress_done();
	set_str(host, "mode_at_start", s->cur_mode);
	set_str(host, "why", s->cur_mode ? NULL : why);
	json_object_set_new(s->index, "host", host);
	json_array_foreach(cells, i, c) {
		const char *st = get_str(c, "state");

		if (stop)
			break;
		if (!strcmp(st, "done") || !strcmp(st, "skipped"))
			continue;
		fmt_dur(mono_s() - s->t0, el, sizeof(el));
		if (s->nexec)
			fmt_dur(s->exec_s / s->nexec * to_run(cells, i), eta, sizeof(eta));
		else
			snprintf(eta, sizeof(eta), "?");
		progress("[%zu/%zu] %s  elapsed %s  ETA %s", i + 1, n, get_str(c, "id"), el, eta);
		if (run_cell(s, c) < 0) {
			progress_done();
			break;
		}
		progress_done();
		if (write_index(s)) {
			ret = 1;
			break;
		}
	}
	if (s->loaded && restore(s))
		ret = 1;
	f = suite__count(s->index, &d, &k, &p);
	set_str(s->index, "state", stop ? "interrupted" : p ? "incomplete" : "complete");
	if (write_index(s))
		ret = 1;
	print_summary(s);
	if (stop) {
		fprintf(stderr, "vpmu-bench suite: interrupted; %zu cells pending: 'vpmu-bench suite --resume %s' completes it\n",
			p, s->dir);
		return 130;
	}
	return ret ? ret : f ? 1 : 0;
}

static int mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *q;
	int r = 0;

	for (q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			r = -1;
		*q = '/';
	}
	if (mkdir(p, 0755) && errno != EEXIST)
		r = -1;
	free(p);
	return r;
}

static char *join_argv(int argc, char **argv)
{
	size_t len = 16, i;
	char *s;

	for (i = 0; i < (size_t)argc; i++)
		len += strlen(argv[i]) + 1;
	s = xcalloc(1, len);
	strcpy(s, "vpmu-bench");
	for (i = 0; i < (size_t)argc; i++) {
		strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static json_t *load_index(const char *dir)
{
	char path[4096], err[600];
	json_error_t jerr;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/%s", dir, SUITE_INDEX);
	if (access(path, F_OK)) {
		usage_error(CMD, "--resume %s: no suite index (%s: %s)", dir, path, strerror(errno));
		return NULL;
	}
	doc = json_load_file(path, 0, &jerr);
	if (!doc) {
		usage_error(CMD, "--resume %s: %s: not a suite index (%s at line %d); expected the index 'vpmu-bench suite' writes",
			    dir, path, jerr.text, jerr.line);
		return NULL;
	}
	if (suite__check_index(doc, err, sizeof(err))) {
		usage_error(CMD, "--resume %s: %s: not a suite index of this version (%s)", dir, path,
			    err);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static int parse_args(struct suite_args *a, int argc, char **argv, struct catalog *cat,
		      const char ***colls, size_t *ncolls)
{
	static const struct option longopts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "modes", required_argument, NULL, 'm' },
		{ "collections", required_argument, NULL, 'c' },
		{ "reps", required_argument, NULL, 'r' },
		{ "samples", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "resume", required_argument, NULL, OPT_RESUME },
		{ "cpu", required_argument, NULL, OPT_CPU },
		{ "cell-timeout", required_argument, NULL, OPT_CELL_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	char path[4096];
	struct stat st;
	int optind_, r;

	r = cli__parse(CMD, argc, argv, longopts, on_opt, a, usage, &optind_);
	if (r)
		return r;
	if (optind_ < argc)
		return usage_error(CMD, "'%s': unexpected argument (options only; see 'vpmu-bench suite --help')",
				   argv[optind_]);
	if (a->resume) {
		if (a->out || a->o.quick || a->modes_arg || a->colls_arg || a->reps_set ||
		    a->samples_set || a->o.cpu >= 0 || a->timeout_set)
			return usage_error(CMD, "--resume DIR takes no other option (the suite's options are in DIR/%s)",
					   SUITE_INDEX);
		return 0;
	}
	if (!a->out || !*a->out)
		return usage_error(CMD, "--out DIR: missing (the suite directory; or --resume DIR)");
	if (!stat(a->out, &st) && !S_ISDIR(st.st_mode))
		return usage_error(CMD, "--out %s: not a directory (expected the suite directory)",
				   a->out);
	snprintf(path, sizeof(path), "%s/%s", a->out, SUITE_INDEX);
	if (!access(path, F_OK))
		return usage_error(CMD, "--out %s: already holds a suite (%s); use --resume %s, or another DIR",
				   a->out, path, a->out);
	if (!a->reps_set)
		a->o.reps = a->o.quick ? 2 : 3;
	if (!a->samples_set)
		a->o.samples = a->o.quick ? 20 : 100;
	if (!a->timeout_set)
		a->o.cell_timeout_s = a->o.quick ? 600 : 3600;
	r = split_list("--modes", a->modes_arg ?: "all", suite_modes, SUITE_NR_MODES,
		       a->o.modes, &a->o.nr_modes,
		       "nopmu, legacy, mediated-vmcs, mediated-autostore");
	if (r)
		return r;
	if (known_collections(cat, colls, ncolls))
		return 1;
	a->o.collections = xcalloc(*ncolls + 1, sizeof(char *));
	{
		char expected[512] = "";
		size_t i;

		for (i = 0; i < *ncolls; i++) {
			strncat(expected, i ? ", " : "", sizeof(expected) - strlen(expected) - 1);
			strncat(expected, (*colls)[i], sizeof(expected) - strlen(expected) - 1);
		}
		return split_list("--collections", a->colls_arg ?: (a->o.quick ? "exit" : "all"),
				  *colls, *ncolls, a->o.collections, &a->o.nr_collections,
				  expected);
	}
}

int cmd_suite(int argc, char **argv)
{
	struct suite_args a = { .o.cpu = -1 };
	struct stop_saved sigs;
	struct catalog cat = { 0 };
	struct suite s = { 0 };
	const char **colls = NULL;
	size_t ncolls = 0, i;
	char *cmdline;
	int r, lock;

	r = parse_args(&a, argc, argv, &cat, &colls, &ncolls);
	if (r)
		goto out;
	cmdline = join_argv(argc, argv);
	if (a.resume) {
		char now[32];
		json_t *res;

		s.dir = a.resume;
		s.index = load_index(a.resume);
		if (!s.index) {
			free(cmdline);
			r = EXIT_USAGE;
			goto out;
		}
		res = json_object_get(s.index, "resumed");
		if (!json_is_array(res)) {
			res = json_array();
			json_object_set_new(s.index, "resumed", res);
		}
		/* Which build ran the rest: each cell's result files say it too. */
		iso_now(now, sizeof(now));
		json_array_append_new(res, json_pack("{s:s, s:s, s:s}", "time", now, "git_commit",
						     VPMU_GIT_COMMIT, "command_line", cmdline));
	} else {
		char now[32];

		s.dir = a.out;
		if (mkdirs(a.out)) {
			fprintf(stderr, "vpmu-bench suite: error: --out %s: %s\n", a.out,
				strerror(errno));
			free(cmdline);
			r = 1;
			goto out;
		}
		s.index = suite__plan(&a.o, cmdline);
		iso_now(now, sizeof(now));
		set_str(s.index, "created", now);
	}
	free(cmdline);
	/* Two suites in one directory would run cells twice and race on the index. */
	lock = open(s.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB)) {
		fprintf(stderr, "vpmu-bench suite: error: %s: %s\n", s.dir,
			lock < 0 ? strerror(errno) : "another suite is running in it");
		if (lock >= 0)
			close(lock);
		json_decref(s.index);
		r = 1;
		goto out;
	}
	stop__catch(&stop, &sigs);
	if (write_index(&s))
		r = 1;
	else
		r = run_suite(&s);
	stop__restore(&sigs);
	close(lock);
	json_decref(s.index);
	json_decref(s.probe_modes);
	free(s.cur_mode);
	for (i = 0; i < SUITE_NR_MODES; i++)
		free(s.refused[i]);
out:
	free(a.o.collections);
	free(colls);
	if (cat.doc)
		catalog__free(&cat);
	return r;
}
