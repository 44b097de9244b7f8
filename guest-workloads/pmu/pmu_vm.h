/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host-side helpers shared by the PMU collections: what guest PMU a run
 * gets (from the probe, before any guest instruction runs), the VM with
 * the run's counter configuration and IA32_PERF_CAPABILITIES, and the
 * facts every PMU row records in its `info`.
 */
#ifndef VPMU_PMU_VM_H
#define VPMU_PMU_VM_H

#include <jansson.h>

#include "harness.h"
#include "pmu_regs.h"

/*
 * Every PMU row's requires() starts here: true, with @g filled, if a run
 * with @a gets an Intel architectural PMU of at least @min_version to
 * measure. Otherwise false with the reason in @why: version 0 (the
 * probe's guest_pmu_why, e.g. "guest PMU version 0: host
 * kvm.enable_pmu=N"), not Intel, a version below @min_version, or mode
 * nopmu. Decided from the probe and the run's arguments only
 * (a->guest_gp_counters sets @g's GP count); touches only /dev/kvm system
 * ioctls.
 */
bool pmu_guest__probe(struct pmu_guest *g, const struct workload_args *a,
		      unsigned int min_version, char *why, size_t len);

/*
 * The guest PMU of a run whose row passed its requires(): what run()
 * configures and records. Checks nothing.
 */
void pmu_guest__get(struct pmu_guest *g, const struct workload_args *a);

/*
 * After harness__vm_create(): set IA32_PERF_CAPABILITIES to what KVM
 * offers, host-initiated (KVM_SET_MSRS), and record the guest counter
 * configuration in out->info. Returns 0, or KSFT_FAIL with out->note.
 */
int pmu_vm__configure(struct kvm_vcpu *vcpu, const struct workload_args *a,
		      const struct pmu_guest *g, struct workload_out *out);

/*
 * Before pmu_vm__configure(), for a @g that pmu_guest__ask_fixed3()
 * changed: KVM_SET_CPUID2 of leaf 0xA with fixed counter 3 (EDX[4:0], and
 * the ECX bitmap for v5+), on top of what the vCPU holds; recorded in
 * out->info. Nothing for any other @g. Returns 0, or KSFT_FAIL with
 * out->note.
 */
int pmu_vm__enumerate_fixed3(struct kvm_vcpu *vcpu, const struct pmu_guest *g,
			     struct workload_out *out);

/* harness__vm_create() + pmu_vm__enumerate_fixed3() + pmu_vm__configure(). */
struct kvm_vcpu *pmu_vm__create(const struct workload_args *a, const struct pmu_guest *g,
				void *guest_code, struct kvm_vm **vm, struct workload_out *out);

/*
 * The guest's sample @i of a row's loop, sent as ucall(tag, i, ...):
 * true with @uc filled; false with out->note set when the guest stopped
 * or sent another tag or index (guest registers are untrusted).
 */
bool pmu_vm__sample(struct kvm_vcpu *vcpu, uint64_t tag, uint64_t i, struct ucall *uc,
		    struct workload_out *out);

/* out->info, created on first use. */
json_t *pmu_info(struct workload_out *out);
void pmu_info_str(struct workload_out *out, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void pmu_info_int(struct workload_out *out, const char *key, long long v);

/* Median of a series (NAN if empty). */
double pmu_series_median(const struct series *s);

#endif
