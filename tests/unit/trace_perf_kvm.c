// SPDX-License-Identifier: GPL-2.0
/*
 * perf_kvm (bench/probe/trace_perf_kvm.c), the perf kvm stat comparison
 * of `vpmu-bench trace`, with this host's perf: its self-check records
 * /bin/true, which makes no VM exit on any host, so the report must read
 * "Total Samples:0" and carry the note that says why; the wrapper ends in
 * setpriv --pdeathsig KILL; free removes every recording. Skips where
 * perf (or perf kvm stat) is not usable here, with perf's own reason.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "trace_perf_kvm.h"
#include "../tap.h"

/* tracefs mounts in the host's (init's) mount namespace; -1 if unreadable */
static int host_tracefs_mounts(void)
{
	char line[4096];
	int n = 0;
	FILE *f = fopen("/proc/1/mounts", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += !!strstr(line, " tracefs ");
	fclose(f);
	return n;
}

int main(void)
{
	int mounts = host_tracefs_mounts();
	char why[1024], dir[4096];
	const char *const *wrap;
	struct perf_kvm *pk;
	struct stat st;
	json_t *rep;
	int n = 0;

	pk = perf_kvm__new(0, why, sizeof(why));
	if (!pk) {
		T_SKIP("perf kvm stat", why);
		return tap_done();
	}
	wrap = perf_kvm__wrap(pk);
	while (wrap[n])
		n++;
	__T("the wrapper is perf kvm stat record ... -- setpriv --pdeathsig KILL",
	    n >= 4 && strstr(wrap[0], "perf") && !strcmp(wrap[1], "kvm") &&
	    !strcmp(wrap[2], "stat") && !strcmp(wrap[3], "record") &&
	    !strcmp(wrap[n - 2], "--pdeathsig") && !strcmp(wrap[n - 1], "KILL"));
	rep = perf_kvm__report(pk);
	T_OK(json_integer_value(json_object_get(rep, "total_samples")) == 0 &&
	     json_is_integer(json_object_get(rep, "total_samples")),
	     "a recording of /bin/true: Total Samples 0, read from perf's report");
	__T("0 samples come with the note that says why",
	    json_is_string(json_object_get(rep, "note")));
	json_decref(rep);
	/* the data file is DIR/perf.data, argument 6 of the wrapper */
	snprintf(dir, sizeof(dir), "%s", wrap[6]);
	*strrchr(dir, '/') = '\0';
	perf_kvm__free(pk);
	T_OK(stat(dir, &st) && errno == ENOENT, "free removed %s", dir);
	T_OK(host_tracefs_mounts() == mounts,
	     "perf did not mount tracefs for the host (%d tracefs mounts before and after)",
	     mounts);
	return tap_done();
}
