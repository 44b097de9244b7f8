// SPDX-License-Identifier: GPL-2.0
/* The meta block of a result file: what was run, where, and how. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host_probe.h"
#include "hygiene_read.h"
#include "run_meta.h"

/*
 * The run's hygiene window: opened by run__meta(), closed by
 * run__meta_end(). Static because run__meta()'s signature is shared by
 * every command that writes results (run, native, trace, overhead) and a
 * process measures one run at a time.
 */
static struct hygiene run_hygiene;
static const char *run_cmd = "run";

/* JSON has no NaN: an unknown number is null. */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *run__meta(const struct probe *p, const struct workload_args *a, json_t *guest_pmu,
		  int argc, char **argv)
{
	char cmd[4096] = "", host[HOST_NAME_MAX + 1] = "", when[32];
	time_t now = time(NULL);
	json_t *meta, *pj;
	size_t off = 0;
	int i;

	for (i = 0; i < argc && off < sizeof(cmd) - 1; i++)
		off += snprintf(cmd + off, sizeof(cmd) - off, "%s%s", i ? " " : "", argv[i]);
	gethostname(host, sizeof(host) - 1);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));

	meta = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "tool", "vpmu-bench", "tool_version", VPMU_VERSION,
			 "git_commit", VPMU_GIT_COMMIT, "command_line", cmd,
			 "started_at", when, "hostname", host,
			 "mode", mode_name(a->mode),
			 "guest_execution", probe__exec_name(p->guest_exec));
	json_object_set_new(meta, "guest_execution_ratio",
			    p->guest_exec == GUEST_EXEC_UNKNOWN ? json_null() :
			    num(p->guest_exec_ratio));
	if (p->guest_exec == GUEST_EXEC_UNKNOWN)
		json_object_set_new(meta, "guest_execution_why", json_string(p->guest_exec_why));
	json_object_set_new(meta, "tsc_hz", p->tsc_hz > 0 ? num(p->tsc_hz) : json_null());
	if (p->tsc_hz <= 0)
		json_object_set_new(meta, "tsc_hz_why", json_string(p->tsc_why));
	json_object_set_new(meta, "cpu_pinned", json_integer(a->cpu));
	json_object_set_new(meta, "guest_gp_counters", json_integer(a->guest_gp_counters));
	json_object_set_new(meta, "guest_pmu", guest_pmu ? json_incref(guest_pmu) : json_null());
	json_object_set_new(meta, "guest_paging", guest_paging__to_json(&p->paging));
	/* "host" and "kvm": the probe rows marked for the meta (probe_fields[]) */
	probe__to_meta(p, meta);
	pj = probe__to_json(p);
	json_object_set_new(meta, "probe", pj ? pj : json_null());

	/* The settings now (warned about before the run), the counters to diff later. */
	run_cmd = argc > 1 ? argv[1] : "run";
	hygiene__begin(&run_hygiene, a->cpu, getpid());
	run_hygiene.no_host_pmu = !p->host_pmu.version && !p->amd_perfctr_core && !p->perf_hw_ok;
	hygiene__judge(&run_hygiene);
	hygiene__print_warnings(&run_hygiene, run_cmd, false, stderr);
	json_object_set_new(meta, "hygiene", hygiene__to_json(&run_hygiene));
	return meta;
}

void run__meta_end(json_t *meta)
{
	hygiene__end(&run_hygiene, getpid());
	hygiene__print_warnings(&run_hygiene, run_cmd, true, stderr);
	json_object_set_new(meta, "hygiene", hygiene__to_json(&run_hygiene));
}
