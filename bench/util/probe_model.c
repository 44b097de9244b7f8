// SPDX-License-Identifier: GPL-2.0
/*
 * The host model for every layer: the names of its enums, and its fields
 * described once (probe_fields[]). probe__print(), probe__to_json() and
 * probe__to_meta() only walk that table, so `probe`, `probe --json` and a
 * result's meta cannot disagree, and nothing here reads the host.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <jansson.h>

#include "probe.h"

static const char *const mode_names[NR_MODES] = {
	[MODE_NOPMU] = "nopmu",
	[MODE_LEGACY] = "legacy",
	[MODE_MEDIATED_VMCS] = "mediated-vmcs",
	[MODE_MEDIATED_AUTOSTORE] = "mediated-autostore",
};

const char *mode_name(enum vpmu_mode m)
{
	return m < NR_MODES ? mode_names[m] : "invalid";
}

enum vpmu_mode mode_from_name(const char *name)
{
	int m;

	for (m = 0; m < NR_MODES; m++)
		if (!strcmp(name, mode_names[m]))
			return m;
	return NR_MODES;
}

const char *probe__exec_name(enum guest_exec g)
{
	switch (g) {
	case GUEST_EXEC_HARDWARE:
		return "hardware";
	case GUEST_EXEC_EMULATED:
		return "emulated";
	default:
		return "unknown";
	}
}

bool probe__is_intel(const struct probe *p)
{
	return !strcmp(p->vendor, "GenuineIntel");
}

bool probe__is_amd(const struct probe *p)
{
	return !strcmp(p->vendor, "AuthenticAMD") || !strcmp(p->vendor, "HygonGenuine");
}

/* Allowed-1 settings live in the high half of the TRUE_* control MSRs. */
bool probe__vmx_exit_allows(const struct probe *p, uint32_t bit)
{
	return p->vmx_ctls_valid && ((p->vmx_true_exit_ctls >> 32) & bit);
}

bool probe__vmx_entry_allows(const struct probe *p, uint32_t bit)
{
	return p->vmx_ctls_valid && ((p->vmx_true_entry_ctls >> 32) & bit);
}

/* ---- text and JSON pieces of the rows that are not one plain value ---- */

#define KEYW 34

static void kv_key(FILE *f, const char *key)
{
	fprintf(f, "  %s:%*s", key, (int)(KEYW - strlen(key)), "");
}

static void kv(FILE *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void kv(FILE *f, const char *key, const char *fmt, ...)
{
	va_list ap;

	kv_key(f, key);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *hex32(uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%08x", v);
	return json_string(buf);
}

static json_t *hex64(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
	return json_string(buf);
}

static void text_fms(const struct probe *p, const struct probe_field *f, FILE *out)
{
	kv(out, f->label, "0x%x/0x%x/0x%x (%u/%u/%u)", p->family, p->model, p->stepping,
	   p->family, p->model, p->stepping);
}

/* "Zen 4 (Genoa)" names "Zen 4" already; "EMR (Emerald Rapids)" needs both. */
static void text_codename(const struct probe *p, const struct probe_field *f, FILE *out)
{
	const char *s = p->codename ? p->codename : "unknown";
	const char *l = p->codename_long ? p->codename_long : "unknown";

	if (!strncmp(l, s, strlen(s)))
		kv(out, f->label, "%s", l);
	else
		kv(out, f->label, "%s (%s)", s, l);
}

static void pmu_text(FILE *f, const char *what, const struct pmu_cpuid *c,
		     const uint32_t r[4], const char *why)
{
	char fixed[128] = "";	/* "0,1,...,31" is 83 characters */
	size_t off = 0;
	unsigned int i;

	kv(f, what, "EAX=0x%08x EBX=0x%08x ECX=0x%08x EDX=0x%08x", r[0], r[1], r[2], r[3]);
	if (!c->version) {
		kv(f, "Version", "0 (%s)", why[0] ? why : "no architectural PMU");
		return;
	}
	kv(f, "Version", "%u", c->version);
	kv(f, "GP counters", "%u x %u bits", c->nr_gp, c->gp_width);
	for (i = 0; i < 32 && off < sizeof(fixed) - 4; i++)
		if (pmu_cpuid__has_fixed(c, i))
			off += snprintf(fixed + off, sizeof(fixed) - off, "%s%u", off ? "," : "", i);
	kv(f, "Fixed counters", "%u x %u bits (present: %s)", c->nr_fixed, c->fixed_width,
	   off ? fixed : "none");
	kv(f, "Unavailable events (EBX)", "0x%x of %u bits", c->events_unavail, c->ebx_len);
}

static json_t *pmu_json(const struct pmu_cpuid *c, const uint32_t r[4], const char *why)
{
	json_t *o = json_object(), *fixed = json_array();
	unsigned int i;

	json_object_set_new(o, "cpuid_0xa", json_pack("{s:o, s:o, s:o, s:o}", "eax", hex32(r[0]),
						      "ebx", hex32(r[1]), "ecx", hex32(r[2]),
						      "edx", hex32(r[3])));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "gp_counters", json_integer(c->nr_gp));
	json_object_set_new(o, "gp_width_bits", json_integer(c->gp_width));
	json_object_set_new(o, "fixed_counters", json_integer(c->nr_fixed));
	json_object_set_new(o, "fixed_width_bits", json_integer(c->fixed_width));
	for (i = 0; i < 32; i++)
		if (pmu_cpuid__has_fixed(c, i))
			json_array_append_new(fixed, json_integer(i));
	json_object_set_new(o, "fixed_counters_present", fixed);
	json_object_set_new(o, "events_unavailable_mask", hex32(c->events_unavail));
	json_object_set_new(o, "events_mask_length", json_integer(c->ebx_len));
	json_object_set_new(o, "anythread_deprecated", json_boolean(c->anythread_deprecated));
	json_object_set_new(o, "why", c->version ? json_null() : str_or_null(why));
	return o;
}

static void host_pmu_text(const struct probe *p, const struct probe_field *f, FILE *out)
{
	pmu_text(out, f->label, &p->host_pmu, p->host_pmu_regs, p->host_pmu_why);
}

static json_t *host_pmu_json(const struct probe *p)
{
	return pmu_json(&p->host_pmu, p->host_pmu_regs, p->host_pmu_why);
}

/* KVM_GET_SUPPORTED_CPUID answered, or was not needed to say version 0 */
static bool guest_pmu_known(const struct probe *p)
{
	return p->kvm_usable && (p->guest_pmu_valid || !p->guest_pmu_why[0]);
}

static void guest_pmu_text(const struct probe *p, const struct probe_field *f, FILE *out)
{
	if (guest_pmu_known(p))
		pmu_text(out, f->label, &p->guest_pmu, p->guest_pmu_regs, p->guest_pmu_why);
	else
		kv(out, f->label, "unknown (%s)", p->guest_pmu_why);
}

static json_t *guest_pmu_json(const struct probe *p)
{
	if (guest_pmu_known(p))
		return pmu_json(&p->guest_pmu, p->guest_pmu_regs, p->guest_pmu_why);
	return json_pack("{s:n, s:o}", "version", "why", str_or_null(p->guest_pmu_why));
}

static json_t *paging_json(const struct probe *p)
{
	return guest_paging__to_json(&p->paging);
}

static void modes_text(const struct probe *p, const struct probe_field *f, FILE *out)
{
	int i;

	for (i = 0; i < NR_MODES; i++)
		kv(out, mode_name(i), "%s%s: %s", p->modes[i].reachable ? "reachable" : "unreachable",
		   p->modes[i].active ? ", active" : "", p->modes[i].why);
}

static json_t *modes_json(const struct probe *p)
{
	json_t *modes = json_array();
	int i;

	for (i = 0; i < NR_MODES; i++)
		json_array_append_new(modes, json_pack("{s:s, s:b, s:b, s:s}",
				      "name", mode_name(i), "reachable", p->modes[i].reachable,
				      "active", p->modes[i].active, "why", p->modes[i].why));
	return modes;
}

static json_t *loop_cycles_are(const struct probe *p)
{
	return json_string("per dec/jnz iteration, CPL0 guest vs host, best of 5");
}

static bool kvm_usable(const struct probe *p)
{
	return p->kvm_usable;
}

static bool perf_cap_valid(const struct probe *p)
{
	return p->perf_cap_valid;
}

static bool vmx_ctls_valid(const struct probe *p)
{
	return p->vmx_ctls_valid;
}

static double full_width_writes(const struct probe *p)
{
	return !!(p->perf_capabilities & PERF_CAP_FULL_WIDTH_WRITES);
}

static double exit_save(const struct probe *p)
{
	return probe__vmx_exit_allows(p, VMX_EXIT_SAVE_PERF_GLOBAL_CTRL);
}

static double exit_load(const struct probe *p)
{
	return probe__vmx_exit_allows(p, VMX_EXIT_LOAD_PERF_GLOBAL_CTRL);
}

static double entry_load(const struct probe *p)
{
	return probe__vmx_entry_allows(p, VMX_ENTRY_LOAD_PERF_GLOBAL_CTRL);
}

static double hw_max_ratio(const struct probe *p)
{
	return GUEST_EXEC_HW_MAX_RATIO;
}

static double emul_min_ratio(const struct probe *p)
{
	return GUEST_EXEC_EMUL_MIN_RATIO;
}

/* ---- the table ---------------------------------------------------------- */

#define AT(m)		.off = offsetof(struct probe, m)
#define WHY(m)		.why = offsetof(struct probe, m)
/* why == 0 means no reason: offset 0 must not hold one. */
_Static_assert(offsetof(struct probe, vendor) == 0, "probe.vendor must stay first");

#define SECTION(text, json, meta_block) \
	{ PT_SECTION, .label = text, .key = json, .meta = meta_block }
#define CAP(name, m) \
	{ PT_CAP, .label = #name, .key = #name, .obj = "caps", AT(m), \
	  .why_text = "not asked: /dev/kvm unusable" }
/* A module parameter: "" + its reason when it cannot be read */
#define PARAM(text, json, m, w) \
	{ PT_STR, .label = text, .key = json, .meta = json, AT(m), WHY(w) }, \
	{ PT_WHY, .key = json "_why", AT(w) }
#define VMX_CTL(text, json, fn) \
	{ PT_BOOL, .label = text, .key = json, .get = fn, .known = vmx_ctls_valid, \
	  .flags = PF_HIDE_UNKNOWN }
#define LOOP(text, json, m) \
	{ PT_DOUBLE, .label = text, .key = json, AT(m), .fmt = "%.4g tsc_cycles/iteration", \
	  .flags = PF_HIDE_UNKNOWN }

const struct probe_field probe_fields[] = {
	SECTION("CPU", "cpu", "host"),
	{ PT_STR, .label = "Vendor", .key = "vendor", .meta = "cpu_vendor", AT(vendor) },
	{ PT_UINT, .label = "Family/model/stepping", .key = "family", .meta = "cpu_family",
	  AT(family), .text = text_fms },
	{ PT_UINT, .key = "model", .meta = "cpu_model", AT(model) },
	{ PT_UINT, .key = "stepping", .meta = "cpu_stepping", AT(stepping) },
	{ PT_CSTR, .label = "Codename", .key = "codename", .meta = "cpu_codename", AT(codename),
	  .text = text_codename },
	{ PT_CSTR, .key = "codename_long", AT(codename_long) },
	{ PT_STR, .label = "Model name", .key = "model_name", .meta = "cpu_model_name",
	  AT(model_name), .why_text = "no model name in /proc/cpuinfo" },
	{ PT_STR, .label = "Microcode", .key = "microcode", .meta = "microcode", AT(microcode),
	  WHY(microcode_why) },
	{ PT_WHY, .key = "microcode_why", AT(microcode_why) },
	{ PT_STR, .label = "Kernel", .key = "kernel_release", .meta = "kernel_release",
	  AT(kernel_release) },
	{ PT_BOOL, .label = "Hypervisor", .key = "hypervisor", .meta = "hypervisor", AT(hypervisor) },
	{ PT_STR, .key = "hypervisor_vendor", .meta = "hypervisor_vendor", AT(hypervisor_vendor),
	  .fmt = " (%s)" },
	{ PT_BOOL, .label = "VMX/SVM in CPUID", .key = "vmx", AT(vmx) },
	{ PT_BOOL, .key = "svm", AT(svm), .fmt = "/%s" },
	{ PT_DOUBLE, .label = "TSC", .key = "tsc_hz", AT(tsc_hz), WHY(tsc_why), .fmt = "%.3f MHz",
	  .scale = 1e-6 },
	{ PT_CSTR, .key = "tsc_source", AT(tsc_source), .fmt = " (%s)" },
	{ PT_WHY, .label = "TSC note", .key = "tsc_why", AT(tsc_why) },

	SECTION("KVM", "kvm", "kvm"),
	{ PT_BOOL, .label = "/dev/kvm", .key = "usable", AT(kvm_usable), WHY(kvm_why),
	  .yes = "usable", .no = "unusable", .flags = PF_FAIL },
	{ PT_WHY, .key = "why", AT(kvm_why) },
	{ PT_INT, .key = "api_version", .meta = "api_version", AT(kvm_api_version),
	  .known = kvm_usable, .fmt = ", API version %d" },
	{ PT_STR, .label = "Vendor module", .key = "vendor_module", AT(kvm_vendor_module),
	  .no = "none found in /sys/module" },
	{ PT_STR, .label = "Guest paging", .key = "guest_paging", AT(paging.why),
	  .json = paging_json },
	CAP(KVM_CAP_PMU_CAPABILITY, cap_pmu_capability),
	CAP(KVM_CAP_PMU_EVENT_FILTER, cap_pmu_event_filter),
	CAP(KVM_CAP_X86_USER_SPACE_MSR, cap_user_space_msr),
	CAP(KVM_CAP_X86_MSR_FILTER, cap_msr_filter),
	CAP(KVM_CAP_PIT2, cap_pit2),
	CAP(KVM_CAP_IRQCHIP, cap_irqchip),
	CAP(KVM_CAP_BINARY_STATS_FD, cap_binary_stats_fd),
	CAP(KVM_CAP_VM_TSC_CONTROL, cap_vm_tsc_control),
	PARAM("kvm.enable_pmu", "enable_pmu", enable_pmu, enable_pmu_why),
	PARAM("enable_mediated_pmu", "enable_mediated_pmu", enable_mediated_pmu, mediated_why),
	PARAM("force_perf_global_ctrl_autostore", "force_perf_global_ctrl_autostore",
	      force_autostore, autostore_why),
	{ PT_BOOL, .label = "Modules loadable", .key = "modules_loadable", AT(modules_loadable),
	  WHY(modules_why), .flags = PF_FAIL },
	{ PT_WHY, .key = "modules_why", AT(modules_why) },

	SECTION("Host PMU", "host_pmu", NULL),
	{ PT_CUSTOM, .label = "CPUID.0AH", .text = host_pmu_text, .json = host_pmu_json },
	{ PT_BOOL, .label = "AMD PerfCtrExtCore", .key = "perfctr_core", .obj = "amd",
	  AT(amd_perfctr_core), .when = probe__is_amd },
	{ PT_BOOL, .label = "AMD PerfMonV2", .key = "perfmon_v2", .obj = "amd", AT(amd_perfmon_v2),
	  .when = probe__is_amd, .flags = PF_FAIL },
	{ PT_UINT, .key = "core_counters_v2", .obj = "amd", AT(amd_nr_gp), .when = probe__is_amd,
	  .fmt = ", %u core counters" },
	{ PT_BOOL, .label = "perf instructions", .key = "perf_instructions_ok", AT(perf_hw_ok),
	  WHY(perf_why), .yes = "opens", .no = "fails", .flags = PF_FAIL },
	{ PT_WHY, .key = "perf_why", AT(perf_why) },
	{ PT_BOOL, .label = "/dev/cpu/0/msr", .key = "msr_readable", AT(msr_readable),
	  WHY(msr_why), .yes = "readable", .no = "unreadable", .flags = PF_FAIL },
	{ PT_WHY, .key = "msr_why", AT(msr_why) },
	{ PT_HEX64, .label = "IA32_PERF_CAPABILITIES", .key = "perf_capabilities",
	  AT(perf_capabilities), WHY(perf_cap_why), .known = perf_cap_valid, .fmt = "0x%llx" },
	{ PT_BOOL, .key = "full_width_writes", .get = full_width_writes, .known = perf_cap_valid,
	  .fmt = " (full-width writes: %s)" },
	{ PT_WHY, .key = "perf_capabilities_why", AT(perf_cap_why) },
	{ PT_HEX64, .label = "VMX true exit/entry ctls",
	  .label_unknown = "VMX PERF_GLOBAL_CTRL controls", .key = "vmx_true_exit_ctls",
	  AT(vmx_true_exit_ctls), WHY(vmx_ctls_why), .known = vmx_ctls_valid, .fmt = "0x%016llx" },
	{ PT_HEX64, .key = "vmx_true_entry_ctls", AT(vmx_true_entry_ctls), .known = vmx_ctls_valid,
	  .fmt = " / 0x%016llx" },
	VMX_CTL("Exit save PERF_GLOBAL_CTRL (30)", "vmx_exit_save_perf_global_ctrl", exit_save),
	VMX_CTL("Exit load PERF_GLOBAL_CTRL (12)", "vmx_exit_load_perf_global_ctrl", exit_load),
	VMX_CTL("Entry load PERF_GLOBAL_CTRL (13)", "vmx_entry_load_perf_global_ctrl", entry_load),
	{ PT_WHY, .key = "vmx_ctls_why", AT(vmx_ctls_why) },

	SECTION("Guest PMU (KVM_GET_SUPPORTED_CPUID)", "guest_pmu", NULL),
	{ PT_CUSTOM, .label = "Leaf 0xA", .text = guest_pmu_text, .json = guest_pmu_json },

	SECTION("Execution", "execution", NULL),
	{ PT_EXEC, .label = "Guest execution", .key = "guest_execution", AT(guest_exec) },
	LOOP("Guest loop (CPL0)", "guest_loop_tsc_cycles", guest_loop_cycles),
	LOOP("Host loop", "host_loop_tsc_cycles", host_loop_cycles),
	{ PT_DOUBLE, .label = "Ratio guest/host", .key = "guest_exec_ratio", AT(guest_exec_ratio),
	  .fmt = "%.4g", .flags = PF_HIDE_UNKNOWN },
	{ PT_CUSTOM, .key = "loop_cycles_are", .json = loop_cycles_are, .flags = PF_JSON_ONLY },
	{ PT_UINT, .key = "loop_iterations", AT(loop_iterations), .flags = PF_JSON_ONLY },
	{ PT_DOUBLE, .key = "hardware_max_ratio", .get = hw_max_ratio, .flags = PF_JSON_ONLY },
	{ PT_DOUBLE, .key = "emulated_min_ratio", .get = emul_min_ratio, .flags = PF_JSON_ONLY },
	{ PT_WHY, .label = "Why", .key = "why", AT(guest_exec_why) },

	SECTION("Modes", NULL, NULL),
	{ PT_CUSTOM, .key = "modes", .text = modes_text, .json = modes_json },
	{ PT_MODE, .label = "Current mode", .key = "current_mode", AT(current_mode) },
	{ PT_WHY, .key = "current_mode_why", AT(current_mode_why), .fmt = " (%s)" },
	{ PT_UINT, .label = "Reasons truncated", .key = "reasons_truncated", AT(reasons_truncated),
	  .fmt = "%u (a probe bug: a reason above ends in \"...\")", .flags = PF_HIDE_ZERO },
};
const unsigned int probe_nr_fields = sizeof(probe_fields) / sizeof(probe_fields[0]);

#define for_each_field(f) for (f = probe_fields; f < probe_fields + probe_nr_fields; f++)

/* ---- reading a row's value ---------------------------------------------- */

static const void *at(const struct probe *p, const struct probe_field *f)
{
	return (const char *)p + f->off;
}

const char *probe__field_str(const struct probe *p, const struct probe_field *f)
{
	return f->type == PT_CSTR ? *(const char *const *)at(p, f) : at(p, f);
}

uint64_t probe__field_hex(const struct probe *p, const struct probe_field *f)
{
	return *(const uint64_t *)at(p, f);
}

double probe__field_num(const struct probe *p, const struct probe_field *f)
{
	if (f->get)
		return f->get(p);
	switch (f->type) {
	case PT_BOOL:
		return *(const bool *)at(p, f);
	case PT_INT:
	case PT_CAP:
		return *(const int *)at(p, f);
	case PT_UINT:
		return *(const unsigned int *)at(p, f);
	case PT_DOUBLE:
		return *(const double *)at(p, f);
	case PT_EXEC:
		return *(const enum guest_exec *)at(p, f);
	case PT_MODE:
		return *(const enum vpmu_mode *)at(p, f);
	default:
		return 0;
	}
}

bool probe__field_present(const struct probe *p, const struct probe_field *f)
{
	return !f->when || f->when(p);
}

bool probe__field_known(const struct probe *p, const struct probe_field *f)
{
	const char *s;
	double v;

	if (f->known)
		return f->known(p);
	switch (f->type) {
	case PT_STR:
	case PT_CSTR:
	case PT_WHY:
		s = probe__field_str(p, f);
		return s && s[0];
	case PT_CAP:
		return probe__field_num(p, f) >= 0;
	case PT_DOUBLE:
		v = probe__field_num(p, f);
		return isfinite(v) && v > 0;
	default:
		return true;
	}
}

bool probe__field_failed(const struct probe *p, const struct probe_field *f)
{
	return !probe__field_known(p, f) || ((f->flags & PF_FAIL) && !probe__field_num(p, f));
}

const char *probe__field_reason(const struct probe *p, const struct probe_field *f)
{
	return f->why ? (const char *)p + f->why : f->why_text;
}

/* ---- text --------------------------------------------------------------- */

/* A known value with the row's format (the runtime formats are all in the table above). */
static void print_value(const struct probe *p, const struct probe_field *f, FILE *out)
{
	static const char *const by_type[PT_CUSTOM + 1] = {
		[PT_INT] = "%d", [PT_CAP] = "%d", [PT_UINT] = "%u", [PT_HEX64] = "0x%llx",
		[PT_DOUBLE] = "%g",
	};
	const char *fmt = f->fmt ? f->fmt : by_type[f->type] ? by_type[f->type] : "%s";

	switch (f->type) {
	case PT_STR:
	case PT_CSTR:
	case PT_WHY:
		fprintf(out, fmt, probe__field_str(p, f));
		break;
	case PT_BOOL:
		fprintf(out, fmt, probe__field_num(p, f) ? (f->yes ? f->yes : "yes") : (f->no ? f->no : "no"));
		break;
	case PT_INT:
	case PT_CAP:
		fprintf(out, fmt, (int)probe__field_num(p, f));
		break;
	case PT_UINT:
		fprintf(out, fmt, (unsigned int)probe__field_num(p, f));
		break;
	case PT_HEX64:
		fprintf(out, fmt, (unsigned long long)probe__field_hex(p, f));
		break;
	case PT_DOUBLE:
		fprintf(out, fmt, probe__field_num(p, f) * (f->scale ? f->scale : 1));
		break;
	case PT_EXEC:
		fprintf(out, fmt, probe__exec_name(probe__field_num(p, f)));
		/* An unknown carries its reason on its own line too (no /dev/kvm, say). */
		if (probe__field_num(p, f) == GUEST_EXEC_UNKNOWN && p->guest_exec_why[0])
			fprintf(out, " (%s)", p->guest_exec_why);
		break;
	case PT_MODE:
		fprintf(out, fmt, mode_name(probe__field_num(p, f)));
		break;
	default:
		break;
	}
}

/*
 * A reason with a line of its own ("TSC note") goes there only when the
 * value it explains is known; otherwise it is on that value's line.
 */
static bool reason_shown_elsewhere(const struct probe *p, const struct probe_field *w)
{
	const struct probe_field *f;

	for_each_field(f)
		if (f != w && f->why == w->off && f->type != PT_SECTION &&
		    probe__field_present(p, f) && probe__field_failed(p, f))
			return true;
	return false;
}

static bool line_shown(const struct probe *p, const struct probe_field *f)
{
	bool known = probe__field_known(p, f);

	if ((!f->label && !f->text) || !probe__field_present(p, f))
		return false;
	if ((f->flags & PF_HIDE_UNKNOWN) && !known)
		return false;
	if ((f->flags & PF_HIDE_ZERO) && !probe__field_num(p, f))
		return false;
	return f->type != PT_WHY || (known && !reason_shown_elsewhere(p, f));
}

/* "Label: value", the values of the unlabelled rows below it appended. */
static void print_line(const struct probe *p, const struct probe_field *f, FILE *out)
{
	const struct probe_field *a;
	const char *why;

	if (f->text) {
		f->text(p, f, out);
		return;
	}
	if (probe__field_failed(p, f)) {
		why = probe__field_reason(p, f);
		kv_key(out, f->label_unknown && !probe__field_known(p, f) ? f->label_unknown : f->label);
		fputs(f->no ? f->no : f->type == PT_BOOL ? "no" : "unknown", out);
		if (why && why[0])
			fprintf(out, " (%s)", why);
	} else {
		kv_key(out, f->label);
		print_value(p, f, out);
		for (a = f + 1; a < probe_fields + probe_nr_fields && !a->label &&
		     a->type != PT_SECTION; a++)
			if (a->fmt && probe__field_present(p, a) && probe__field_known(p, a))
				print_value(p, a, out);
	}
	fputc('\n', out);
}

void probe__print(const struct probe *p, FILE *out)
{
	const struct probe_field *f;

	for_each_field(f) {
		if (f->type == PT_SECTION)
			fprintf(out, "%s%s\n", f == probe_fields ? "" : "\n", f->label);
		else if (line_shown(p, f))
			print_line(p, f, out);
	}
}

/* ---- JSON --------------------------------------------------------------- */

/* @raw: the value as stored, where an unknown is otherwise null. */
static json_t *field_json(const struct probe *p, const struct probe_field *f, bool raw)
{
	const char *s;
	double v;

	if (f->json)
		return f->json(p);
	if (!raw && !probe__field_known(p, f))
		return json_null();
	switch (f->type) {
	case PT_STR:
	case PT_CSTR:
	case PT_WHY:
		s = probe__field_str(p, f);
		return s ? json_string(s) : json_null();
	case PT_BOOL:
		return json_boolean(probe__field_num(p, f) != 0);
	case PT_HEX64:
		return hex64(probe__field_hex(p, f));
	case PT_DOUBLE:
		v = probe__field_num(p, f);
		return isfinite(v) ? json_real(v) : json_null();	/* JSON has no NaN */
	case PT_EXEC:
		return json_string(probe__exec_name(probe__field_num(p, f)));
	case PT_MODE:
		return json_string(mode_name(probe__field_num(p, f)));
	default:
		return json_integer((json_int_t)probe__field_num(p, f));
	}
}

/* @o's object @key, added empty where it is not there yet */
static json_t *object_at(json_t *o, const char *key)
{
	json_t *sub = json_object_get(o, key);

	if (!sub) {
		sub = json_object();
		json_object_set_new(o, key, sub);
	}
	return sub;
}

struct json_t *probe__to_json(const struct probe *p)
{
	json_t *o = json_object(), *sec = o, *to, *v;
	const struct probe_field *f;

	for_each_field(f) {
		if (f->type == PT_SECTION) {
			sec = f->key ? object_at(o, f->key) : o;
			continue;
		}
		if (!probe__field_present(p, f))
			continue;
		to = f->obj ? object_at(sec, f->obj) : sec;
		v = field_json(p, f, false);
		if (f->key) {
			json_object_set_new(to, f->key, v);
		} else {
			json_object_update(to, v);
			json_decref(v);
		}
	}
	return o;
}

void probe__to_meta(const struct probe *p, struct json_t *meta)
{
	const struct probe_field *f;
	json_t *blk = NULL;

	for_each_field(f) {
		if (f->type == PT_SECTION)
			blk = f->meta ? object_at(meta, f->meta) : NULL;
		else if (blk && f->meta && probe__field_present(p, f))
			json_object_set_new(blk, f->meta, field_json(p, f, true));
	}
}
