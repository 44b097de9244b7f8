// SPDX-License-Identifier: GPL-2.0
/*
 * The accuracy collection: counters against exactly known counts. The
 * guest enables GP counter 0 (instructions retired), GP counter 1
 * (branches retired) and fixed counter 0 (instructions retired) with one
 * WRMSR of IA32_PERF_GLOBAL_CTRL, runs the loop of pmu_math.h in one asm
 * blob (no compiler code inside the counted region), disables them with
 * the blob's last WRMSR, and sends the three counts. Every sample is
 * measured - expected, in events.
 *
 * The "-host-busy" rows (legacy vPMU only) do the same while the host
 * holds every GP counter of the vCPU's CPU: one CPU-pinned event per host
 * GP counter, raw encodings only a GP counter takes (acc_busy_events()).
 * KVM's guest counters are task-pinned perf events, which CPU-pinned
 * events outrank, so a guest GP counter gets no hardware counter and the
 * samples record what it loses; fixed counter 0 is not contended. The
 * mediated vPMU refuses host events that count the guest and hands the
 * guest the counters while it runs: there is nothing to contend for, and
 * these rows skip there and say so. What was opened, per event, is in
 * `info`; an open that fails names the event.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <linux/stringify.h>

#include "pmu_math.h"
#include "pmu_perf.h"
#include "pmu_vm.h"

#define ACC_TAG		0xacc0
/* Iterations of the counted loop: 10000 x 5 + 5 = 50005 instructions. */
#define ACC_LOOPS	10000

enum acc_counter {
	ACC_GP_INSNS,		/* GP counter 0, event 0xc0 */
	ACC_GP_BRANCHES,	/* GP counter 1, event 0xc4 */
	ACC_FIXED_INSNS,	/* fixed counter 0 */
};

struct acc_row {
	enum acc_counter counter;
	bool host_busy;
};

/* Set by the host before the guest runs (sync_global_to_guest). */
static uint32_t acc_nr_gp;
static bool acc_fixed0;

static void guest_accuracy(uint64_t reps)
{
	uint64_t i;

	for (i = 0; i < reps; i++) {
		uint64_t enable = 0, gp0 = 0, gp1 = 0, fx0 = 0;
		uint32_t lo, hi, msr = PMU_MSR_GLOBAL_CTRL;

		wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
		if (acc_nr_gp >= 1) {
			wrmsr(PMU_MSR_PERFCTR0, 0);
			wrmsr(PMU_MSR_PERFEVTSEL0, PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_OS |
			      PMU_EVTSEL_EN);
			enable |= 1;
		}
		if (acc_nr_gp >= 2) {
			wrmsr(PMU_MSR_PERFCTR0 + 1, 0);
			wrmsr(PMU_MSR_PERFEVTSEL0 + 1, PMU_EVENT_BRANCHES | PMU_EVTSEL_OS |
			      PMU_EVTSEL_EN);
			enable |= 2;
		}
		if (acc_fixed0) {
			wrmsr(PMU_MSR_FIXED_CTR0, 0);
			wrmsr(PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(0, PMU_FIXED_OS));
			enable |= PMU_GLOBAL_FIXED(0);
		}
		lo = enable;
		hi = enable >> 32;
		/* The counted region: see pmu_math.h for every instruction. */
		asm volatile("wrmsr\n\t"
			     "mov %[loops], %%ecx\n\t"
			     "1:\n\t"
			     ".rept " __stringify(ACC_NOPS_PER_LOOP) "\n\tnop\n\t.endr\n\t"
			     "loop 1b\n\t"
			     "mov $" __stringify(PMU_MSR_GLOBAL_CTRL) ", %%ecx\n\t"
			     "xor %%eax, %%eax\n\t"
			     "xor %%edx, %%edx\n\t"
			     "wrmsr\n\t"
			     : "+a"(lo), "+d"(hi), "+c"(msr)
			     : [loops] "r"((uint32_t)ACC_LOOPS)
			     : "memory");
		if (acc_nr_gp >= 1)
			gp0 = rdmsr(PMU_MSR_PERFCTR0);
		if (acc_nr_gp >= 2)
			gp1 = rdmsr(PMU_MSR_PERFCTR0 + 1);
		if (acc_fixed0)
			fx0 = rdmsr(PMU_MSR_FIXED_CTR0);
		ucall(UCALL_SYNC, 5, ACC_TAG, i, gp0, gp1, fx0);
	}
	GUEST_DONE();
}

static const char *acc_event_name(enum acc_counter c)
{
	return c == ACC_GP_BRANCHES ? "branches retired" : "instructions retired";
}

/* A v2 guest PMU with the row's counter and its architectural event. */
static bool acc_requires(const struct workload *w, const struct workload_args *a, char *why,
			 size_t len)
{
	const struct acc_row *r = w->priv;
	/* EBX bit i set = architectural event i NOT available (1: insns, 5: branches). */
	unsigned int ev = r->counter == ACC_GP_BRANCHES ? 5 : 1;
	struct pmu_guest g;

	if (!pmu_guest__probe(&g, a, 2, why, len))
		return false;
	if (r->host_busy && a->mode != MODE_LEGACY) {
		snprintf(why, len, "mode %s: the mediated vPMU refuses host events that count the guest and gives the guest the counters while it runs: no contention to measure, no accuracy claim",
			 mode_name(a->mode));
		return false;
	}
	if (r->host_busy && !g.host.nr_gp) {
		snprintf(why, len, "host has 0 GP counters (CPUID.0AH.EAX[15:8]): nothing to hold");
		return false;
	}
	if (r->counter != ACC_FIXED_INSNS &&
	    (g.cpuid.ebx_len <= ev || (g.cpuid.events_unavail & (1U << ev)))) {
		snprintf(why, len, "architectural event %s not available (CPUID.0AH.EBX[%u], length %u)",
			 acc_event_name(r->counter), ev, g.cpuid.ebx_len);
		return false;
	}
	switch (r->counter) {
	case ACC_GP_INSNS:
		if (g.cpuid.nr_gp < 1) {
			snprintf(why, len, "guest has 0 GP counters");
			return false;
		}
		break;
	case ACC_GP_BRANCHES:
		if (g.cpuid.nr_gp < 2) {
			snprintf(why, len, "needs GP counter 1 (guest has %u GP counters)",
				 g.cpuid.nr_gp);
			return false;
		}
		break;
	case ACC_FIXED_INSNS:
		if (!pmu_guest__has_fixed(&g, 0)) {
			snprintf(why, len, "guest has no fixed counter 0");
			return false;
		}
		break;
	}
	return true;
}

/* The host's busy counters on @cpu; records what happened in out->info. */
static void acc_host_busy_open(struct pmu_perf *pp, const struct pmu_guest *g, int cpu,
			       struct workload_out *out)
{
	struct perf_event_attr attrs[PMU_PERF_MAX];
	struct acc_busy_event ev[PMU_PERF_MAX];
	json_t *arr = json_array();
	char why[320];
	int i, n, r;

	n = acc_busy_events(g->host.nr_gp, ev, PMU_PERF_MAX);
	for (i = 0; i < n; i++) {
		/* Counting the guest too: the legacy vPMU allows it. */
		pmu_perf__attr(&attrs[i], PERF_TYPE_RAW, ev[i].config, false);
		attrs[i].pinned = 1;
		json_array_append_new(arr, json_pack("{s:s, s:o, s:b, s:b}", "name", ev[i].name,
						     "config", json_sprintf("%#llx",
						     (unsigned long long)ev[i].config),
						     "pinned", 1, "exclude_guest", 0));
	}
	pmu_info_int(out, "host_busy_cpu", cpu);
	pmu_info_int(out, "host_gp_counters", g->host.nr_gp);
	json_object_set_new(pmu_info(out), "host_busy_events", arr);
	if ((unsigned int)n < g->host.nr_gp)
		pmu_info_str(out, "host_busy_limit", "%d of %u GP counters held (PMU_PERF_MAX)", n,
			     g->host.nr_gp);
	r = pmu_perf__open(pp, attrs, n, cpu, false, why, sizeof(why));
	if (r) {
		pmu_info_str(out, "host_busy", "refused: %s", why);
		pmu_info_int(out, "host_busy_errno", -r);
		return;
	}
	pmu_info_str(out, "host_busy",
		     "%d CPU-pinned raw GP-only events, counting guest too, one per host GP counter",
		     n);
	pmu_perf__enable(pp);
}

static void acc_host_busy_close(struct pmu_perf *pp, struct workload_out *out)
{
	json_t *arr;
	int i;

	if (!pp->evlist)
		return;
	pmu_perf__disable(pp);
	arr = json_array();
	for (i = 0; i < pp->n; i++) {
		struct pmu_perf_count c;
		json_t *o = json_object();

		if (pmu_perf__read(pp, i, &c)) {
			/* A pinned event that lost its counter is in error state: EOF. */
			json_object_set_new(o, "read", json_string("failed"));
		} else {
			json_object_set_new(o, "value", json_integer(c.val));
			json_object_set_new(o, "time_enabled_ns", json_integer(c.ena));
			json_object_set_new(o, "time_running_ns", json_integer(c.run));
		}
		json_array_append_new(arr, o);
	}
	json_object_set_new(pmu_info(out), "host_busy_counts", arr);
	pmu_perf__close(pp);
}

static int acc_run(const struct workload *w, const struct workload_args *a,
		   struct workload_out *out)
{
	const struct acc_row *row = w->priv;
	struct pmu_perf busy = { 0 };
	struct series *meas, *exp, *lost = NULL;
	cpu_set_t saved;
	bool pinned = false;
	struct kvm_vcpu *vcpu;
	struct pmu_guest g;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t expected, i;
	int ret = KSFT_FAIL;

	pmu_guest__get(&g, a);
	vcpu = pmu_vm__create(a, &g, guest_accuracy, &vm, out);
	if (!vcpu)
		return KSFT_FAIL;
	acc_nr_gp = g.cpuid.nr_gp;
	acc_fixed0 = pmu_guest__has_fixed(&g, 0);
	sync_global_to_guest(vm, acc_nr_gp);
	sync_global_to_guest(vm, acc_fixed0);
	vcpu_args_set(vcpu, 1, (uint64_t)a->reps);

	expected = row->counter == ACC_GP_BRANCHES ? acc_expected_branches(ACC_LOOPS) :
						     acc_expected_insns(ACC_LOOPS);
	out->unit = "events";
	out->ops_per_sample = 0;
	meas = workload_out__extra(out, "measured", "events");
	exp = workload_out__extra(out, "expected", "events");
	pmu_info_str(out, "event", "%s", acc_event_name(row->counter));
	pmu_info_str(out, "counter", "%s", row->counter == ACC_FIXED_INSNS ? "fixed 0" :
		     row->counter == ACC_GP_BRANCHES ? "GP 1" : "GP 0");
	pmu_info_int(out, "loops", ACC_LOOPS);

	if (row->host_busy) {
		int cpu = a->cpu;

		if (cpu < 0) {
			cpu_set_t set;

			/* Keep the vCPU (this thread) and the host events together. */
			cpu = sched_getcpu();
			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			if (sched_getaffinity(0, sizeof(saved), &saved) ||
			    sched_setaffinity(0, sizeof(set), &set)) {
				workload_out__note(out, "pinning to CPU %d: %s", cpu, strerror(errno));
				goto out_free;
			}
			pinned = true;
			pmu_info_str(out, "host_busy_pinning",
				     "this row pinned itself to CPU %d and restored its affinity after", cpu);
		}
		acc_host_busy_open(&busy, &g, cpu, out);
		lost = workload_out__extra(out, "lost", "events");
	}

	for (i = 0; i < a->reps; i++) {
		uint64_t v;

		if (!pmu_vm__sample(vcpu, ACC_TAG, i, &uc, out))
			goto out_busy;
		v = uc.args[row->counter == ACC_GP_INSNS ? 2 : row->counter == ACC_GP_BRANCHES ? 3 : 4];
		/* Counters are at most 48 bits wide here: anything above is not a count. */
		if (v >> 48) {
			workload_out__note(out, "impossible count %#llx from the guest",
					   (unsigned long long)v);
			goto out_busy;
		}
		series__push(meas, v);
		series__push(exp, expected);
		series__push(&out->samples, acc_error(v, expected));
		if (lost)
			series__push(lost, -acc_error(v, expected));
	}
	if (!harness__expect_done(vcpu, NULL, NULL, out))
		goto out_busy;
	ret = KSFT_PASS;
out_busy:
	acc_host_busy_close(&busy, out);
	if (lost && lost->n)
		json_object_set_new(pmu_info(out), "guest_events_lost_median",
				    json_real(pmu_series_median(lost)));
	if (pinned)
		sched_setaffinity(0, sizeof(saved), &saved);
out_free:
	kvm_vm_free(vm);
	return ret;
}

#define ACC(n, s, ctr, busy) \
	{ .name = n, .collection = "accuracy", .summary = s, .requires = acc_requires, \
	  .run = acc_run, .priv = &(const struct acc_row){ ctr, busy } }

const struct workload accuracy_workloads[] = {
	ACC("gp-insns", "GP counter, instructions retired vs 50005 exact", ACC_GP_INSNS, false),
	ACC("gp-branches", "GP counter, branches retired vs 10000 exact", ACC_GP_BRANCHES, false),
	ACC("fixed-insns", "fixed counter 0, instructions retired vs 50005 exact",
	    ACC_FIXED_INSNS, false),
	ACC("gp-insns-host-busy", "legacy: gp-insns while host CPU-pinned events hold every GP counter",
	    ACC_GP_INSNS, true),
	ACC("gp-branches-host-busy",
	    "legacy: gp-branches while host CPU-pinned events hold every GP counter",
	    ACC_GP_BRANCHES, true),
	ACC("fixed-insns-host-busy",
	    "legacy: fixed-insns while host CPU-pinned events hold every GP counter",
	    ACC_FIXED_INSNS, true),
	{ NULL },
};
