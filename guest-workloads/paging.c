// SPDX-License-Identifier: GPL-2.0
/*
 * Make every VM of this process use the guest paging the probe found KVM
 * accepts (bench/util/guest_paging.h).
 */
#include "kvm_util.h"
#include "processor.h"

#include "harness.h"

void guest_paging__apply(const struct guest_paging *gp)
{
	struct kvm_cpuid2 *c;
	uint32_t i;

	if (gp->decision != PAGING_CLAMPED)
		return;
	/*
	 * The library caches KVM_GET_SUPPORTED_CPUID in a heap buffer and reads
	 * the address widths from it when it sizes a VM's page tables, and
	 * copies it into every vCPU's CPUID: clamping that one copy gives every
	 * later VM 4-level paging and a guest that does not see LA57, without
	 * touching the library's code. The const only says "do not free".
	 */
	c = (struct kvm_cpuid2 *)kvm_get_supported_cpuid();
	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == 0x80000008)
			e->eax = (e->eax & ~0xff00U) | (48U << 8);
		else if (e->function == 7 && e->index == 0)
			e->ecx &= ~(1U << 16);
	}
}
