// SPDX-License-Identifier: GPL-2.0
/*
 * A hypercall KVM answers without side effects (KVM_HC_VAPIC_POLL_IRQ).
 * The vendor's own instruction is used (VMCALL on Intel, VMMCALL on AMD)
 * so KVM does not have to patch it. The return value lands in RAX: the
 * hypercall number is reloaded each time (one instruction per operation).
 */
#include <string.h>

#include "exit.h"

#define KVM_HC_VAPIC_POLL_IRQ_NR "1"

DEFINE_GUEST_BATCH(vmcall, "", "mov $" KVM_HC_VAPIC_POLL_IRQ_NR ", %%eax\n\tvmcall")
DEFINE_GUEST_BATCH(vmmcall, "", "mov $" KVM_HC_VAPIC_POLL_IRQ_NR ", %%eax\n\tvmmcall")

const struct batch_desc exit_vmcall_intel = { guest_batch_vmcall, guest_calib_vmcall };
const struct batch_desc exit_vmcall_amd = { guest_batch_vmmcall, guest_calib_vmmcall };

int exit_vmcall_run(const struct workload *w, const struct workload_args *a,
		    struct workload_out *out)
{
	bool amd = a->probe && !strcmp(a->probe->vendor, "AuthenticAMD");

	return harness__run_batches(a, amd ? &exit_vmcall_amd : &exit_vmcall_intel, out);
}
