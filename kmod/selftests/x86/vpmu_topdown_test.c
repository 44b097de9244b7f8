// SPDX-License-Identifier: GPL-2.0
/*
 * Patch 3 of the vpmu-bench KVM series: fixed counter 3 (TOPDOWN.SLOTS) and
 * PERF_METRICS for mediated guests, only on request.
 *
 * A vCPU with KVM's default CPUID and PERF_CAPABILITIES has neither, and its
 * PERF_GLOBAL_* MSRs and RDPMC are intercepted exactly when stock 7.2
 * intercepts them.  A vCPU whose CPUID enumerates fixed counter 3 and whose
 * PERF_CAPABILITIES has PERF_METRICS has both, passed through, and their
 * values survive the PMU context switch, host-initiated reads and writes and
 * migration of the vCPU between host CPUs.
 */
#include <sched.h>

#include "vpmu_kmod.h"

#define NR_MIGRATIONS		16

#define STAGE_STOPPED		1
#define STAGE_HOST_WRITE	2
#define STAGE_COUNTING		3

/* Written by the host before STAGE_HOST_WRITE resumes the guest. */
static u64 host_slots;

/* Something for TOPDOWN.SLOTS to count: 100000 iterations of LOOP. */
static void guest_busy(void)
{
	__asm__ __volatile__("loop ." : "+c"((int){100000}));
}

static void guest_no_fixed_ctr3(void)
{
	u64 val;

	GUEST_ASSERT_EQ(rdmsr_safe(MSR_CORE_PERF_FIXED_CTR3, &val), GP_VECTOR);
	GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_FIXED_CTR3, 0), GP_VECTOR);
	GUEST_ASSERT_EQ(rdmsr_safe(MSR_PERF_METRICS, &val), GP_VECTOR);
	GUEST_ASSERT_EQ(wrmsr_safe(MSR_PERF_METRICS, 0), GP_VECTOR);
	GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_GLOBAL_CTRL,
				   FIXED_PMC_GLOBAL_CTRL_ENABLE(3)), GP_VECTOR);
	GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_GLOBAL_CTRL,
				   GLOBAL_CTRL_EN_PERF_METRICS), GP_VECTOR);
	GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_FIXED_CTR_CTRL,
				   FIXED_PMC_CTRL(3, FIXED_PMC_KERNEL)), GP_VECTOR);
	GUEST_ASSERT_EQ(rdpmc_safe(INTEL_RDPMC_FIXED | 3, &val), GP_VECTOR);
	GUEST_ASSERT_EQ(rdpmc_safe(INTEL_RDPMC_METRICS, &val), GP_VECTOR);

	kmod_guest_rdmsr_loop(MSR_CORE_PERF_GLOBAL_STATUS);
	kmod_guest_rdpmc_loop(0);
	GUEST_DONE();
}

static void guest_fixed_ctr3(void)
{
	const u64 enable = FIXED_PMC_GLOBAL_CTRL_ENABLE(3) |
			   GLOBAL_CTRL_EN_PERF_METRICS;
	u64 slots, metrics, val;
	int i;

	wrmsr(MSR_CORE_PERF_GLOBAL_CTRL, 0);
	wrmsr(MSR_CORE_PERF_FIXED_CTR3, 0);
	wrmsr(MSR_PERF_METRICS, 0);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_FIXED_CTR3), 0);
	GUEST_ASSERT_EQ(rdmsr(MSR_PERF_METRICS), 0);

	/* METRICS_CLEAR (FIXED_CTR_CTRL bit 14) stays reserved. */
	GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_FIXED_CTR_CTRL,
				   FIXED_CTR3_METRICS_CLEAR), GP_VECTOR);

	/* Count TOPDOWN.SLOTS with PERF_METRICS, then stop. */
	wrmsr(MSR_CORE_PERF_FIXED_CTR_CTRL,
	      FIXED_PMC_CTRL(3, FIXED_PMC_KERNEL | FIXED_PMC_USER));
	wrmsr(MSR_CORE_PERF_GLOBAL_CTRL, enable);
	guest_busy();
	wrmsr(MSR_CORE_PERF_GLOBAL_CTRL, 0);

	slots = rdmsr(MSR_CORE_PERF_FIXED_CTR3);
	metrics = rdmsr(MSR_PERF_METRICS);
	GUEST_ASSERT_NE(slots, 0);
	GUEST_ASSERT_EQ(rdpmc_safe(INTEL_RDPMC_FIXED | 3, &val), 0);
	GUEST_ASSERT_EQ(val, slots);
	GUEST_ASSERT_EQ(rdpmc_safe(INTEL_RDPMC_METRICS, &val), 0);
	GUEST_ASSERT_EQ(val, metrics);

	/* Stopped: exact values across exits and migrations (host checks). */
	for (i = 0; i < NR_MIGRATIONS; i++) {
		GUEST_SYNC_ARGS(STAGE_STOPPED, slots, metrics, 0, 0);
		GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_FIXED_CTR3), slots);
		GUEST_ASSERT_EQ(rdmsr(MSR_PERF_METRICS), metrics);
	}

	/* Host-initiated writes reach the guest. */
	GUEST_SYNC(STAGE_HOST_WRITE);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_FIXED_CTR3), READ_ONCE(host_slots));
	GUEST_ASSERT_EQ(rdmsr(MSR_PERF_METRICS), 0);

	/* Counting: fixed counter 3 only moves forward across migrations. */
	slots = READ_ONCE(host_slots);
	wrmsr(MSR_CORE_PERF_GLOBAL_CTRL, enable);
	for (i = 0; i < NR_MIGRATIONS; i++) {
		guest_busy();
		val = rdmsr(MSR_CORE_PERF_FIXED_CTR3);
		__GUEST_ASSERT(val > slots, "SLOTS went from %#lx to %#lx",
			       slots, val);
		slots = val;
		GUEST_SYNC(STAGE_COUNTING);
	}
	wrmsr(MSR_CORE_PERF_GLOBAL_CTRL, 0);

	kmod_guest_rdmsr_loop(MSR_PERF_METRICS);
	kmod_guest_rdmsr_loop(MSR_CORE_PERF_GLOBAL_STATUS);
	GUEST_DONE();
}

/* The CPUs this task may run on, for migrating the vCPU between them. */
static int cpus[CPU_SETSIZE];
static int nr_cpus;

static void migrate(int i)
{
	if (nr_cpus > 1)
		pin_self_to_cpu(cpus[i % nr_cpus]);
}

static u64 kvm_fixed_counters(void)
{
	u64 fixed = BIT_ULL(kvm_cpu_property(X86_PROPERTY_PMU_NR_FIXED_COUNTERS)) - 1;

	if (kvm_cpu_property(X86_PROPERTY_PMU_VERSION) >= 5)
		fixed |= kvm_cpu_property(X86_PROPERTY_PMU_FIXED_COUNTERS_BITMASK);
	return fixed;
}

static void test_default(struct kmod_host_pmu h)
{
	u8 gp = kvm_cpu_property(X86_PROPERTY_PMU_NR_GP_COUNTERS);
	u64 fixed = kvm_fixed_counters();
	bool want, got, backdoor;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	u64 caps = 0;

	vm = vm_create_with_one_vcpu(&vcpu, guest_no_fixed_ctr3);
	if (kvm_cpu_has(X86_FEATURE_PDCM))
		caps = vcpu_get_msr(vcpu, MSR_IA32_PERF_CAPABILITIES);
	ksft_test_result(!(fixed & BIT_ULL(3)) && !(caps & PERF_CAP_PERF_METRICS),
			 "default CPUID and PERF_CAPABILITIES: fixed counters %#lx, PERF_CAPABILITIES %#lx (supported %#lx)\n",
			 fixed, caps, kvm_get_feature_msr(MSR_IA32_PERF_CAPABILITIES));

	/* The guest asserts #GP on every fixed counter 3 and metrics access. */
	want = kmod_expect_global_intercept(h, gp, fixed);
	got = kmod_loop_intercepted(vcpu, "default vCPU: GLOBAL_STATUS reads");
	TEST_ASSERT(got == want, "GLOBAL_STATUS %s, stock 7.2 %s it (guest %u GP + fixed %#lx, host %u GP + fixed %#lx)",
		    got ? "intercepted" : "passed through",
		    want ? "intercepts" : "passes through", gp, fixed,
		    h.nr_gp, h.fixed);
	backdoor = get_kvm_param_bool("enable_vmware_backdoor");
	got = kmod_loop_intercepted(vcpu, "default vCPU: RDPMC");
	TEST_ASSERT(got == (want || backdoor), "RDPMC %s, stock 7.2 %s it",
		    got ? "intercepted" : "passed through",
		    want || backdoor ? "intercepts" : "passes through");
	kmod_run_to_done(vcpu);
	ksft_test_result_pass("default vCPU: no fixed counter 3 or PERF_METRICS (#GP on MSRs, GLOBAL_CTRL bits 35/48, FIXED_CTR_CTRL[15:12], RDPMC)\n");
	ksft_test_result_pass("default vCPU: GLOBAL_STATUS and RDPMC %s, as stock 7.2 (guest %u GP + fixed %#lx, host %u GP + fixed %#lx)\n",
			      want ? "intercepted" : "passed through", gp, fixed,
			      h.nr_gp, h.fixed);
	kvm_vm_free(vm);
}

static void test_fixed_ctr3(struct kmod_host_pmu h)
{
	u8 gp = kvm_cpu_property(X86_PROPERTY_PMU_NR_GP_COUNTERS);
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	bool want, got;
	u64 caps;
	int i;

	vm = vm_create_with_one_vcpu(&vcpu, guest_fixed_ctr3);
	caps = vcpu_get_msr(vcpu, MSR_IA32_PERF_CAPABILITIES);
	vcpu_set_msr(vcpu, MSR_IA32_PERF_CAPABILITIES, caps | PERF_CAP_PERF_METRICS);
	vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_NR_FIXED_COUNTERS, 4);

	for (i = 0; i < NR_MIGRATIONS; i++) {
		uc = kmod_run_to(vcpu, STAGE_STOPPED);
		TEST_ASSERT_EQ(vcpu_get_msr(vcpu, MSR_CORE_PERF_FIXED_CTR3), uc.args[2]);
		TEST_ASSERT_EQ(vcpu_get_msr(vcpu, MSR_PERF_METRICS), uc.args[3]);
		migrate(i);
	}
	ksft_test_result_pass("fixed counter 3 enumerated: SLOTS %#lx and PERF_METRICS %#lx counted, read by RDMSR, RDPMC and the host, kept across %d migrations over %d CPUs\n",
			      uc.args[2], uc.args[3], NR_MIGRATIONS, nr_cpus);

	host_slots = uc.args[2] + 1000;
	sync_global_to_guest(vm, host_slots);
	kmod_run_to(vcpu, STAGE_HOST_WRITE);
	vcpu_set_msr(vcpu, MSR_CORE_PERF_FIXED_CTR3, host_slots);
	vcpu_set_msr(vcpu, MSR_PERF_METRICS, 0);
	for (i = 0; i < NR_MIGRATIONS; i++) {
		kmod_run_to(vcpu, STAGE_COUNTING);
		migrate(i + 1);
	}
	ksft_test_result_pass("fixed counter 3 enumerated: host writes reach the guest; SLOTS keeps counting across %d migrations\n",
			      NR_MIGRATIONS);

	got = kmod_loop_intercepted(vcpu, "fixed counter 3: PERF_METRICS reads");
	TEST_ASSERT(!got, "PERF_METRICS is intercepted");
	want = kmod_expect_global_intercept(h, gp, 0xf);
	got = kmod_loop_intercepted(vcpu, "fixed counter 3: GLOBAL_STATUS reads");
	TEST_ASSERT(got == want, "GLOBAL_STATUS %s, expected %s (guest %u GP + fixed 0xf, host %u GP + fixed %#lx)",
		    got ? "intercepted" : "passed through",
		    want ? "intercepted" : "passed through", gp, h.nr_gp,
		    h.fixed);
	kmod_run_to_done(vcpu);
	ksft_test_result_pass("fixed counter 3 enumerated: PERF_METRICS passed through, GLOBAL_STATUS %s (guest %u GP + fixed 0xf, host %u GP + fixed %#lx)\n",
			      want ? "intercepted" : "passed through", gp,
			      h.nr_gp, h.fixed);
	kvm_vm_free(vm);
}

int main(int argc, char *argv[])
{
	const char *skip = NULL;
	struct kmod_host_pmu h;
	cpu_set_t set, saved;
	int cpu;

	ksft_print_header();
	kmod_require_series_pmu();
	h = kmod_host_pmu();
	ksft_set_plan(6);

	TEST_ASSERT(!sched_getaffinity(0, sizeof(saved), &saved), "sched_getaffinity");
	set = saved;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &set))
			cpus[nr_cpus++] = cpu;
	}

	test_default(h);

	if (!kmod_mediated())
		skip = "enable_mediated_pmu=N";
	else if (!(kvm_get_feature_msr(MSR_IA32_PERF_CAPABILITIES) &
		   PERF_CAP_PERF_METRICS))
		skip = "KVM does not support PERF_METRICS on this host";

	if (skip) {
		for (cpu = 0; cpu < 3; cpu++)
			ksft_test_result_skip("fixed counter 3 enumerated: %s\n", skip);
	} else {
		test_fixed_ctr3(h);
	}

	sched_setaffinity(0, sizeof(saved), &saved);
	ksft_finished();
}
