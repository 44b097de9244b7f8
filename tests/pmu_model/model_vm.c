// SPDX-License-Identifier: GPL-2.0
/*
 * TEST DOUBLE: the VM glue that puts the software PMU model
 * (pmu_model.h) behind the guest of build/tests/vpmu-guest-model, on a
 * host whose KVM offers no PMU. Linked into that test binary only; its
 * constructor sets harness_hooks (guest-workloads/harness.h).
 *
 * - CPUID leaf 0xA (and PDCM) as the scenario says, with KVM_SET_CPUID2.
 * - Every PMU MSR denied by KVM_X86_SET_MSR_FILTER with
 *   KVM_CAP_X86_USER_SPACE_MSR (KVM_MSR_EXIT_REASON_FILTER): each guest
 *   RDMSR/WRMSR exits here and the model answers (run->msr.error = 1 is
 *   a #GP). Host-initiated accesses never reach the filter: the model
 *   holds IA32_PERF_CAPABILITIES itself (harness_hooks->set_perf_caps).
 * - While an instruction or branch counter is enabled, the guest is
 *   single-stepped (KVM_GUESTDBG_SINGLESTEP): one KVM_EXIT_DEBUG is one
 *   retired instruction, a branch if the bytes at the previous stop
 *   decode as one (insn_branch.c). After a fault or an injected event
 *   the retired instruction is the handler's first, which the library's
 *   IDT stubs make a PUSH: counted as a non-branch.
 * - A due PMI goes to the vector in the guest's LVTPC with KVM_SIGNAL_MSI,
 *   unless LVTPC is masked; delivery sets the mask, as a CPU does.
 * - This host's gaps, handled here: a guest RDPMC #GPs (KVM has no PMU),
 *   so a guest #GP handler turns RDPMC into the RDMSR of the same
 *   counter; a guest `INT n` ends in KVM_EXIT_INTERNAL_ERROR, so the
 *   glue advances RIP past it and injects the vector (KVM_SET_VCPU_EVENTS).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "apic.h"
#include "kvm_util.h"
#include "processor.h"

#include "harness.h"
#include "insn_branch.h"
#include "model_vm.h"
#include "pmu_model.h"
#include "pmu_regs.h"
#include "scenario.h"

#define LAPIC_LVTPC	0x340

static struct {
	const struct pmu_scenario *scn;
	const struct pmu_fault *fault;
	struct pmu_model_cfg cfg;	/* from the environment */
	struct pmu_model m;
	struct kvm_vcpu *vcpu;
	bool started, stepping;
	bool prev_known;		/* prev_pc is the next instruction to retire */
	bool prev_faulted;		/* it #GPs instead (we answered error) */
	uint64_t prev_pc;
	bool lvtpc_stuck;		/* fault lvtpc-left-masked, after the first PMI */
} mdl;

/*
 * Guest code: the #GP handler. RDPMC (0F 33) becomes the RDMSR of the
 * counter ECX names (bit 30: fixed, bit 29: PERF_METRICS), which exits to
 * the model; any other #GP goes to the library's fixup (rdmsr_safe and
 * friends), which route_exception() would have done without a handler.
 */
static void model_guest_gp(struct ex_regs *regs)
{
	const uint8_t *ip = (const uint8_t *)regs->rip;
	uint32_t ecx = regs->rcx, msr;
	uint64_t v;

	if (ip[0] == 0x0f && ip[1] == 0x33) {
		if (ecx & PMU_RDPMC_FIXED)
			msr = PMU_MSR_FIXED_CTR0 + (ecx & 0xffff);
		else if (ecx & PMU_RDPMC_METRICS)
			msr = PMU_MSR_PERF_METRICS;
		else
			msr = PMU_MSR_PERFCTR0 + (ecx & 0xffff);
		if (rdmsr_safe(msr, &v))
			GUEST_FAIL("RDPMC %#x: the counter does not exist (#GP)", ecx);
		regs->rax = (uint32_t)v;
		regs->rdx = v >> 32;
		regs->rip += 2;
		return;
	}
	if (regs->r9 == KVM_EXCEPTION_MAGIC && regs->rip == regs->r10) {
		regs->rip = regs->r11;
		regs->r9 = regs->vector;
		regs->r10 = regs->error_code;
		return;
	}
	GUEST_FAIL("Unhandled exception '0x%lx' at guest RIP '0x%lx'", regs->vector, regs->rip);
}

/* The scenario's leaf 0xA as KVM_GET_SUPPORTED_CPUID would report it. */
static struct pmu_model_cfg offered_cfg(void)
{
	struct pmu_model_cfg c = mdl.cfg;

	if (mdl.scn->offered_nr_fixed)
		c.nr_fixed = mdl.scn->offered_nr_fixed;
	return c;
}

static void model_probe(struct probe *p)
{
	struct pmu_model_cfg off = offered_cfg();
	uint32_t r[4];

	/* The scenario's host: Intel, its PMU, and what its KVM offers. */
	snprintf(p->vendor, sizeof(p->vendor), "GenuineIntel");
	pmu_model__cpuid(&mdl.cfg, &r[0], &r[1], &r[2], &r[3]);
	pmu_cpuid__decode(&p->host_pmu, r[0], r[1], r[2], r[3]);
	memcpy(p->host_pmu_regs, r, sizeof(r));
	pmu_model__cpuid(&off, &r[0], &r[1], &r[2], &r[3]);
	pmu_cpuid__decode(&p->guest_pmu, r[0], r[1], r[2], r[3]);
	memcpy(p->guest_pmu_regs, r, sizeof(r));
	p->guest_pmu_valid = true;
	p->guest_pmu_why[0] = '\0';
	p->host_pmu_why[0] = '\0';
}

static void model_args(struct workload_args *a)
{
	/*
	 * The model intercepts every access, as legacy KVM does; the host's
	 * own mode (nopmu with kvm.enable_pmu=N) would skip every PMU row.
	 */
	a->mode = MODE_LEGACY;
}

static int model_perf_caps(uint64_t *caps)
{
	*caps = mdl.cfg.perf_caps;
	return 0;
}

static int model_set_perf_caps(struct kvm_vcpu *vcpu, uint64_t caps)
{
	if (vcpu != mdl.vcpu || (caps & ~mdl.cfg.perf_caps))
		return -1;
	mdl.m.cfg.perf_caps = caps;
	return 0;
}

static json_t *model_label(void)
{
	return json_pack("{s:s, s:s, s:s, s:i}", "name", "software PMU model",
			 "scenario", mdl.scn->name, "faults", mdl.fault->name,
			 "skid", (int)mdl.cfg.skid);
}

static int set_filter(struct kvm_vm *vm, struct workload_out *out)
{
	static const struct { uint32_t base, n; } r[] = {
		{ PMU_MSR_PERFCTR0, PMU_MODEL_MAX_GP }, { PMU_MSR_A_PMC0, PMU_MODEL_MAX_GP },
		{ PMU_MSR_PERFEVTSEL0, PMU_MODEL_MAX_GP },
		{ PMU_MSR_FIXED_CTR0, PMU_MODEL_MAX_FIXED }, { PMU_MSR_PERF_METRICS, 1 },
		{ PMU_MSR_PERF_CAPABILITIES, 1 },
		{ PMU_MSR_FIXED_CTR_CTRL, PMU_MSR_GLOBAL_INUSE - PMU_MSR_FIXED_CTR_CTRL + 1 },
	};
	static uint8_t deny[8];	/* bits clear: every access denied */
	struct kvm_msr_filter f = { .flags = KVM_MSR_FILTER_DEFAULT_ALLOW };
	unsigned int i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		f.ranges[i] = (struct kvm_msr_filter_range){
			.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE,
			.nmsrs = r[i].n, .base = r[i].base, .bitmap = deny };
	if (__vm_enable_cap(vm, KVM_CAP_X86_USER_SPACE_MSR, KVM_MSR_EXIT_REASON_FILTER)) {
		workload_out__note(out, "software PMU model: KVM_CAP_X86_USER_SPACE_MSR refused: %s",
				   strerror(errno));
		return KSFT_FAIL;
	}
	if (__vm_ioctl(vm, KVM_X86_SET_MSR_FILTER, &f)) {
		workload_out__note(out, "software PMU model: KVM_X86_SET_MSR_FILTER refused: %s",
				   strerror(errno));
		return KSFT_FAIL;
	}
	return 0;
}

/* Leaf 0xA as the model enumerates it, PDCM so the guest may read 0x345. */
static void set_cpuid(struct kvm_vcpu *vcpu, const struct pmu_model_cfg *c)
{
	struct kvm_cpuid_entry2 *e = vcpu_get_cpuid_entry(vcpu, 0xa);

	pmu_model__cpuid(c, &e->eax, &e->ebx, &e->ecx, &e->edx);
	vcpu_get_cpuid_entry(vcpu, 1)->ecx |= 1U << 15;
	vcpu_set_cpuid(vcpu);
}

static int model_vm_created(struct kvm_vm *vm, struct kvm_vcpu *vcpu,
			    const struct workload_args *a, struct workload_out *out)
{
	struct pmu_model_cfg c = mdl.cfg;
	const char *why;

	struct pmu_model_cfg off = offered_cfg();

	/* The host's PMU; the guest's CPUID starts as KVM would set it. */
	off.nr_gp = pmu_guest__nr_gp(off.nr_gp, a->guest_gp_counters);
	if (pmu_model__init(&mdl.m, &c, &why)) {
		workload_out__note(out, "software PMU model: %s", why);
		return KSFT_FAIL;
	}
	mdl.vcpu = vcpu;
	mdl.started = mdl.stepping = mdl.prev_known = mdl.prev_faulted = false;
	mdl.lvtpc_stuck = false;
	set_cpuid(vcpu, &off);
	vm_install_exception_handler(vm, GP_VECTOR, model_guest_gp);
	return set_filter(vm, out);
}

/*
 * The row may reshape leaf 0xA after the VM exists (features
 * fixed-bitmap): the model follows the CPUID the guest will read.
 */
static void model_before_run(struct kvm_vcpu *vcpu)
{
	struct kvm_cpuid_entry2 *e;
	struct pmu_cpuid p;
	struct pmu_model_cfg c;
	const char *why;

	if (vcpu != mdl.vcpu || mdl.started)
		return;
	mdl.started = true;
	e = vcpu_get_cpuid_entry(vcpu, 0xa);
	pmu_cpuid__decode(&p, e->eax, e->ebx, e->ecx, e->edx);
	/* What the guest enumerates, within what the host (the model) has. */
	c = mdl.m.cfg;
	c.nr_gp = p.nr_gp < c.nr_gp ? p.nr_gp : c.nr_gp;
	c.nr_fixed = p.nr_fixed < c.nr_fixed ? p.nr_fixed : c.nr_fixed;
	c.fixed_mask = c.version >= 5 ? p.fixed_mask & c.fixed_mask : 0;
	if (!pmu_model__init(&mdl.m, &c, &why))
		return;
	fprintf(stderr, "software PMU model: the row's CPUID.0AH is not modelled: %s\n", why);
}

static uint64_t vcpu_rip(struct kvm_vcpu *vcpu)
{
	struct kvm_regs regs;

	vcpu_regs_get(vcpu, &regs);
	return regs.rip;
}

/*
 * Single-step exactly while the model counts instructions or branches.
 * @next_pc: the instruction that retires next, or NULL to read RIP.
 */
static void update_stepping(struct kvm_vcpu *vcpu, const uint64_t *next_pc)
{
	bool want = pmu_model__counting(&mdl.m);
	struct kvm_guest_debug dbg = { 0 };

	if (want == mdl.stepping)
		return;
	if (want) {
		dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
		mdl.prev_pc = next_pc ? *next_pc : vcpu_rip(vcpu);
		mdl.prev_known = true;
	}
	vcpu_guest_debug_set(vcpu, &dbg);
	mdl.stepping = want;
}

static void deliver_pmi(struct kvm_vcpu *vcpu)
{
	struct kvm_lapic_state l;
	struct kvm_msi msi = { .address_lo = 0xfee00000 };
	struct kvm_regs regs;
	uint32_t lvtpc;

	vcpu_ioctl(vcpu, KVM_GET_LAPIC, &l);
	memcpy(&lvtpc, &l.regs[LAPIC_LVTPC], sizeof(lvtpc));
	/* A masked LVT entry drops the interrupt (GLOBAL_STATUS keeps the bit). */
	if ((lvtpc & APIC_LVT_MASKED) || mdl.lvtpc_stuck)
		return;
	if (mdl.m.cfg.faults & PMU_FAULT_LVTPC_MASKED)
		mdl.lvtpc_stuck = true;
	/* SDM 21.2.7 (and KVM's kvm_pmu_deliver_pmi): delivery masks LVTPC. */
	lvtpc |= APIC_LVT_MASKED;
	memcpy(&l.regs[LAPIC_LVTPC], &lvtpc, sizeof(lvtpc));
	vcpu_ioctl(vcpu, KVM_SET_LAPIC, &l);
	msi.data = lvtpc & 0xff;
	vm_ioctl(vcpu->vm, KVM_SIGNAL_MSI, &msi);
	/* Taken before the next instruction if IF is set: that one is the handler's. */
	vcpu_regs_get(vcpu, &regs);
	if (regs.rflags & X86_EFLAGS_IF)
		mdl.prev_known = false;
}

static bool on_msr(struct kvm_vcpu *vcpu, bool write)
{
	struct kvm_run *run = vcpu->run;
	uint64_t v = 0;
	int r;


	if (write) {
		r = pmu_model__wrmsr(&mdl.m, run->msr.index, run->msr.data);
	} else {
		r = pmu_model__rdmsr(&mdl.m, run->msr.index, &v);
		run->msr.data = v;
	}
	/* Not a PMU MSR (the filter denies only PMU MSRs): #GP as for an unknown MSR. */
	run->msr.error = r != PMU_MODEL_OK;
	mdl.prev_faulted = run->msr.error;
	/* RIP is at the RDMSR/WRMSR, which KVM completes on the next KVM_RUN. */
	update_stepping(vcpu, NULL);
	return true;
}

/* One stepped instruction retired: the one at the previous stop. */
static bool on_step(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	bool branch = false;

	if (!mdl.stepping)
		return false;
	if (mdl.prev_known && !mdl.prev_faulted) {
		const uint8_t *b = addr_gva2hva(vcpu->vm, mdl.prev_pc);

		/* RDPMC always #GPs here: what retired is the handler's PUSH. */
		branch = !insn_is_rdpmc(b, 16) && insn_is_branch(b, 16);
	}
	pmu_model__retire(&mdl.m, branch);
	mdl.prev_pc = run->debug.arch.pc;
	mdl.prev_known = true;
	mdl.prev_faulted = false;
	if (pmu_model__pmi_due(&mdl.m))
		deliver_pmi(vcpu);
	update_stepping(vcpu, &mdl.prev_pc);
	return true;
}

/* `INT n` ends in an emulation failure on this host: do what the CPU would. */
static bool on_internal_error(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_events ev;
	struct kvm_regs regs;
	int vec;

	vcpu_regs_get(vcpu, &regs);
	vec = insn_int_vector(addr_gva2hva(vcpu->vm, regs.rip), 2);
	if (vec < 0)
		return false;
	regs.rip += 2;
	vcpu_regs_set(vcpu, &regs);
	vcpu_events_get(vcpu, &ev);
	ev.interrupt.injected = 1;
	ev.interrupt.nr = vec;
	ev.interrupt.soft = 0;	/* RIP already points past the INT */
	vcpu_events_set(vcpu, &ev);
	if (mdl.stepping) {
		/* The INT retired (a far branch); next comes the handler's first. */
		pmu_model__retire(&mdl.m, true);
		mdl.prev_known = false;
		if (pmu_model__pmi_due(&mdl.m))
			deliver_pmi(vcpu);
	}
	return true;
}

static bool model_exit(struct kvm_vcpu *vcpu)
{
	if (vcpu != mdl.vcpu)
		return false;
	switch (vcpu->run->exit_reason) {
	case KVM_EXIT_X86_RDMSR:
		return on_msr(vcpu, false);
	case KVM_EXIT_X86_WRMSR:
		return on_msr(vcpu, true);
	case KVM_EXIT_DEBUG:
		return on_step(vcpu);
	case KVM_EXIT_INTERNAL_ERROR:
		return on_internal_error(vcpu);
	}
	return false;
}

static const struct harness_hooks model_hooks = {
	.probe = model_probe,
	.args = model_args,
	.vm_created = model_vm_created,
	.before_run = model_before_run,
	.exit = model_exit,
	.perf_caps = model_perf_caps,
	.set_perf_caps = model_set_perf_caps,
	.answer_label = model_label,
};

int pmu_model_vm__select(const char *scenario, const char *fault, const char *skid,
			 char *why, size_t len)
{
	if (pmu_scenario__from_env(scenario, fault, skid, &mdl.cfg, &mdl.scn, &mdl.fault, why,
				   len))
		return -1;
	harness_hooks = &model_hooks;
	return 0;
}

/*
 * Before the selftests library's constructor (default priority) and
 * after vpmu-guest's catalog answer (101): a bad variable is a usage
 * error before any KVM work.
 */
static void __attribute__((constructor(102))) model_init(void)
{
	char why[1024];

	if (pmu_model_vm__select(getenv("VPMU_MODEL_SCENARIO"), getenv("VPMU_MODEL_FAULT"),
				 getenv("VPMU_MODEL_SKID"), why, sizeof(why))) {
		fprintf(stderr, "vpmu-guest-model: %s\n", why);
		exit(2);
	}
}
