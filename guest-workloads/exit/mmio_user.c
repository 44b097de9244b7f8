// SPDX-License-Identifier: GPL-2.0
/*
 * A store to guest-physical memory that no memslot backs: KVM decodes the
 * instruction and exits to userspace with KVM_EXIT_MMIO. The page is
 * mapped in the guest page tables (identity) so the guest sees no fault.
 */
#include "exit.h"

/* Above the selftests' default memslot, below 4 GiB. */
#define MMIO_GPA 0xc0000000ULL

DEFINE_GUEST_BATCH(mmio_user, "", "movl %%eax, (%%rsi)")

static int mmio_user_setup(struct kvm_vm *vm, struct kvm_vcpu *vcpu,
			   const struct batch_desc *d, struct workload_out *out)
{
	virt_map(vm, MMIO_GPA, MMIO_GPA, 1);
	return 0;
}

static bool mmio_user_exit(struct kvm_vcpu *vcpu, const struct batch_desc *d)
{
	struct kvm_run *run = vcpu->run;

	return run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
	       run->mmio.phys_addr == MMIO_GPA;
}

const struct batch_desc exit_mmio_user = {
	guest_batch_mmio_user, guest_calib_mmio_user, .arg2 = MMIO_GPA,
	.setup = mmio_user_setup, .handle_exit = mmio_user_exit,
};
