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

struct pmu_msr_ctx {
	const struct workload_args *a;
	const struct pmu_guest *g;
};

static bool pmu_msr__requires(const struct workload *w, const struct probe *p,
			      char *why, size_t len, enum pmu_op op)
{
	struct pmu_guest g;

	if (!pmu_guest__probe(&g, p, -1, 1, why, len))
		return false;
	return pmu_reg__requires(w->priv, op, &g, why, len);
}

static bool pmu_msr__requires_rd(const struct workload *w, const struct workload_args *a,
				 char *why, size_t len)
{
	const struct probe *p = a->probe;

	return pmu_msr__requires(w, p, why, len, PMU_OP_RDMSR);
}

static bool pmu_msr__requires_wr(const struct workload *w, const struct workload_args *a,
				 char *why, size_t len)
{
	const struct probe *p = a->probe;

	return pmu_msr__requires(w, p, why, len, PMU_OP_WRMSR);
}

static bool pmu_msr__requires_pmc(const struct workload *w, const struct workload_args *a,
				  char *why, size_t len)
{
	const struct probe *p = a->probe;

	return pmu_msr__requires(w, p, why, len, PMU_OP_RDPMC);
}

static int pmu_msr__setup(struct kvm_vm *vm, struct kvm_vcpu *vcpu, const struct batch_desc *d,
			  struct workload_out *out)
{
	const struct pmu_msr_ctx *c = d->priv;

	return pmu_vm__configure(vcpu, c->a, c->g, out);
}

static int pmu_msr__run(const struct workload *w, const struct workload_args *a,
			struct workload_out *out, enum pmu_op op)
{
	const struct pmu_reg *r = w->priv;
	struct pmu_msr_ctx c = { .a = a };
	struct batch_desc d = { .arg = r->index, .setup = pmu_msr__setup, .priv = &c };
	enum pmu_intercept expect;
	struct pmu_guest g;
	char why[256];
	double med;
	int ret;

	if (!pmu_run__check(a, 1, &g, out))
		return KSFT_SKIP;
	/* --guest-gp-counters may have taken away the counter this row uses. */
	if (!pmu_reg__requires(r, op, &g, why, sizeof(why))) {
		workload_out__note(out, "%s", why);
		return KSFT_SKIP;
	}
	c.g = &g;
	switch (op) {
	case PMU_OP_RDMSR:
		d.batch = guest_batch_pmu_rdmsr;
		d.calib = guest_calib_pmu_rdmsr;
		break;
	case PMU_OP_WRMSR:
		d.batch = guest_batch_pmu_wrmsr;
		d.calib = guest_calib_pmu_wrmsr;
		break;
	case PMU_OP_RDPMC:
		d.batch = guest_batch_pmu_rdpmc;
		d.calib = guest_calib_pmu_rdpmc;
		break;
	}
	expect = pmu_reg__expect(r, a->mode, pmu_guest__owns_all(&g));
	pmu_info_str(out, "register", "%s", r->name);
	pmu_info_str(out, "index", "%#x", r->index);
	pmu_info_str(out, "access", "%s", pmu_op__name(op));
	pmu_info_str(out, "expected_intercept", "%s", pmu_intercept__name(expect));

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

static int pmu_msr__run_rd(const struct workload *w, const struct workload_args *a,
			   struct workload_out *out)
{
	return pmu_msr__run(w, a, out, PMU_OP_RDMSR);
}

static int pmu_msr__run_wr(const struct workload *w, const struct workload_args *a,
			   struct workload_out *out)
{
	return pmu_msr__run(w, a, out, PMU_OP_WRMSR);
}

static int pmu_msr__run_pmc(const struct workload *w, const struct workload_args *a,
			    struct workload_out *out)
{
	return pmu_msr__run(w, a, out, PMU_OP_RDPMC);
}

#define ROW_RD(_id, _slug, _nm, _idx)						\
	{ .name = "rdmsr-" _slug, .collection = "pmu-msr",			\
	  .summary = "RDMSR " _nm " (MSR " #_idx ")",				\
	  .requires = pmu_msr__requires_rd, .run = pmu_msr__run_rd,		\
	  .priv = &pmu_regs[PMU_REG_##_id] },
#define ROW_WR(_id, _slug, _nm, _idx)						\
	{ .name = "wrmsr-" _slug, .collection = "pmu-msr",			\
	  .summary = "WRMSR 0 to " _nm " (MSR " #_idx ")",			\
	  .requires = pmu_msr__requires_wr, .run = pmu_msr__run_wr,		\
	  .priv = &pmu_regs[PMU_REG_##_id] },
#define ROWS_R(_id, _slug, _nm, _idx)	ROW_RD(_id, _slug, _nm, _idx)
#define ROWS_RW(_id, _slug, _nm, _idx)	ROW_RD(_id, _slug, _nm, _idx) ROW_WR(_id, _slug, _nm, _idx)
#define ROWS_PMC(_id, _slug, _nm, _idx)						\
	{ .name = "rdpmc-" _slug, .collection = "pmu-msr", .summary = _nm,	\
	  .requires = pmu_msr__requires_pmc, .run = pmu_msr__run_pmc,		\
	  .priv = &pmu_regs[PMU_REG_##_id] },
#define ROWS(_id, _slug, _nm, _idx, acc, ...) ROWS_##acc(_id, _slug, _nm, _idx)

const struct workload pmu_msr_workloads[] = {
	PMU_REGS(ROWS)
	{ NULL },
};
