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
#include "guest_paging.h"

/*
 * Reasons are never cut (a reason that ends mid-word is no reason). A
 * reason is a clause or two with its values (errno text, names, numbers):
 * PROBE_WHY holds any of them with room to spare. A reason that quotes
 * other reasons whole next to text of its own (the "; "-joined lists of a
 * mode or of the module parameters, "no guest: <kvm_why>") is a
 * PROBE_WHY_LIST, sized so that the sum always fits: PROBE_WHY_QUOTES
 * whole reasons (the most one list quotes: kvm, PERF_CAPABILITIES, VMX
 * controls, modules) plus up to PROBE_WHY of its own text. probe.c
 * composes every reason through one helper that counts whatever would
 * still not fit in reasons_truncated, which probe and probe --json show
 * and the tests require to be 0.
 */
#define PROBE_WHY		1024
#define PROBE_WHY_QUOTES	4
#define PROBE_WHY_LIST		((PROBE_WHY_QUOTES + 1) * PROBE_WHY)

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
	char why[PROBE_WHY_LIST];	/* reason when !reachable, or how to reach it */
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
	char tsc_why[PROBE_WHY_LIST];	/* quotes KVM_GET_TSC_KHZ's reason */

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
	char param_why[PROBE_WHY_LIST];	/* the three *_why below, joined */
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
	char guest_pmu_why[PROBE_WHY_LIST];	/* e.g. "guest PMU version 0: host kvm.enable_pmu=N" */

	/* Emulation detection: exit-free guest loop vs the same loop on the host */
	enum guest_exec guest_exec;
	double guest_exec_ratio;	/* guest cycles / host cycles per iteration */
	double guest_loop_cycles, host_loop_cycles;	/* per iteration, tsc_cycles */
	char guest_exec_why[PROBE_WHY_LIST];	/* may quote kvm_why */

	struct mode_status modes[NR_MODES];
	enum vpmu_mode current_mode;	/* the mode a VM created now would get */

	/* Additions (bench/probe.c, bench/probe_vm.c) */
	const char *codename_long;	/* "Sapphire Rapids", "Zen 4 (Genoa)", or "unknown" */
	unsigned int kernel_major, kernel_minor;	/* from kernel_release */
	char kvm_vendor_module[16];	/* "kvm_intel", "kvm_amd", "kvm_pvm", "" = none found */
	char enable_pmu_why[PROBE_WHY];		/* set when enable_pmu is "" */
	char mediated_why[PROBE_WHY];		/* set when enable_mediated_pmu is "" */
	char autostore_why[PROBE_WHY];		/* set when force_autostore is "" */
	int cap_vm_tsc_control;
	uint32_t host_pmu_regs[4];	/* raw CPUID.0AH EAX..EDX of the host */
	char host_pmu_why[PROBE_WHY];	/* what version 0 means here */
	bool amd_perfctr_core;		/* CPUID 0x80000001:ECX[23] */
	bool amd_perfmon_v2;		/* CPUID 0x80000022:EAX[0] */
	unsigned int amd_nr_gp;		/* core counters, 0x80000022:EBX[3:0] (v2) */
	bool perf_cap_valid;		/* perf_capabilities was read */
	char perf_cap_why[PROBE_WHY];
	bool vmx_ctls_valid;		/* vmx_true_{exit,entry}_ctls were read */
	char vmx_ctls_why[PROBE_WHY];
	bool guest_pmu_valid;		/* KVM_GET_SUPPORTED_CPUID answered */
	uint32_t guest_pmu_regs[4];	/* raw leaf 0xA KVM reports */
	unsigned int loop_iterations;	/* dec/jnz iterations the ratio is taken over */
	char current_mode_why[PROBE_WHY];
	/* Reasons that did not fit their buffer (a probe bug; must stay 0). */
	unsigned int reasons_truncated;
	/* The guest paging mode KVM accepts; PAGING_UNUSABLE: no VM can run. */
	struct guest_paging paging;
};

/* IA32_PERF_CAPABILITIES[13]: full-width counter writes (MSR_IA32_PMCx) */
#define PERF_CAP_FULL_WIDTH_WRITES	(1ULL << 13)
/* VMX controls, allowed-1 settings in the high 32 bits of the TRUE_* MSRs */
#define VMX_EXIT_LOAD_PERF_GLOBAL_CTRL	(1U << 12)
#define VMX_EXIT_SAVE_PERF_GLOBAL_CTRL	(1U << 30)
#define VMX_ENTRY_LOAD_PERF_GLOBAL_CTRL	(1U << 13)

/* Emulation-detection thresholds on guest/host cycles per loop iteration */
#define GUEST_EXEC_HW_MAX_RATIO		4.0
#define GUEST_EXEC_EMUL_MIN_RATIO	50.0

/* Names of the model's enums (bench/util/probe_model.c). */
const char *probe__exec_name(enum guest_exec g);
const char *mode_name(enum vpmu_mode m);
/* Returns NR_MODES if the name is not a mode. */
enum vpmu_mode mode_from_name(const char *name);

bool probe__is_intel(const struct probe *p);
bool probe__is_amd(const struct probe *p);	/* and Hygon */
/* Allowed-1 settings of the TRUE_* VMX controls (false when not read). */
bool probe__vmx_exit_allows(const struct probe *p, uint32_t bit);
bool probe__vmx_entry_allows(const struct probe *p, uint32_t bit);

/*
 * The probe's fields, described once: probe_fields[] (probe_model.c) is
 * the only list of what `probe` prints, what `probe --json` holds and
 * what a result's meta.host and meta.kvm copy, so a field added to it
 * shows up in all three and a field cannot be in one only
 * (tests/unit/probe_fields.c). One row is one JSON key, in output order.
 */
enum probe_type {
	/*
	 * Starts a section: label is its text heading, key its JSON object
	 * (NULL: the top level), meta its block in a result's meta (or NULL).
	 */
	PT_SECTION,
	PT_STR,		/* char[] at off; "" is unknown */
	PT_CSTR,	/* const char * at off; NULL or "" is unknown */
	PT_WHY,		/* a reason, char[] at off; "" is none (JSON null) */
	PT_BOOL,	/* bool at off, or get() */
	PT_INT,		/* int at off */
	PT_UINT,	/* unsigned int at off */
	PT_CAP,		/* int KVM_CHECK_EXTENSION result at off; < 0: not asked */
	PT_HEX64,	/* uint64_t at off; JSON "0x%016llx" */
	PT_DOUBLE,	/* double at off, or get(); <= 0 is unknown */
	PT_EXEC,	/* enum guest_exec at off, by name */
	PT_MODE,	/* enum vpmu_mode at off, by name */
	PT_CUSTOM,	/* text() and json() say it all (PMU decode, modes) */
};

/* Only in the JSON (constants that say what the numbers next to them mean) */
#define PF_JSON_ONLY	(1U << 0)
/* False is a failure: the no word and the reason, and the rest of the line left out */
#define PF_FAIL		(1U << 1)
/* No text line while unknown (the reason is on another line) */
#define PF_HIDE_UNKNOWN	(1U << 2)
/* No text line while 0 */
#define PF_HIDE_ZERO	(1U << 3)

struct json_t;
struct probe_field {
	enum probe_type type;
	/*
	 * Text key of the line. NULL: the value is on the line of the
	 * labelled row above, appended with fmt when it has one and is known
	 * (or written by that row's text()); a reason shows through the rows
	 * whose why names it.
	 */
	const char *label;
	const char *label_unknown;	/* the line's key instead while unknown */
	const char *key;		/* JSON key; NULL: json()'s keys merge into the section */
	const char *obj;		/* JSON sub-object of the section ("caps"), or NULL */
	const char *meta;		/* key in the section's meta block, or NULL */
	size_t off;			/* offsetof(struct probe, ...) of the value */
	size_t why;			/* offsetof the reason of an unknown or failed value; 0: none */
	const char *why_text;		/* or a fixed reason */
	const char *fmt;		/* text of a known value: printf with the value (or yes/no) */
	const char *yes, *no;		/* bool words ("yes", "no"); no: unknown's word ("unknown") */
	double scale;			/* a double's text is value * scale (0: 1) */
	unsigned int flags;		/* PF_* */
	bool (*known)(const struct probe *p);	/* NULL: by type (see above) */
	bool (*when)(const struct probe *p);	/* the row exists for this host; NULL: always */
	double (*get)(const struct probe *p);	/* value derived, not stored at off */
	void (*text)(const struct probe *p, const struct probe_field *f, FILE *out);
	struct json_t *(*json)(const struct probe *p);
};

extern const struct probe_field probe_fields[];
extern const unsigned int probe_nr_fields;

/* A row's value: a string (STR, CSTR, WHY), a mask (HEX64), any other number */
const char *probe__field_str(const struct probe *p, const struct probe_field *f);
uint64_t probe__field_hex(const struct probe *p, const struct probe_field *f);
double probe__field_num(const struct probe *p, const struct probe_field *f);
bool probe__field_known(const struct probe *p, const struct probe_field *f);
/* Unknown, or false where false is a failure: the line says why instead */
bool probe__field_failed(const struct probe *p, const struct probe_field *f);
/* What the line of a failed row says in parentheses (NULL: nothing) */
const char *probe__field_reason(const struct probe *p, const struct probe_field *f);
/* The row exists for @p (its when()) */
bool probe__field_present(const struct probe *p, const struct probe_field *f);

/* Aligned "Key: value" lines, one section after the other (`probe`). */
void probe__print(const struct probe *p, FILE *f);
/* A jansson object with every field, units in key names (`probe --json`). */
struct json_t *probe__to_json(const struct probe *p);
/*
 * Add the sections' meta blocks ("host", "kvm") to a result's @meta: the
 * rows marked for it, with their values as stored ("" and 0, never null:
 * report groups runs by meta.host strings; the complete probe object
 * next to it has the reasons).
 */
void probe__to_meta(const struct probe *p, struct json_t *meta);

#endif
