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
 * Fill @g for a run asking for @gp_req GP counters (-1: all). False, with
 * the reason in @why, if the guest has no usable architectural PMU:
 * version 0 (the probe's guest_pmu_why, e.g. "guest PMU version 0: host
 * kvm.enable_pmu=N"), version below @min_version, or not Intel. Touches
 * only /dev/kvm system ioctls.
 */
bool pmu_guest__probe(struct pmu_guest *g, const struct probe *p, int gp_req,
		      unsigned int min_version, char *why, size_t len);

/*
 * The start of every PMU row's run(): mode nopmu has no vPMU to measure,
 * and the run's --guest-gp-counters may remove what the row needs.
 * Returns false with out->note set (the row is then skipped).
 */
bool pmu_run__check(const struct workload_args *a, unsigned int min_version,
		    struct pmu_guest *g, struct workload_out *out);

/*
 * After harness__vm_create(): set IA32_PERF_CAPABILITIES to what KVM
 * offers, host-initiated (KVM_SET_MSRS), and record the guest counter
 * configuration in out->info. Returns 0, or KSFT_FAIL with out->note.
 */
int pmu_vm__configure(struct kvm_vcpu *vcpu, const struct workload_args *a,
		      const struct pmu_guest *g, struct workload_out *out);

/* harness__vm_create() + pmu_vm__configure(). */
struct kvm_vcpu *pmu_vm__create(const struct workload_args *a, const struct pmu_guest *g,
				void *guest_code, struct kvm_vm **vm, struct workload_out *out);

/* out->info, created on first use. */
json_t *pmu_info(struct workload_out *out);
void pmu_info_str(struct workload_out *out, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void pmu_info_int(struct workload_out *out, const char *key, long long v);

/* Median of a series (NAN if empty). */
double pmu_series_median(const struct series *s);

#endif
