// SPDX-License-Identifier: GPL-2.0
/*
 * The topdown collection: TMA level 1 in the guest from fixed counter 3
 * (SLOTS) and IA32_PERF_METRICS (enabled with GLOBAL_CTRL bit 48), for
 * the four shapes of topdown_shapes.h. The guest clears both, enables
 * them, runs the shape, disables them, and sends SLOTS, PERF_METRICS and
 * GLOBAL_STATUS; the host decodes the four 8-bit fractions and scales
 * them by SLOTS (pmu_math.c). Needs PERF_CAP_PERF_METRICS in the guest,
 * which only the kmod's PERF_METRICS patch (kmod/patches/0003) offers.
 * `vpmu-bench native --collection topdown` runs the same shapes on the host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pmu_vm.h"
#include "topdown_shapes.h"

#define TD_TAG		0x7d00
/* Guest region for the chase buffer and the random bytes: at 4 GiB, 2 MiB pages. */
#define TD_GPA		(1ULL << 32)
#define TD_SLOT		10
#define TD_REGION	(TD_CHASE_BYTES + (2ULL << 20))

/* Host-set before the guest runs. */
static struct td_work td_guest_work;
static uint32_t td_guest_shape;

static void guest_topdown(uint64_t reps)
{
	uint64_t i;

	for (i = 0; i < reps; i++) {
		uint64_t slots, metrics, status;

		wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
		wrmsr(PMU_MSR_FIXED_CTR0 + 3, 0);
		/* SDM: clear PERF_METRICS together with fixed counter 3. */
		wrmsr(PMU_MSR_PERF_METRICS, 0);
		wrmsr(PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(3, PMU_FIXED_OS));
		wrmsr(PMU_MSR_GLOBAL_CTRL, PMU_GLOBAL_FIXED(3) | PMU_GLOBAL_PERF_METRICS);
		td_shape_run(td_guest_shape, &td_guest_work);
		wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
		slots = rdmsr(PMU_MSR_FIXED_CTR0 + 3);
		metrics = rdmsr(PMU_MSR_PERF_METRICS);
		status = rdmsr(PMU_MSR_GLOBAL_STATUS);
		wrmsr(PMU_MSR_GLOBAL_OVF_CTRL, status);
		ucall(UCALL_SYNC, 5, TD_TAG, i, slots, metrics, status);
	}
	GUEST_DONE();
}

/* A v2 guest PMU with PERF_METRICS and fixed counter 3 (SLOTS). */
static bool td_requires(const struct workload *w, const struct workload_args *a, char *why,
			size_t len)
{
	struct pmu_guest g;

	if (!pmu_guest__probe(&g, a, 2, why, len))
		return false;
	if (!(g.perf_caps & PMU_CAP_PERF_METRICS)) {
		if (g.perf_caps_why[0])
			snprintf(why, len, "guest lacks PERF_CAP_PERF_METRICS (IA32_PERF_CAPABILITIES bit 15): %s",
				 g.perf_caps_why);
		else
			snprintf(why, len, "guest lacks PERF_CAP_PERF_METRICS (IA32_PERF_CAPABILITIES %#llx, bit 15 clear): needs the kmod PERF_METRICS patch (kmod/patches/0003) and a mediated vPMU",
				 (unsigned long long)g.perf_caps);
		return false;
	}
	/* KVM's CPUID.0AH says 3 fixed counters: this VM asks for SLOTS itself. */
	return pmu_guest__ask_fixed3(&g, why, len);
}

/* What the host gave the region: THP policy and AnonHugePages, measured. */
static void td_record_pages(struct workload_out *out, bool thp, void *hva)
{
	char mode[32];
	long long kb = td_pages__read((uintptr_t)hva, (uintptr_t)hva + TD_REGION, mode,
				      sizeof(mode));

	pmu_info_str(out, "chase_pages",
		     "guest: 2 MiB PTEs; host memory %s (transparent_hugepage/enabled: %s), as `vpmu-bench native` asks for its buffer",
		     thp ? "MADV_HUGEPAGE" : "4 KiB pages: THP not configured", mode);
	if (kb >= 0)
		pmu_info_int(out, "chase_host_anon_huge_kb", kb);
	else
		pmu_info_str(out, "chase_host_anon_huge_kb", "not found in /proc/self/smaps");
}

/* Map the chase buffer and the random bytes into the guest, and fill them. */
static void td_map_work(struct kvm_vm *vm, enum td_shape s, struct workload_out *out)
{
	uint64_t lines = TD_CHASE_BYTES / TD_LINE;
	bool thp = thp_configured();
	uint32_t *scratch;
	void *hva;

	/*
	 * Huge pages on the host too, as natively (MADV_HUGEPAGE): plain
	 * VM_MEM_SRC_ANONYMOUS is MADV_NOHUGEPAGE, 4 KiB behind every 2 MiB
	 * guest page, and the chase would measure TLB misses native has not.
	 */
	vm_userspace_mem_region_add(vm, thp ? VM_MEM_SRC_ANONYMOUS_THP : VM_MEM_SRC_ANONYMOUS,
				    TD_GPA, TD_SLOT, TD_REGION / vm->page_size, 0);
	virt_map_level(vm, TD_GPA, TD_GPA, TD_REGION, PG_LEVEL_2M);
	hva = addr_gpa2hva(vm, TD_GPA);

	memset(&td_guest_work, 0, sizeof(td_guest_work));
	td_guest_work.iters = td_iters[s];
	if (s == TD_SHAPE_BACKEND) {
		scratch = xmalloc(lines * sizeof(*scratch));
		td_chase_init(hva, lines, TD_GPA, scratch, 1);
		free(scratch);
		td_guest_work.chase = (uint64_t *)TD_GPA;
	}
	if (s == TD_SHAPE_BADSPEC) {
		td_rand_init((uint8_t *)hva + TD_CHASE_BYTES, TD_RAND_BYTES, 1);
		td_guest_work.rand = (const uint8_t *)(TD_GPA + TD_CHASE_BYTES);
		td_guest_work.rand_len = TD_RAND_BYTES;
	}
	/* After the fill: the pages exist now. */
	td_record_pages(out, thp, hva);
}

static int td_run(const struct workload *w, const struct workload_args *a,
		  struct workload_out *out)
{
	enum td_shape s = (enum td_shape)(uintptr_t)w->priv;
	struct series *pct[NR_TD_METRICS], *slots_s;
	struct kvm_vcpu *vcpu;
	struct pmu_guest g;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t i;
	char why[512];
	int m, ret = KSFT_FAIL;

	pmu_guest__get(&g, a);
	if (!pmu_guest__ask_fixed3(&g, why, sizeof(why))) {
		workload_out__note(out, "%s", why);
		return KSFT_FAIL;
	}
	vcpu = pmu_vm__create(a, &g, guest_topdown, &vm, out);
	if (!vcpu)
		return KSFT_FAIL;
	td_map_work(vm, s, out);
	td_guest_shape = s;
	sync_global_to_guest(vm, td_guest_work);
	sync_global_to_guest(vm, td_guest_shape);
	vcpu_args_set(vcpu, 1, (uint64_t)a->reps);

	out->unit = "pct_points";
	out->ops_per_sample = 0;
	for (m = 0; m < NR_TD_METRICS; m++)
		pct[m] = workload_out__extra(out, td_metric_names[m], "pct_points");
	slots_s = workload_out__extra(out, "slots", "slots");
	pmu_info_str(out, "shape", "%s", td_shapes[s].summary);
	pmu_info_str(out, "samples_are", "%s pct_points (the shape's dominant category)",
		     td_metric_names[td_shapes[s].dominant]);
	pmu_info_int(out, "iterations", td_iters[s]);

	for (i = 0; i < a->reps; i++) {
		struct td_level1 t;

		if (!pmu_vm__sample(vcpu, TD_TAG, i, &uc, out))
			goto out_free;
		td_decode(uc.args[3], uc.args[2], uc.args[4] & PMU_GLOBAL_PERF_METRICS, &t);
		if (!t.valid) {
			workload_out__note(out, "sample %llu: %s (PERF_METRICS %#llx, SLOTS %llu)",
					   (unsigned long long)i, t.why,
					   (unsigned long long)uc.args[3],
					   (unsigned long long)uc.args[2]);
			goto out_free;
		}
		for (m = 0; m < NR_TD_METRICS; m++)
			series__push(pct[m], t.pct[m]);
		series__push(slots_s, uc.args[2]);
		series__push(&out->samples, t.pct[td_shapes[s].dominant]);
	}
	if (!harness__expect_done(vcpu, NULL, NULL, out))
		goto out_free;
	ret = KSFT_PASS;
out_free:
	kvm_vm_free(vm);
	return ret;
}

#define TD(n, shape, s) \
	{ .name = "topdown-" n, .collection = "topdown", .summary = s, \
	  .requires = td_requires, .run = td_run, .timeout_s = 120, \
	  .priv = (const void *)(uintptr_t)(shape) }

const struct workload topdown_workloads[] = {
	TD("retiring", TD_SHAPE_RETIRING,
	   "independent ALU adds: retiring-bound, TMA L1 in the guest"),
	TD("backend", TD_SHAPE_BACKEND,
	   "pointer chase over 256 MiB: backend-bound, TMA L1 in the guest"),
	TD("frontend", TD_SHAPE_FRONTEND,
	   "jump chain over 128 KiB of code: frontend-bound, TMA L1 in the guest"),
	TD("badspec", TD_SHAPE_BADSPEC,
	   "branches on random bits: bad-speculation-bound, TMA L1 in the guest"),
	{ NULL },
};
