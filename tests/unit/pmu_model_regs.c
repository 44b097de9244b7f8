// SPDX-License-Identifier: GPL-2.0
/*
 * The software PMU model (tests/pmu_model/, a test double) against the
 * SDM, register by register, for every scenario: which MSRs exist, #GP
 * on reserved bits, read-only and write-to-clear/set registers, INUSE,
 * sign extension, exact counting under legacy KVM's WRMSR convention,
 * overflow, PMI skid, SLOTS/PERF_METRICS, each fault variant, and the
 * environment that selects them.
 */
#include <string.h>

#include "../tap.h"
#include "../pmu_model/pmu_model.h"
#include "../pmu_model/scenario.h"
#include "cpuid_pmu.h"

static const struct pmu_scenario *scn(const char *name)
{
	int i;

	for (i = 0; pmu_scenarios[i].name; i++)
		if (!strcmp(pmu_scenarios[i].name, name))
			return &pmu_scenarios[i];
	return NULL;
}

static void model(struct pmu_model *m, const char *name, unsigned int skid, unsigned int faults)
{
	struct pmu_model_cfg c = scn(name)->cfg;
	const char *why;

	c.skid = skid;
	c.faults = faults;
	if (pmu_model__init(m, &c, &why))
		printf("# init %s: %s\n", name, why);
}

static uint64_t rd(struct pmu_model *m, uint32_t i)
{
	uint64_t v = ~0ULL;

	if (pmu_model__rdmsr(m, i, &v) != PMU_MODEL_OK)
		return ~0ULL;
	return v;
}

/* Which MSRs exist, for each scenario, against the SDM's enumeration rules. */
static void test_existence(void)
{
	int s;

	for (s = 0; pmu_scenarios[s].name; s++) {
		const struct pmu_model_cfg *c = &pmu_scenarios[s].cfg;
		struct pmu_model m;
		unsigned int i, bad = 0;
		uint64_t v;

		model(&m, pmu_scenarios[s].name, 0, 0);
		for (i = 0; i < PMU_MODEL_MAX_GP; i++) {
			bool want = i < c->nr_gp;

			bad += (pmu_model__rdmsr(&m, PMU_MSR_PERFCTR0 + i, &v) == PMU_MODEL_OK) != want;
			bad += (pmu_model__rdmsr(&m, PMU_MSR_PERFEVTSEL0 + i, &v) == PMU_MODEL_OK) != want;
			bad += (pmu_model__rdmsr(&m, PMU_MSR_A_PMC0 + i, &v) == PMU_MODEL_OK) !=
			       (want && (c->perf_caps & PMU_CAP_FULL_WIDTH_WRITE));
		}
		for (i = 0; i < PMU_MODEL_MAX_FIXED; i++) {
			bool want = i < c->nr_fixed ||
				    (c->version >= 5 && (c->fixed_mask & (1U << i)));

			bad += (pmu_model__rdmsr(&m, PMU_MSR_FIXED_CTR0 + i, &v) == PMU_MODEL_OK) != want;
		}
		bad += (pmu_model__rdmsr(&m, PMU_MSR_GLOBAL_STATUS_SET, &v) == PMU_MODEL_OK) !=
		       (c->version >= 4);
		bad += (pmu_model__rdmsr(&m, PMU_MSR_GLOBAL_INUSE, &v) == PMU_MODEL_OK) !=
		       (c->version >= 4);
		bad += (pmu_model__rdmsr(&m, PMU_MSR_PERF_METRICS, &v) == PMU_MODEL_OK) !=
		       !!(c->perf_caps & PMU_CAP_PERF_METRICS);
		bad += pmu_model__rdmsr(&m, PMU_MSR_GLOBAL_CTRL, &v) != PMU_MODEL_OK;
		bad += pmu_model__rdmsr(&m, 0x10, &v) != PMU_MODEL_NOT_PMU;
		bad += pmu_model__wrmsr(&m, 0x10, 0) != PMU_MODEL_NOT_PMU;
		bad += rd(&m, PMU_MSR_PERF_CAPABILITIES) != c->perf_caps;
		T_OK(!bad, "%s: every PMU MSR exists as CPUID.0AH and PERF_CAPABILITIES say (%u wrong)",
		     pmu_scenarios[s].name, bad);
	}
}

/* CPUID leaf 0xA decodes back to the scenario (the probe's decoder). */
static void test_cpuid(void)
{
	int s;

	for (s = 0; pmu_scenarios[s].name; s++) {
		const struct pmu_model_cfg *c = &pmu_scenarios[s].cfg;
		uint32_t a, b, cx, d;
		struct pmu_cpuid p;

		pmu_model__cpuid(c, &a, &b, &cx, &d);
		pmu_cpuid__decode(&p, a, b, cx, d);
		T_OK(p.version == c->version && p.nr_gp == c->nr_gp && p.gp_width == c->gp_width &&
		     p.nr_fixed == c->nr_fixed && p.fixed_width == c->fixed_width &&
		     p.fixed_mask == (c->version >= 5 ? c->fixed_mask : 0) && p.ebx_len >= 6 &&
		     !(p.events_unavail & 0x22),
		     "%s: CPUID.0AH %08x %08x %08x %08x decodes to the scenario",
		     pmu_scenarios[s].name, a, b, cx, d);
	}
}

static void test_registers(void)
{
	struct pmu_model m;
	uint64_t v;

	model(&m, "v4-8gp-4fixed-metrics", 0, 0);
	pmu_model__wrmsr(&m, PMU_MSR_PERFCTR0, 0x80000000ULL);
	__T("PMC0 write of 0x80000000 sign-extends to the 48-bit width", rd(&m, PMU_MSR_PERFCTR0) ==
	    0xffff80000000ULL);
	pmu_model__wrmsr(&m, PMU_MSR_PERFCTR0, 0x123456789aULL);
	__T("PMC0 write keeps only bits 31:0 (then sign-extends)", rd(&m, PMU_MSR_PERFCTR0) == 0x3456789a);
	__T("A_PMC0 writes the full width",
	    pmu_model__wrmsr(&m, PMU_MSR_A_PMC0, 0x80000000ULL) == PMU_MODEL_OK &&
	    rd(&m, PMU_MSR_PERFCTR0) == 0x80000000ULL);
	__T("A_PMC0 write above the width #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_A_PMC0, 1ULL << 48) == PMU_MODEL_GP);
	__T("FIXED_CTR0 write above the width #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR0, 1ULL << 48) == PMU_MODEL_GP);
	__T("EVTSEL bit 21 (AnyThread) is reserved",
	    pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, 1ULL << 21) == PMU_MODEL_GP);
	__T("EVTSEL bits 63:32 are reserved",
	    pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, 1ULL << 32) == PMU_MODEL_GP);
	__T("EVTSEL holds what was written",
	    pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0 + 7, 0x5300c0) == PMU_MODEL_OK &&
	    rd(&m, PMU_MSR_PERFEVTSEL0 + 7) == 0x5300c0);
	__T("GLOBAL_CTRL takes GP 0-7, fixed 0-3 and bit 48 with PERF_METRICS",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, 0x1000f000000ffULL) == PMU_MODEL_OK);
	__T("GLOBAL_CTRL bit 8 (no GP counter 8) #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, 0x100) == PMU_MODEL_GP);
	__T("a #GP leaves GLOBAL_CTRL unchanged", rd(&m, PMU_MSR_GLOBAL_CTRL) == 0x1000f000000ffULL);
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, 0);
	__T("FIXED_CTR_CTRL AnyThread bit (2) #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, 0x4) == PMU_MODEL_GP);
	__T("FIXED_CTR_CTRL takes OS|USR|PMI for 4 counters",
	    pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, 0xbbbb) == PMU_MODEL_OK);
	__T("GLOBAL_STATUS is read-only (#GP)",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_STATUS, 0) == PMU_MODEL_GP);
	__T("GLOBAL_INUSE is read-only (#GP)",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_INUSE, 0) == PMU_MODEL_GP);
	__T("PERF_CAPABILITIES is read-only for the guest (#GP)",
	    pmu_model__wrmsr(&m, PMU_MSR_PERF_CAPABILITIES, 0) == PMU_MODEL_GP);
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_STATUS_SET, 0x100000003ULL);
	__T("STATUS_SET sets GLOBAL_STATUS bits", rd(&m, PMU_MSR_GLOBAL_STATUS) == 0x100000003ULL);
	__T("STATUS_SET reads 0", rd(&m, PMU_MSR_GLOBAL_STATUS_SET) == 0);
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_OVF_CTRL, 0x100000001ULL);
	__T("STATUS_RESET clears only the bits written", rd(&m, PMU_MSR_GLOBAL_STATUS) == 2);
	__T("STATUS_SET of a reserved bit #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_STATUS_SET, 1ULL << 40) == PMU_MODEL_GP);

	/* The features row's sequence (features_table.c guest_inuse). */
	pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, 0);
	pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0 + 7, 0);
	pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_OS);
	v = rd(&m, PMU_MSR_GLOBAL_INUSE);
	pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(0, PMU_FIXED_OS));
	__T("INUSE: EVTSEL0 in use gives bit 0, then fixed 0 gives bit 32",
	    v == 1 && rd(&m, PMU_MSR_GLOBAL_INUSE) == (1 | PMU_INUSE_FIXED(0)));
	pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(0, PMU_FIXED_OS | PMU_FIXED_PMI));
	__T("INUSE: a PMI enable gives bit 63",
	    rd(&m, PMU_MSR_GLOBAL_INUSE) == (1 | PMU_INUSE_FIXED(0) | PMU_INUSE_PMI));
	pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, 0);
	pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, 0);
	__T("INUSE: 0 when nothing is programmed", rd(&m, PMU_MSR_GLOBAL_INUSE) == 0);

	model(&m, "v2-8gp-3fixed", 0, 0);
	__T("v2: STATUS_SET #GPs", pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_STATUS_SET, 1) == PMU_MODEL_GP);
	__T("v2, 3 fixed: GLOBAL_CTRL bit 35 #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, PMU_GLOBAL_FIXED(3)) == PMU_MODEL_GP);
	__T("no PERF_METRICS: GLOBAL_CTRL bit 48 #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, PMU_GLOBAL_PERF_METRICS) == PMU_MODEL_GP);
	__T("3 fixed: FIXED_CTR_CTRL field 3 #GPs",
	    pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, 0x1000) == PMU_MODEL_GP);

	model(&m, "v5-sparse-fixed", 0, 0);
	__T("v5 ECX 0x9, EDX 1: fixed 1 and 2 #GP, fixed 3 exists",
	    rd(&m, PMU_MSR_FIXED_CTR0 + 1) == ~0ULL && rd(&m, PMU_MSR_FIXED_CTR0 + 2) == ~0ULL &&
	    rd(&m, PMU_MSR_FIXED_CTR0 + 3) == 0);
	__T("v5 sparse: GLOBAL_CTRL takes fixed 0 and 3, not 1",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, PMU_GLOBAL_FIXED(0) | PMU_GLOBAL_FIXED(3)) ==
	    PMU_MODEL_OK &&
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, PMU_GLOBAL_FIXED(1)) == PMU_MODEL_GP);

	model(&m, "v4-0gp", 0, 0);
	__T("0 GP counters: STATUS_SET bit 0 #GPs (no counter 0)",
	    pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_STATUS_SET, 1) == PMU_MODEL_GP);
	__T("0 GP counters: PMC0 and EVTSEL0 #GP",
	    rd(&m, PMU_MSR_PERFCTR0) == ~0ULL && rd(&m, PMU_MSR_PERFEVTSEL0) == ~0ULL);
}

/* The accuracy row's blob (pmu_math.h), retired instruction by instruction. */
static void run_acc_loop(struct pmu_model *m, uint64_t loops, uint64_t enable)
{
	uint64_t i;
	int k;

	pmu_model__wrmsr(m, PMU_MSR_GLOBAL_CTRL, enable);
	pmu_model__retire(m, false);		/* the enabling WRMSR: counted */
	pmu_model__retire(m, false);		/* mov loops, %ecx */
	for (i = 0; i < loops; i++) {
		for (k = 0; k < 4; k++)
			pmu_model__retire(m, false);
		pmu_model__retire(m, true);	/* loop */
	}
	for (k = 0; k < 3; k++)
		pmu_model__retire(m, false);	/* mov, xor, xor */
	pmu_model__wrmsr(m, PMU_MSR_GLOBAL_CTRL, 0);
	pmu_model__retire(m, false);		/* the disabling WRMSR: not counted */
}

static void test_counting(void)
{
	struct pmu_model m;

	model(&m, "v4-8gp-4fixed-metrics", 0, 0);
	pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_OS |
			 PMU_EVTSEL_EN);
	pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0 + 1, PMU_EVENT_BRANCHES | PMU_EVTSEL_OS |
			 PMU_EVTSEL_EN);
	pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(0, PMU_FIXED_OS));
	__T("nothing counts before GLOBAL_CTRL enables", !pmu_model__counting(&m));
	run_acc_loop(&m, 10000, 3 | PMU_GLOBAL_FIXED(0));
	__T("accuracy loop: GP0 instructions = 50005 (enabling WRMSR in, disabling out)",
	    rd(&m, PMU_MSR_PERFCTR0) == 50005);
	__T("accuracy loop: GP1 branches = 10000", rd(&m, PMU_MSR_PERFCTR0 + 1) == 10000);
	__T("accuracy loop: fixed 0 = 50005", rd(&m, PMU_MSR_FIXED_CTR0) == 50005);
	__T("disabled: no longer counting", !pmu_model__counting(&m));
	__T("no overflow, no status", rd(&m, PMU_MSR_GLOBAL_STATUS) == 0);

	pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_EN);
	pmu_model__wrmsr(&m, PMU_MSR_PERFCTR0, 0);
	run_acc_loop(&m, 10, 1);
	__T("EVTSEL without OS counts nothing at CPL0", rd(&m, PMU_MSR_PERFCTR0) == 0);

	model(&m, "v4-8gp-4fixed-metrics", 0, PMU_FAULT_COUNT_OFF_BY_ONE);
	pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_OS |
			 PMU_EVTSEL_EN);
	run_acc_loop(&m, 10000, 1);
	__T("fault count-off-by-one: GP0 reads 50006", rd(&m, PMU_MSR_PERFCTR0) == 50006);
}

/* Preset @ctr to overflow after 128, retire until the PMI is due: the skid seen. */
static int pmi_skid_seen(unsigned int skid, unsigned int faults, bool fixed, uint64_t *status)
{
	struct pmu_model m;
	int n;

	model(&m, "v4-8gp-4fixed-metrics", skid, faults);
	if (fixed) {
		pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL,
				 PMU_FIXED_CTRL(0, PMU_FIXED_OS | PMU_FIXED_PMI));
		pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR0, (1ULL << 48) - 128);
	} else {
		pmu_model__wrmsr(&m, PMU_MSR_PERFEVTSEL0, PMU_EVENT_INSTRUCTIONS | PMU_EVTSEL_OS |
				 PMU_EVTSEL_INT | PMU_EVTSEL_EN);
		pmu_model__wrmsr(&m, PMU_MSR_A_PMC0, (1ULL << 48) - 128);
	}
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, fixed ? PMU_GLOBAL_FIXED(0) : 1);
	for (n = 1; n <= 128 + 20; n++) {
		pmu_model__retire(&m, false);
		if (pmu_model__pmi_due(&m))
			break;
	}
	*status = m.global_status;
	return n - 128;
}

static void test_pmi(void)
{
	static const unsigned int skids[] = { 0, 1, 3 };
	uint64_t st;
	int i, got;

	for (i = 0; i < 3; i++) {
		got = pmi_skid_seen(skids[i], 0, false, &st);
		T_OK(got == (int)skids[i] && st == 1,
		     "GP0 overflow after 128: PMI after skid %u (got %d, status %#llx)", skids[i],
		     got, (unsigned long long)st);
		got = pmi_skid_seen(skids[i], 0, true, &st);
		T_OK(got == (int)skids[i] && st == PMU_GLOBAL_FIXED(0),
		     "fixed 0 overflow after 128: PMI after skid %u (got %d)", skids[i], got);
	}
	got = pmi_skid_seen(0, PMU_FAULT_SKID_2, false, &st);
	T_OK(got == 2, "fault skid-2-configured-0: PMI 2 instructions late (got %d)", got);
	got = pmi_skid_seen(0, PMU_FAULT_PMI_NEVER, false, &st);
	T_OK(got > 20 && st == 1,
	     "fault pmi-never-delivered: status bit set, no PMI (got %d)", got);
}

static void test_metrics(void)
{
	struct pmu_model m;

	model(&m, "v4-8gp-4fixed-metrics", 0, 0);
	pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(3, PMU_FIXED_OS));
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, PMU_GLOBAL_FIXED(3) | PMU_GLOBAL_PERF_METRICS);
	__T("SLOTS alone needs no stepping", !pmu_model__counting(&m));
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, 0);
	__T("a SLOTS period adds the scenario's slots", rd(&m, PMU_MSR_FIXED_CTR0 + 3) == 4000000);
	__T("PERF_METRICS holds the scenario's fractions",
	    rd(&m, PMU_MSR_PERF_METRICS) == 0x6f302040ULL);
	pmu_model__wrmsr(&m, PMU_MSR_PERF_METRICS, 0);
	__T("PERF_METRICS is cleared by a write of 0", rd(&m, PMU_MSR_PERF_METRICS) == 0);

	model(&m, "v4-8gp-4fixed-metrics", 0, PMU_FAULT_METRICS_SWAPPED);
	pmu_model__wrmsr(&m, PMU_MSR_FIXED_CTR_CTRL, PMU_FIXED_CTRL(3, PMU_FIXED_OS));
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, PMU_GLOBAL_FIXED(3) | PMU_GLOBAL_PERF_METRICS);
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_CTRL, 0);
	__T("fault perf-metrics-swapped: retiring and backend bytes exchanged",
	    rd(&m, PMU_MSR_PERF_METRICS) == 0x4030206fULL);

	model(&m, "v4-8gp-4fixed-metrics", 0, PMU_FAULT_STATUS_SET_IGNORED);
	pmu_model__wrmsr(&m, PMU_MSR_GLOBAL_STATUS_SET, 1);
	__T("fault status-set-ignored: STATUS stays 0", rd(&m, PMU_MSR_GLOBAL_STATUS) == 0);
}

static void test_env(void)
{
	const struct pmu_scenario *s;
	const struct pmu_fault *f;
	struct pmu_model_cfg c;
	char why[1024];

	__T("unset variables: the default scenario, no fault, skid 0",
	    !pmu_scenario__from_env(NULL, NULL, NULL, &c, &s, &f, why, sizeof(why)) &&
	    !strcmp(s->name, PMU_MODEL_DEFAULT_SCENARIO) && !strcmp(f->name, "none") &&
	    c.skid == 0 && c.faults == 0);
	__T("v4-1gp, lvtpc-left-masked, skid 3",
	    !pmu_scenario__from_env("v4-1gp", "lvtpc-left-masked", "3", &c, &s, &f, why,
				    sizeof(why)) &&
	    c.nr_gp == 1 && c.skid == 3 && c.faults == PMU_FAULT_LVTPC_MASKED);
	T_OK(pmu_scenario__from_env("v9", NULL, NULL, &c, &s, &f, why, sizeof(why)) &&
	     strstr(why, "VPMU_MODEL_SCENARIO=v9: unknown scenario") && strstr(why, "v4-0gp"),
	     "unknown scenario: one line naming the variable and the choices (%s)", why);
	T_OK(pmu_scenario__from_env(NULL, "boom", NULL, &c, &s, &f, why, sizeof(why)) &&
	     strstr(why, "VPMU_MODEL_FAULT=boom") && strstr(why, "pmi-never-delivered"),
	     "unknown fault: one line naming the variable and the choices (%s)", why);
	T_OK(pmu_scenario__from_env(NULL, NULL, "17", &c, &s, &f, why, sizeof(why)) &&
	     strstr(why, "VPMU_MODEL_SKID=17: expected an integer 0..16"),
	     "skid out of range is refused (%s)", why);
	__T("skid -1 and 1x are refused",
	    pmu_scenario__from_env(NULL, NULL, "-1", &c, &s, &f, why, sizeof(why)) &&
	    pmu_scenario__from_env(NULL, NULL, "1x", &c, &s, &f, why, sizeof(why)));
}

static void test_init(void)
{
	struct pmu_model_cfg c = scn("v2-8gp-3fixed")->cfg;
	struct pmu_model m;
	const char *why;
	int s, bad = 0;

	for (s = 0; pmu_scenarios[s].name; s++)
		bad += !!pmu_model__init(&m, &pmu_scenarios[s].cfg, &why);
	T_OK(!bad, "every scenario is a valid configuration (%d not)", bad);
	c.version = 3;
	__T("version 3 is refused", pmu_model__init(&m, &c, &why) == -1);
	c.version = 2;
	c.fixed_mask = 1;
	__T("a fixed bitmap below v5 is refused", pmu_model__init(&m, &c, &why) == -1);
	c.fixed_mask = 0;
	c.nr_gp = 9;
	__T("9 GP counters are refused", pmu_model__init(&m, &c, &why) == -1);
}

int main(void)
{
	test_init();
	test_cpuid();
	test_existence();
	test_registers();
	test_counting();
	test_pmi();
	test_metrics();
	test_env();
	return tap_done();
}
