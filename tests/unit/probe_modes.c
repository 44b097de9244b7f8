// SPDX-License-Identifier: GPL-2.0
/*
 * Mode decisions and the emulation classifier on test doubles: struct
 * probe filled by hand as an SPR, an ICX and this build host would fill
 * it (pmu-tools tl-tester style: one machine covers the hardware-specific
 * branches). probe__decide_modes() and probe__classify_exec() read only
 * the struct, never the host.
 */
#include <string.h>

#include "../tap.h"
#include "host_probe.h"

/* Test double: an SPR host on Linux 7.2 with a stock kvm_intel. */
static void fake_spr(struct probe *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->vendor, "GenuineIntel");
	p->family = 6;
	p->model = 0x8f;
	p->kernel_major = 7;
	p->kernel_minor = 2;
	p->kvm_usable = true;
	p->cap_pmu_capability = 1;	/* KVM_PMU_CAP_DISABLE */
	strcpy(p->enable_pmu, "Y");
	strcpy(p->enable_mediated_pmu, "N");
	p->modules_loadable = true;
	pmu_cpuid__decode(&p->host_pmu, 0x08300805, 0, 0xf, 0x8604);
	p->perf_hw_ok = true;
	p->perf_cap_valid = true;
	p->perf_capabilities = PERF_CAP_FULL_WIDTH_WRITES;
	p->vmx_ctls_valid = true;
	p->vmx_true_exit_ctls = (uint64_t)(VMX_EXIT_LOAD_PERF_GLOBAL_CTRL |
					   VMX_EXIT_SAVE_PERF_GLOBAL_CTRL) << 32;
	p->vmx_true_entry_ctls = (uint64_t)VMX_ENTRY_LOAD_PERF_GLOBAL_CTRL << 32;
}

/* Test double: this build host (AMD Zen 4 nested, kvm_pvm, no PMU, nomodule). */
static void fake_build_host(struct probe *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->vendor, "AuthenticAMD");
	p->family = 0x19;
	p->model = 0x11;
	p->kernel_major = 6;
	p->kernel_minor = 18;
	p->hypervisor = true;
	p->kvm_usable = true;
	p->cap_pmu_capability = 0;
	strcpy(p->enable_pmu, "N");
	strcpy(p->modules_why, "'nomodule' on the kernel command line");
}

static int only_reachable(const struct probe *p, enum vpmu_mode m)
{
	int i;

	for (i = 0; i < NR_MODES; i++)
		if (p->modes[i].reachable != (i == (int)m))
			return 0;
	return 1;
}

int main(void)
{
	struct probe p;
	int i;

	fake_spr(&p);
	probe__decide_modes(&p);
	__T("SPR stock: every mode reachable", p.modes[MODE_NOPMU].reachable &&
	    p.modes[MODE_LEGACY].reachable && p.modes[MODE_MEDIATED_VMCS].reachable &&
	    p.modes[MODE_MEDIATED_AUTOSTORE].reachable);
	__T("SPR stock: current mode legacy, active", p.current_mode == MODE_LEGACY &&
	    p.modes[MODE_LEGACY].active && !p.modes[MODE_MEDIATED_VMCS].active);
	__T("SPR stock: nopmu per VM via KVM_PMU_CAP_DISABLE",
	    strstr(p.modes[MODE_NOPMU].why, "KVM_PMU_CAP_DISABLE") != NULL);

	fake_spr(&p);
	strcpy(p.enable_mediated_pmu, "Y");
	probe__decide_modes(&p);
	__T("SPR mediated=Y: current mode mediated-vmcs", p.current_mode == MODE_MEDIATED_VMCS);

	fake_spr(&p);
	strcpy(p.enable_mediated_pmu, "Y");
	strcpy(p.force_autostore, "Y");
	probe__decide_modes(&p);
	__T("SPR kmod force_autostore=Y: current mode mediated-autostore",
	    p.current_mode == MODE_MEDIATED_AUTOSTORE);

	/* ICX: no VM-exit save control -> only the autostore path */
	fake_spr(&p);
	p.model = 0x6a;
	p.vmx_true_exit_ctls = (uint64_t)VMX_EXIT_LOAD_PERF_GLOBAL_CTRL << 32;
	probe__decide_modes(&p);
	__T("ICX: mediated-vmcs unreachable (no save control)",
	    !p.modes[MODE_MEDIATED_VMCS].reachable &&
	    strstr(p.modes[MODE_MEDIATED_VMCS].why, "save PERF_GLOBAL_CTRL") != NULL);
	__T("ICX: mediated-autostore reachable", p.modes[MODE_MEDIATED_AUTOSTORE].reachable);
	strcpy(p.enable_mediated_pmu, "Y");
	probe__decide_modes(&p);
	__T("ICX mediated=Y: current mode mediated-autostore",
	    p.current_mode == MODE_MEDIATED_AUTOSTORE);

	/* SPR without full-width writes, kernel 6.x, modules locked */
	fake_spr(&p);
	p.perf_capabilities = 0;
	probe__decide_modes(&p);
	__T("no full-width writes: mediated unreachable with that reason",
	    !p.modes[MODE_MEDIATED_VMCS].reachable &&
	    strstr(p.modes[MODE_MEDIATED_VMCS].why, "full-width") != NULL);
	fake_spr(&p);
	p.kernel_major = 6;
	p.kernel_minor = 12;
	probe__decide_modes(&p);
	__T("kernel 6.12: mediated unreachable, says < 7.0",
	    !p.modes[MODE_MEDIATED_AUTOSTORE].reachable &&
	    strstr(p.modes[MODE_MEDIATED_AUTOSTORE].why, "< 7.0") != NULL);
	fake_spr(&p);
	p.perf_cap_valid = false;
	strcpy(p.perf_cap_why, "no /dev/cpu/0/msr");
	probe__decide_modes(&p);
	__T("MSR unreadable: mediated unreachable as unknown, with the MSR reason",
	    !p.modes[MODE_MEDIATED_VMCS].reachable &&
	    strstr(p.modes[MODE_MEDIATED_VMCS].why, "unknown: no /dev/cpu/0/msr") != NULL);

	/* enable_pmu=Y but no per-VM disable: nopmu needs a reload */
	fake_spr(&p);
	p.cap_pmu_capability = 0;
	probe__decide_modes(&p);
	__T("no KVM_PMU_CAP_DISABLE and enable_pmu=Y: nopmu unreachable",
	    !p.modes[MODE_NOPMU].reachable);

	/* This build host */
	fake_build_host(&p);
	probe__decide_modes(&p);
	__T("build host: only nopmu reachable", only_reachable(&p, MODE_NOPMU));
	__T("build host: current mode nopmu, active", p.current_mode == MODE_NOPMU &&
	    p.modes[MODE_NOPMU].active);
	for (i = 0; i < NR_MODES; i++)
		T_OK(p.modes[i].why[0] != '\0', "build host: %s has a reason", mode_name(i));
	__T("build host: legacy names the missing host PMU",
	    strstr(p.modes[MODE_LEGACY].why, "no host PMU") != NULL);
	__T("build host: mediated names AMD and the kernel",
	    strstr(p.modes[MODE_MEDIATED_VMCS].why, "AuthenticAMD") &&
	    strstr(p.modes[MODE_MEDIATED_VMCS].why, "6.18 < 7.0"));

	fake_build_host(&p);
	p.kvm_usable = false;
	strcpy(p.kvm_why, "/dev/kvm: does not exist");
	probe__decide_modes(&p);
	__T("no /dev/kvm: nothing reachable, nothing active",
	    !p.modes[0].reachable && !p.modes[1].reachable && !p.modes[0].active);

	/* mode names */
	for (i = 0; i < NR_MODES; i++)
		T_OK(mode_from_name(mode_name(i)) == (enum vpmu_mode)i, "mode name %s round trip",
		     mode_name(i));
	__T("unknown mode name -> NR_MODES", mode_from_name("mediated") == NR_MODES);

	/* emulation classifier */
	memset(&p, 0, sizeof(p));
	p.guest_loop_cycles = 3223;	/* DESIGN.md: this host */
	p.host_loop_cycles = 0.7;
	probe__classify_exec(&p);
	__T("3223 vs 0.7 cycles/iteration: emulated", p.guest_exec == GUEST_EXEC_EMULATED);
	T_NEAR("ratio 3223/0.7", p.guest_exec_ratio, 3223 / 0.7, 1e-6);
	memset(&p, 0, sizeof(p));
	p.guest_loop_cycles = 0.75;
	p.host_loop_cycles = 0.7;
	probe__classify_exec(&p);
	__T("0.75 vs 0.7: hardware", p.guest_exec == GUEST_EXEC_HARDWARE);
	memset(&p, 0, sizeof(p));
	p.guest_loop_cycles = 14;
	p.host_loop_cycles = 0.7;
	probe__classify_exec(&p);
	__T("ratio 20: unknown, with a reason", p.guest_exec == GUEST_EXEC_UNKNOWN &&
	    p.guest_exec_why[0]);
	memset(&p, 0, sizeof(p));
	strcpy(p.guest_exec_why, "guest loop failed: x");
	probe__classify_exec(&p);
	__T("not timed: unknown, keeps its reason", p.guest_exec == GUEST_EXEC_UNKNOWN &&
	    !strcmp(p.guest_exec_why, "guest loop failed: x"));
	return tap_done();
}
