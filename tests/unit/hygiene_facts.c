// SPDX-License-Identifier: GPL-2.0
/*
 * Host hygiene over recorded /sys and /proc trees (tests/data/hygiene/,
 * test doubles of hosts, read through VPMU_SYSFS_ROOT/VPMU_PROC_ROOT):
 * each warning appears exactly when its fact skews numbers, with a fix;
 * facts that cannot be read are unknown with a reason naming what is
 * missing; the JSON of meta.hygiene has every key; the one-line warnings
 * on stderr are one per warning.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../tap.h"
#include "hygiene_read.h"

#define DATA "tests/data/hygiene/"
/* "our" process in dirty-host (its child 501 holds a VM fd too) */
#define SELF 500

/* Read @tree at the start and @tree-end at the end of a 2 s run on @cpu. */
static void run_on(struct hygiene *h, const char *tree, int cpu, bool root)
{
	char sys[256], proc[256];

	snprintf(sys, sizeof(sys), DATA "%s/sys", tree);
	snprintf(proc, sizeof(proc), DATA "%s/proc", tree);
	setenv("VPMU_SYSFS_ROOT", sys, 1);
	setenv("VPMU_PROC_ROOT", proc, 1);
	hygiene__begin(h, cpu, SELF);
	snprintf(proc, sizeof(proc), DATA "%s-end/proc", tree);
	setenv("VPMU_PROC_ROOT", proc, 1);
	hygiene__end(h, SELF);
	/* a fixed window and user: rates and the paranoid rule independent of this machine */
	h->start.t = 10.0;
	h->end.t = 12.0;
	h->euid_root = root;
	hygiene__window(h);
}

static bool warns(const struct hygiene *h, enum hyg_fact f)
{
	return h->v[f].warning[0] && h->v[f].fix[0];
}

static bool has(const char *s, const char *part)
{
	bool ok = strstr(s, part) != NULL;

	if (!ok)
		printf("# '%s' not in '%s'\n", part, s);
	return ok;
}

/* Every key in meta.hygiene; a null value always has its why. */
static bool json_complete(const struct hygiene *h)
{
	json_t *o = hygiene__to_json(h);
	bool ok = json_is_integer(json_object_get(o, "warnings")) &&
		  json_object_get(o, "measured_cpu") && json_object_get(o, "window_s");
	unsigned int i;

	for (i = 0; i < NR_HYG_FACTS; i++) {
		json_t *f = json_object_get(o, hygiene__key(i));
		json_t *v = json_object_get(f, "value");

		if (!json_is_object(f) || !v) {
			printf("# meta.hygiene.%s missing\n", hygiene__key(i));
			ok = false;
		} else if (json_is_null(v) && !json_string_length(json_object_get(f, "why"))) {
			printf("# meta.hygiene.%s: null without why\n", hygiene__key(i));
			ok = false;
		} else if (!!json_object_get(f, "warning") != !!h->v[i].warning[0] ||
			   !!json_object_get(f, "warning") != !!json_object_get(f, "fix")) {
			printf("# meta.hygiene.%s: warning/fix not as judged\n", hygiene__key(i));
			ok = false;
		}
	}
	json_decref(o);
	return ok;
}

static unsigned int stderr_lines(const struct hygiene *h)
{
	char *buf = NULL, *p;
	size_t len = 0;
	unsigned int n = 0;
	FILE *f = open_memstream(&buf, &len);

	hygiene__print_warnings(h, "run", false, f);
	hygiene__print_warnings(h, "run", true, f);
	fclose(f);
	for (p = buf; (p = strstr(p, "vpmu-bench run: warning: ")); p++) {
		char *nl = strchr(p, '\n');

		n += nl && memmem(p, nl - p, "; fix: ", 7) != NULL;
	}
	free(buf);
	return n;
}

static void clean_host(void)
{
	struct hygiene h;
	unsigned int i;

	run_on(&h, "clean-host", 2, false);
	__T("clean host: governor performance, read", h.v[HYG_GOVERNOR].known &&
	    !strcmp(h.v[HYG_GOVERNOR].text, "performance"));
	__T("clean host: turbo known off (intel_pstate/no_turbo=1)", h.v[HYG_TURBO].known &&
	    h.v[HYG_TURBO].num == 0);
	__T("clean host: SMT sibling is cpu3", h.sibling == 3);
	T_NEAR("clean host: sibling busy 1 %", h.v[HYG_SMT_SIBLING].num, 1.0, 1e-9);
	T_NEAR("clean host: 400 interrupts on cpu2 (its /proc/interrupts column)",
	       h.v[HYG_CPU_IRQS].num, 400, 0);
	__T("clean host: interrupt source is the CPU2 column", !h.all_cpus_irqs &&
	    has(h.irq_source, "interrupts CPU2 column"));
	__T("clean host: no other VM", h.v[HYG_OTHER_VMS].known && h.v[HYG_OTHER_VMS].num == 0);
	for (i = 0; i < NR_HYG_FACTS; i++)
		T_OK(h.v[i].known && !h.v[i].warning[0], "clean host: %s known, no warning",
		     hygiene__key(i));
	__T("clean host: no warning line", stderr_lines(&h) == 0);
	__T("clean host: meta.hygiene complete", json_complete(&h));
}

static void dirty_host(void)
{
	struct hygiene h;

	run_on(&h, "dirty-host", 2, false);
	__T("dirty host: measured cpu2's governor powersave warned, fix names cpupower and cpu2",
	    warns(&h, HYG_GOVERNOR) && !strcmp(h.v[HYG_GOVERNOR].text, "powersave") &&
	    has(h.v[HYG_GOVERNOR].fix, "cpupower -c 2 frequency-set -g performance"));
	__T("dirty host: boost on warned", warns(&h, HYG_TURBO) && h.v[HYG_TURBO].num == 1 &&
	    has(h.v[HYG_TURBO].text, "cpufreq/boost=1"));
	__T("dirty host: NMI watchdog warned, fix sysctl", warns(&h, HYG_NMI_WATCHDOG) &&
	    has(h.v[HYG_NMI_WATCHDOG].fix, "kernel.nmi_watchdog=0"));
	__T("dirty host: paranoid 2 warned for a non-root user", warns(&h, HYG_PARANOID));
	__T("dirty host: one other VM, pid 411; ours (500) and our child (501) not counted",
	    warns(&h, HYG_OTHER_VMS) && h.v[HYG_OTHER_VMS].num == 1 &&
	    has(h.v[HYG_OTHER_VMS].text, "pid 411") && !strstr(h.v[HYG_OTHER_VMS].text, "50"));
	T_NEAR("dirty host: sibling cpu3 60 % busy", h.v[HYG_SMT_SIBLING].num, 60.0, 1e-9);
	__T("dirty host: busy sibling warned, fix offlines cpu3", warns(&h, HYG_SMT_SIBLING) &&
	    has(h.v[HYG_SMT_SIBLING].fix, "cpu3/online"));
	T_NEAR("dirty host: 6000 interrupts on cpu2", h.v[HYG_CPU_IRQS].num, 6000, 0);
	__T("dirty host: interrupts warned (3000/s > 1000/s)", warns(&h, HYG_CPU_IRQS) &&
	    has(h.v[HYG_CPU_IRQS].fix, "smp_affinity"));
	__T("dirty host: 7 warnings", hygiene__nr_warnings(&h) == 7);
	__T("dirty host: 7 one-line warnings with their fix", stderr_lines(&h) == 7);
	__T("dirty host: meta.hygiene complete", json_complete(&h));

	/* root: paranoid does not restrict it */
	h.euid_root = true;
	hygiene__judge(&h);
	__T("dirty host as root: perf_event_paranoid not warned", !warns(&h, HYG_PARANOID));
	/* the same counts over a 10 s run: 600/s is what ticks and a little more give */
	h.end.t = h.start.t + 10;
	hygiene__judge(&h);
	__T("dirty host over 10 s: 6000 interrupts (600/s) not warned", !warns(&h, HYG_CPU_IRQS));
	/* without a PMU the watchdog cannot hold a counter */
	h.no_host_pmu = true;
	hygiene__judge(&h);
	__T("dirty host without a PMU: NMI watchdog 1 not warned, text says why",
	    !warns(&h, HYG_NMI_WATCHDOG) && has(h.v[HYG_NMI_WATCHDOG].text, "this host has no PMU"));
}

/* A VM that starts during the run: found at the end, warned about then. */
static void late_vm(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	struct hygiene h;

	setenv("VPMU_SYSFS_ROOT", DATA "clean-host/sys", 1);
	setenv("VPMU_PROC_ROOT", DATA "clean-host/proc", 1);
	hygiene__begin(&h, 2, SELF);
	__T("late VM: none at the start", h.v[HYG_OTHER_VMS].num == 0 && !warns(&h, HYG_OTHER_VMS));
	setenv("VPMU_PROC_ROOT", DATA "dirty-host/proc", 1);
	hygiene__end(&h, SELF);
	__T("late VM: pid 411 found at the end, warned", h.vms_grew &&
	    h.v[HYG_OTHER_VMS].num == 1 && warns(&h, HYG_OTHER_VMS));
	f = open_memstream(&buf, &len);
	hygiene__print_warnings(&h, "run", true, f);
	fclose(f);
	__T("late VM: its warning line comes with the end-of-run lines",
	    has(buf, "warning: other VM processes running: 1 (pid 411)"));
	free(buf);
}

static void no_cpufreq(void)
{
	struct hygiene h;

	run_on(&h, "no-cpufreq", 1, true);
	__T("no cpufreq: governor unknown, why names the missing scaling_governor",
	    !h.v[HYG_GOVERNOR].known &&
	    has(h.v[HYG_GOVERNOR].why, "cpu1/cpufreq/scaling_governor absent"));
	__T("no cpufreq: turbo unknown, why names both files",
	    !h.v[HYG_TURBO].known && has(h.v[HYG_TURBO].why, "intel_pstate/no_turbo") &&
	    has(h.v[HYG_TURBO].why, "cpufreq/boost"));
	__T("no cpufreq: NMI watchdog unknown, why names the file",
	    !h.v[HYG_NMI_WATCHDOG].known && has(h.v[HYG_NMI_WATCHDOG].why, "nmi_watchdog absent"));
	__T("no cpufreq: no SMT sibling is a known 0, not a warning",
	    h.no_sibling && h.v[HYG_SMT_SIBLING].known && !h.v[HYG_SMT_SIBLING].warning[0]);
	__T("no cpufreq: no CPU1 column: /proc/stat intr of every CPU, said so",
	    h.all_cpus_irqs && h.v[HYG_CPU_IRQS].num == 250 &&
	    has(h.irq_source, "no CPU1 column") && has(h.v[HYG_CPU_IRQS].text, "all CPUs"));
	__T("no cpufreq: an all-CPU count is never warned about", !warns(&h, HYG_CPU_IRQS));
	__T("no cpufreq: no warning at all (root: paranoid 2 does not apply)",
	    hygiene__nr_warnings(&h) == 0);
	__T("no cpufreq: meta.hygiene complete, unknowns with why", json_complete(&h));
}

static void unpinned_and_missing(void)
{
	struct hygiene h;
	json_t *o;

	run_on(&h, "clean-host", -1, false);
	__T("not pinned: the governor of every online CPU", h.v[HYG_GOVERNOR].known &&
	    !strcmp(h.v[HYG_GOVERNOR].text, "performance"));
	__T("not pinned: SMT sibling busy unknown, why says --cpu",
	    !h.v[HYG_SMT_SIBLING].known && has(h.v[HYG_SMT_SIBLING].why, "--cpu N"));
	__T("not pinned: interrupts of every CPU, from /proc/stat intr",
	    h.all_cpus_irqs && h.v[HYG_CPU_IRQS].num == 1000);
	run_on(&h, "dirty-host", -1, false);
	__T("not pinned, mixed governors: every CPU named, warned, fix for all CPUs",
	    warns(&h, HYG_GOVERNOR) &&
	    has(h.v[HYG_GOVERNOR].text, "mixed: cpu0 ondemand, cpu1 ondemand, cpu2 powersave") &&
	    has(h.v[HYG_GOVERNOR].fix, "cpu*/cpufreq/scaling_governor"));

	/* a command that never calls the end: the window facts say so */
	setenv("VPMU_SYSFS_ROOT", DATA "clean-host/sys", 1);
	setenv("VPMU_PROC_ROOT", DATA "clean-host/proc", 1);
	hygiene__begin(&h, 2, SELF);
	o = hygiene__to_json(&h);
	__T("no end snapshot: smt_sibling_busy null with why",
	    json_is_null(json_object_get(json_object_get(o, "smt_sibling_busy"), "value")) &&
	    has(json_string_value(json_object_get(json_object_get(o, "smt_sibling_busy"), "why")),
		"no end-of-run snapshot"));
	json_decref(o);

	/* trees that are not there: every fact unknown, none made up */
	setenv("VPMU_SYSFS_ROOT", DATA "nonexistent/sys", 1);
	setenv("VPMU_PROC_ROOT", DATA "nonexistent/proc", 1);
	hygiene__begin(&h, 0, SELF);
	hygiene__end(&h, SELF);
	T_OK(!h.v[HYG_GOVERNOR].known && !h.v[HYG_TURBO].known && !h.v[HYG_NMI_WATCHDOG].known &&
	     !h.v[HYG_PARANOID].known && !h.v[HYG_OTHER_VMS].known &&
	     !h.v[HYG_SMT_SIBLING].known && !h.v[HYG_CPU_IRQS].known,
	     "missing trees: all %d facts unknown", NR_HYG_FACTS);
	__T("missing trees: reasons name the paths",
	    has(h.v[HYG_CPU_IRQS].why, "nonexistent/proc") &&
	    has(h.v[HYG_PARANOID].why, "perf_event_paranoid") &&
	    has(h.v[HYG_SMT_SIBLING].why, "thread_siblings_list"));
	__T("missing trees: meta.hygiene complete", json_complete(&h));
}

int main(void)
{
	clean_host();
	dirty_host();
	late_vm();
	no_cpufreq();
	unpinned_and_missing();
	return tap_done();
}
