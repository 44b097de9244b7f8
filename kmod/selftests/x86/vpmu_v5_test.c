// SPDX-License-Identifier: GPL-2.0
/*
 * Patch 4 of the vpmu-bench KVM series: PMU v4/v5 for mediated guests on
 * Intel.
 *
 * KVM_GET_SUPPORTED_CPUID reports version 5 (capped by the host) and a
 * contiguous ECX fixed counter bitmap with the mediated PMU, version 2 and
 * ECX 0 without it.  GLOBAL_STATUS_SET (0x391) sets GLOBAL_STATUS bits and
 * #GPs on reserved ones (58-61 included); GLOBAL_INUSE (0x392) is read-only
 * and reflects what the guest wrote, not what the event filter let reach
 * hardware.  Both exist only for version >= 4 and only with the mediated PMU.
 * A v5 ECX bitmap, sparse or not, is honoured; below v5 and with the
 * perf-based PMU it is ignored.
 */
#include "vpmu_kmod.h"

#define STAGE_STATUS_SET	1
#define STAGE_INUSE		2

/* Set by the host before each VM runs. */
static u8 guest_nr_gp;
static u64 guest_fixed;

static void guest_status_set(void)
{
	const u64 bits = BIT_ULL(0) | FIXED_PMC_GLOBAL_CTRL_ENABLE(0);
	int bit;

	wrmsr(MSR_CORE_PERF_GLOBAL_CTRL, 0);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_STATUS), 0);

	/* Write-only: reads as 0. */
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_STATUS_SET), 0);
	wrmsr(MSR_CORE_PERF_GLOBAL_STATUS_SET, bits);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_STATUS), bits);

	/* Through a put and a load of the PMU; the host checks its view. */
	GUEST_SYNC(STAGE_STATUS_SET);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_STATUS), bits);

	/* GLOBAL_STATUS_RESET clears them again. */
	wrmsr(MSR_CORE_PERF_GLOBAL_OVF_CTRL, bits);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_STATUS), 0);

	/* LBR_FRZ, CTR_FRZ, ASCI and uncore overflow stay reserved. */
	for (bit = 58; bit <= 61; bit++)
		__GUEST_ASSERT(wrmsr_safe(MSR_CORE_PERF_GLOBAL_STATUS_SET,
					  BIT_ULL(bit)) == GP_VECTOR,
			       "GLOBAL_STATUS_SET bit %d is not reserved", bit);
	/* So does the bit of a GP counter the guest doesn't have. */
	if (guest_nr_gp < 32)
		GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_GLOBAL_STATUS_SET,
					   BIT_ULL(guest_nr_gp)), GP_VECTOR);
	GUEST_DONE();
}

static void guest_inuse(void)
{
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_INUSE), 0);
	GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_GLOBAL_INUSE, 0), GP_VECTOR);

	/* An event select without EN is in use; INT alone is the PMI bit. */
	wrmsr(MSR_P6_EVNTSEL0, INTEL_ARCH_INSTRUCTIONS_RETIRED);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_INUSE), BIT_ULL(0));
	if (guest_nr_gp > 1) {
		wrmsr(MSR_P6_EVNTSEL1, ARCH_PERFMON_EVENTSEL_INT);
		GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_INUSE),
				BIT_ULL(0) | GLOBAL_INUSE_PMI);
		wrmsr(MSR_P6_EVNTSEL1, 0);
	}
	wrmsr(MSR_P6_EVNTSEL0, 0);

	/* A fixed counter is in use if it counts at any level. */
	wrmsr(MSR_CORE_PERF_FIXED_CTR_CTRL, FIXED_PMC_CTRL(1, FIXED_PMC_USER));
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_INUSE),
			FIXED_PMC_GLOBAL_CTRL_ENABLE(1));
	wrmsr(MSR_CORE_PERF_FIXED_CTR_CTRL,
	      FIXED_PMC_CTRL(2, FIXED_PMC_ENABLE_PMI));
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_INUSE), GLOBAL_INUSE_PMI);

	/*
	 * The host's event filter denies fixed counter 0, so hardware never
	 * sees this; INUSE shows the guest's view, not the filter.
	 */
	wrmsr(MSR_CORE_PERF_FIXED_CTR_CTRL,
	      FIXED_PMC_CTRL(0, FIXED_PMC_KERNEL));
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_INUSE),
			FIXED_PMC_GLOBAL_CTRL_ENABLE(0));
	GUEST_SYNC(STAGE_INUSE);

	wrmsr(MSR_CORE_PERF_FIXED_CTR_CTRL, 0);
	GUEST_ASSERT_EQ(rdmsr(MSR_CORE_PERF_GLOBAL_INUSE), 0);
	GUEST_DONE();
}

static void guest_no_v4_msrs(void)
{
	u64 val;

	GUEST_ASSERT_EQ(wrmsr_safe(MSR_CORE_PERF_GLOBAL_STATUS_SET, 1), GP_VECTOR);
	GUEST_ASSERT_EQ(rdmsr_safe(MSR_CORE_PERF_GLOBAL_STATUS_SET, &val), GP_VECTOR);
	GUEST_ASSERT_EQ(rdmsr_safe(MSR_CORE_PERF_GLOBAL_INUSE, &val), GP_VECTOR);
	GUEST_DONE();
}

/* Fixed counters 0-3: exactly those in guest_fixed exist. */
static void guest_fixed_counters(void)
{
	u64 val;
	int i;

	for (i = 0; i < 4; i++) {
		const u32 msr = MSR_CORE_PERF_FIXED_CTR0 + i;
		const bool valid = guest_fixed & BIT_ULL(i);
		const u8 want = valid ? 0 : GP_VECTOR;

		__GUEST_ASSERT(wrmsr_safe(msr, 0x1234) == want,
			       "WRMSR fixed counter %d: want vector %u", i, want);
		__GUEST_ASSERT(rdmsr_safe(msr, &val) == want,
			       "RDMSR fixed counter %d: want vector %u", i, want);
		if (valid)
			GUEST_ASSERT_EQ(val, 0x1234);
		__GUEST_ASSERT(rdpmc_safe(INTEL_RDPMC_FIXED | i, &val) == want,
			       "RDPMC fixed counter %d: want vector %u", i, want);
		if (valid)
			GUEST_ASSERT_EQ(val, 0x1234);
		__GUEST_ASSERT(wrmsr_safe(MSR_CORE_PERF_FIXED_CTR_CTRL,
					  FIXED_PMC_CTRL(i, FIXED_PMC_KERNEL)) == want,
			       "FIXED_CTR_CTRL field %d: want vector %u", i, want);
		__GUEST_ASSERT(wrmsr_safe(MSR_CORE_PERF_GLOBAL_CTRL,
					  FIXED_PMC_GLOBAL_CTRL_ENABLE(i)) == want,
			       "GLOBAL_CTRL bit %d: want vector %u", 32 + i, want);
		if (valid) {
			wrmsr(MSR_CORE_PERF_GLOBAL_CTRL, 0);
			wrmsr(MSR_CORE_PERF_FIXED_CTR_CTRL, 0);
			wrmsr(msr, 0);
		}
	}
	GUEST_DONE();
}

static struct kvm_vm *create_vm(struct kvm_vcpu **vcpu, void *guest_code,
				u64 perf_caps_or)
{
	struct kvm_vm *vm = vm_create_with_one_vcpu(vcpu, guest_code);

	guest_nr_gp = kvm_cpu_property(X86_PROPERTY_PMU_NR_GP_COUNTERS);
	sync_global_to_guest(vm, guest_nr_gp);
	if (perf_caps_or)
		vcpu_set_msr(*vcpu, MSR_IA32_PERF_CAPABILITIES,
			     vcpu_get_msr(*vcpu, MSR_IA32_PERF_CAPABILITIES) |
			     perf_caps_or);
	return vm;
}

static void test_supported_cpuid(struct kmod_host_pmu h)
{
	u8 version = kvm_cpu_property(X86_PROPERTY_PMU_VERSION);
	u8 nr_fixed = kvm_cpu_property(X86_PROPERTY_PMU_NR_FIXED_COUNTERS);
	u32 ecx = kvm_cpu_property(X86_PROPERTY_PMU_FIXED_COUNTERS_BITMASK);
	u8 want = min_t(u8, h.version, (kmod_mediated() ? 5 : 2));
	u32 want_ecx = version >= 5 ? BIT(nr_fixed) - 1 : 0;

	ksft_test_result(version == want && ecx == want_ecx,
			 "KVM_GET_SUPPORTED_CPUID: PMU version %u (want %u, host %u), ECX %#x (want %#x), EDX[4:0] %u\n",
			 version, want, h.version, ecx, want_ecx, nr_fixed);
}

static void test_status_set(void)
{
	const u64 bits = BIT_ULL(0) | FIXED_PMC_GLOBAL_CTRL_ENABLE(0);
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;

	vm = create_vm(&vcpu, guest_status_set, 0);
	kmod_run_to(vcpu, STAGE_STATUS_SET);
	TEST_ASSERT_EQ(vcpu_get_msr(vcpu, MSR_CORE_PERF_GLOBAL_STATUS), bits);
	TEST_ASSERT_EQ(vcpu_get_msr(vcpu, MSR_CORE_PERF_GLOBAL_STATUS_SET), 0);
	/* Host-initiated writes are accepted and change nothing. */
	TEST_ASSERT_EQ(_vcpu_set_msr(vcpu, MSR_CORE_PERF_GLOBAL_STATUS_SET,
				     BIT_ULL(1)), 1);
	TEST_ASSERT_EQ(vcpu_get_msr(vcpu, MSR_CORE_PERF_GLOBAL_STATUS), bits);
	kmod_run_to_done(vcpu);
	kvm_vm_free(vm);
	ksft_test_result_pass("GLOBAL_STATUS_SET: sets GLOBAL_STATUS across a PMU put/load, reads 0, #GP on bits 58-61 and absent counters, host writes ignored\n");
}

static void test_inuse(void)
{
	struct kvm_pmu_event_filter filter = {
		.action = KVM_PMU_EVENT_DENY,
		.fixed_counter_bitmap = BIT(0),
	};
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;

	vm = create_vm(&vcpu, guest_inuse, 0);
	vm_ioctl(vm, KVM_SET_PMU_EVENT_FILTER, &filter);
	kmod_run_to(vcpu, STAGE_INUSE);
	TEST_ASSERT_EQ(vcpu_get_msr(vcpu, MSR_CORE_PERF_GLOBAL_INUSE),
		       FIXED_PMC_GLOBAL_CTRL_ENABLE(0));
	TEST_ASSERT_EQ(_vcpu_set_msr(vcpu, MSR_CORE_PERF_GLOBAL_INUSE, 0), 1);
	TEST_ASSERT_EQ(vcpu_get_msr(vcpu, MSR_CORE_PERF_GLOBAL_INUSE),
		       FIXED_PMC_GLOBAL_CTRL_ENABLE(0));
	kmod_run_to_done(vcpu);
	kvm_vm_free(vm);
	ksft_test_result_pass("GLOBAL_INUSE: from event selects, FIXED_CTR_CTRL and PMI bits as written by the guest (a filtered counter still reads in use), read-only\n");
}

static void test_no_v4_msrs(u8 version, const char *what)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;

	vm = create_vm(&vcpu, guest_no_v4_msrs, 0);
	vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_VERSION, version);
	kmod_run_to_done(vcpu);
	kvm_vm_free(vm);
	ksft_test_result_pass("%s: GLOBAL_STATUS_SET and GLOBAL_INUSE #GP\n",
			      what);
}

/* A vCPU with CPUID.0AH @version, EDX[4:0] @edx, ECX @ecx has @want. */
static void check_fixed(u8 version, u8 edx, u32 ecx, u64 perf_caps_or,
			u64 want)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;

	vm = create_vm(&vcpu, guest_fixed_counters, perf_caps_or);
	vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_VERSION, version);
	vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_NR_FIXED_COUNTERS, edx);
	vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_FIXED_COUNTERS_BITMASK,
				ecx);
	guest_fixed = want;
	sync_global_to_guest(vm, guest_fixed);
	kmod_run_to_done(vcpu);
	kvm_vm_free(vm);
	pr_info("version %u, EDX[4:0] %u, ECX %#x: fixed counters %#lx\n",
		version, edx, ecx, want);
}

int main(int argc, char *argv[])
{
	struct kmod_host_pmu h;
	bool metrics;
	int i;

	ksft_print_header();
	kmod_require_series_pmu();
	h = kmod_host_pmu();
	ksft_set_plan(7);

	test_supported_cpuid(h);

	if (!kmod_mediated()) {
		test_no_v4_msrs(5, "perf-based vPMU, version 5 in CPUID");
		check_fixed(5, 0, 0x7, 0, 0);
		ksft_test_result_pass("perf-based vPMU: the v5 ECX bitmap is ignored\n");
		for (i = 0; i < 4; i++)
			ksft_test_result_skip("enable_mediated_pmu=N\n");
		ksft_finished();
	}

	test_status_set();
	test_inuse();
	test_no_v4_msrs(3, "mediated vPMU, version 3 in CPUID");

	check_fixed(5, 0, 0x5, 0, 0x5);
	check_fixed(5, 1, 0x4, 0, 0x5);
	ksft_test_result_pass("v5 ECX bitmap honoured, sparse included (0x5: fixed counter 1 absent and intercepted)\n");

	check_fixed(4, 0, 0x7, 0, 0);
	ksft_test_result_pass("ECX bitmap ignored below version 5\n");

	metrics = kvm_get_feature_msr(MSR_IA32_PERF_CAPABILITIES) &
		  PERF_CAP_PERF_METRICS;
	if (metrics) {
		check_fixed(5, 3, 0x8, PERF_CAP_PERF_METRICS, 0xf);
		check_fixed(5, 2, 0x8, PERF_CAP_PERF_METRICS, 0xb);
		check_fixed(5, 3, 0x8, 0, 0x7);
		ksft_test_result_pass("ECX bit 3 with PERF_METRICS gives fixed counter 3 (also above a hole), without it not\n");
	} else {
		ksft_test_result_skip("ECX bit 3: KVM does not support PERF_METRICS on this host\n");
	}

	ksft_finished();
}
