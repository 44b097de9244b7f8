// SPDX-License-Identifier: GPL-2.0
/*
 * Every PMU row decides from the probe and the run's arguments, once,
 * before the run: the rows' requires() against made-up hosts (no PMU,
 * an SPR-like KVM 7.2, AMD) and run arguments (--mode nopmu,
 * --guest-gp-counters N). KVM is never asked: the probe says KVM is not
 * usable, so IA32_PERF_CAPABILITIES is unknown with that reason.
 */
#include <string.h>

#include <jansson.h>

#include "workload.h"
#include "../tap.h"

static const char *const pmu_collections[] = {
	"pmu-msr", "accuracy", "pmi", "topdown", "features",
};

static const char nopmu_why[] = "mode nopmu: the VM has no vPMU (KVM_PMU_CAP_DISABLE)";
#define V4_V5_WHY "; PMU v4/v5 are in neither KVM as of Linux 7.2 nor kmod/patches)"
#define NO_GP_WHY "guest has 0 GP counters (CPUID.0AH.EAX[15:8])"
#define NO_LAPIC_WHY "needs an in-kernel LAPIC (KVM_CAP_IRQCHIP) for LVTPC"
#define NO_GP1_WHY "needs GP counter 1 (guest has 1 GP counters)"
#define NO_FIXED3_WHY "guest has no fixed counter 3 (CPUID.0AH.EDX[4:0] = 3, ECX = 0) and " \
	"KVM gives it only with PERF_METRICS: IA32_PERF_CAPABILITIES unknown: KVM not usable: test host"
#define MEDIATED_BUSY_WHY "mode mediated-vmcs: the mediated vPMU refuses host events that " \
	"count the guest and gives the guest the counters while it runs: no contention to " \
	"measure, no accuracy claim"
#define NO_COUNTER_WHY "guest has no GP and no fixed counter: every GLOBAL_STATUS counter bit " \
	"is reserved"

static struct probe host;

/* KVM 7.2 on SPR: guest v2, 8 GP, 3 fixed, every architectural event. */
static void spr_like(void)
{
	memset(&host, 0, sizeof(host));
	strcpy(host.vendor, "GenuineIntel");
	host.guest_pmu = (struct pmu_cpuid){ .version = 2, .nr_gp = 8, .gp_width = 48,
					      .ebx_len = 7, .nr_fixed = 3, .fixed_width = 48 };
	host.host_pmu = (struct pmu_cpuid){ .version = 5, .nr_gp = 8, .gp_width = 48,
					     .ebx_len = 7, .nr_fixed = 4, .fixed_width = 48 };
	host.cap_irqchip = 1;
	strcpy(host.kvm_why, "test host");
}

static bool is_pmu_row(const struct workload *w)
{
	unsigned int i;

	for (i = 0; i < sizeof(pmu_collections) / sizeof(pmu_collections[0]); i++)
		if (!strcmp(w->collection, pmu_collections[i]))
			return true;
	return false;
}

/* requires() of row @name with @a; its reason in @why. */
static bool row_ok(const char *name, const struct workload_args *a, char *why, size_t len)
{
	const struct workload *w = workload__find(name);

	why[0] = '\0';
	if (!w) {
		snprintf(why, len, "no row %s", name);
		return false;
	}
	return w->requires(w, a, why, len);
}

static bool skipped_with(const char *name, const struct workload_args *a, const char *want)
{
	char why[1024];

	if (row_ok(name, a, why, sizeof(why)) || strcmp(why, want)) {
		printf("# %s: got \"%s\"\n# want \"%s\"\n", name, why, want);
		return false;
	}
	return true;
}

static bool runnable(const char *name, const struct workload_args *a)
{
	char why[1024];

	if (!row_ok(name, a, why, sizeof(why))) {
		printf("# %s: skipped: %s\n", name, why);
		return false;
	}
	return true;
}

/* Every PMU row is skipped with exactly @want; returns how many rows were asked. */
static unsigned int every_pmu_row_skipped(const struct workload_args *a, const char *want,
					  unsigned int *bad)
{
	const struct collection *c;
	const struct workload *w;
	unsigned int n = 0;

	*bad = 0;
	for_each_collection(c)
		for_each_workload(c, w) {
			if (!is_pmu_row(w))
				continue;
			n++;
			*bad += !skipped_with(w->name, a, want);
		}
	return n;
}

int main(void)
{
	struct workload_args a = { .reps = 1, .cpu = -1, .guest_gp_counters = -1,
				   .mode = MODE_LEGACY, .probe = &host };
	unsigned int n, bad;
	json_t *meta;

	spr_like();
	host.guest_pmu.version = 0;
	strcpy(host.guest_pmu_why, "guest PMU version 0: host kvm.enable_pmu=N (test)");
	n = every_pmu_row_skipped(&a, host.guest_pmu_why, &bad);
	T_OK(n == 45 && !bad, "no guest PMU: all %u PMU rows skipped with the probe's reason (%u not)",
	     n, bad);
	a.mode = MODE_NOPMU;
	every_pmu_row_skipped(&a, host.guest_pmu_why, &bad);
	__T("... also in mode nopmu: the host's reason comes first", !bad);

	spr_like();
	host.guest_pmu.version = 5;
	n = every_pmu_row_skipped(&a, nopmu_why, &bad);
	T_OK(n == 45 && !bad, "mode nopmu on a v5 host: every PMU row skipped, mode named (%u not)",
	     bad);
	host.guest_pmu.version = 2;
	__T("... on a v2 host, the features rows give the host's reason first",
	    skipped_with("status-set", &a, "guest PMU version 2 < 4 (KVM offers v2" V4_V5_WHY) &&
	    skipped_with("rdmsr-pmc0", &a, nopmu_why));
	a.mode = MODE_MEDIATED_VMCS;

	__T("SPR-like v2: RDMSR PMC0, GLOBAL_CTRL, FIXED_CTR2 are runnable",
	    runnable("rdmsr-pmc0", &a) && runnable("wrmsr-global-ctrl", &a) &&
	    runnable("rdmsr-fixed-ctr2", &a) && runnable("rdpmc-gp0", &a));
	__T("... and the accuracy and pmi rows",
	    runnable("gp-insns", &a) && runnable("fixed-insns", &a) &&
	    runnable("pmi-gp-insns", &a) && runnable("pmi-fixed-insns", &a));
	__T("mediated: the -host-busy rows skip, no accuracy claim (host events cannot count the guest)",
	    skipped_with("gp-branches-host-busy", &a, MEDIATED_BUSY_WHY) &&
	    skipped_with("fixed-insns-host-busy", &a, MEDIATED_BUSY_WHY));
	a.mode = MODE_LEGACY;
	__T("legacy: the -host-busy rows run", runnable("gp-insns-host-busy", &a) &&
	    runnable("gp-branches-host-busy", &a) && runnable("fixed-insns-host-busy", &a));
	host.host_pmu.nr_gp = 0;
	__T("legacy, host with 0 GP counters: -host-busy has nothing to hold",
	    skipped_with("fixed-insns-host-busy", &a,
			 "host has 0 GP counters (CPUID.0AH.EAX[15:8]): nothing to hold"));
	host.host_pmu.nr_gp = 8;
	a.mode = MODE_MEDIATED_VMCS;
	__T("v2: STATUS_SET needs v4 (pmu-msr row)",
	    skipped_with("rdmsr-global-status-set", &a,
			 "guest PMU version 2 < 4: IA32_PERF_GLOBAL_STATUS_SET needs v4"));
	__T("v2: FIXED_CTR3 absent with 3 fixed counters, and why the row cannot ask for it",
	    skipped_with("rdmsr-fixed-ctr3", &a, NO_FIXED3_WHY) &&
	    skipped_with("rdpmc-metrics", &a, NO_FIXED3_WHY));
	__T("unknown PERF_CAPABILITIES: A_PMC0 carries the reason",
	    skipped_with("wrmsr-a-pmc0", &a,
			 "guest IA32_PERF_CAPABILITIES lacks FW_WRITE (bit 13): KVM not usable: test host"));
	__T("topdown: PERF_METRICS unknown, with the reason",
	    skipped_with("topdown-retiring", &a,
			 "guest lacks PERF_CAP_PERF_METRICS (IA32_PERF_CAPABILITIES bit 15): KVM not usable: test host"));
	__T("features: v2 < v4, with what offers v4/v5",
	    skipped_with("status-set", &a, "guest PMU version 2 < 4 (KVM offers v2" V4_V5_WHY) &&
	    skipped_with("fixed-bitmap", &a, "guest PMU version 2 < 5 (KVM offers v2" V4_V5_WHY));

	/* The run's --guest-gp-counters decides, before the fork. */
	a.guest_gp_counters = 1;
	a.mode = MODE_LEGACY;
	__T("--guest-gp-counters 1: gp-branches needs GP counter 1",
	    skipped_with("gp-branches", &a, NO_GP1_WHY) &&
	    skipped_with("gp-branches-host-busy", &a, NO_GP1_WHY));
	a.mode = MODE_MEDIATED_VMCS;
	__T("... gp-insns and RDMSR PMC0 still run",
	    runnable("gp-insns", &a) && runnable("rdmsr-pmc0", &a));
	a.guest_gp_counters = 0;
	__T("--guest-gp-counters 0: no PMC0, PERFEVTSEL0, RDPMC 0",
	    skipped_with("rdmsr-pmc0", &a, NO_GP_WHY) &&
	    skipped_with("wrmsr-perfevtsel0", &a, NO_GP_WHY) &&
	    skipped_with("rdpmc-gp0", &a, NO_GP_WHY));
	__T("... no GP accuracy or pmi row",
	    skipped_with("gp-insns", &a, "guest has 0 GP counters") &&
	    skipped_with("pmi-gp-insns", &a, "guest has 0 GP counters"));
	__T("... the fixed-counter rows still run",
	    runnable("fixed-insns", &a) && runnable("pmi-fixed-insns", &a) &&
	    runnable("rdmsr-fixed-ctr0", &a) && runnable("rdmsr-global-ctrl", &a));
	a.guest_gp_counters = 12;
	__T("--guest-gp-counters 12 is clamped to what KVM offers", runnable("gp-branches", &a));
	a.guest_gp_counters = -1;

	host.cap_irqchip = 0;
	__T("no in-kernel LAPIC: the pmi rows say so",
	    skipped_with("pmi-gp-insns", &a, NO_LAPIC_WHY) &&
	    skipped_with("pmi-fixed-insns", &a, NO_LAPIC_WHY));
	spr_like();
	host.guest_pmu.events_unavail = 1U << 5;
	__T("branches event unavailable (EBX bit 5): gp-branches says which",
	    skipped_with("gp-branches", &a,
			 "architectural event branches retired not available (CPUID.0AH.EBX[5], length 7)") &&
	    runnable("gp-insns", &a));

	/* A v5 guest: the features rows' own requirements. */
	spr_like();
	host.guest_pmu.version = 5;
	__T("v5 with 3 fixed counters: every features row runnable",
	    runnable("status-set", &a) && runnable("status-reset", &a) &&
	    runnable("global-inuse", &a) && runnable("fixed-bitmap", &a));
	host.guest_pmu.nr_fixed = 1;
	__T("v5 with 1 fixed counter: fixed-bitmap cannot mask one out",
	    skipped_with("fixed-bitmap", &a, "needs 2 fixed counters to mask one out (KVM offers 1)"));
	a.guest_gp_counters = 0;
	__T("--guest-gp-counters 0: global-inuse needs a GP counter",
	    skipped_with("global-inuse", &a, "needs a GP and a fixed counter (guest has 0 and 1)"));
	__T("... status-set/reset use fixed counter 0's bit instead of GP 0's (reserved: #GP)",
	    runnable("status-set", &a) && runnable("status-reset", &a));
	host.guest_pmu.nr_fixed = 0;
	__T("... and with no fixed counter either they skip with why",
	    skipped_with("status-set", &a, NO_COUNTER_WHY) &&
	    skipped_with("status-reset", &a, NO_COUNTER_WHY));
	a.guest_gp_counters = -1;

	spr_like();
	strcpy(host.vendor, "AuthenticAMD");
	n = every_pmu_row_skipped(&a, "Intel architectural PMU only (host CPU is AuthenticAMD)", &bad);
	T_OK(n == 45 && !bad, "AMD: every PMU row skipped as Intel-only (%u not)", bad);

	/* The meta describes what KVM offers, whatever the mode. */
	spr_like();
	a.mode = MODE_NOPMU;
	a.guest_gp_counters = 2;
	meta = workload__guest_pmu_meta(&host, &a);
	__T("guest_pmu meta in mode nopmu: version 2, 2 of 8 GP counters",
	    json_integer_value(json_object_get(meta, "version")) == 2 &&
	    json_integer_value(json_object_get(meta, "gp_counters")) == 2 &&
	    json_integer_value(json_object_get(meta, "gp_counters_offered")) == 8);
	__T("... the fixed-counter-3 rows' VM in the meta: why it has none (caps unknown)",
	    json_is_null(json_object_get(json_object_get(meta, "fixed_counter3_rows"),
					 "fixed_counters")) &&
	    !strcmp(json_string_value(json_object_get(json_object_get(meta, "fixed_counter3_rows"),
						      "why")), NO_FIXED3_WHY));
	json_decref(meta);
	host.guest_pmu.version = 0;
	strcpy(host.guest_pmu_why, "guest PMU version 0: test");
	meta = workload__guest_pmu_meta(&host, &a);
	__T("... no guest PMU: version null and the probe's reason",
	    json_is_null(json_object_get(meta, "version")) &&
	    !strcmp(json_string_value(json_object_get(meta, "why")), "guest PMU version 0: test"));
	json_decref(meta);
	return tap_done();
}
