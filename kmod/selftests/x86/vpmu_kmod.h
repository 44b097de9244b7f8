/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the selftests of the vpmu-bench KVM series (kmod/patches): what
 * they require of the host and of the loaded modules, the host's own PMU, and
 * how they tell an intercepted guest access from a passed-through one.
 *
 * They run only where kmod/load has loaded the series' kvm_intel (the module
 * parameter force_perf_global_ctrl_autostore exists) and skip elsewhere.
 */
#ifndef VPMU_KMOD_H
#define VPMU_KMOD_H

#include <unistd.h>

#include "kvm_util.h"
#include "pmu.h"
#include "processor.h"

#define KMOD_PARAMS		"/sys/module/kvm_intel/parameters/"
#define KMOD_AUTOSTORE_PARAM	KMOD_PARAMS "force_perf_global_ctrl_autostore"

/* Not in tools/arch/x86/include/asm/msr-index.h of 7.2. */
#ifndef MSR_CORE_PERF_GLOBAL_INUSE
#define MSR_CORE_PERF_GLOBAL_INUSE	0x00000392
#endif
#define PERF_CAP_PERF_METRICS		BIT_ULL(PERF_CAP_METRICS_IDX)
#define GLOBAL_CTRL_EN_PERF_METRICS	BIT_ULL(48)
#define GLOBAL_INUSE_PMI		BIT_ULL(63)
#define FIXED_CTR3_METRICS_CLEAR	FIXED_PMC_CTRL(3, BIT_ULL(2))

/* Accesses per measured loop; see kmod_loop_intercepted(). */
#define KMOD_NR_ACCESSES		10000

/* GUEST_SYNC stages around a measured loop. */
#define KMOD_LOOP_START			0x1000
#define KMOD_LOOP_END			0x1001

/* Skip (exit 4) unless the series' kvm_intel is loaded on an Intel host. */
static inline void kmod_require_series(void)
{
	if (!host_cpu_is_intel)
		ksft_exit_skip("the series' vPMU changes are Intel-only\n");
	if (access(KMOD_AUTOSTORE_PARAM, F_OK))
		ksft_exit_skip("kvm_intel of the vpmu-bench series is not loaded (no %s); load it with kmod/load MODE\n",
			       KMOD_AUTOSTORE_PARAM);
}

/* ...and with a vPMU. */
static inline void kmod_require_series_pmu(void)
{
	kmod_require_series();
	if (!kvm_is_pmu_enabled())
		ksft_exit_skip("kvm.enable_pmu=N\n");
}

static inline bool kmod_mediated(void)
{
	return get_kvm_intel_param_bool("enable_mediated_pmu");
}

/* The host's PMU, from its own CPUID leaf 0xA. */
struct kmod_host_pmu {
	u8 version;
	u8 nr_gp;
	u64 fixed;	/* bit i: fixed counter i */
};

static inline struct kmod_host_pmu kmod_host_pmu(void)
{
	struct kmod_host_pmu h = {
		.version = this_cpu_property(X86_PROPERTY_PMU_VERSION),
		.nr_gp = this_cpu_property(X86_PROPERTY_PMU_NR_GP_COUNTERS),
	};

	h.fixed = BIT_ULL(this_cpu_property(X86_PROPERTY_PMU_NR_FIXED_COUNTERS)) - 1;
	if (h.version >= 5)
		h.fixed |= this_cpu_property(X86_PROPERTY_PMU_FIXED_COUNTERS_BITMASK);
	return h;
}

/*
 * Stock 7.2's rule (kvm_need_any_pmc_intercept()): GLOBAL_CTRL/STATUS/OVF_CTRL
 * and RDPMC pass through only if the mediated guest has exactly the host's
 * GP and fixed counters.
 */
static inline bool kmod_expect_global_intercept(struct kmod_host_pmu h,
						u8 guest_gp, u64 guest_fixed)
{
	return !kmod_mediated() || guest_gp != h.nr_gp || guest_fixed != h.fixed;
}

/* Guest side of a measured loop: KMOD_NR_ACCESSES RDMSRs of @msr. */
static inline void kmod_guest_rdmsr_loop(u32 msr)
{
	int i;

	GUEST_SYNC(KMOD_LOOP_START);
	for (i = 0; i < KMOD_NR_ACCESSES; i++)
		rdmsr(msr);
	GUEST_SYNC(KMOD_LOOP_END);
}

/* Guest side of a measured loop: KMOD_NR_ACCESSES RDPMCs of @idx. */
static inline void kmod_guest_rdpmc_loop(u32 idx)
{
	u64 val;
	int i;

	GUEST_SYNC(KMOD_LOOP_START);
	for (i = 0; i < KMOD_NR_ACCESSES; i++)
		GUEST_ASSERT_EQ(rdpmc_safe(idx, &val), 0);
	GUEST_SYNC(KMOD_LOOP_END);
}

/* Run @vcpu to its next ucall other than a print; fail on a guest assert. */
static inline u64 kmod_run(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	for (;;) {
		vcpu_run(vcpu);
		TEST_ASSERT_KVM_EXIT_REASON(vcpu, KVM_EXIT_IO);
		switch (get_ucall(vcpu, uc)) {
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(*uc);
			break;
		case UCALL_PRINTF:
			pr_info("%s", uc->buffer);
			continue;
		case UCALL_SYNC:
		case UCALL_DONE:
			return uc->cmd;
		default:
			TEST_FAIL("unexpected ucall %lu", uc->cmd);
		}
	}
}

/* Run @vcpu to its GUEST_SYNC(@stage); returns the ucall's arguments. */
static inline struct ucall kmod_run_to(struct kvm_vcpu *vcpu, u64 stage)
{
	struct ucall uc;
	u64 cmd = kmod_run(vcpu, &uc);

	TEST_ASSERT(cmd == UCALL_SYNC && uc.args[1] == stage,
		    "expected GUEST_SYNC(%#lx), got ucall %lu (stage %#lx)",
		    stage, cmd, cmd == UCALL_SYNC ? uc.args[1] : 0);
	return uc;
}

static inline void kmod_run_to_done(struct kvm_vcpu *vcpu)
{
	struct ucall uc;
	u64 cmd = kmod_run(vcpu, &uc);

	TEST_ASSERT(cmd == UCALL_DONE, "expected GUEST_DONE, got ucall %lu", cmd);
}

/*
 * Host side of a measured loop: whether the guest's accesses exited.  Every
 * intercepted access is one exit (vCPU stat "exits"), so an intercepted loop
 * takes at least KMOD_NR_ACCESSES exits; a passed-through one takes only the
 * few the host causes (interrupts, the closing GUEST_SYNC).
 */
static inline bool kmod_loop_intercepted(struct kvm_vcpu *vcpu, const char *what)
{
	u64 before, exits;

	kmod_run_to(vcpu, KMOD_LOOP_START);
	before = vcpu_get_stat(vcpu, exits);
	kmod_run_to(vcpu, KMOD_LOOP_END);
	exits = vcpu_get_stat(vcpu, exits) - before;

	TEST_ASSERT(exits >= KMOD_NR_ACCESSES || exits < KMOD_NR_ACCESSES / 10,
		    "%s: %lu exits for %u accesses, neither intercepted nor passed through",
		    what, exits, KMOD_NR_ACCESSES);
	pr_info("%s: %lu exits for %u accesses\n", what, exits,
		KMOD_NR_ACCESSES);
	return exits >= KMOD_NR_ACCESSES;
}

#endif /* VPMU_KMOD_H */
