// SPDX-License-Identifier: GPL-2.0
/*
 * IN from port 0x61, which the in-kernel PIT (KVM_CREATE_PIT2) answers
 * without leaving KVM: the cost of an I/O exit handled in the kernel.
 */
#include <stdio.h>

#include "exit.h"

DEFINE_GUEST_BATCH(pio_kernel, "", "in $0x61, %%al")

static int pio_kernel_setup(struct kvm_vm *vm, struct kvm_vcpu *vcpu,
			    const struct batch_desc *d, struct workload_out *out)
{
	/* The speaker port 0x61 is only in-kernel with the dummy speaker. */
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };

	if (__vm_ioctl(vm, KVM_CREATE_PIT2, &pit)) {
		workload_out__note(out, "KVM_CREATE_PIT2 failed: %s", strerror(errno));
		return KSFT_SKIP;
	}
	return 0;
}

const struct batch_desc exit_pio_kernel = {
	guest_batch_pio_kernel, guest_calib_pio_kernel, .setup = pio_kernel_setup,
};

bool exit_requires_pit(const struct workload *w, const struct workload_args *a, char *why, size_t len)
{
	const struct probe *p = a->probe;

	if (!harness__requires_kvm(w, a, why, len))
		return false;
	if (p->cap_pit2 <= 0 || p->cap_irqchip <= 0) {
		snprintf(why, len, "KVM lacks %s (needed for an in-kernel PIT)",
			 p->cap_pit2 <= 0 ? "KVM_CAP_PIT2" : "KVM_CAP_IRQCHIP");
		return false;
	}
	return true;
}
