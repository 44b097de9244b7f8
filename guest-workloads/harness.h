/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest-side timing and the host-side loop that runs it, on the KVM
 * selftests library.
 *
 * Guest: a timed region is one asm blob between serialized TSC reads
 * (lfence; rdtsc; lfence). The operation is unrolled BATCH_OPS times with
 * .rept, so the region holds the operations and at most the per-operation
 * set-up they need (CPUID needs its leaf reloaded: one instruction); no
 * loop, no call. Global labels vpmu_timed_<name>_begin/_end bracket the
 * operations so `make bench` can count, from the disassembly of the built
 * binary, what the instrument adds per operation. Every batch is paired
 * with a calibration batch of the same shape and no operations; its
 * median is subtracted.
 *
 * Host: the guest sends every sample with a ucall; the host bounds-checks
 * each (phase, index, value) before keeping it, because guest memory and
 * guest registers are untrusted input. The vCPU's binary stats ("exits")
 * are read around each batch, so each sample says whether the operation
 * exited, as measured.
 */
#ifndef VPMU_HARNESS_H
#define VPMU_HARNESS_H

#include <linux/stringify.h>

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"

#include "guest_paging.h"
#include "loop_tsc.h"
#include "workload.h"

/* Operations per timed batch (unrolled). */
#define BATCH_OPS 16

/* ucall protocol: args[0] = phase, args[1] = sample index, args[2] = value */
enum batch_phase {
	PHASE_CALIB = 0x5a01,
	PHASE_BEGIN = 0x5a02,
	PHASE_SAMPLE = 0x5a03,
};

/* A guest batch: returns the TSC delta of its timed region. */
typedef uint64_t (*guest_batch_fn)(uint64_t arg, uint64_t arg2);

/*
 * Defines guest_batch_<name>() (OP unrolled BATCH_OPS times) and
 * guest_calib_<name>() (the same region, empty). PRE runs after the first
 * TSC read and before the operations, in both (a fixed cost that the
 * calibration cancels). In OP and PRE, %%rcx holds `arg` and %%rsi holds
 * `arg2` on entry; rax, rbx, rdx, r10, r11 are free; r8/r9 hold the start
 * TSC and must not be touched.
 */
#define __GUEST_TIMED(label, pre, body)						\
	uint64_t __d;								\
	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"				\
		     "mov %%eax, %%r8d\n\tmov %%edx, %%r9d\n\t"			\
		     pre "\n\t"							\
		     ".global " label "_begin\n" label "_begin:\n\t"		\
		     body "\n\t"						\
		     ".global " label "_end\n" label "_end:\n\t"		\
		     "lfence\n\trdtsc\n\tlfence\n\t"				\
		     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\t"			\
		     "shl $32, %%r9\n\tor %%r9, %%r8\n\t"			\
		     "sub %%r8, %%rax\n\t"					\
		     : "=a"(__d), "+c"(arg), "+S"(arg2)				\
		     :								\
		     : "rbx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc");	\
	return __d

#define DEFINE_GUEST_BATCH(name, pre, op)					\
static uint64_t __attribute__((__noinline__, __noclone__, __used__))			\
guest_batch_##name(uint64_t arg, uint64_t arg2)					\
{										\
	__GUEST_TIMED("vpmu_timed_" #name, pre,					\
		      ".rept " __stringify(BATCH_OPS) "\n\t" op "\n\t.endr");	\
}										\
static uint64_t __attribute__((__noinline__, __noclone__, __used__))			\
guest_calib_##name(uint64_t arg, uint64_t arg2)					\
{										\
	__GUEST_TIMED("vpmu_calib_" #name, pre, "");				\
}

struct batch_desc {
	guest_batch_fn batch, calib;
	uint64_t arg, arg2;		/* passed to both */
	/* Optional: prepare the VM before the guest runs (MSR filter, MMIO map). */
	int (*setup)(struct kvm_vm *vm, struct kvm_vcpu *vcpu, const struct batch_desc *d,
		     struct workload_out *out);
	/*
	 * Optional: an exit that is not a ucall. Return true to resume the
	 * guest, false if the exit was not expected (the run fails).
	 */
	bool (*handle_exit)(struct kvm_vcpu *vcpu, const struct batch_desc *d);
	const void *priv;
};

/*
 * Test-only hook points. NULL in vpmu-guest: only the test binary
 * build/tests/vpmu-guest-model sets it (the software PMU model in
 * tests/pmu_model/, a test double, puts a PMU behind the guest from its
 * constructor). Every member is optional.
 */
struct harness_hooks {
	/* Adjust the probe's facts to the model's host (vendor, guest/host PMU). */
	void (*probe)(struct probe *p);
	/* Adjust the run's arguments (the model's vPMU mode). */
	void (*args)(struct workload_args *a);
	/* After harness__vm_create() made the VM: CPUID, MSR filter. 0 or KSFT_FAIL + note. */
	int (*vm_created)(struct kvm_vm *vm, struct kvm_vcpu *vcpu, const struct workload_args *a,
			  struct workload_out *out);
	/* Before each KVM_RUN of harness__vcpu_run(). */
	void (*before_run)(struct kvm_vcpu *vcpu);
	/* A non-ucall exit, before the row's handle_exit: true if handled (resume). */
	bool (*exit)(struct kvm_vcpu *vcpu);
	/* IA32_PERF_CAPABILITIES offered to guests: 0 with @caps, or -1 (ask KVM). */
	int (*perf_caps)(uint64_t *caps);
	/* Host-initiated write of IA32_PERF_CAPABILITIES: 0, or -1 (ask KVM). */
	int (*set_perf_caps)(struct kvm_vcpu *vcpu, uint64_t caps);
	/* The label put at the top level of vpmu-guest's requires and run answers. */
	struct json_t *(*answer_label)(void);
};

extern const struct harness_hooks *harness_hooks;

/*
 * Create a VM with one vCPU running @guest_code, configured for @a: mode
 * nopmu disables the vPMU for this VM (KVM_PMU_CAP_DISABLE) when KVM
 * allows it; guest_gp_counters >= 0 rewrites CPUID.0AH.EAX[15:8].
 * Returns NULL with out->note set if KVM refuses.
 */
struct kvm_vcpu *harness__vm_create(const struct workload_args *a, void *guest_code,
				    struct kvm_vm **vm, struct workload_out *out);

/*
 * Run the vCPU until its next ucall and return its command (UCALL_SYNC,
 * UCALL_DONE). A UCALL_ABORT (failed GUEST_ASSERT) or an unexpected exit
 * returns -1 with out->note set. Non-ucall exits go to @handle_exit.
 */
int harness__next_ucall(struct kvm_vcpu *vcpu, struct ucall *uc,
			bool (*handle_exit)(struct kvm_vcpu *, const struct batch_desc *),
			const struct batch_desc *d, struct workload_out *out);

/*
 * The guest's last word must be GUEST_DONE(): true if it is; otherwise
 * false with out->note set (keeping a more precise note already there).
 */
bool harness__expect_done(struct kvm_vcpu *vcpu,
			  bool (*handle_exit)(struct kvm_vcpu *, const struct batch_desc *),
			  const struct batch_desc *d, struct workload_out *out);

/*
 * get_ucall() with the guest's pointer checked first: the library copies
 * a struct ucall from the host address the guest puts in RDI, so a guest
 * could point it anywhere in the host process. Returns the command, or
 * HARNESS_UCALL_BAD (nothing copied) when the address does not lie inside
 * the host mapping of the VM's memory.
 */
#define HARNESS_UCALL_BAD (~0ULL)
/* KVM_RUN until it is not EINTR; 0 or -errno. Use with harness__get_ucall(). */
int harness__vcpu_run(struct kvm_vcpu *vcpu);
uint64_t harness__get_ucall(struct kvm_vcpu *vcpu, struct ucall *uc);

/* Every later VM of this process gets the paging @gp decided (paging.c). */
void guest_paging__apply(const struct guest_paging *gp);

/*
 * The emulation detector's guest loop (probe_loop.c): raw TSC deltas of
 * the short and the long loop, LOOP_RUNS each. 0, or -1 with @why.
 */
int guest_loop__run(unsigned int iters, uint64_t tsc[2][LOOP_RUNS], char *why, size_t len);

/* The vCPU's "exits" counter from KVM's binary stats. */
uint64_t harness__exits(struct kvm_vcpu *vcpu);

/*
 * The standard measurement: calibration batches, then a->reps samples,
 * each bracketed by exit-counter reads. Fills out->samples (tsc_cycles per
 * operation, calibration median subtracted) and the extra series
 * "exits_per_op" and "raw_batch", plus every calibration batch as
 * "calibration_batches" (written outside "series": not per sample).
 */
int harness__run_batches(const struct workload_args *a, const struct batch_desc *d,
			 struct workload_out *out);

/* workload.run for rows whose priv is a struct batch_desc. */
int harness__run_batch_row(const struct workload *w, const struct workload_args *a,
			   struct workload_out *out);

/* workload.requires that only needs a usable /dev/kvm. */
bool harness__requires_kvm(const struct workload *w, const struct workload_args *a,
			   char *why, size_t len);

#endif
