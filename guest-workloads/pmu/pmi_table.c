// SPDX-License-Identifier: GPL-2.0
/*
 * The pmi collection: counter-overflow interrupt delivery to the guest.
 * The guest enables x2APIC, points LVTPC at PMU_PMI_VECTOR (handler
 * installed with vm_install_exception_handler()), presets a counter of
 * instructions retired to overflow after PMI_PERIOD of them, and arms it
 * with one WRMSR of IA32_PERF_GLOBAL_CTRL right after a serialized TSC
 * read. The handler reads the TSC, then the still-running counter.
 *
 * samples: TSC cycles from the arming WRMSR to the handler's TSC read
 * (this includes retiring the PMI_PERIOD instructions before the
 * overflow). skid_instructions: instructions retired after the overflow
 * point before the interrupt was taken: the handler's counter value
 * minus the handler's own path, which the guest measures first by
 * reading the running counter and raising the same vector with INT in
 * one asm blob (pmu_math.h): the enabling WRMSR is outside what is
 * measured, so the path is the same whether KVM counts that WRMSR
 * (GLOBAL_CTRL intercepted) or not, and a true skid of 0 gives 0.
 *
 * `INT n` is a real instruction here: on the project's nested hosts it
 * ends in KVM_EXIT_INTERNAL_ERROR, and a test host must complete it
 * (advance RIP by 2, inject the vector, count it as one instruction).
 */
#include <stdio.h>

#include <linux/stringify.h>

#include "apic.h"

#include "pmu_math.h"
#include "pmu_vm.h"

#define PMI_TAG_CAL	0x9a10
#define PMI_TAG		0x9a11
/* Instructions to overflow: 128, so the TSC delta is mostly delivery. */
#define PMI_PERIOD	128
/* Polling iterations (3 instructions each) before the guest gives up. */
#define PMI_SPIN	1000000

/* Host-set before the guest runs. */
static uint32_t pmi_ctr_msr;		/* the counter's MSR (read in the handler) */
static uint32_t pmi_ctrl_msr;		/* PERFEVTSEL0 or FIXED_CTR_CTRL */
static uint64_t pmi_ctrl_val;		/* the event, with its PMI enable */
static uint64_t pmi_enable;		/* its IA32_PERF_GLOBAL_CTRL bit */
static uint64_t pmi_preset_val;		/* 2^width - PMI_PERIOD, as written */

/* Written by the handler. */
static volatile uint64_t pmi_t1, pmi_count, pmi_status, pmi_seen;

static void guest_pmi_handler(struct ex_regs *regs)
{
	uint64_t t = rdtsc();
	uint64_t c = rdmsr(pmi_ctr_msr);

	wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
	pmi_t1 = t;
	pmi_count = c;
	pmi_status = rdmsr(PMU_MSR_GLOBAL_STATUS);
	wrmsr(PMU_MSR_GLOBAL_OVF_CTRL, pmi_status);
	/* Delivery masks LVTPC: unmask it for the next sample, then EOI. */
	wrmsr(PMU_MSR_X2APIC_LVTPC, PMU_PMI_VECTOR);
	wrmsr(PMU_MSR_X2APIC_EOI, 0);
	pmi_seen = 1;
}

static void guest_pmi_program(uint64_t counter)
{
	wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
	wrmsr(pmi_ctrl_msr, pmi_ctrl_val);
	wrmsr(pmi_ctr_msr, counter);
	wrmsr(PMU_MSR_GLOBAL_OVF_CTRL, pmi_enable);
	pmi_seen = 0;
}

static void guest_pmi(uint64_t reps)
{
	uint32_t lo = pmi_enable, hi = pmi_enable >> 32, b_lo, b_hi;
	uint64_t i;

	x2apic_enable();
	wrmsr(PMU_MSR_X2APIC_LVTPC, PMU_PMI_VECTOR);

	/*
	 * The handler path: read the running counter, then INT, in one blob
	 * (pmu_math.h, PMI_CAL_INSNS); the handler restores %esi/%edi.
	 */
	guest_pmi_program(0);
	wrmsr(PMU_MSR_GLOBAL_CTRL, pmi_enable);
	asm volatile("rdmsr\n\t"
		     "mov %%eax, %%esi\n\t"
		     "mov %%edx, %%edi\n\t"
		     "int $" __stringify(PMU_PMI_VECTOR) "\n\t"
		     : "=S"(b_lo), "=D"(b_hi)
		     : "c"(pmi_ctr_msr)
		     : "rax", "rdx", "memory");
	ucall(UCALL_SYNC, 4, PMI_TAG_CAL, pmi_seen, (uint64_t)b_hi << 32 | b_lo, pmi_count);

	for (i = 0; i < reps; i++) {
		uint32_t msr = PMU_MSR_GLOBAL_CTRL;
		uint64_t t0;

		guest_pmi_program(pmi_preset_val);
		sti();
		/* t0, arm, then poll until the handler has run (3 insns a poll). */
		asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
			     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\tmov %%rax, %[t0]\n\t"
			     "mov %[lo], %%eax\n\tmov %[hi], %%edx\n\t"
			     "wrmsr\n\t"
			     "mov %[spin], %%ecx\n\t"
			     "1: cmpq $0, %[seen]\n\t"
			     "jne 2f\n\t"
			     "loop 1b\n\t"
			     "2:\n\t"
			     : [t0] "=&r"(t0), "+c"(msr)
			     : [lo] "r"(lo), [hi] "r"(hi), [spin] "r"((uint32_t)PMI_SPIN),
			       [seen] "m"(pmi_seen)
			     : "rax", "rdx", "memory", "cc");
		cli();
		wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
		ucall(UCALL_SYNC, 6, PMI_TAG, i, pmi_seen, pmi_seen ? pmi_t1 - t0 : 0,
		      pmi_count, pmi_status);
	}
	GUEST_DONE();
}

struct pmi_row {
	bool fixed;
};

/* A v2 guest PMU, an in-kernel LAPIC, and the row's counter of instructions. */
static bool pmi_requires(const struct workload *w, const struct workload_args *a, char *why,
			 size_t len)
{
	const struct pmi_row *r = w->priv;
	struct pmu_guest g;

	if (!pmu_guest__probe(&g, a, 2, why, len))
		return false;
	if (!a->probe->cap_irqchip) {
		snprintf(why, len, "needs an in-kernel LAPIC (KVM_CAP_IRQCHIP) for LVTPC");
		return false;
	}
	if (r->fixed) {
		if (!pmu_guest__has_fixed(&g, 0)) {
			snprintf(why, len, "guest has no fixed counter 0");
			return false;
		}
		return true;
	}
	if (!g.cpuid.nr_gp) {
		snprintf(why, len, "guest has 0 GP counters");
		return false;
	}
	if (g.cpuid.ebx_len <= 1 || (g.cpuid.events_unavail & 2)) {
		snprintf(why, len, "architectural event instructions retired not available (CPUID.0AH.EBX[1])");
		return false;
	}
	return true;
}

static int pmi_run(const struct workload *w, const struct workload_args *a,
		   struct workload_out *out)
{
	const struct pmi_row *row = w->priv;
	struct series *skid_s, *cnt_s;
	uint64_t handler = 0, i;
	struct kvm_vcpu *vcpu;
	unsigned int width;
	struct pmu_guest g;
	struct kvm_vm *vm;
	struct ucall uc;
	const char *err;
	int ret = KSFT_FAIL;

	pmu_guest__get(&g, a);
	vcpu = pmu_vm__create(a, &g, guest_pmi, &vm, out);
	if (!vcpu)
		return KSFT_FAIL;
	vm_install_exception_handler(vm, PMU_PMI_VECTOR, guest_pmi_handler);
	if (row->fixed) {
		width = g.cpuid.fixed_width;
		pmi_ctr_msr = PMU_MSR_FIXED_CTR0;
		pmi_ctrl_msr = PMU_MSR_FIXED_CTR_CTRL;
		pmi_ctrl_val = PMU_FIXED_CTRL(0, PMU_FIXED_OS | PMU_FIXED_PMI);
		pmi_enable = PMU_GLOBAL_FIXED(0);
	} else {
		width = g.cpuid.gp_width;
		/* IA32_PMC0 writes sign-extend bit 31: right for any period < 2^31. */
		pmi_ctr_msr = g.perf_caps & PMU_CAP_FULL_WIDTH_WRITE ? PMU_MSR_A_PMC0 :
								       PMU_MSR_PERFCTR0;
		pmi_ctrl_msr = PMU_MSR_PERFEVTSEL0;
		pmi_ctrl_val = PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_OS | PMU_EVTSEL_INT |
			       PMU_EVTSEL_EN;
		pmi_enable = 1;
	}
	if (width < 32 || width > 64) {
		workload_out__note(out, "counter width %u from CPUID.0AH is not usable", width);
		goto out_free;
	}
	pmi_preset_val = pmi_preset(PMI_PERIOD, width);
	sync_global_to_guest(vm, pmi_ctr_msr);
	sync_global_to_guest(vm, pmi_ctrl_msr);
	sync_global_to_guest(vm, pmi_ctrl_val);
	sync_global_to_guest(vm, pmi_enable);
	sync_global_to_guest(vm, pmi_preset_val);
	vcpu_args_set(vcpu, 1, (uint64_t)a->reps);

	out->unit = "tsc_cycles";
	out->ops_per_sample = 1;
	skid_s = workload_out__extra(out, "skid_instructions", "instructions");
	cnt_s = workload_out__extra(out, "counter_at_handler", "instructions");
	pmu_info_int(out, "overflow_after_instructions", PMI_PERIOD);
	pmu_info_int(out, "counter_width", width);
	pmu_info_str(out, "counter_msr", "%#x", pmi_ctr_msr);
	pmu_info_str(out, "pmi_vector", "%#x", PMU_PMI_VECTOR);

	if (harness__next_ucall(vcpu, &uc, NULL, NULL, out) != UCALL_SYNC)
		goto out_free;
	if (uc.args[0] != PMI_TAG_CAL || uc.args[1] != 1) {
		workload_out__note(out, "handler calibration: INT $%#x did not reach the handler",
				   PMU_PMI_VECTOR);
		goto out_free;
	}
	if (!pmi_handler_insns(uc.args[2], uc.args[3], width, &handler, &err)) {
		workload_out__note(out, "handler calibration: %s (counter %#llx before, %#llx in the handler)",
				   err, (unsigned long long)uc.args[2],
				   (unsigned long long)uc.args[3]);
		goto out_free;
	}
	pmu_info_int(out, "handler_path_instructions", handler);
	pmu_info_str(out, "handler_path_calibration",
		     "running counter read, MOV, MOV, INT $%#x in one blob, minus those %d",
		     PMU_PMI_VECTOR, PMI_CAL_INSNS);

	for (i = 0; i < a->reps; i++) {
		int64_t skid;

		if (!pmu_vm__sample(vcpu, PMI_TAG, i, &uc, out))
			goto out_free;
		if (uc.args[2] > 1) {
			workload_out__note(out, "guest protocol error at sample %llu (PMI flag neither 0 nor 1)",
					   (unsigned long long)i);
			goto out_free;
		}
		/* The guest computed this delta: a TSC span of minutes is not one. */
		if (!pmi_tsc_delta_ok(uc.args[3])) {
			workload_out__note(out, "guest protocol error at sample %llu (arm-to-handler time of 2^40 cycles or more)",
					   (unsigned long long)i);
			goto out_free;
		}
		if (!uc.args[2]) {
			workload_out__note(out, "no PMI after %u polls (GLOBAL_STATUS %#llx)",
					   PMI_SPIN, (unsigned long long)uc.args[5]);
			goto out_free;
		}
		if (!pmi_skid(uc.args[4], handler, PMI_PERIOD, width, &skid, &err)) {
			/* Shown within the counter's width: the rest is not a count. */
			workload_out__note(out, "sample %llu: %s (counter %#llx)",
					   (unsigned long long)i, err,
					   (unsigned long long)(uc.args[4] &
								(width < 64 ? (1ULL << width) - 1 : ~0ULL)));
			goto out_free;
		}
		series__push(&out->samples, uc.args[3]);
		series__push(skid_s, skid);
		series__push(cnt_s, uc.args[4]);
	}
	if (!harness__expect_done(vcpu, NULL, NULL, out))
		goto out_free;
	ret = KSFT_PASS;
out_free:
	kvm_vm_free(vm);
	return ret;
}

static const struct pmi_row pmi_gp = { .fixed = false };
static const struct pmi_row pmi_fixed = { .fixed = true };

const struct workload pmi_workloads[] = {
	{ .name = "pmi-gp-insns", .collection = "pmi",
	  .summary = "GP counter 0 (instructions) overflows after 128: arm-to-handler TSC, skid",
	  .requires = pmi_requires, .run = pmi_run, .priv = &pmi_gp },
	{ .name = "pmi-fixed-insns", .collection = "pmi",
	  .summary = "fixed counter 0 overflows after 128 instructions: arm-to-handler TSC, skid",
	  .requires = pmi_requires, .run = pmi_run, .priv = &pmi_fixed },
	{ NULL },
};
