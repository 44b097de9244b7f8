// SPDX-License-Identifier: GPL-2.0
/*
 * RDMSR and WRMSR of IA32_TSC_ADJUST: intercepted and answered by KVM
 * itself. The write stores the value already there (0 in a new VM), so
 * the guest TSC does not move. Neither instruction changes its inputs,
 * so nothing is reloaded between operations.
 */
#include <stdio.h>

#include "exit.h"

DEFINE_GUEST_BATCH(rdmsr, "", "rdmsr")
DEFINE_GUEST_BATCH(wrmsr, "xor %%eax, %%eax\n\txor %%edx, %%edx", "wrmsr")

const struct batch_desc exit_rdmsr = { guest_batch_rdmsr, guest_calib_rdmsr,
				       .arg = MSR_IA32_TSC_ADJUST };
const struct batch_desc exit_wrmsr = { guest_batch_wrmsr, guest_calib_wrmsr,
				       .arg = MSR_IA32_TSC_ADJUST };

bool exit_requires_tsc_adjust(const struct workload *w, const struct workload_args *a, char *why,
			      size_t len)
{
	if (!harness__requires_kvm(w, a, why, len))
		return false;
	if (!kvm_cpu_has(X86_FEATURE_TSC_ADJUST)) {
		snprintf(why, len, "KVM does not offer IA32_TSC_ADJUST (CPUID.7.EBX[1]) to guests");
		return false;
	}
	return true;
}
