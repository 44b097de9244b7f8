// SPDX-License-Identifier: GPL-2.0
/*
 * The overhead collection: a fixed amount of guest work while the guest
 * takes counter-overflow PMIs, or reads a counter with RDPMC, at a given
 * rate. `vpmu-bench overhead` times whole `vpmu-guest run` processes of
 * these rows with hyperfine; each row also stands alone under `run`.
 *
 * One sample is one block of OVH_CHUNKS chunks of OVH_CHUNK_ITERS loop
 * iterations (3 ALU instructions each), TSC cycles from its start to its
 * end. Every row runs the same instructions: after each chunk the guest
 * reads the TSC and compares it with the next RDPMC deadline (never
 * reached in the other rows), so the rows differ only in what the
 * vPMU does.
 *
 * pmi-*: GP counter 0 counts unhalted core cycles (architectural event
 * 0) with a period of tsc_hz / rate, so that its overflow PMIs arrive at
 * about that rate while the guest runs (core and TSC clocks differ by
 * turbo and emulation: the achieved rate is measured and recorded, never
 * assumed). The handler on PMU_PMI_VECTOR counts the PMI, re-arms the
 * counter and unmasks LVTPC.
 * rdpmc-*: the same counter counts without interrupts; the guest reads it
 * with RDPMC once per chunk after each deadline (tsc_hz / rate apart).
 */
#include <stdio.h>

#include "apic.h"

#include "pmu_math.h"
#include "pmu_vm.h"

#define OVH_TAG			0x0e01
#define OVH_CHUNKS		256
#define OVH_CHUNK_ITERS		64
/* UNHALTED_CORE_CYCLES: architectural event 0 (event 0x3c, umask 0). */
#define OVH_EVENT_CYCLES	0x003c
#define OVH_NEVER		(~0ULL)

enum ovh_kind { OVH_NONE, OVH_PMI, OVH_RDPMC };

struct ovh_row {
	enum ovh_kind kind;
	unsigned int rate_hz;
};

/* Host-set before the guest runs. */
static uint64_t ovh_kind;
static uint64_t ovh_interval;		/* TSC cycles between RDPMCs; OVH_NEVER if none */
static uint32_t ovh_ctr_msr;
static uint64_t ovh_ctrl_val;
static uint64_t ovh_preset_val;

/* Written by the handler. */
static volatile uint64_t ovh_pmis;

static void guest_ovh_handler(struct ex_regs *regs)
{
	uint64_t status;

	wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
	ovh_pmis++;
	wrmsr(ovh_ctr_msr, ovh_preset_val);
	status = rdmsr(PMU_MSR_GLOBAL_STATUS);
	wrmsr(PMU_MSR_GLOBAL_OVF_CTRL, status);
	/* Delivery masks LVTPC: unmask it for the next PMI, then EOI. */
	wrmsr(PMU_MSR_X2APIC_LVTPC, PMU_PMI_VECTOR);
	wrmsr(PMU_MSR_X2APIC_EOI, 0);
	wrmsr(PMU_MSR_GLOBAL_CTRL, 1);
}

/* One chunk of fixed work: OVH_CHUNK_ITERS iterations of 3 instructions. */
static inline void guest_ovh_chunk(void)
{
	uint32_t n = OVH_CHUNK_ITERS, acc = 0;

	asm volatile("1: add %%ecx, %[acc]\n\t"
		     "dec %%ecx\n\t"
		     "jnz 1b\n\t"
		     : "+c"(n), [acc] "+r"(acc) :: "cc");
}

static inline uint64_t guest_ovh_rdpmc(uint32_t idx)
{
	uint32_t lo, hi;

	asm volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(idx) : "memory");
	return lo | (uint64_t)hi << 32;
}

static void guest_overhead(uint64_t reps)
{
	uint64_t i, j, t0, t1, next, reads, pmis0, sink = 0;

	if (ovh_kind != OVH_NONE) {
		wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
		wrmsr(PMU_MSR_PERFEVTSEL0, ovh_ctrl_val);
		wrmsr(ovh_ctr_msr, ovh_preset_val);
	}
	if (ovh_kind == OVH_PMI) {
		x2apic_enable();
		wrmsr(PMU_MSR_X2APIC_LVTPC, PMU_PMI_VECTOR);
		sti();
	}
	if (ovh_kind != OVH_NONE)
		wrmsr(PMU_MSR_GLOBAL_CTRL, 1);

	for (i = 0; i < reps; i++) {
		reads = 0;
		pmis0 = ovh_pmis;
		t0 = rdtsc();
		next = ovh_interval == OVH_NEVER ? OVH_NEVER : t0 + ovh_interval;
		for (j = 0; j < OVH_CHUNKS; j++) {
			guest_ovh_chunk();
			if (rdtsc() >= next) {
				sink += guest_ovh_rdpmc(0);
				reads++;
				next += ovh_interval;
			}
		}
		t1 = rdtsc();
		ucall(UCALL_SYNC, 6, OVH_TAG, i, t1 - t0, reads, ovh_pmis - pmis0, sink);
	}
	/*
	 * Only the PMI rows enabled interrupts. ovh-none runs on every host
	 * with KVM, including those where KVM emulates every guest
	 * instruction: it executes nothing beyond the ALU loop, LFENCE/RDTSC
	 * and the ucalls, which the exit rows already run there.
	 */
	if (ovh_kind == OVH_PMI)
		cli();
	if (ovh_kind != OVH_NONE)
		wrmsr(PMU_MSR_GLOBAL_CTRL, 0);
	GUEST_DONE();
}

/*
 * Rate 0 runs in every mode, nopmu included. Any other rate needs a v2
 * guest PMU with a GP counter of core cycles, the TSC rate to turn the
 * rate into a period, and for PMIs an in-kernel LAPIC.
 */
static bool ovh_requires(const struct workload *w, const struct workload_args *a, char *why,
			 size_t len)
{
	const struct ovh_row *r = w->priv;
	struct pmu_guest g;

	if (r->kind == OVH_NONE)
		return harness__requires_kvm(w, a, why, len);
	if (!pmu_guest__probe(&g, a, 2, why, len))
		return false;
	if (!g.cpuid.nr_gp) {
		snprintf(why, len, "guest has 0 GP counters");
		return false;
	}
	if (!g.cpuid.ebx_len || (g.cpuid.events_unavail & 1)) {
		snprintf(why, len, "architectural event core cycles not available (CPUID.0AH.EBX[0])");
		return false;
	}
	if (!(a->probe->tsc_hz > 0)) {
		snprintf(why, len, "TSC rate unknown (%s): cannot turn %u Hz into a period",
			 a->probe->tsc_why, r->rate_hz);
		return false;
	}
	if (r->kind == OVH_PMI && !a->probe->cap_irqchip) {
		snprintf(why, len, "needs an in-kernel LAPIC (KVM_CAP_IRQCHIP) for LVTPC");
		return false;
	}
	return true;
}

/* Host side of the counter: MSR, event, preset. false with a note if unusable. */
static bool ovh_counter(const struct ovh_row *row, const struct workload_args *a,
			const struct pmu_guest *g, struct workload_out *out)
{
	uint64_t period = (uint64_t)(a->probe->tsc_hz / row->rate_hz);
	unsigned int width = g->cpuid.gp_width;

	if (width < 32 || width > 64) {
		workload_out__note(out, "counter width %u from CPUID.0AH is not usable", width);
		return false;
	}
	/* IA32_PMC0 writes sign-extend bit 31: a period must stay below 2^31 there. */
	ovh_ctr_msr = g->perf_caps & PMU_CAP_FULL_WIDTH_WRITE ? PMU_MSR_A_PMC0 : PMU_MSR_PERFCTR0;
	if (ovh_ctr_msr == PMU_MSR_PERFCTR0 && period >= (1ULL << 31)) {
		workload_out__note(out, "period %llu cycles needs full-width counter writes",
				   (unsigned long long)period);
		return false;
	}
	ovh_ctrl_val = OVH_EVENT_CYCLES | PMU_EVTSEL_OS | PMU_EVTSEL_EN;
	if (row->kind == OVH_PMI) {
		ovh_ctrl_val |= PMU_EVTSEL_INT;
		ovh_preset_val = pmi_preset(period, width);
		pmu_info_int(out, "period_cycles", period);
	} else {
		ovh_preset_val = 0;
		ovh_interval = period;
		pmu_info_int(out, "interval_tsc_cycles", period);
	}
	pmu_info_int(out, "counter_width", width);
	pmu_info_str(out, "counter_msr", "%#x", ovh_ctr_msr);
	return true;
}

static int ovh_run(const struct workload *w, const struct workload_args *a,
		   struct workload_out *out)
{
	const struct ovh_row *row = w->priv;
	struct series *reads_s, *pmis_s;
	uint64_t i, events = 0, cycles = 0;
	struct kvm_vcpu *vcpu;
	struct pmu_guest g = { 0 };
	struct kvm_vm *vm;
	struct ucall uc;
	int ret = KSFT_FAIL;

	ovh_kind = row->kind;
	ovh_interval = OVH_NEVER;
	if (row->kind == OVH_NONE) {
		vcpu = harness__vm_create(a, guest_overhead, &vm, out);
	} else {
		pmu_guest__get(&g, a);
		vcpu = pmu_vm__create(a, &g, guest_overhead, &vm, out);
	}
	if (!vcpu)
		return KSFT_FAIL;
	if (row->kind == OVH_PMI)
		vm_install_exception_handler(vm, PMU_PMI_VECTOR, guest_ovh_handler);
	if (row->kind != OVH_NONE && !ovh_counter(row, a, &g, out))
		goto out_free;
	sync_global_to_guest(vm, ovh_kind);
	sync_global_to_guest(vm, ovh_interval);
	sync_global_to_guest(vm, ovh_ctr_msr);
	sync_global_to_guest(vm, ovh_ctrl_val);
	sync_global_to_guest(vm, ovh_preset_val);
	vcpu_args_set(vcpu, 1, (uint64_t)a->reps);

	out->unit = "tsc_cycles";
	out->ops_per_sample = 0;
	reads_s = workload_out__extra(out, "rdpmc_reads", "reads");
	pmis_s = workload_out__extra(out, "pmis", "interrupts");
	pmu_info_int(out, "rate_hz", row->rate_hz);
	pmu_info_str(out, "kind", "%s", row->kind == OVH_PMI ? "pmi" :
		     row->kind == OVH_RDPMC ? "rdpmc" : "none");
	pmu_info_int(out, "work_instructions_per_sample", 3ULL * OVH_CHUNKS * OVH_CHUNK_ITERS);

	for (i = 0; i < a->reps; i++) {
		if (!pmu_vm__sample(vcpu, OVH_TAG, i, &uc, out))
			goto out_free;
		/* Guest registers are untrusted: a block has at most one read per chunk. */
		if (uc.args[3] > OVH_CHUNKS) {
			workload_out__note(out, "guest protocol error at sample %llu (%llu reads in %u chunks)",
					   (unsigned long long)i, (unsigned long long)uc.args[3],
					   OVH_CHUNKS);
			goto out_free;
		}
		series__push(&out->samples, uc.args[2]);
		series__push(reads_s, uc.args[3]);
		series__push(pmis_s, uc.args[4]);
		cycles += uc.args[2];
		events += row->kind == OVH_PMI ? uc.args[4] : uc.args[3];
	}
	if (!harness__expect_done(vcpu, NULL, NULL, out))
		goto out_free;
	if (row->kind != OVH_NONE && !events) {
		workload_out__note(out, "no %s in %llu TSC cycles of work (requested %u Hz)",
				   row->kind == OVH_PMI ? "PMI arrived" : "RDPMC was due",
				   (unsigned long long)cycles, row->rate_hz);
		goto out_free;
	}
	/* What the guest got, from its own TSC: never the requested rate assumed. */
	if (a->probe->tsc_hz > 0 && cycles)
		json_object_set_new(pmu_info(out), "achieved_rate_hz",
				    json_real(events * a->probe->tsc_hz / cycles));
	pmu_info_int(out, "events", events);
	ret = KSFT_PASS;
out_free:
	kvm_vm_free(vm);
	return ret;
}

static const struct ovh_row r_none = { OVH_NONE, 0 };
static const struct ovh_row r_pmi100 = { OVH_PMI, 100 };
static const struct ovh_row r_pmi1k = { OVH_PMI, 1000 };
static const struct ovh_row r_pmi10k = { OVH_PMI, 10000 };
static const struct ovh_row r_rd100 = { OVH_RDPMC, 100 };
static const struct ovh_row r_rd1k = { OVH_RDPMC, 1000 };
static const struct ovh_row r_rd10k = { OVH_RDPMC, 10000 };

/*
 * A row's own timeout for `run` and `trace`, whose --reps is this row's
 * number of blocks: where KVM emulates every guest instruction (nested
 * kvm_pvm: ~1k-12k TSC cycles each) one block of ~52k instructions takes
 * ~0.02-0.3 s, so run's default 100 blocks can outlast its default 15 s.
 * `vpmu-bench overhead` sizes its runs itself (--work, --timeout).
 */
#define OVH_TIMEOUT_S		120

#define OVH_ROW(n, s, r) \
	{ .name = n, .collection = "overhead", .summary = s, \
	  .requires = ovh_requires, .run = ovh_run, .timeout_s = OVH_TIMEOUT_S, \
	  .priv = &r }

const struct workload overhead_workloads[] = {
	OVH_ROW("ovh-none", "fixed work, no counter: the rate-0 baseline of every mode", r_none),
	OVH_ROW("ovh-pmi-100", "fixed work, GP counter of cycles overflowing ~100 times/s (PMIs)", r_pmi100),
	OVH_ROW("ovh-pmi-1000", "fixed work, GP counter of cycles overflowing ~1000 times/s (PMIs)", r_pmi1k),
	OVH_ROW("ovh-pmi-10000", "fixed work, GP counter of cycles overflowing ~10000 times/s (PMIs)", r_pmi10k),
	OVH_ROW("ovh-rdpmc-100", "fixed work, RDPMC of GP counter 0 ~100 times/s", r_rd100),
	OVH_ROW("ovh-rdpmc-1000", "fixed work, RDPMC of GP counter 0 ~1000 times/s", r_rd1k),
	OVH_ROW("ovh-rdpmc-10000", "fixed work, RDPMC of GP counter 0 ~10000 times/s", r_rd10k),
	{ NULL },
};
