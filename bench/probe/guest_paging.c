// SPDX-License-Identifier: GPL-2.0
/*
 * Guest paging: ask KVM whether it takes the paging mode it advertises
 * (the decision itself is bench/util/guest_paging.c).
 * Raw ioctls only, so that a refusal becomes a reason, never an exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "host_probe.h"

/* Architectural bits the selftests library sets for its 64-bit guests. */
#define CR0_PE		(1ULL << 0)
#define CR0_NE		(1ULL << 5)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define CR4_OSFXSR	(1ULL << 9)
#define CR4_LA57	(1ULL << 12)
#define CR4_OSXSAVE	(1ULL << 18)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)
#define EFER_NX		(1ULL << 11)

static struct kvm_cpuid_entry2 *find_leaf(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn && c->entries[i].index == idx)
			return &c->entries[i];
	return NULL;
}

/* One KVM_SET_SREGS with the library's long-mode settings: 0 or errno. */
static int try_sregs(int vcpu_fd, bool xsave, bool la57)
{
	struct kvm_sregs s;

	if (ioctl(vcpu_fd, KVM_GET_SREGS, &s))
		return errno;
	s.cr0 = CR0_PE | CR0_NE | CR0_PG;
	s.cr4 = CR4_PAE | CR4_OSFXSR | (xsave ? CR4_OSXSAVE : 0) | (la57 ? CR4_LA57 : 0);
	s.efer = EFER_LME | EFER_LMA | EFER_NX;
	s.cr3 = 0;
	return ioctl(vcpu_fd, KVM_SET_SREGS, &s) ? errno : 0;
}

static void unusable(struct guest_paging *gp, const char *what, int err)
{
	gp->decision = PAGING_UNUSABLE;
	snprintf(gp->why, sizeof(gp->why), "unusable: %s failed: %s (errno %d)", what,
		 strerror(err), err);
}

void guest_paging__probe(struct guest_paging *gp, int kvm_fd)
{
	struct kvm_cpuid_entry2 *e;
	struct kvm_cpuid2 *cpuid;
	int vm_fd, vcpu_fd, err, err5 = PAGING_NOT_TRIED, err4 = PAGING_NOT_TRIED;
	unsigned int va_bits = 0;
	bool la57 = false, xsave = false;

	memset(gp, 0, sizeof(*gp));
	gp->err_5level = gp->err_4level = PAGING_NOT_TRIED;
	cpuid = probe__supported_cpuid(kvm_fd, &err);
	if (!cpuid) {
		unusable(gp, "KVM_GET_SUPPORTED_CPUID", err);
		return;
	}
	e = find_leaf(cpuid, 0x80000008, 0);
	if (e)
		va_bits = (e->eax >> 8) & 0xff;
	e = find_leaf(cpuid, 7, 0);
	if (e)
		la57 = e->ecx & (1U << 16);
	e = find_leaf(cpuid, 1, 0);
	if (e)
		xsave = e->ecx & (1U << 26);

	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0) {
		unusable(gp, "KVM_CREATE_VM", errno);
		goto out_cpuid;
	}
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0) {
		unusable(gp, "KVM_CREATE_VCPU", errno);
		goto out_vm;
	}
	/* CR4.LA57/OSXSAVE and EFER.NX are checked against the guest's CPUID. */
	if (ioctl(vcpu_fd, KVM_SET_CPUID2, cpuid)) {
		unusable(gp, "KVM_SET_CPUID2", errno);
		goto out_vcpu;
	}
	if (va_bits == 57)
		err5 = try_sregs(vcpu_fd, xsave, true);
	if (va_bits != 57 || err5)
		err4 = try_sregs(vcpu_fd, xsave, false);
	guest_paging__decide(gp, va_bits, la57, err5, err4);
out_vcpu:
	close(vcpu_fd);
out_vm:
	close(vm_fd);
out_cpuid:
	free(cpuid);
}

