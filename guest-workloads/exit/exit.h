/* SPDX-License-Identifier: GPL-2.0 */
/* The exit collection: each workload file defines one batch_desc. */
#ifndef VPMU_EXIT_H
#define VPMU_EXIT_H

#include "harness.h"

extern const struct batch_desc exit_rdtsc, exit_cpuid, exit_vmcall_intel, exit_vmcall_amd,
	exit_pio_kernel, exit_pio_user, exit_mmio_user, exit_rdmsr, exit_wrmsr, exit_wrmsr_user;

int exit_vmcall_run(const struct workload *w, const struct workload_args *a,
		    struct workload_out *out);
bool exit_requires_hypercall(const struct workload *w, const struct workload_args *a, char *why,
			     size_t len);
bool exit_requires_pit(const struct workload *w, const struct workload_args *a, char *why, size_t len);
bool exit_requires_tsc_adjust(const struct workload *w, const struct workload_args *a, char *why,
			      size_t len);
bool exit_requires_user_msr(const struct workload *w, const struct workload_args *a, char *why,
			    size_t len);

#endif
