// SPDX-License-Identifier: GPL-2.0
/*
 * WRMSR that an MSR filter denies, with userspace MSR exits enabled for
 * filtered accesses: every write goes to userspace (KVM_EXIT_X86_WRMSR),
 * which accepts it. The index is outside every architectural and KVM
 * range, so nothing but the filter decides what happens to it.
 */
#include <stdio.h>

#include "exit.h"

#define USER_MSR 0x00001fffu

DEFINE_GUEST_BATCH(wrmsr_user, "xor %%eax, %%eax\n\txor %%edx, %%edx", "wrmsr")

static int wrmsr_user_setup(struct kvm_vm *vm, struct kvm_vcpu *vcpu,
			    const struct batch_desc *d, struct workload_out *out)
{
	static u8 deny;	/* one MSR, bit clear: writes denied */
	struct kvm_msr_filter filter = {
		.flags = KVM_MSR_FILTER_DEFAULT_ALLOW,
		.ranges = { { .flags = KVM_MSR_FILTER_WRITE, .nmsrs = 1,
			      .base = USER_MSR, .bitmap = &deny } },
	};

	if (__vm_enable_cap(vm, KVM_CAP_X86_USER_SPACE_MSR, KVM_MSR_EXIT_REASON_FILTER)) {
		workload_out__note(out, "KVM_CAP_X86_USER_SPACE_MSR refused: %s", strerror(errno));
		return KSFT_SKIP;
	}
	if (__vm_ioctl(vm, KVM_X86_SET_MSR_FILTER, &filter)) {
		workload_out__note(out, "KVM_X86_SET_MSR_FILTER refused: %s", strerror(errno));
		return KSFT_SKIP;
	}
	return 0;
}

static bool wrmsr_user_exit(struct kvm_vcpu *vcpu, const struct batch_desc *d)
{
	struct kvm_run *run = vcpu->run;

	if (run->exit_reason != KVM_EXIT_X86_WRMSR || run->msr.index != USER_MSR)
		return false;
	run->msr.error = 0;	/* the write "succeeds" */
	return true;
}

const struct batch_desc exit_wrmsr_user = {
	guest_batch_wrmsr_user, guest_calib_wrmsr_user, .arg = USER_MSR,
	.setup = wrmsr_user_setup, .handle_exit = wrmsr_user_exit,
};

bool exit_requires_user_msr(const struct workload *w, const struct workload_args *a, char *why,
			    size_t len)
{
	const struct probe *p = a->probe;

	if (!harness__requires_kvm(w, a, why, len))
		return false;
	if (p->cap_user_space_msr <= 0 || p->cap_msr_filter <= 0) {
		snprintf(why, len, "KVM lacks %s", p->cap_user_space_msr <= 0 ?
			 "KVM_CAP_X86_USER_SPACE_MSR" : "KVM_CAP_X86_MSR_FILTER");
		return false;
	}
	return true;
}
