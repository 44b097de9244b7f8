// SPDX-License-Identifier: GPL-2.0
/*
 * The guest half of the emulation detector (bench/probe): the loop of
 * bench/util/loop_tsc.h at CPL0 in a one-vCPU VM. vpmu-guest runs it for
 * `vpmu-bench probe` and hands the raw TSC deltas back; the probe
 * compares them with the same loop on the host.
 */
#include <stdio.h>
#include <string.h>

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"

#include "harness.h"
#include "loop_tsc.h"

/* Written by the guest (its copy of this binary), read by the host. */
static uint64_t guest_tsc[2][LOOP_RUNS];
static uint32_t guest_iters;

static void guest_loop_code(void)
{
	uint32_t n_short = loop_short(guest_iters);
	int i;

	for (i = 0; i < LOOP_RUNS; i++) {
		guest_tsc[0][i] = loop_tsc(n_short);
		guest_tsc[1][i] = loop_tsc(n_short + guest_iters);
	}
	GUEST_DONE();
}

int guest_loop__run(unsigned int iters, uint64_t tsc[2][LOOP_RUNS], char *why, size_t len)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	int ret = -1;

	vm = vm_create_with_one_vcpu(&vcpu, guest_loop_code);
	guest_iters = iters;
	sync_global_to_guest(vm, guest_iters);
	ret = harness__vcpu_run(vcpu);
	if (ret) {
		snprintf(why, len, "KVM_RUN failed: %s (errno %d)", strerror(-ret), -ret);
		kvm_vm_free(vm);
		return -1;
	}
	ret = -1;
	switch (harness__get_ucall(vcpu, &uc)) {
	case UCALL_DONE:
		sync_global_from_guest(vm, guest_tsc);
		memcpy(tsc, guest_tsc, sizeof(guest_tsc));
		ret = 0;
		break;
	case UCALL_ABORT:
		/* The guest's message is untrusted: bounded and terminated. */
		uc.buffer[UCALL_BUFFER_LEN - 1] = '\0';
		snprintf(why, len, "guest assertion: %.900s", uc.buffer);
		break;
	default:
		snprintf(why, len, "guest stopped with exit %s instead of a ucall",
			 exit_reason_str(vcpu->run->exit_reason));
	}
	kvm_vm_free(vm);
	return ret;
}
