// SPDX-License-Identifier: GPL-2.0
/*
 * The exit collection: one row per exit type (kvm-unit-tests x86/vmexit.c
 * style). Each row's batch is defined in its own file here.
 */
#include "exit.h"

#define ROW(n, s, req, b) \
	{ .name = n, .collection = "exit", .summary = s, .requires = req, \
	  .run = harness__run_batch_row, .priv = &b }

const struct workload exit_workloads[] = {
	ROW("rdtsc", "RDTSC: the no-exit baseline (not intercepted under VMX/SVM)",
	    harness__requires_kvm, exit_rdtsc),
	ROW("cpuid", "CPUID leaf 0: always exits, handled in KVM", harness__requires_kvm,
	    exit_cpuid),
	{ .name = "vmcall", .collection = "exit",
	  .summary = "hypercall (VMCALL/VMMCALL, KVM_HC_VAPIC_POLL_IRQ), handled in KVM",
	  .requires = exit_requires_hypercall, .run = exit_vmcall_run },
	ROW("pio-kernel", "IN from port 0x61 (in-kernel PIT speaker port)", exit_requires_pit,
	    exit_pio_kernel),
	ROW("pio-user", "OUT to port 0x80: exit to userspace and back", harness__requires_kvm,
	    exit_pio_user),
	ROW("mmio-user", "store to unbacked guest memory: MMIO exit to userspace",
	    harness__requires_kvm, exit_mmio_user),
	ROW("rdmsr", "RDMSR IA32_TSC_ADJUST: intercepted, handled in KVM",
	    exit_requires_tsc_adjust, exit_rdmsr),
	ROW("wrmsr", "WRMSR IA32_TSC_ADJUST (same value): intercepted, handled in KVM",
	    exit_requires_tsc_adjust, exit_wrmsr),
	ROW("wrmsr-user", "WRMSR denied by KVM_X86_SET_MSR_FILTER: exit to userspace",
	    exit_requires_user_msr, exit_wrmsr_user),
	{ NULL },
};
