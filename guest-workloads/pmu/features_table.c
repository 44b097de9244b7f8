// SPDX-License-Identifier: GPL-2.0
/*
 * The features collection: functional checks of PMU v4/v5 features (in
 * neither KVM as of Linux 7.2 nor kmod/patches), one row per check,
 * kselftest style. Each row runs its check once in a fresh VM; its one
 * sample is 1 (pass) or 0 (fail), and the registers the check read are
 * in `info`. A #GP where the SDM says the access works is a
 * failure with the vector named, never a crash of the run.
 */
#include <stdio.h>

#include "pmu_vm.h"

#define FEAT_TAG 0xfea7

/* A row: the check's guest code and what it needs. */
struct feat_check {
	void (*guest)(void);
	unsigned int min_version;
	/* Optional: what the check needs beyond @min_version. */
	bool (*requires)(const struct pmu_guest *g, char *why, size_t len);
	/* Optional: shape the vCPU's CPUID before it runs. */
	void (*prepare)(struct kvm_vcpu *vcpu, const struct pmu_guest *g, struct workload_out *out);
	const char *reads;		/* what the guest's value is */
};

/* ucall(tag, pass, value, vectors): one result per check. */
static void guest_report(bool pass, uint64_t value, uint64_t vectors)
{
	ucall(UCALL_SYNC, 4, FEAT_TAG, (uint64_t)pass, value, vectors);
	GUEST_DONE();
}

/*
 * The GLOBAL_STATUS bit of a counter the guest has (host-set,
 * pmu_guest__status_bit()): GP counter 0's, or with no GP counter the
 * first fixed counter's; the bit of a counter it lacks is reserved.
 */
static uint64_t feat_status_bit;

/* A GLOBAL_STATUS_SET bit must show up in GLOBAL_STATUS. */
static void guest_status_set(void)
{
	uint64_t status = 0;
	uint8_t v1, v2;

	wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
	v1 = wrmsr_safe(PMU_MSR_GLOBAL_STATUS_SET, feat_status_bit);
	v2 = rdmsr_safe(PMU_MSR_GLOBAL_STATUS, &status);
	wrmsr_safe(PMU_MSR_GLOBAL_OVF_CTRL, feat_status_bit);
	guest_report(!v1 && !v2 && (status & feat_status_bit), status, v1 | v2 << 8);
}

/* STATUS_RESET (the OVF_CTRL address) must clear the bit STATUS_SET set. */
static void guest_status_reset(void)
{
	uint64_t set = 0, after = 0;
	uint8_t v1, v2, v3, v4;

	wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
	v1 = wrmsr_safe(PMU_MSR_GLOBAL_STATUS_SET, feat_status_bit);
	v2 = rdmsr_safe(PMU_MSR_GLOBAL_STATUS, &set);
	v3 = wrmsr_safe(PMU_MSR_GLOBAL_OVF_CTRL, feat_status_bit);
	v4 = rdmsr_safe(PMU_MSR_GLOBAL_STATUS, &after);
	guest_report(!(v1 | v2 | v3 | v4) && (set & feat_status_bit) && !(after & feat_status_bit),
		     after, v1 | v2 << 8 | v3 << 16 | (uint64_t)v4 << 24);
}

/*
 * GLOBAL_INUSE (SDM 21.2.4.3): bit n follows PERFEVTSELn[7:0] != 0, bit
 * 32+i follows FIXED_CTR_CTRL field i != 0, bit 63 any PMI enable.
 * Expected sequence: 0x1, 0x1 | 1 << 32, 0x1 | 1 << 32 | 1 << 63, then 0.
 */
static void guest_inuse(void)
{
	uint64_t s1 = 0, s2 = 0, s3 = 0, s4 = 0;
	uint8_t v = 0;

	wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
	wrmsr(PMU_MSR_PERFEVTSEL0, PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_OS);
	v |= rdmsr_safe(PMU_MSR_GLOBAL_INUSE, &s1);
	wrmsr(PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(0, PMU_FIXED_OS));
	v |= rdmsr_safe(PMU_MSR_GLOBAL_INUSE, &s2);
	wrmsr(PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(0, PMU_FIXED_OS | PMU_FIXED_PMI));
	v |= rdmsr_safe(PMU_MSR_GLOBAL_INUSE, &s3);
	wrmsr(PMU_MSR_PERFEVTSEL0, 0);
	wrmsr(PMU_MSR_FIXED_CTR_CTRL, 0);
	v |= rdmsr_safe(PMU_MSR_GLOBAL_INUSE, &s4);
	guest_report(!v && s1 == 1 && s2 == (1 | PMU_INUSE_FIXED(0)) &&
		     s3 == (1 | PMU_INUSE_FIXED(0) | PMU_INUSE_PMI) && s4 == 0,
		     s3, v);
}

/*
 * CPUID.0AH.ECX (v5): the host enumerates fixed counters 0 and 2.. but
 * not 1 (EDX[4:0] = 1, ECX bit 1 clear): FIXED_CTR1 must #GP, FIXED_CTR0
 * must not. value = the vectors (FIXED_CTR0 in bits 7:0, FIXED_CTR1 in 15:8).
 */
static void guest_fixed_bitmap(void)
{
	uint8_t v0 = wrmsr_safe(PMU_MSR_FIXED_CTR0, 0);
	uint8_t v1 = wrmsr_safe(PMU_MSR_FIXED_CTR0 + 1, 0);

	guest_report(v0 == 0 && v1 == GP_VECTOR, v0 | v1 << 8, 0);
}

static bool feat_requires_status(const struct pmu_guest *g, char *why, size_t len)
{
	unsigned int bit;

	return pmu_guest__status_bit(g, &bit, why, len);
}

static void feat_prepare_status(struct kvm_vcpu *vcpu, const struct pmu_guest *g,
				struct workload_out *out)
{
	unsigned int bit = 0;
	char why[128];

	/* requires() found one: a GP counter's bit 0 or a fixed counter's 32 + i. */
	pmu_guest__status_bit(g, &bit, why, sizeof(why));
	feat_status_bit = 1ULL << bit;
	sync_global_to_guest(vcpu->vm, feat_status_bit);
	pmu_info_str(out, "status_bit", "%u (%s counter %u)", bit, bit < 32 ? "GP" : "fixed",
		     bit < 32 ? bit : bit - 32);
}

static bool feat_requires_inuse(const struct pmu_guest *g, char *why, size_t len)
{
	if (!g->cpuid.nr_gp || !g->cpuid.nr_fixed) {
		snprintf(why, len, "needs a GP and a fixed counter (guest has %u and %u)",
			 g->cpuid.nr_gp, g->cpuid.nr_fixed);
		return false;
	}
	return true;
}

static void feat_prepare_bitmap(struct kvm_vcpu *vcpu, const struct pmu_guest *g,
				struct workload_out *out)
{
	uint32_t mask = ((1U << g->cpuid.nr_fixed) - 1) & ~2U;

	vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_NR_FIXED_COUNTERS, 1);
	vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_FIXED_COUNTERS_BITMASK, mask);
	pmu_info_str(out, "guest_cpuid_0ah", "EDX[4:0] = 1, ECX = %#x (fixed counter 1 masked out)",
		     mask);
}

static bool feat_requires_bitmap(const struct pmu_guest *g, char *why, size_t len)
{
	if (g->cpuid.nr_fixed < 2) {
		snprintf(why, len, "needs 2 fixed counters to mask one out (KVM offers %u)",
			 g->cpuid.nr_fixed);
		return false;
	}
	return true;
}

static bool feat_requires(const struct workload *w, const struct workload_args *a, char *why,
			  size_t len)
{
	const struct feat_check *c = w->priv;
	struct pmu_guest g;

	return pmu_guest__probe(&g, a, c->min_version, why, len) &&
	       (!c->requires || c->requires(&g, why, len));
}

static int feat_run(const struct workload *w, const struct workload_args *a,
		    struct workload_out *out)
{
	const struct feat_check *c = w->priv;
	struct kvm_vcpu *vcpu;
	struct pmu_guest g;
	struct kvm_vm *vm;
	uint64_t value, vectors;
	struct ucall uc;
	int ret = KSFT_FAIL;

	pmu_guest__get(&g, a);
	vcpu = pmu_vm__create(a, &g, c->guest, &vm, out);
	if (!vcpu)
		return KSFT_FAIL;
	if (c->prepare)
		c->prepare(vcpu, &g, out);
	out->unit = "pass";
	out->ops_per_sample = 0;
	if (harness__next_ucall(vcpu, &uc, NULL, NULL, out) != UCALL_SYNC)
		goto out_free;
	/* Guest registers are untrusted: the tag and a boolean, or nothing. */
	if (uc.args[0] != FEAT_TAG || uc.args[1] > 1) {
		workload_out__note(out, "guest protocol error (tag %#llx, pass %llu)",
				   (unsigned long long)uc.args[0], (unsigned long long)uc.args[1]);
		goto out_free;
	}
	series__push(&out->samples, uc.args[1]);
	value = uc.args[2];
	vectors = uc.args[3];
	pmu_info_str(out, "read", "%s", c->reads);
	pmu_info_str(out, "value", "%#llx", (unsigned long long)value);
	pmu_info_str(out, "fault_vectors", "%#llx", (unsigned long long)vectors);
	if (!harness__expect_done(vcpu, NULL, NULL, out))
		goto out_free;
	if (out->samples.v[0] != 1) {
		workload_out__note(out, "check failed: %s = %#llx, fault vectors %#llx", c->reads,
				   (unsigned long long)value, (unsigned long long)vectors);
		goto out_free;
	}
	ret = KSFT_PASS;
out_free:
	kvm_vm_free(vm);
	return ret;
}

#define FEAT(n, s, ...) \
	{ .name = n, .collection = "features", .summary = s, .requires = feat_requires, \
	  .run = feat_run, .priv = &(const struct feat_check){ __VA_ARGS__ } }

const struct workload features_workloads[] = {
	FEAT("status-set", "v4: IA32_PERF_GLOBAL_STATUS_SET sets GLOBAL_STATUS bits",
	     .guest = guest_status_set, .min_version = 4, .requires = feat_requires_status,
	     .prepare = feat_prepare_status,
	     .reads = "IA32_PERF_GLOBAL_STATUS after STATUS_SET(status_bit)"),
	FEAT("status-reset", "v4: IA32_PERF_GLOBAL_STATUS_RESET clears GLOBAL_STATUS bits",
	     .guest = guest_status_reset, .min_version = 4, .requires = feat_requires_status,
	     .prepare = feat_prepare_status,
	     .reads = "IA32_PERF_GLOBAL_STATUS after STATUS_RESET(status_bit)"),
	FEAT("global-inuse", "v4: IA32_PERF_GLOBAL_INUSE reflects programmed counters and PMI",
	     .guest = guest_inuse, .min_version = 4, .requires = feat_requires_inuse,
	     .reads = "IA32_PERF_GLOBAL_INUSE with EVTSEL0, fixed 0 and its PMI in use"),
	FEAT("fixed-bitmap", "v5: CPUID.0AH.ECX masks out fixed counter 1, which then #GPs",
	     .guest = guest_fixed_bitmap, .min_version = 5, .requires = feat_requires_bitmap,
	     .prepare = feat_prepare_bitmap,
	     .reads = "WRMSR vectors: FIXED_CTR0 [7:0], FIXED_CTR1 [15:8]"),
	{ NULL },
};
