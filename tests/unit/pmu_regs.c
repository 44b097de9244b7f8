// SPDX-License-Identifier: GPL-2.0
/* The PMU register table: indices, requirements, intercept expectations. */
#include <string.h>

#include "../tap.h"
#include "pmu_regs.h"

static struct pmu_guest spr_like(void)
{
	/* KVM 7.2 on SPR: v2, 8 GP x 48 bit, 3 fixed, full-width writes. */
	struct pmu_guest g = {
		.cpuid = { .version = 2, .nr_gp = 8, .gp_width = 48, .nr_fixed = 3,
			   .fixed_width = 48 },
		.host = { .version = 5, .nr_gp = 8, .gp_width = 48, .nr_fixed = 4,
			  .fixed_width = 48 },
		.perf_caps = PMU_CAP_FULL_WIDTH_WRITE,
	};
	return g;
}

static int why_is(const char *why, const char *want)
{
	if (strcmp(why, want))
		printf("# why: got \"%s\"\n# want \"%s\"\n", why, want);
	return !strcmp(why, want);
}

int main(void)
{
	static const struct { enum pmu_reg_id id; uint32_t index; } idx[] = {
		{ PMU_REG_GLOBAL_CTRL, 0x38f }, { PMU_REG_GLOBAL_STATUS, 0x38e },
		{ PMU_REG_GLOBAL_OVF_CTRL, 0x390 }, { PMU_REG_GLOBAL_STATUS_SET, 0x391 },
		{ PMU_REG_GLOBAL_INUSE, 0x392 }, { PMU_REG_FIXED_CTR_CTRL, 0x38d },
		{ PMU_REG_PERFEVTSEL0, 0x186 }, { PMU_REG_PMC0, 0xc1 },
		{ PMU_REG_A_PMC0, 0x4c1 }, { PMU_REG_FIXED_CTR0, 0x309 },
		{ PMU_REG_FIXED_CTR1, 0x30a }, { PMU_REG_FIXED_CTR2, 0x30b },
		{ PMU_REG_FIXED_CTR3, 0x30c }, { PMU_REG_PERF_METRICS, 0x329 },
		{ PMU_REG_RDPMC_GP0, 0 }, { PMU_REG_RDPMC_FIXED0, 1U << 30 },
		{ PMU_REG_RDPMC_METRICS, 1U << 29 },
	};
	struct pmu_guest g = spr_like();
	const struct pmu_reg *r = pmu_regs;
	char why[256];
	unsigned int i, j, dup = 0, bad_idx = 0, bad_id = 0;

	__T("17 registers in the table", NR_PMU_REGS == 17);
	for (i = 0; i < sizeof(idx) / sizeof(idx[0]); i++)
		bad_idx += pmu_regs[idx[i].id].index != idx[i].index;
	__T("every index matches the SDM", !bad_idx);
	for (i = 0; i < NR_PMU_REGS; i++) {
		bad_id += pmu_regs[i].id != i || !pmu_regs[i].name || !pmu_regs[i].slug;
		for (j = i + 1; j < NR_PMU_REGS; j++)
			dup += !strcmp(pmu_regs[i].slug, pmu_regs[j].slug);
	}
	__T("ids, names and slugs filled in", !bad_id);
	__T("slugs unique (row names are unique)", !dup);
	__T("pmu_reg__find(0x38f, R) is GLOBAL_CTRL",
	    pmu_reg__find(0x38f, PMU_ACC_R) == &r[PMU_REG_GLOBAL_CTRL]);
	__T("GLOBAL_STATUS and INUSE are read-only",
	    r[PMU_REG_GLOBAL_STATUS].access == PMU_ACC_R &&
	    r[PMU_REG_GLOBAL_INUSE].access == PMU_ACC_R);
	__T("RDPMC rows are RDPMC only", r[PMU_REG_RDPMC_GP0].access == PMU_ACC_PMC &&
	    r[PMU_REG_RDPMC_FIXED0].access == PMU_ACC_PMC &&
	    r[PMU_REG_RDPMC_METRICS].access == PMU_ACC_PMC);

	/* Requirements against an SPR-like KVM 7.2 guest. */
	__T("RDMSR GLOBAL_CTRL exists on v2",
	    pmu_reg__requires(&r[PMU_REG_GLOBAL_CTRL], PMU_OP_RDMSR, &g, why, sizeof(why)));
	__T("WRMSR GLOBAL_STATUS: read-only",
	    !pmu_reg__requires(&r[PMU_REG_GLOBAL_STATUS], PMU_OP_WRMSR, &g, why, sizeof(why)) &&
	    why_is(why, "WRMSR of IA32_PERF_GLOBAL_STATUS does not exist (read-only)"));
	__T("STATUS_SET needs v4",
	    !pmu_reg__requires(&r[PMU_REG_GLOBAL_STATUS_SET], PMU_OP_WRMSR, &g, why, sizeof(why)) &&
	    why_is(why, "guest PMU version 2 < 4: IA32_PERF_GLOBAL_STATUS_SET needs v4"));
	__T("FIXED_CTR2 exists with 3 fixed counters",
	    pmu_reg__requires(&r[PMU_REG_FIXED_CTR2], PMU_OP_RDMSR, &g, why, sizeof(why)));
	__T("FIXED_CTR3 does not with 3",
	    !pmu_reg__requires(&r[PMU_REG_FIXED_CTR3], PMU_OP_RDMSR, &g, why, sizeof(why)) &&
	    why_is(why, "guest has no fixed counter 3 (CPUID.0AH.EDX[4:0] = 3, ECX = 0)"));
	__T("A_PMC0 exists with FW_WRITE",
	    pmu_reg__requires(&r[PMU_REG_A_PMC0], PMU_OP_WRMSR, &g, why, sizeof(why)));
	__T("PERF_METRICS needs bit 15",
	    !pmu_reg__requires(&r[PMU_REG_PERF_METRICS], PMU_OP_RDMSR, &g, why, sizeof(why)) &&
	    why_is(why, "guest IA32_PERF_CAPABILITIES (0x2000) lacks PERF_METRICS (bit 15)"));
	g.perf_caps = 0;
	__T("A_PMC0 without FW_WRITE",
	    !pmu_reg__requires(&r[PMU_REG_A_PMC0], PMU_OP_RDMSR, &g, why, sizeof(why)) &&
	    why_is(why, "guest IA32_PERF_CAPABILITIES (0) lacks FW_WRITE (bit 13)"));
	snprintf(g.perf_caps_why, sizeof(g.perf_caps_why), "KVM does not offer PDCM");
	__T("unknown PERF_CAPABILITIES: the reason is carried",
	    !pmu_reg__requires(&r[PMU_REG_RDPMC_METRICS], PMU_OP_RDPMC, &g, why, sizeof(why)) &&
	    why_is(why, "guest IA32_PERF_CAPABILITIES lacks PERF_METRICS (bit 15): KVM does not offer PDCM"));
	g = spr_like();
	g.perf_caps |= PMU_CAP_PERF_METRICS;
	g.cpuid.nr_fixed = 4;
	__T("PERF_METRICS with bit 15 and fixed counter 3",
	    pmu_reg__requires(&r[PMU_REG_PERF_METRICS], PMU_OP_RDMSR, &g, why, sizeof(why)) &&
	    pmu_reg__requires(&r[PMU_REG_RDPMC_METRICS], PMU_OP_RDPMC, &g, why, sizeof(why)));
	g.cpuid.nr_gp = 0;
	__T("no GP counters: PMC0 absent",
	    !pmu_reg__requires(&r[PMU_REG_PMC0], PMU_OP_RDMSR, &g, why, sizeof(why)) &&
	    why_is(why, "guest has 0 GP counters (CPUID.0AH.EAX[15:8])"));
	g.cpuid.version = 0;
	__T("version 0: nothing exists",
	    !pmu_reg__requires(&r[PMU_REG_GLOBAL_CTRL], PMU_OP_RDMSR, &g, why, sizeof(why)) &&
	    why_is(why, "guest PMU version 0"));

	/* v5 fixed-counter bitmap: EDX[4:0] = 1, ECX = 0b101 -> 0 and 2, not 1. */
	g = spr_like();
	g.cpuid.version = 5;
	g.cpuid.nr_fixed = 1;
	g.cpuid.fixed_mask = 0x5;
	__T("v5 bitmap: fixed 0 and 2 exist, 1 does not",
	    pmu_guest__has_fixed(&g, 0) && !pmu_guest__has_fixed(&g, 1) &&
	    pmu_guest__has_fixed(&g, 2) && !pmu_guest__has_fixed(&g, 3));
	g.cpuid.version = 4;
	__T("v4 ignores ECX", pmu_guest__has_fixed(&g, 0) && !pmu_guest__has_fixed(&g, 2));
	g.cpuid.version = 1;
	__T("v1 has no fixed counters", !pmu_guest__has_fixed(&g, 0));

	/* GP counter count the run gets. */
	__T("nr_gp: -1 = all", pmu_guest__nr_gp(8, -1) == 8);
	__T("nr_gp: 2 of 8", pmu_guest__nr_gp(8, 2) == 2);
	__T("nr_gp: 0 of 8", pmu_guest__nr_gp(8, 0) == 0);
	__T("nr_gp: 12 clamped to 8", pmu_guest__nr_gp(8, 12) == 8);

	/* Intercept expectations. */
	g = spr_like();
	__T("owns_all: 8/8 GP but 3/4 fixed is not all", !pmu_guest__owns_all(&g));
	g.cpuid.nr_fixed = 4;
	__T("owns_all: EDX[4:0] = 4 without PERF_METRICS is 3 fixed to KVM: not all",
	    pmu_guest__fixed_counters(&g) == 0x7 && !pmu_guest__owns_all(&g));
	g.perf_caps |= PMU_CAP_PERF_METRICS;
	__T("owns_all: 8/8 GP and fixed 0-3 with PERF_METRICS",
	    pmu_guest__fixed_counters(&g) == 0xf && pmu_guest__owns_all(&g));
	/* v5: EDX[4:0] = 3 and ECX bit 3 enumerate counter 3 too. */
	g.cpuid.version = 5;
	g.cpuid.nr_fixed = 3;
	g.cpuid.fixed_mask = 0xf;
	__T("owns_all: v5, EDX 3 + ECX 0xf with PERF_METRICS is all 4",
	    pmu_guest__fixed_counters(&g) == 0xf && pmu_guest__owns_all(&g));
	g.cpuid.fixed_mask = 0xd;
	__T("owns_all: v5 sparse ECX 0xd (no counter 1 beyond EDX 1) is not all",
	    (g.cpuid.nr_fixed = 1, pmu_guest__fixed_counters(&g) == 0xd) &&
	    !pmu_guest__owns_all(&g));
	g = spr_like();
	g.cpuid.nr_gp = 7;
	g.cpuid.nr_fixed = 4;
	g.perf_caps |= PMU_CAP_PERF_METRICS;
	__T("owns_all: 7/8 GP is not all", !pmu_guest__owns_all(&g));

	/* Fixed counter 3: only the rows that need it ask for it. */
	g = spr_like();
	__T("needs_fixed3: FIXED_CTR3, PERF_METRICS, RDPMC metrics; not FIXED_CTR2 or GLOBAL_CTRL",
	    pmu_reg__needs_fixed3(&r[PMU_REG_FIXED_CTR3]) &&
	    pmu_reg__needs_fixed3(&r[PMU_REG_PERF_METRICS]) &&
	    pmu_reg__needs_fixed3(&r[PMU_REG_RDPMC_METRICS]) &&
	    !pmu_reg__needs_fixed3(&r[PMU_REG_FIXED_CTR2]) &&
	    !pmu_reg__needs_fixed3(&r[PMU_REG_GLOBAL_CTRL]));
	__T("ask_fixed3: no PERF_METRICS -> no, with the value and why",
	    !pmu_guest__ask_fixed3(&g, why, sizeof(why)) && !g.fixed3_asked &&
	    g.cpuid.nr_fixed == 3 &&
	    why_is(why, "guest has no fixed counter 3 (CPUID.0AH.EDX[4:0] = 3, ECX = 0) and KVM gives it only with PERF_METRICS: IA32_PERF_CAPABILITIES 0x2000 lacks bit 15"));
	g.perf_caps |= PMU_CAP_PERF_METRICS;
	g.host.nr_fixed = 3;
	__T("ask_fixed3: host with 3 fixed counters -> no",
	    !pmu_guest__ask_fixed3(&g, why, sizeof(why)) &&
	    why_is(why, "host has 3 fixed counters (CPUID.0AH.EDX[4:0]): no fixed counter 3 to give the guest"));
	g.host.nr_fixed = 4;
	__T("ask_fixed3: SPR-like v2 with PERF_METRICS -> EDX[4:0] 4, asked, then every fixed-3 row runs",
	    pmu_guest__ask_fixed3(&g, why, sizeof(why)) && g.fixed3_asked &&
	    g.cpuid.nr_fixed == 4 && g.cpuid.fixed_mask == 0 &&
	    pmu_reg__requires(&r[PMU_REG_FIXED_CTR3], PMU_OP_WRMSR, &g, why, sizeof(why)) &&
	    pmu_reg__requires(&r[PMU_REG_PERF_METRICS], PMU_OP_RDMSR, &g, why, sizeof(why)) &&
	    pmu_reg__requires(&r[PMU_REG_RDPMC_METRICS], PMU_OP_RDPMC, &g, why, sizeof(why)));
	__T("... and that VM owns all 8 GP + 4 fixed: GLOBAL_CTRL expected to pass through",
	    pmu_guest__owns_all(&g) &&
	    pmu_reg__expect(&r[PMU_REG_GLOBAL_CTRL], MODE_MEDIATED_VMCS,
			    pmu_guest__owns_all(&g)) == ICPT_PASS);
	g = spr_like();
	g.perf_caps |= PMU_CAP_PERF_METRICS;
	g.cpuid.nr_fixed = 4;
	__T("ask_fixed3: already enumerated (a v4/4-fixed host) -> yes, nothing to set",
	    pmu_guest__ask_fixed3(&g, why, sizeof(why)) && !g.fixed3_asked);
	g = spr_like();
	g.perf_caps |= PMU_CAP_PERF_METRICS;
	g.cpuid.version = 5;
	g.cpuid.fixed_mask = 0x7;
	__T("ask_fixed3: v5 EDX 3, ECX 0x7 -> EDX 4 and ECX 0xf",
	    pmu_guest__ask_fixed3(&g, why, sizeof(why)) && g.cpuid.nr_fixed == 4 &&
	    g.cpuid.fixed_mask == 0xf);
	g = spr_like();
	g.perf_caps |= PMU_CAP_PERF_METRICS;
	g.cpuid.version = 5;
	g.cpuid.nr_fixed = 1;
	g.cpuid.fixed_mask = 0x5;
	__T("ask_fixed3: v5 sparse (EDX 1, ECX 0x5) -> ECX bit 3 only, EDX kept",
	    pmu_guest__ask_fixed3(&g, why, sizeof(why)) && g.cpuid.nr_fixed == 1 &&
	    g.cpuid.fixed_mask == 0xd && pmu_guest__has_fixed(&g, 3) &&
	    !pmu_guest__has_fixed(&g, 1));
	g.cpuid.version = 4;
	g.cpuid.fixed_mask = 0;
	__T("ask_fixed3: v4 with 1 fixed counter cannot claim counter 3 alone",
	    !pmu_guest__ask_fixed3(&g, why, sizeof(why)) && g.cpuid.nr_fixed == 1);

	/* STATUS_SET / STATUS_RESET: the bit of a counter the guest has. */
	{
		unsigned int bit = 99;

		g = spr_like();
		__T("status bit: GP counter 0 (bit 0)",
		    pmu_guest__status_bit(&g, &bit, why, sizeof(why)) && bit == 0);
		g.cpuid.nr_gp = 0;
		__T("status bit: 0 GP counters -> fixed counter 0 (bit 32), never a reserved bit",
		    pmu_guest__status_bit(&g, &bit, why, sizeof(why)) && bit == 32);
		g.cpuid.version = 5;
		g.cpuid.nr_fixed = 0;
		g.cpuid.fixed_mask = 0x4;
		__T("status bit: 0 GP, v5 ECX 0x4 -> fixed counter 2 (bit 34)",
		    pmu_guest__status_bit(&g, &bit, why, sizeof(why)) && bit == 34);
		g.cpuid.fixed_mask = 0;
		__T("status bit: no counter at all -> skip with why",
		    !pmu_guest__status_bit(&g, &bit, why, sizeof(why)) &&
		    why_is(why, "guest has no GP and no fixed counter: every GLOBAL_STATUS counter bit is reserved"));
	}
	__T("nopmu: no vPMU", pmu_reg__expect(&r[PMU_REG_PMC0], MODE_NOPMU, true) == ICPT_NA);
	__T("legacy intercepts PMC0",
	    pmu_reg__expect(&r[PMU_REG_PMC0], MODE_LEGACY, true) == ICPT_EXIT);
	__T("mediated passes PMC0 through even with fewer counters",
	    pmu_reg__expect(&r[PMU_REG_PMC0], MODE_MEDIATED_VMCS, false) == ICPT_PASS);
	__T("mediated: GLOBAL_CTRL passes only with all counters",
	    pmu_reg__expect(&r[PMU_REG_GLOBAL_CTRL], MODE_MEDIATED_VMCS, true) == ICPT_PASS &&
	    pmu_reg__expect(&r[PMU_REG_GLOBAL_CTRL], MODE_MEDIATED_AUTOSTORE, false) == ICPT_EXIT);
	__T("mediated: event selector and FIXED_CTR_CTRL always intercepted",
	    pmu_reg__expect(&r[PMU_REG_PERFEVTSEL0], MODE_MEDIATED_VMCS, true) == ICPT_EXIT &&
	    pmu_reg__expect(&r[PMU_REG_FIXED_CTR_CTRL], MODE_MEDIATED_VMCS, true) == ICPT_EXIT);
	__T("mediated: RDPMC passes only with all counters",
	    pmu_reg__expect(&r[PMU_REG_RDPMC_GP0], MODE_MEDIATED_VMCS, true) == ICPT_PASS &&
	    pmu_reg__expect(&r[PMU_REG_RDPMC_GP0], MODE_MEDIATED_VMCS, false) == ICPT_EXIT);
	__T("legacy has no PERF_METRICS",
	    pmu_reg__expect(&r[PMU_REG_PERF_METRICS], MODE_LEGACY, true) == ICPT_NA);
	__T("measured: 1 exit/op is intercepted", !strcmp(pmu_intercept__measured(1.0), "intercepted"));
	__T("measured: 0.5 is intercepted", !strcmp(pmu_intercept__measured(0.5), "intercepted"));
	__T("measured: 0.49 is passthrough", !strcmp(pmu_intercept__measured(0.49), "passthrough"));
	__T("measured: 0 is passthrough", !strcmp(pmu_intercept__measured(0), "passthrough"));
	return tap_done();
}
