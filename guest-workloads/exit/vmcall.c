// SPDX-License-Identifier: GPL-2.0
/*
 * A hypercall KVM answers without side effects (KVM_HC_VAPIC_POLL_IRQ).
 * The vendor's own instruction is used (VMCALL on Intel, VMMCALL on AMD)
 * so KVM does not have to patch it. The return value lands in RAX: the
 * hypercall number is reloaded each time (one instruction per operation).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/stringify.h>

#include "child.h"
#include "exit.h"
#include "selftest_reason.h"

/*
 * The requirement probe's deadline for one hypercall: a handled VMCALL
 * takes microseconds even on an emulating host; on the nested hosts we
 * have met, the guest never gets past it (the measured run row spent its
 * whole 15 s timeout), so waiting longer only wastes every run.
 */
#define HYPERCALL_PROBE_MS 2000

DEFINE_GUEST_BATCH(vmcall, "", "mov $" __stringify(KVM_HC_VAPIC_POLL_IRQ) ", %%eax\n\tvmcall")
DEFINE_GUEST_BATCH(vmmcall, "", "mov $" __stringify(KVM_HC_VAPIC_POLL_IRQ) ", %%eax\n\tvmmcall")

const struct batch_desc exit_vmcall_intel = { guest_batch_vmcall, guest_calib_vmcall };
const struct batch_desc exit_vmcall_amd = { guest_batch_vmmcall, guest_calib_vmmcall };

static bool is_amd(const struct probe *p)
{
	return p && !strcmp(p->vendor, "AuthenticAMD");
}

static void guest_one_vmcall(void)
{
	asm volatile("mov $" __stringify(KVM_HC_VAPIC_POLL_IRQ) ", %%eax\n\tvmcall" ::: "rax", "memory");
	GUEST_DONE();
}

static void guest_one_vmmcall(void)
{
	asm volatile("mov $" __stringify(KVM_HC_VAPIC_POLL_IRQ) ", %%eax\n\tvmmcall" ::: "rax", "memory");
	GUEST_DONE();
}

/* In the probe's child: one hypercall, then the guest's GUEST_DONE. */
static void hypercall_child(void *arg, int fd)
{
	bool amd = *(const bool *)arg;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	int ok;

	vm = vm_create_with_one_vcpu(&vcpu, amd ? guest_one_vmmcall : guest_one_vmcall);
	ok = !harness__vcpu_run(vcpu) && harness__get_ucall(vcpu, &uc) == UCALL_DONE;
	if (!ok)
		fprintf(stderr, "the guest stopped with %s instead of finishing\n",
			exit_reason_str(vcpu->run->exit_reason));
	kvm_vm_free(vm);
	if (ok && write(fd, "ok", 2) != 2)
		_exit(1);
}

bool exit_requires_hypercall(const struct workload *w, const struct workload_args *a, char *why,
			     size_t len)
{
	const struct probe *p = a->probe;

	/* Measured once per process: list and run ask for every row. */
	static int known = -1;
	static char known_why[2048];
	struct child_result r;
	char line[1024];
	bool amd = is_amd(p);

	if (!harness__requires_kvm(w, a, why, len))
		return false;
	if (known < 0) {
		known = 0;
		if (child__run(hypercall_child, &amd, HYPERCALL_PROBE_MS, NULL, &r)) {
			snprintf(known_why, sizeof(known_why),
				 "requirement probe could not start its guest: %s", strerror(r.error));
		} else if (r.timed_out) {
			snprintf(known_why, sizeof(known_why),
				 "requirement probe: one %s in a probe guest did not complete within %.1f s on this host (guest killed); the row would only time out",
				 amd ? "VMMCALL" : "VMCALL", HYPERCALL_PROBE_MS / 1000.0);
		} else if (r.data_len == 2 && !memcmp(r.data, "ok", 2)) {
			known = 1;
		} else {
			selftest_reason(r.log, line, sizeof(line));
			snprintf(known_why, sizeof(known_why),
				 "requirement probe: one %s in a probe guest failed: %s",
				 amd ? "VMMCALL" : "VMCALL", line[0] ? line : "no message");
		}
		child_result__free(&r);
	}
	if (!known)
		snprintf(why, len, "%s", known_why);
	return known;
}

int exit_vmcall_run(const struct workload *w, const struct workload_args *a,
		    struct workload_out *out)
{
	return harness__run_batches(a, is_amd(a->probe) ? &exit_vmcall_amd : &exit_vmcall_intel,
				    out);
}
