// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench overhead: end-to-end cost of sampling (PMIs) or counter
 * reads (RDPMC) at a rate, as whole guest runs timed by hyperfine, per
 * mode, against the rate-0 run of the same mode (and of nopmu).
 *
 * Per mode: every row's requirement once (vpmu-guest requires); per
 * runnable row one checked run (the row must come back ok, with the
 * events it got), then hyperfine over `vpmu-guest run -w ROW --reps W`,
 * whose JSON export is read strictly (bench/util/hyperfine.c) into the
 * result schema. One result file per mode.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "catalog.h"
#include "cli.h"
#include "commands.h"
#include "host_probe.h"
#include "hyperfine_run.h"
#include "out_dir.h"
#include "overhead.h"
#include "overhead_row.h"
#include "result.h"
#include "run_meta.h"
#include "runner.h"
#include "stop.h"

#define CMD "overhead"

static volatile sig_atomic_t interrupted;

static void usage(FILE *f)
{
	fprintf(f,
"usage: vpmu-bench overhead [--mode M]... [--rates LIST] [--kinds LIST] [--runs N]\n"
"                           [--warmup N] [--work B] [--quick] [--out DIR]\n"
"\n"
"Times whole guest runs with hyperfine: a fixed amount of guest work while\n"
"a GP counter overflows (PMIs) or is read with RDPMC at each rate, against\n"
"the same work at rate 0, per mode. Writes one result file per mode\n"
"(collection overhead, wall-clock seconds per run) and prints a table.\n"
"\n"
"  -m, --mode M      nopmu, legacy, mediated-vmcs or mediated-autostore\n"
"                    (repeatable; default nopmu and the mode KVM is in)\n"
"      --rates LIST  rates in Hz from 0, 100, 1000, 10000 (default all)\n"
"      --kinds LIST  pmi, rdpmc (default both)\n"
"  -n, --runs N      hyperfine --runs (default %d; --quick %d)\n"
"      --warmup N    hyperfine --warmup (default %d; --quick %d)\n"
"      --work B      work blocks per run (%u guest instructions each;\n"
"                    default %d where guests run at native speed, else %d)\n"
"      --quick       rates 0 and 1000, PMIs only, %d runs, %d warmup\n"
"  -o, --out DIR     directory for the result files (default results)\n"
"      --timeout S   seconds one guest run may take (default %d)\n"
"\n"
"Needs hyperfine (Debian package hyperfine; `make deps` installs it): without\n"
"it every row is recorded as skipped with that reason. Rates above 0 need a\n"
"guest PMU; rate 0 runs in every mode.\n"
"\n"
"Exit status: 0 when every row is ok or skipped and the files were written;\n"
"1 when a row failed or a file could not be written; 2 on bad usage; 130\n"
"if interrupted (rows done so far are written, marked interrupted).\n",
		OVH_RUNS, OVH_QUICK_RUNS, OVH_WARMUP, OVH_QUICK_WARMUP, OVH_BLOCK_INSNS,
		OVH_WORK_HW, OVH_WORK_EMULATED, OVH_QUICK_RUNS, OVH_QUICK_WARMUP, OVH_TIMEOUT_S);
}

enum { OPT_RATES = 256, OPT_KINDS, OPT_WARMUP, OPT_WORK, OPT_QUICK, OPT_TIMEOUT };

static int parse_list(const char *opt, const char *arg, const char *const *names,
		      unsigned int n, unsigned int *mask)
{
	char *copy = xstrdup(arg), *tok, *save = NULL;
	unsigned int i;
	int r = 0;

	*mask = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !r; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n && strcmp(tok, names[i]); i++)
			;
		if (i == n)
			r = usage_error(CMD, "%s %s: '%s' is not one of %s", opt, arg, tok,
					n == OVH_NR_RATES ? "0, 100, 1000, 10000" : "pmi, rdpmc");
		else
			*mask |= 1u << i;
	}
	if (!r && !*mask)
		r = usage_error(CMD, "%s: expected a comma-separated list, got '%s'", opt, arg);
	free(copy);
	return r;
}

static int on_opt(void *ctx, int c, const char *arg)
{
	struct ovh_opts *o = ctx;
	unsigned long v;
	unsigned int i;
	enum vpmu_mode m;

	switch (c) {
	case 'm':
		m = mode_from_name(arg);
		if (m == NR_MODES)
			return usage_error(CMD, "--mode %s: expected nopmu, legacy, mediated-vmcs or mediated-autostore",
					   arg);
		for (i = 0; i < o->nmodes && o->modes[i] != m; i++)
			;
		if (i == o->nmodes)
			o->modes[o->nmodes++] = m;
		return 0;
	case OPT_RATES:
		return parse_list("--rates", arg, ovh_rate_names, OVH_NR_RATES, &o->rates);
	case OPT_KINDS:
		return parse_list("--kinds", arg, ovh_kind_names, OVH_NR_KINDS, &o->kinds);
	case 'n':
		if (!parse_uint_opt(CMD, "--runs", arg, 1, 10000, &v))
			return EXIT_USAGE;
		o->runs = v;
		return 0;
	case OPT_WARMUP:
		if (!parse_uint_opt(CMD, "--warmup", arg, 0, 1000, &v))
			return EXIT_USAGE;
		o->warmup = v;
		o->warmup_set = true;
		return 0;
	case OPT_WORK:
		if (!parse_uint_opt(CMD, "--work", arg, 1, 1000000, &v))
			return EXIT_USAGE;
		o->work = v;
		return 0;
	case OPT_QUICK:
		o->quick = true;
		return 0;
	case OPT_TIMEOUT:
		if (!parse_uint_opt(CMD, "--timeout", arg, 1, 86400, &v))
			return EXIT_USAGE;
		o->timeout_s = v;
		return 0;
	case 'o':
		if (!*arg)
			return usage_error(CMD, "--out: expected a directory, got ''");
		o->out_dir = arg;
		return 0;
	}
	return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct ovh_opts *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "rates", required_argument, NULL, OPT_RATES },
		{ "kinds", required_argument, NULL, OPT_KINDS },
		{ "runs", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, OPT_WARMUP },
		{ "work", required_argument, NULL, OPT_WORK },
		{ "quick", no_argument, NULL, OPT_QUICK },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	int first, r;

	o->out_dir = "results";
	o->timeout_s = OVH_TIMEOUT_S;
	r = cli__parse(CMD, argc, argv, longopts, on_opt, o, usage, &first);
	if (r)
		return r;
	if (first < argc)
		return usage_error(CMD, "%s: unexpected argument", argv[first]);
	/* --quick sets what was not given explicitly. */
	if (!o->rates)
		o->rates = o->quick ? (1u << 0 | 1u << 2) : (1u << OVH_NR_RATES) - 1;
	if (!o->kinds)
		o->kinds = o->quick ? 1u << 0 : (1u << OVH_NR_KINDS) - 1;
	if (!o->runs)
		o->runs = o->quick ? OVH_QUICK_RUNS : OVH_RUNS;
	if (!o->warmup_set)
		o->warmup = o->quick ? OVH_QUICK_WARMUP : OVH_WARMUP;
	/* The baseline is what every other rate is compared with: always timed. */
	o->rates |= 1u << 0;
	/* Fail now, not after minutes of timing, when the files cannot go there. */
	return out_dir__check(CMD, o->out_dir);
}

/*
 * Whether mode @m can be measured now, as `run` decides it: nopmu per VM,
 * any other only when KVM is in it. NULL if so, else the reason.
 */
static const char *mode_why(const struct probe *p, enum vpmu_mode m, char *buf, size_t len)
{
	if (m == p->current_mode)
		return NULL;
	if (m == MODE_NOPMU && p->modes[MODE_NOPMU].reachable)
		return NULL;
	if (!p->modes[m].reachable)
		snprintf(buf, len, "mode %s not reachable on this host: %s", mode_name(m),
			 p->modes[m].why);
	else
		snprintf(buf, len, "mode %s: KVM is configured for %s now (switch with 'kmod/load %s')",
			 mode_name(m), mode_name(p->current_mode), mode_name(m));
	return buf;
}

static int count_status(json_t *results, const char *st)
{
	size_t i;
	int n = 0;

	for (i = 0; i < json_array_size(results); i++)
		n += !strcmp(json_string_value(json_object_get(json_array_get(results, i),
							       "status")), st);
	return n;
}

int cmd_overhead(int argc, char **argv)
{
	struct stop_saved sigs;
	struct ovh_opts o = { 0 };
	struct ovh_ctx ctx = { 0 };
	json_t *docs[NR_MODES] = { NULL }, *nopmu_base = NULL;
	char err[4096], path[PATH_MAX], name[256], why[2048], what[64];
	int r, nfail = 0, nwrite_fail = 0;
	unsigned int i;

	stop__catch(&interrupted, &sigs);
	if (catalog__load(&ctx.cat, err, sizeof(err))) {
		fprintf(stderr, "vpmu-bench %s: error: %s\n", CMD, err);
		r = 1;
		goto out_signals;
	}
	r = parse_args(argc, argv, &o);
	if (r)
		goto out_catalog;

	ctx.p = xcalloc(1, sizeof(*ctx.p));
	progress("probing the host (CPU, KVM, PMU, guest execution)...");
	probe__fill(ctx.p, true);
	progress_done();
	if (!o.nmodes) {
		o.modes[o.nmodes++] = MODE_NOPMU;
		if (ctx.p->current_mode != MODE_NOPMU)
			o.modes[o.nmodes++] = ctx.p->current_mode;
	}
	/*
	 * The hardware size only where guests are known to run at native
	 * speed: 4000 blocks under an emulator would take minutes.
	 */
	if (!o.work)
		o.work = ctx.p->guest_exec == GUEST_EXEC_HARDWARE ? OVH_WORK_HW : OVH_WORK_EMULATED;
	if (ctx.p->guest_exec == GUEST_EXEC_EMULATED)
		warnx_(CMD, "guest code is emulated on this host: run times are those of KVM's instruction emulator, not of VMX/SVM");
	ctx.stop = &interrupted;
	ctx.o = &o;
	if (hyperfine__find(&ctx.hf_path, &ctx.hf_version, &interrupted, ctx.hf_why,
			    sizeof(ctx.hf_why)))
		warnx_(CMD, "%s: every row is recorded as skipped", ctx.hf_why);

	for (i = 0; i < o.nmodes && !interrupted; i++) {
		enum vpmu_mode m = o.modes[i];
		const char *mwhy = mode_why(ctx.p, m, why, sizeof(why));

		docs[i] = ovh__run_mode(&ctx, m, mwhy, argc, argv);
	}

	/* Every measured row of another mode against nopmu's rate 0, when timed here. */
	for (i = 0; i < o.nmodes; i++)
		if (docs[i] && o.modes[i] == MODE_NOPMU)
			nopmu_base = ovh__baseline(docs[i]);
	for (i = 0; i < o.nmodes && nopmu_base; i++) {
		json_t *row;
		size_t k;

		if (!docs[i] || o.modes[i] == MODE_NOPMU)
			continue;
		json_array_foreach(json_object_get(docs[i], "results"), k, row)
			if (!strcmp(json_string_value(json_object_get(row, "status")), "ok"))
				overhead__relate(row, nopmu_base, "nopmu/" OVH_ROW_PREFIX "none",
						 "vs_nopmu_");
	}

	for (i = 0; i < o.nmodes; i++) {
		json_t *res;

		if (!docs[i])
			continue;
		res = json_object_get(docs[i], "results");
		if (interrupted)
			json_object_set_new(json_object_get(docs[i], "meta"), "interrupted",
					    json_true());
		ovh__print(stdout, docs[i]);
		nfail += count_status(res, "failed");
		/* One file per mode. */
		snprintf(what, sizeof(what), "%s-overhead", mode_name(o.modes[i]));
		result__file_name(name, sizeof(name), what);
		if (result__write_atomic(o.out_dir, name, docs[i], path, sizeof(path), err,
					 sizeof(err))) {
			fprintf(stderr, "vpmu-bench %s: error: %s\n", CMD, err);
			nwrite_fail++;
		} else {
			fprintf(stderr, "vpmu-bench %s: %s: %d ok, %d failed, %d skipped; written to %s\n",
				CMD, mode_name(o.modes[i]), count_status(res, "ok"),
				count_status(res, "failed"), count_status(res, "skipped"), path);
		}
		json_decref(docs[i]);
	}
	r = nwrite_fail ? 1 : interrupted ? 130 : nfail ? 1 : 0;
	free(ctx.p);
	free(ctx.hf_path);
	free(ctx.hf_version);
out_catalog:
	catalog__free(&ctx.cat);
out_signals:
	stop__restore(&sigs);
	return r;
}
