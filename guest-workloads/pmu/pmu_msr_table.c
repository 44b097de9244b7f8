// SPDX-License-Identifier: GPL-2.0
/*
 * The pmu-msr collection: the guest's cost of every PMU register access,
 * one row per access, generated from the register table (pmu_regs.h).
 * Each sample is BATCH_OPS accesses between serialized TSC reads; the
 * harness reads KVM's "exits" stat around every batch, so each row says
 * whether the access was intercepted as measured, next to what the
 * table expects for the mode.
 */
#include <math.h>
#include <stdio.h>

#include "pmu_vm.h"

/* %rcx = MSR index or RDPMC index (arg). RDMSR/RDPMC leave %ecx alone. */
DEFINE_GUEST_BATCH(pmu_rdmsr, "", "rdmsr")
/* WRMSR of 0: %eax/%edx are cleared once; WRMSR does not change them. */
DEFINE_GUEST_BATCH(pmu_wrmsr, "xor %%eax, %%eax\n\txor %%edx, %%edx", "wrmsr")
DEFINE_GUEST_BATCH(pmu_rdpmc, "", "rdpmc")

static const struct {
	guest_batch_fn batch, calib;
} pmu_msr_batch[] = {
	[PMU_OP_RDMSR] = { guest_batch_pmu_rdmsr, guest_calib_pmu_rdmsr },
	[PMU_OP_WRMSR] = { guest_batch_pmu_wrmsr, guest_calib_pmu_wrmsr },
	[PMU_OP_RDPMC] = { guest_batch_pmu_rdpmc, guest_calib_pmu_rdpmc },
};

/* A row: one access to one register. */
struct pmu_msr_row {
	const struct pmu_reg *reg;
	enum pmu_op op;
};

struct pmu_msr_ctx {
	const struct workload_args *a;
	const struct pmu_guest *g;
};

static bool pmu_msr__requires(const struct workload *w, const struct workload_args *a,
			      char *why, size_t len)
{
	const struct pmu_msr_row *row = w->priv;
	struct pmu_guest g;

	if (!pmu_guest__probe(&g, a, 1, why, len))
		return false;
	/* KVM enumerates 3 fixed counters: these rows' VMs ask for the 4th. */
	if (pmu_reg__needs_fixed3(row->reg) && !pmu_guest__ask_fixed3(&g, why, len))
		return false;
	return pmu_reg__requires(row->reg, row->op, &g, why, len);
}

static int pmu_msr__setup(struct kvm_vm *vm, struct kvm_vcpu *vcpu, const struct batch_desc *d,
			  struct workload_out *out)
{
	const struct pmu_msr_ctx *c = d->priv;

	return pmu_vm__enumerate_fixed3(vcpu, c->g, out) ||
	       pmu_vm__configure(vcpu, c->a, c->g, out);
}

static int pmu_msr__run(const struct workload *w, const struct workload_args *a,
			struct workload_out *out)
{
	const struct pmu_msr_row *row = w->priv;
	const struct pmu_reg *r = row->reg;
	struct pmu_guest g;
	struct pmu_msr_ctx c = { .a = a, .g = &g };
	struct batch_desc d = {
		.batch = pmu_msr_batch[row->op].batch, .calib = pmu_msr_batch[row->op].calib,
		.arg = r->index, .setup = pmu_msr__setup, .priv = &c,
	};
	enum pmu_intercept expect;
	double med;
	char why[512];
	int ret;

	pmu_guest__get(&g, a);
	/* As requires() decided; only these rows' VMs get fixed counter 3. */
	if (pmu_reg__needs_fixed3(r) && !pmu_guest__ask_fixed3(&g, why, sizeof(why))) {
		workload_out__note(out, "%s", why);
		return KSFT_FAIL;
	}
	expect = pmu_reg__expect(r, a->mode, pmu_guest__owns_all(&g));
	pmu_info_str(out, "register", "%s", r->name);
	pmu_info_str(out, "index", "%#x", r->index);
	pmu_info_str(out, "access", "%s", pmu_op__name(row->op));
	pmu_info_str(out, "expected_intercept", "%s", pmu_intercept__name(expect));
	json_object_set_new(pmu_info(out), "expected_with_owns_all_counters",
			    json_boolean(pmu_guest__owns_all(&g)));

	ret = harness__run_batches(a, &d, out);
	if (ret != KSFT_PASS)
		return ret;

	med = pmu_series_median(workload_out__extra(out, "exits_per_op", "exits"));
	if (!isnan(med)) {
		pmu_info_str(out, "measured_intercept", "%s", pmu_intercept__measured(med));
		if (a->probe->guest_exec == GUEST_EXEC_EMULATED)
			workload_out__note(out, "guest code is emulated on this host: exits_per_op reflects the emulator, not VMX/SVM intercepts");
		else if ((expect == ICPT_EXIT) != (med >= 0.5))
			workload_out__note(out, "measured %s, expected %s",
					   pmu_intercept__measured(med), pmu_intercept__name(expect));
	}
	return KSFT_PASS;
}

#define ROW(_id, _prefix, _op, _summary)					\
	{ .name = _prefix, .collection = "pmu-msr", .summary = _summary,	\
	  .requires = pmu_msr__requires, .run = pmu_msr__run,			\
	  .priv = &(const struct pmu_msr_row){ &pmu_regs[PMU_REG_##_id], _op } },
#define ROW_RD(_id, _slug, _nm, _idx)						\
	ROW(_id, "rdmsr-" _slug, PMU_OP_RDMSR, "RDMSR " _nm " (MSR " #_idx ")")
#define ROW_WR(_id, _slug, _nm, _idx)						\
	ROW(_id, "wrmsr-" _slug, PMU_OP_WRMSR, "WRMSR 0 to " _nm " (MSR " #_idx ")")
#define ROWS_R(_id, _slug, _nm, _idx)	ROW_RD(_id, _slug, _nm, _idx)
#define ROWS_RW(_id, _slug, _nm, _idx)	ROW_RD(_id, _slug, _nm, _idx) ROW_WR(_id, _slug, _nm, _idx)
#define ROWS_PMC(_id, _slug, _nm, _idx)	ROW(_id, "rdpmc-" _slug, PMU_OP_RDPMC, _nm)
#define ROWS(_id, _slug, _nm, _idx, acc, ...) ROWS_##acc(_id, _slug, _nm, _idx)

const struct workload pmu_msr_workloads[] = {
	PMU_REGS(ROWS)
	{ NULL },
};
