// SPDX-License-Identifier: GPL-2.0
/*
 * A library failure's reason carries what the library said: the call,
 * errno and its text, and where. First from recorded reports of the KVM
 * selftests library, then from a real one: a child asks KVM_SET_SREGS
 * for a reserved CR4 bit through the unmodified library, which asserts
 * and exits, and the reason is read from what the child printed.
 */
#include <string.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"

#include "child.h"
#include "harness.h"
#include "host_probe.h"
#include "selftest_reason.h"
#include "../tap.h"

/* Recorded on the Intel nested host (DESIGN.md) before the paging fix. */
static const char sregs_report[] =
	"==== Test Assertion Failure ====\n"
	"  include/kvm_util.h:796: !ret\n"
	"  pid=24631 tid=24631 errno=22 - Invalid argument\n"
	"     1\t0x0000000000416944: vcpu_sregs_set at kvm_util.h:796\n"
	"     2\t (inlined by) vcpu_init_sregs at processor.c:672\n"
	"  KVM_SET_SREGS failed, rc: -1 errno: 22 (Invalid argument)\n";

static const char guest_report[] =
	"==== Test Assertion Failure ====\n"
	"  lib/kvm_util.c:1234: vm->va_bits == 48\n"
	"  pid=1 tid=1 errno=0 - Success\n"
	"  (stack trace empty)\n"
	"  Unexpected guest virtual address width: 52\n";

static void bad_sregs(void *arg, int fd)
{
	struct kvm_sregs sregs;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;

	vm = vm_create_with_one_vcpu(&vcpu, NULL);
	vcpu_sregs_get(vcpu, &sregs);
	sregs.cr4 |= 1ULL << 63;	/* reserved on every x86 CPU */
	vcpu_sregs_set(vcpu, &sregs);	/* the library asserts and exits here */
	kvm_vm_free(vm);
	if (write(fd, "returned", 8) != 8)
		_exit(1);
}

int main(void)
{
	char why[1024];
	struct child_result r;
	struct probe p = { 0 };

	__T("recorded ioctl failure is recognized", selftest_reason(sregs_report, why, sizeof(why)));
	T_OK(!strcmp(why, "KVM_SET_SREGS failed: Invalid argument (errno 22) at include/kvm_util.h:796"),
	     "... reads 'call failed: text (errno N) at file:line': '%s'", why);
	selftest_reason(guest_report, why, sizeof(why));
	T_OK(!strcmp(why, "assertion failed at lib/kvm_util.c:1234: vm->va_bits == 48: Unexpected guest virtual address width: 52"),
	     "a plain assertion keeps place, expression and message, no stale errno: '%s'", why);
	__T("a kselftest skip line is a reason",
	    selftest_reason("1..0 # SKIP - Cannot open '/dev/kvm'\n", why, sizeof(why)) &&
	    !strcmp(why, "Cannot open '/dev/kvm'"));
	__T("other output: its last line, not recognized",
	    !selftest_reason("a\nlast words\n\n", why, sizeof(why)) && !strcmp(why, "last words"));
	__T("a truncated report does not crash and keeps the place",
	    selftest_reason("==== Test Assertion Failure ====\n  x.c:1: e", why, sizeof(why)) &&
	    !strcmp(why, "assertion failed at x.c:1: e"));

	if (access("/dev/kvm", R_OK | W_OK)) {
		T_SKIP("a real library failure names the ioctl and errno", "/dev/kvm not usable");
		return tap_done();
	}
	probe__kvm(&p);		/* the paging mode KVM takes, for the child's VM */
	guest_paging__apply(&p.paging);
	__T("the child ran", !child__run(bad_sregs, NULL, 60000, NULL, &r));
	__T("... and the library made it exit non-zero",
	    WIFEXITED(r.status) && WEXITSTATUS(r.status) != 0 && !r.data_len);
	selftest_reason(r.log, why, sizeof(why));
	T_OK(strstr(why, "KVM_SET_SREGS failed: Invalid argument (errno 22) at ") != NULL,
	     "a real library failure names the ioctl, errno text and number: '%s'", why);
	child_result__free(&r);
	return tap_done();
}
