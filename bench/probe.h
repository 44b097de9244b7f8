/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run depends on, probed once (kvm-unit-tests lib/x86/pmu.c style:
 * one struct, filled once, printed as aligned "Key: value" lines).
 * Every field that could not be determined carries the reason in its
 * *_why string; nothing is defaulted silently.
 */
#ifndef VPMU_PROBE_H
#define VPMU_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpuid_pmu.h"

#define PROBE_WHY 192

enum vpmu_mode {
	MODE_NOPMU,
	MODE_LEGACY,
	MODE_MEDIATED_VMCS,
	MODE_MEDIATED_AUTOSTORE,
	NR_MODES,
};

enum guest_exec {
	GUEST_EXEC_UNKNOWN,	/* why in guest_exec_why */
	GUEST_EXEC_HARDWARE,	/* VMX/SVM runs guest code natively */
	GUEST_EXEC_EMULATED,	/* every guest instruction goes through an emulator */
};

struct mode_status {
	bool reachable;		/* can be measured on this host (maybe after kmod/load) */
	bool active;		/* what KVM is configured for right now */
	char why[PROBE_WHY];	/* reason when !reachable, or how to reach it */
};

struct probe {
	/* CPU, from CPUID and /proc/cpuinfo */
	char vendor[13];		/* "GenuineIntel", "AuthenticAMD" */
	unsigned int family, model, stepping;	/* display family/model */
	char model_name[64];
	const char *codename;		/* from cpu_model.c, "unknown" if not in table */
	char microcode[32];		/* "" + microcode_why if unknown */
	char microcode_why[PROBE_WHY];
	char kernel_release[65];
	bool hypervisor;		/* CPUID.1:ECX[31] */
	char hypervisor_vendor[13];	/* CPUID 0x40000000 signature */
	double tsc_hz;			/* 0 + tsc_why if unknown */
	const char *tsc_source;		/* "cpuid.15h", "cpuid.16h", "kvm-clock", "calibrated" */
	char tsc_why[PROBE_WHY];

	/* KVM */
	bool kvm_usable;		/* /dev/kvm opens and KVM_GET_API_VERSION == 12 */
	char kvm_why[PROBE_WHY];
	int kvm_api_version;
	int cap_pmu_capability;		/* KVM_CHECK_EXTENSION results, -1 if not asked */
	int cap_user_space_msr;
	int cap_msr_filter;
	int cap_pit2;
	int cap_irqchip;
	int cap_binary_stats_fd;
	int cap_pmu_event_filter;
	char enable_pmu[8];		/* kvm.enable_pmu: "Y", "N", or "" + param_why */
	char enable_mediated_pmu[8];	/* kvm_intel|kvm_amd.enable_mediated_pmu */
	char force_autostore[8];	/* kvm_intel.force_perf_global_ctrl_autostore (kmod) */
	char param_why[PROBE_WHY];
	bool modules_loadable;		/* /proc/modules present, no "nomodule" */
	char modules_why[PROBE_WHY];

	/* Host PMU */
	struct pmu_cpuid host_pmu;	/* decoded CPUID.0AH of the host */
	bool perf_hw_ok;		/* perf_event_open(instructions) worked */
	char perf_why[PROBE_WHY];	/* errno text when not */
	bool msr_readable;		/* /dev/cpu/0/msr */
	char msr_why[PROBE_WHY];
	uint64_t perf_capabilities;	/* IA32_PERF_CAPABILITIES (0x345), valid if msr_readable */
	uint64_t vmx_true_exit_ctls;	/* MSR 0x48f, high word = allowed-1 */
	uint64_t vmx_true_entry_ctls;	/* MSR 0x490 */
	bool vmx, svm;			/* CPUID feature bits */

	/* The guest PMU KVM would offer (KVM_GET_SUPPORTED_CPUID leaf 0xA) */
	struct pmu_cpuid guest_pmu;
	char guest_pmu_why[PROBE_WHY];	/* e.g. "guest PMU version 0: host kvm.enable_pmu=N" */

	/* Emulation detection: exit-free guest loop vs the same loop on the host */
	enum guest_exec guest_exec;
	double guest_exec_ratio;	/* guest cycles / host cycles per iteration */
	double guest_loop_cycles, host_loop_cycles;	/* per iteration, tsc_cycles */
	char guest_exec_why[PROBE_WHY];

	struct mode_status modes[NR_MODES];
	enum vpmu_mode current_mode;	/* the mode a VM created now would get */
};

const char *mode_name(enum vpmu_mode m);
/* Returns NR_MODES if the name is not a mode. */
enum vpmu_mode mode_from_name(const char *name);

/*
 * Fill @p. @with_guest_timing runs the emulation-detection guest loop
 * (about a second on an emulating host, milliseconds on hardware).
 * Never fails: every unknown is recorded with its reason.
 */
void probe__fill(struct probe *p, bool with_guest_timing);
void probe__print(const struct probe *p, FILE *f);
/* A jansson json_t* object with every field above, units in key names. */
struct json_t;
struct json_t *probe__to_json(const struct probe *p);

int cmd_probe(int argc, char **argv);

#endif
