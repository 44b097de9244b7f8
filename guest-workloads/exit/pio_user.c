// SPDX-License-Identifier: GPL-2.0
/* OUT to port 0x80, which no in-kernel device claims: a userspace exit. */
#include "exit.h"

#define PIO_USER_PORT 0x80

DEFINE_GUEST_BATCH(pio_user, "", "out %%al, $0x80")

static bool pio_user_exit(struct kvm_vcpu *vcpu, const struct batch_desc *d)
{
	struct kvm_run *run = vcpu->run;

	/* The userspace "device": accept the byte, resume the guest. */
	return run->exit_reason == KVM_EXIT_IO && run->io.port == PIO_USER_PORT &&
	       run->io.direction == KVM_EXIT_IO_OUT;
}

const struct batch_desc exit_pio_user = {
	guest_batch_pio_user, guest_calib_pio_user, .handle_exit = pio_user_exit,
};
