// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a batch measurement: create the VM for the run's
 * mode, run the guest's calibration and sample batches, bounds-check
 * every value the guest hands over, and keep every sample.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"

#include "harness.h"
#include "sample_channel.h"
#include "stats.h"

/*
 * Anything above this many TSC cycles for one batch of BATCH_OPS
 * operations is not a measurement but a corrupted value: ~2^40 cycles is
 * minutes at any TSC frequency.
 */
#define MAX_BATCH_CYCLES (1ULL << 40)
/* Calibration batches: at least this many, so its median is stable. */
#define MIN_CALIB_REPS 11

/* Test-only (harness.h): stays NULL in vpmu-guest. */
const struct harness_hooks *harness_hooks;

struct kvm_vcpu *harness__vm_create(const struct workload_args *a, void *guest_code,
				    struct kvm_vm **vmp, struct workload_out *out)
{
	const struct probe *p = a->probe;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;

	vm = __vm_create(VM_SHAPE_DEFAULT, 1, 0);
	/*
	 * The nopmu baseline: take the vPMU away from this VM when KVM lets
	 * us; with kvm.enable_pmu=N there is no vPMU to take away.
	 */
	if (a->mode == MODE_NOPMU && p && p->cap_pmu_capability > 0 &&
	    (p->cap_pmu_capability & KVM_PMU_CAP_DISABLE)) {
		int r = __vm_enable_cap(vm, KVM_CAP_PMU_CAPABILITY, KVM_PMU_CAP_DISABLE);

		if (r) {
			workload_out__note(out, "KVM_CAP_PMU_CAPABILITY(DISABLE) failed: %s",
					   strerror(errno));
			kvm_vm_free(vm);
			return NULL;
		}
	}
	vcpu = vm_vcpu_add(vm, 0, guest_code);
	if (a->guest_gp_counters >= 0)
		vcpu_set_cpuid_property(vcpu, X86_PROPERTY_PMU_NR_GP_COUNTERS,
					a->guest_gp_counters);
	/* Test-only: the software PMU model configures its VM here (harness.h). */
	if (harness_hooks && harness_hooks->vm_created &&
	    harness_hooks->vm_created(vm, vcpu, a, out)) {
		kvm_vm_free(vm);
		return NULL;
	}
	*vmp = vm;
	return vcpu;
}

uint64_t harness__exits(struct kvm_vcpu *vcpu)
{
	return vcpu_get_stat(vcpu, exits);
}

/*
 * The port the library's x86 ucall uses (lib/x86/ucall.c keeps it
 * private): a guest OUT there hands the host the address of its ucall.
 */
#define HARNESS_UCALL_PIO_PORT 0x1000

/* [hva, hva + len) inside the host mapping of one of the VM's memslots. */
static bool in_guest_memory(struct kvm_vm *vm, uint64_t hva, size_t len)
{
	struct userspace_mem_region *region;
	int bkt;

	hash_for_each(vm->regions.slot_hash, bkt, region, slot_node) {
		uint64_t start = (uint64_t)region->host_mem;
		uint64_t size = region->region.memory_size;

		if (hva >= start && len <= size && hva - start <= size - len)
			return true;
	}
	return false;
}

int harness__vcpu_run(struct kvm_vcpu *vcpu)
{
	int rc;

	/*
	 * Not the library's vcpu_run(): after KVM_RUN it decodes a ucall
	 * through the guest's unchecked pointer (assert_on_unhandled_exception)
	 * and exits on a guest assertion; here both go through
	 * harness__get_ucall() and become the row's reason.
	 */
	/* Test-only: the software PMU model syncs its state (harness.h). */
	if (harness_hooks && harness_hooks->before_run)
		harness_hooks->before_run(vcpu);
	do {
		rc = __vcpu_run(vcpu);
	} while (rc == -1 && errno == EINTR);
	return rc ? -errno : 0;
}

uint64_t harness__get_ucall(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	struct kvm_run *run = vcpu->run;

	if (run->exit_reason == KVM_EXIT_IO && run->io.port == HARNESS_UCALL_PIO_PORT) {
		struct kvm_regs regs;

		vcpu_regs_get(vcpu, &regs);
		if (!in_guest_memory(vcpu->vm, regs.rdi, sizeof(*uc))) {
			memset(uc, 0, sizeof(*uc));
			return HARNESS_UCALL_BAD;
		}
	}
	return get_ucall(vcpu, uc);
}

int harness__next_ucall(struct kvm_vcpu *vcpu, struct ucall *uc,
			bool (*handle_exit)(struct kvm_vcpu *, const struct batch_desc *),
			const struct batch_desc *d, struct workload_out *out)
{
	for (;;) {
		u64 cmd;
		int r;

		r = harness__vcpu_run(vcpu);
		if (r) {
			workload_out__note(out, "KVM_RUN failed: %s (errno %d)", strerror(-r), -r);
			return -1;
		}
		cmd = harness__get_ucall(vcpu, uc);
		switch (cmd) {
		case UCALL_SYNC:
		case UCALL_DONE:
			return cmd;
		case UCALL_ABORT:
			/* The guest's message is untrusted: bounded and printable. */
			uc->buffer[UCALL_BUFFER_LEN - 1] = '\0';
			workload_out__note(out, "guest assertion failed: %.200s", uc->buffer);
			return -1;
		case UCALL_NONE:
			/* Test-only: the software PMU model's MSR, step and INT exits. */
			if (harness_hooks && harness_hooks->exit && harness_hooks->exit(vcpu))
				continue;
			if (handle_exit && handle_exit(vcpu, d))
				continue;
			if (vcpu->run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
				workload_out__note(out, "unexpected KVM_EXIT_INTERNAL_ERROR (suberror %u)",
						   vcpu->run->internal.suberror);
			else
				workload_out__note(out, "unexpected %s",
						   exit_reason_str(vcpu->run->exit_reason));
			return -1;
		case HARNESS_UCALL_BAD:
			workload_out__note(out, "the guest's ucall address lies outside guest memory");
			return -1;
		default:
			/* A guest number: printed only when it is a small command. */
			if (cmd < 64)
				workload_out__note(out, "unexpected ucall command %llu from the guest",
						   (unsigned long long)cmd);
			else
				workload_out__note(out, "unexpected ucall command from the guest (not one the library defines)");
			return -1;
		}
	}
}

bool harness__expect_done(struct kvm_vcpu *vcpu,
			  bool (*handle_exit)(struct kvm_vcpu *, const struct batch_desc *),
			  const struct batch_desc *d, struct workload_out *out)
{
	struct ucall uc;

	if (harness__next_ucall(vcpu, &uc, handle_exit, d, out) == UCALL_DONE)
		return true;
	if (!out->note[0])
		workload_out__note(out, "guest did not finish after its last result");
	return false;
}

/*
 * The guest half of harness__run_batches(): calibration first (the same
 * region without the operations), then each sample between a BEGIN and a
 * SAMPLE ucall so that the host can read the exit counter around it.
 */
static void guest_run_batches(guest_batch_fn batch, guest_batch_fn calib,
			      uint64_t reps, uint64_t calib_reps, uint64_t arg, uint64_t arg2)
{
	uint64_t i;

	for (i = 0; i < calib_reps; i++)
		GUEST_SYNC3(PHASE_CALIB, i, calib(arg, arg2));
	for (i = 0; i < reps; i++) {
		uint64_t c;

		GUEST_SYNC2(PHASE_BEGIN, i);
		c = batch(arg, arg2);
		GUEST_SYNC3(PHASE_SAMPLE, i, c);
	}
	GUEST_DONE();
}

/* A value from the guest: phase and index must be the next expected ones. */
static bool check_sync(const struct ucall *uc, uint64_t phase, uint64_t idx,
		       int nargs, struct workload_out *out)
{
	char why[256];

	if (sample_channel__check(uc->args, nargs, phase, idx, MAX_BATCH_CYCLES, why,
				  sizeof(why)))
		return true;
	workload_out__note(out, "%s", why);
	return false;
}

int harness__run_batches(const struct workload_args *a, const struct batch_desc *d,
			 struct workload_out *out)
{
	uint64_t calib_reps = a->reps > MIN_CALIB_REPS ? a->reps : MIN_CALIB_REPS;
	struct series *exits, *raw, *cal;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct summary cs;
	struct ucall uc;
	uint64_t i;
	int ret = KSFT_FAIL;

	vcpu = harness__vm_create(a, guest_run_batches, &vm, out);
	if (!vcpu)
		return KSFT_FAIL;
	vcpu_args_set(vcpu, 6, d->batch, d->calib, (uint64_t)a->reps, calib_reps,
		      d->arg, d->arg2);
	if (d->setup) {
		ret = d->setup(vm, vcpu, d, out);
		if (ret)
			goto out_free;
		ret = KSFT_FAIL;
	}
	out->unit = "tsc_cycles";
	out->ops_per_sample = BATCH_OPS;
	/*
	 * The calibration batches are not per sample (there are at least
	 * MIN_CALIB_REPS of them, whatever a->reps is): result__row() writes
	 * this extra as the row's "calibration_batches", outside "series".
	 */
	cal = workload_out__extra(out, "calibration_batches", "tsc_cycles");
	raw = workload_out__extra(out, "raw_batch", "tsc_cycles");
	exits = workload_out__extra(out, "exits_per_op", "exits");

	for (i = 0; i < calib_reps; i++) {
		if (harness__next_ucall(vcpu, &uc, d->handle_exit, d, out) != UCALL_SYNC ||
		    !check_sync(&uc, PHASE_CALIB, i, 3, out))
			goto out_proto;
		series__push(cal, uc.args[2]);
	}
	stats__summarize(cal->v, cal->n, &cs);
	out->calibration = cs.median;

	for (i = 0; i < a->reps; i++) {
		uint64_t e0, e1;

		if (harness__next_ucall(vcpu, &uc, d->handle_exit, d, out) != UCALL_SYNC ||
		    !check_sync(&uc, PHASE_BEGIN, i, 2, out))
			goto out_proto;
		e0 = harness__exits(vcpu);
		if (harness__next_ucall(vcpu, &uc, d->handle_exit, d, out) != UCALL_SYNC ||
		    !check_sync(&uc, PHASE_SAMPLE, i, 3, out))
			goto out_proto;
		e1 = harness__exits(vcpu);
		series__push(raw, uc.args[2]);
		series__push(&out->samples, ((double)uc.args[2] - out->calibration) / BATCH_OPS);
		/* e1 - e0 counts the SAMPLE ucall's own exit too. */
		series__push(exits, e1 > e0 ? (double)(e1 - e0 - 1) / BATCH_OPS : 0);
	}
	if (!harness__expect_done(vcpu, d->handle_exit, d, out))
		goto out_free;
	ret = KSFT_PASS;
	goto out_free;
out_proto:
	if (!out->note[0])
		workload_out__note(out, "guest stopped before sending all samples");
out_free:
	kvm_vm_free(vm);
	return ret;
}

int harness__run_batch_row(const struct workload *w, const struct workload_args *a,
			   struct workload_out *out)
{
	return harness__run_batches(a, w->priv, out);
}

bool harness__requires_kvm(const struct workload *w, const struct workload_args *a,
			   char *why, size_t len)
{
	const struct probe *p = a->probe;

	if (!p->kvm_usable) {
		snprintf(why, len, "%s", p->kvm_why[0] ? p->kvm_why : "/dev/kvm not usable");
		return false;
	}
	/* The probe's throwaway VM: if KVM took no paging mode, no row can run. */
	if (p->paging.decision == PAGING_UNUSABLE) {
		snprintf(why, len, "no guest can run here: guest paging %s", p->paging.why);
		return false;
	}
	return true;
}
