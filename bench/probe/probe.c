// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench probe: everything a run depends on, probed once into
 * struct probe. Every unknown carries its reason. The KVM ioctls live in
 * probe_kvm.c and the guest loop runs in vpmu-guest; this file reads
 * CPUID, procfs, sysfs, perf and /dev/cpu/0/msr, and decides which vPMU
 * modes are reachable. The text and JSON forms come from the model's
 * field table (bench/util/probe_model.c).
 */
#include <cpuid.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include <linux/perf_event.h>

#include <jansson.h>

#include "alloc.h"
#include "cli.h"
#include "cpu_model.h"
#include "host_probe.h"
#include "hygiene_read.h"
#include "read_line.h"

#define LOOP_ITERATIONS		2000
#define CALIBRATE_NS		100000000ULL	/* 100 ms */

#define MSR_IA32_PERF_CAPABILITIES	0x345
#define MSR_IA32_VMX_TRUE_EXIT_CTLS	0x48f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS	0x490

/*
 * Mark a reason that did not fit: it ends in "..." rather than mid-word,
 * and p->reasons_truncated says a probe buffer is too small (a bug: the
 * sizes in probe.h are meant to make this impossible).
 */
static void why_cut(struct probe *p, char *why, size_t len)
{
	size_t n = strnlen(why, len - 1);

	p->reasons_truncated++;
	if (len < 4)
		return;
	if (n > len - 4)
		n = len - 4;
	strcpy(why + n, "...");
}

/*
 * The one place reasons are composed: write at @off, and since
 * vsnprintf() returns the length it wanted, a reason that does not fit
 * is counted and marked instead of silently cut.
 */
static void why_vfmt(struct probe *p, char *why, size_t len, size_t off,
		     const char *fmt, va_list ap)
{
	int n;

	if (off >= len) {
		why_cut(p, why, len);
		return;
	}
	n = vsnprintf(why + off, len - off, fmt, ap);
	if (n < 0 || (size_t)n >= len - off)
		why_cut(p, why, len);
}

/* Set @why to the formatted reason. */
static void whyf(struct probe *p, char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void whyf(struct probe *p, char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	why_vfmt(p, why, len, 0, fmt, ap);
	va_end(ap);
}

/* Append "; reason" (or the first reason) to @why. */
static void why_add(struct probe *p, char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void why_add(struct probe *p, char *why, size_t len, const char *fmt, ...)
{
	size_t off = strnlen(why, len);
	va_list ap;

	if (off) {
		if (off + 2 >= len) {
			why_cut(p, why, len);
			return;
		}
		memcpy(why + off, "; ", 3);
		off += 2;
	}
	va_start(ap, fmt);
	why_vfmt(p, why, len, off, fmt, ap);
	va_end(ap);
}

/*
 * probe_kvm.c and guest_paging.c write their reasons with plain
 * (v)snprintf(), which cannot report a cut to us: a reason of theirs that
 * fills its buffer to the last byte may have been cut, so it counts as
 * truncated too.
 */
static void why_check(struct probe *p, char *why, size_t len)
{
	if (strnlen(why, len) >= len - 1)
		why_cut(p, why, len);
}

static bool path_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

/* ---- CPU ---------------------------------------------------------------- */

static void cpuinfo_field(const char *key, char *out, size_t len)
{
	char line[512];
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/cpuinfo", "re");

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v;

		if (line[0] == '\n')
			break;	/* first processor only */
		if (strncmp(line, key, klen) || (line[klen] != ' ' && line[klen] != '\t' &&
						 line[klen] != ':'))
			continue;
		v = strchr(line, ':');
		if (!v)
			continue;
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		v[strcspn(v, "\n")] = '\0';
		snprintf(out, len, "%s", v);
		break;
	}
	fclose(f);
}

static void probe_cpu(struct probe *p)
{
	unsigned int a, b, c, d, max_basic, max_ext;
	struct utsname u;

	__cpuid(0, max_basic, b, c, d);
	memcpy(p->vendor, &b, 4);
	memcpy(p->vendor + 4, &d, 4);
	memcpy(p->vendor + 8, &c, 4);
	p->vendor[12] = '\0';

	__cpuid(1, a, b, c, d);
	cpu_model__decode_fms(a, &p->family, &p->model, &p->stepping);
	p->hypervisor = (c >> 31) & 1;
	p->vmx = (c >> 5) & 1;

	__cpuid(0x80000000, max_ext, b, c, d);
	if (max_ext >= 0x80000001) {
		__cpuid(0x80000001, a, b, c, d);
		p->svm = (c >> 2) & 1;
		if (probe__is_amd(p))
			p->amd_perfctr_core = (c >> 23) & 1;
	}
	if (probe__is_amd(p) && max_ext >= 0x80000022) {
		__cpuid_count(0x80000022, 0, a, b, c, d);
		p->amd_perfmon_v2 = a & 1;
		if (p->amd_perfmon_v2)
			p->amd_nr_gp = b & 0xf;
	}
	if (p->hypervisor) {
		__cpuid(0x40000000, a, b, c, d);
		memcpy(p->hypervisor_vendor, &b, 4);
		memcpy(p->hypervisor_vendor + 4, &c, 4);
		memcpy(p->hypervisor_vendor + 8, &d, 4);
		p->hypervisor_vendor[12] = '\0';
	}

	p->codename = cpu_model__codename(p->vendor, p->family, p->model, p->stepping);
	{
		const struct cpu_model *m = cpu_model__lookup(p->vendor, p->family,
							      p->model, p->stepping);

		p->codename_long = m ? m->name : "unknown";
	}

	cpuinfo_field("model name", p->model_name, sizeof(p->model_name));
	cpuinfo_field("microcode", p->microcode, sizeof(p->microcode));
	if (!p->microcode[0])
		whyf(p, p->microcode_why, sizeof(p->microcode_why),
		     "/proc/cpuinfo has no microcode line%s",
		     p->hypervisor ? " (hypervisors often hide it)" : "");

	if (!uname(&u)) {
		snprintf(p->kernel_release, sizeof(p->kernel_release), "%s", u.release);
		sscanf(u.release, "%u.%u", &p->kernel_major, &p->kernel_minor);
	}

	/* Host PMU: CPUID.0AH (Intel's architectural PMU leaf). */
	if (max_basic >= 0xa) {
		__cpuid_count(0xa, 0, p->host_pmu_regs[0], p->host_pmu_regs[1],
			      p->host_pmu_regs[2], p->host_pmu_regs[3]);
	}
	pmu_cpuid__decode(&p->host_pmu, p->host_pmu_regs[0], p->host_pmu_regs[1],
			  p->host_pmu_regs[2], p->host_pmu_regs[3]);
	if (p->host_pmu.version)
		return;
	if (max_basic < 0xa)
		whyf(p, p->host_pmu_why, sizeof(p->host_pmu_why),
		     "CPUID max basic leaf 0x%x < 0xA", max_basic);
	else if (probe__is_amd(p))
		whyf(p, p->host_pmu_why, sizeof(p->host_pmu_why),
		     "AMD: leaf 0xA is Intel's architectural PMU leaf; AMD reports its PMU in CPUID 0x80000001/0x80000022");
	else if (p->hypervisor)
		whyf(p, p->host_pmu_why, sizeof(p->host_pmu_why),
		     "CPUID.0AH is all zero: the hypervisor (%s) exposes no PMU to this kernel",
		     p->hypervisor_vendor);
	else
		whyf(p, p->host_pmu_why, sizeof(p->host_pmu_why), "CPUID.0AH is all zero");
}

/* ---- TSC ---------------------------------------------------------------- */

static double tsc_calibrate(void)
{
	struct timespec t0, t1;
	uint64_t r0, r1, ns;

	clock_gettime(CLOCK_MONOTONIC_RAW, &t0);
	r0 = __rdtsc();
	do {
		clock_gettime(CLOCK_MONOTONIC_RAW, &t1);
		ns = (t1.tv_sec - t0.tv_sec) * 1000000000ULL + t1.tv_nsec - t0.tv_nsec;
	} while (ns < CALIBRATE_NS);
	r1 = __rdtsc();
	return (double)(r1 - r0) * 1e9 / ns;
}

static void probe_tsc(struct probe *p)
{
	unsigned int a, b, c, d, max_basic;
	char buf[64], why[PROBE_WHY] = "";
	unsigned long khz;

	__cpuid(0, max_basic, b, c, d);
	if (max_basic >= 0x15) {
		__cpuid(0x15, a, b, c, d);
		if (a && b && c) {
			p->tsc_hz = (double)c * b / a;
			p->tsc_source = "cpuid.15h";
			return;
		}
	}
	if (probe__is_intel(p) && max_basic >= 0x16) {
		__cpuid(0x16, a, b, c, d);
		if (a & 0xffff) {
			/* Intel: the TSC runs at the nominal (base) frequency */
			p->tsc_hz = (a & 0xffff) * 1e6;
			p->tsc_source = "cpuid.16h";
			return;
		}
	}
	if (!probe__read_line("/sys/devices/system/cpu/cpu0/tsc_freq_khz", buf, sizeof(buf)) &&
	    strtoul(buf, NULL, 10)) {
		p->tsc_hz = strtoul(buf, NULL, 10) * 1e3;
		p->tsc_source = "sysfs";
		return;
	}
	/* The kernel's tsc_khz, which KVM gives a VM as its default TSC rate. */
	khz = probe__kvm_tsc_khz(why, sizeof(why));
	why_check(p, why, sizeof(why));
	if (khz) {
		p->tsc_hz = khz * 1e3;
		p->tsc_source = "kvm";
		return;
	}
	p->tsc_hz = tsc_calibrate();
	p->tsc_source = "calibrated";
	whyf(p, p->tsc_why, sizeof(p->tsc_why),
	     "no CPUID 0x15/0x16 frequency, no tsc_freq_khz, %s: calibrated against CLOCK_MONOTONIC_RAW over 100 ms",
	     why[0] ? why : "no KVM TSC");
}

/* ---- KVM module parameters and modules ---------------------------------- */

static const char *const vendor_modules[] = { "kvm_intel", "kvm_amd", "kvm_pvm", NULL };

static void param_read(struct probe *p, const char *mod, const char *param,
		       char *out, size_t len, char *why, size_t wlen)
{
	char path[256], buf[64];
	int e;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", mod, param);
	e = probe__read_line(path, buf, sizeof(buf));
	if (!e) {
		size_t n = strnlen(buf, len - 1);

		memcpy(out, buf, n);
		out[n] = '\0';
		return;
	}
	out[0] = '\0';
	snprintf(path, sizeof(path), "/sys/module/%s", mod);
	if (!path_exists(path)) {
		char alt[256];

		snprintf(alt, sizeof(alt), "/sys/module/%s/parameters/%s", p->kvm_vendor_module, param);
		if (p->kvm_vendor_module[0] && strcmp(p->kvm_vendor_module, mod) &&
		    !probe__read_line(alt, buf, sizeof(buf))) {
			size_t n = strnlen(buf, len - 1);

			memcpy(out, buf, n);
			out[n] = '\0';
			return;
		}
		if (p->kvm_vendor_module[0] && strcmp(p->kvm_vendor_module, mod))
			whyf(p, why, wlen, "%s not loaded (the KVM vendor module here is %s, which has no %s parameter)",
			     mod, p->kvm_vendor_module, param);
		else
			whyf(p, why, wlen, "module %s not loaded", mod);
	} else if (e == -ENOENT) {
		whyf(p, why, wlen, "%s has no parameter %s in this kernel", mod, param);
	} else {
		whyf(p, why, wlen, "%s: %s", path, strerror(-e));
	}
}

static void probe_params(struct probe *p)
{
	const char *const *m;
	char path[128];
	const char *vmod;

	for (m = vendor_modules; *m; m++) {
		snprintf(path, sizeof(path), "/sys/module/%s", *m);
		if (path_exists(path)) {
			snprintf(p->kvm_vendor_module, sizeof(p->kvm_vendor_module), "%s", *m);
			break;
		}
	}

	param_read(p, "kvm", "enable_pmu", p->enable_pmu, sizeof(p->enable_pmu),
		   p->enable_pmu_why, sizeof(p->enable_pmu_why));

	/* The mediated switch is a vendor-module parameter. */
	vmod = probe__is_intel(p) ? "kvm_intel" : probe__is_amd(p) ? "kvm_amd" : NULL;
	if (!vmod && p->kvm_vendor_module[0])
		vmod = p->kvm_vendor_module;
	if (vmod)
		param_read(p, vmod, "enable_mediated_pmu", p->enable_mediated_pmu,
			   sizeof(p->enable_mediated_pmu), p->mediated_why, sizeof(p->mediated_why));
	else
		whyf(p, p->mediated_why, sizeof(p->mediated_why),
		     "no vendor module for CPU vendor %s", p->vendor);

	if (probe__is_intel(p))
		param_read(p, "kvm_intel", "force_perf_global_ctrl_autostore",
			   p->force_autostore, sizeof(p->force_autostore),
			   p->autostore_why, sizeof(p->autostore_why));
	else
		whyf(p, p->autostore_why, sizeof(p->autostore_why),
		     "kvm_intel parameter of vpmu-bench's kmod; this CPU is %s", p->vendor);

	p->param_why[0] = '\0';
	if (!p->enable_pmu[0])
		why_add(p, p->param_why, sizeof(p->param_why), "enable_pmu: %s", p->enable_pmu_why);
	if (!p->enable_mediated_pmu[0])
		why_add(p, p->param_why, sizeof(p->param_why), "enable_mediated_pmu: %s",
			p->mediated_why);
	if (!p->force_autostore[0])
		why_add(p, p->param_why, sizeof(p->param_why), "force_autostore: %s",
			p->autostore_why);
}

static bool cmdline_has(const char *word)
{
	char buf[4096], *tok, *save;
	FILE *f = fopen("/proc/cmdline", "re");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		if (!strcmp(tok, "--"))
			break;	/* the rest goes to init */
		if (!strcmp(tok, word))
			return true;
	}
	return false;
}

static void probe_modules(struct probe *p)
{
	char buf[16];

	p->modules_loadable = true;
	if (!path_exists("/proc/modules")) {
		p->modules_loadable = false;
		why_add(p, p->modules_why, sizeof(p->modules_why),
			"no /proc/modules (kernel built without module support)");
	}
	if (cmdline_has("nomodule")) {
		p->modules_loadable = false;
		why_add(p, p->modules_why, sizeof(p->modules_why),
			"'nomodule' on the kernel command line");
	}
	if (!probe__read_line("/proc/sys/kernel/modules_disabled", buf, sizeof(buf)) &&
	    !strcmp(buf, "1")) {
		p->modules_loadable = false;
		why_add(p, p->modules_why, sizeof(p->modules_why), "kernel.modules_disabled=1");
	}
	if (p->modules_loadable && geteuid()) {
		p->modules_loadable = false;
		why_add(p, p->modules_why, sizeof(p->modules_why),
			"not root: cannot reload modules");
	}
}

/* ---- perf and MSRs ------------------------------------------------------ */

static void probe_perf(struct probe *p)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_HW_INSTRUCTIONS,
		.exclude_kernel = 1,
		.exclude_hv = 1,
		.disabled = 1,
	};
	char paranoid[16] = "?";
	int fd, e;

	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd >= 0) {
		p->perf_hw_ok = true;
		close(fd);
		return;
	}
	e = errno;
	probe__read_line("/proc/sys/kernel/perf_event_paranoid", paranoid, sizeof(paranoid));
	switch (e) {
	case ENOENT:
	case EOPNOTSUPP:
		whyf(p, p->perf_why, sizeof(p->perf_why),
		     "perf_event_open(instructions): %s (%s): no hardware PMU driver in this kernel",
		     strerrorname_np(e), strerror(e));
		break;
	case EACCES:
	case EPERM:
		whyf(p, p->perf_why, sizeof(p->perf_why),
		     "perf_event_open(instructions): %s (%s): perf_event_paranoid=%s",
		     strerrorname_np(e), strerror(e), paranoid);
		break;
	default:
		whyf(p, p->perf_why, sizeof(p->perf_why), "perf_event_open(instructions): %s (%s)",
		     strerrorname_np(e), strerror(e));
	}
}

static int msr_read(int fd, uint32_t msr, uint64_t *val)
{
	if (pread(fd, val, sizeof(*val), msr) != sizeof(*val))
		return errno ? -errno : -EIO;
	return 0;
}

static void probe_msrs(struct probe *p)
{
	unsigned int a, b, c, d;
	bool pdcm;
	int fd = -1, e;

	if (!path_exists("/dev/cpu/0/msr")) {
		whyf(p, p->msr_why, sizeof(p->msr_why),
		     "no /dev/cpu/0/msr: msr driver not loaded%s",
		     p->modules_loadable ? " (modprobe msr)" : " and modules cannot be loaded here");
	} else {
		fd = open("/dev/cpu/0/msr", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			whyf(p, p->msr_why, sizeof(p->msr_why),
			     "/dev/cpu/0/msr: %s%s", strerror(errno),
			     geteuid() ? " (not root: needs CAP_SYS_RAWIO)" : "");
		else
			p->msr_readable = true;
	}

	__cpuid(1, a, b, c, d);
	pdcm = (c >> 15) & 1;

	if (!probe__is_intel(p))
		whyf(p, p->perf_cap_why, sizeof(p->perf_cap_why),
		     "Intel-only MSR 0x345; this CPU is %s", p->vendor);
	else if (!pdcm)
		whyf(p, p->perf_cap_why, sizeof(p->perf_cap_why),
		     "CPUID.1:ECX.PDCM=0: no IA32_PERF_CAPABILITIES");
	else if (fd < 0)
		whyf(p, p->perf_cap_why, sizeof(p->perf_cap_why), "%s", p->msr_why);
	else if ((e = msr_read(fd, MSR_IA32_PERF_CAPABILITIES, &p->perf_capabilities)))
		whyf(p, p->perf_cap_why, sizeof(p->perf_cap_why), "rdmsr 0x345: %s", strerror(-e));
	else
		p->perf_cap_valid = true;

	if (!probe__is_intel(p))
		whyf(p, p->vmx_ctls_why, sizeof(p->vmx_ctls_why),
		     "Intel VMX MSRs 0x48f/0x490; this CPU is %s", p->vendor);
	else if (!p->vmx)
		whyf(p, p->vmx_ctls_why, sizeof(p->vmx_ctls_why),
		     "CPUID.1:ECX.VMX=0: VMX not exposed to this kernel%s",
		     p->hypervisor ? " by its hypervisor" : "");
	else if (fd < 0)
		whyf(p, p->vmx_ctls_why, sizeof(p->vmx_ctls_why), "%s", p->msr_why);
	else if ((e = msr_read(fd, MSR_IA32_VMX_TRUE_EXIT_CTLS, &p->vmx_true_exit_ctls)) ||
		 (e = msr_read(fd, MSR_IA32_VMX_TRUE_ENTRY_CTLS, &p->vmx_true_entry_ctls)))
		whyf(p, p->vmx_ctls_why, sizeof(p->vmx_ctls_why),
		     "rdmsr 0x48f/0x490: %s (no IA32_VMX_BASIC[55] true controls?)", strerror(-e));
	else
		p->vmx_ctls_valid = true;
	if (fd >= 0)
		close(fd);
}

static void probe_guest_pmu_why(struct probe *p)
{
	if (!p->kvm_usable || p->guest_pmu.version)
		return;
	if (p->guest_pmu_why[0] && !p->guest_pmu_valid)
		return;	/* KVM_GET_SUPPORTED_CPUID itself failed */
	p->guest_pmu_why[0] = '\0';
	if (!strcmp(p->enable_pmu, "N"))
		why_add(p, p->guest_pmu_why, sizeof(p->guest_pmu_why),
			"guest PMU version 0: host kvm.enable_pmu=N%s",
			(!p->host_pmu.version && !p->perf_hw_ok && !p->amd_perfctr_core) ?
			" (KVM found no host PMU to virtualize)" : "");
	if (probe__is_amd(p))
		why_add(p, p->guest_pmu_why, sizeof(p->guest_pmu_why),
			"on AMD KVM reports leaf 0xA as zero (the AMD vPMU is in 0x80000001/0x80000022)");
	if (!p->guest_pmu_why[0])
		why_add(p, p->guest_pmu_why, sizeof(p->guest_pmu_why),
			"guest PMU version 0 although kvm.enable_pmu=%s and host PMU v%u",
			p->enable_pmu[0] ? p->enable_pmu : "?", p->host_pmu.version);
}

/* ---- modes and emulation (pure) ----------------------------------------- */

static bool host_pmu_present(const struct probe *p)
{
	if (probe__is_intel(p))
		return p->host_pmu.version >= 1;
	return p->amd_perfctr_core || p->perf_hw_ok;
}

static void no_host_pmu_why(struct probe *p, char *why, size_t len)
{
	if (probe__is_intel(p))
		why_add(p, why, len, "no host PMU (CPUID.0AH version 0)");
	else
		why_add(p, why, len,
			"no host PMU (no PerfCtrExtCore; perf cannot open instructions)");
}

static bool param_is(const char *v, const char *want)
{
	return !strcmp(v, want);
}

/*
 * Requirements shared by both mediated modes (DESIGN.md: Linux >= 7.0,
 * Intel PMU version >= 4, full-width writes, the VM-entry load control;
 * KVM also needs the VM-exit load control to restore the host value).
 */
static void mediated_common(struct probe *p, char *why, size_t len)
{
	if (!p->kvm_usable)
		why_add(p, why, len, "%s", p->kvm_why);
	if (!probe__is_intel(p)) {
		why_add(p, why, len, "Intel-only mode (VMCS PERF_GLOBAL_CTRL controls); CPU is %s",
			p->vendor);
	}
	if (p->kernel_major < 7)
		why_add(p, why, len, "kernel %u.%u < 7.0 has no mediated vPMU",
			p->kernel_major, p->kernel_minor);
	if (!probe__is_intel(p))
		return;
	if (param_is(p->enable_mediated_pmu, "Y"))
		return;	/* KVM checked the PMU and VMX requirements itself */
	if (p->host_pmu.version < 4)
		why_add(p, why, len, "host PMU version %u < 4", p->host_pmu.version);
	if (!p->perf_cap_valid)
		why_add(p, why, len, "full-width writes unknown: %s", p->perf_cap_why);
	else if (!(p->perf_capabilities & PERF_CAP_FULL_WIDTH_WRITES))
		why_add(p, why, len, "no full-width writes (PERF_CAPABILITIES[13]=0)");
	if (!p->vmx_ctls_valid)
		why_add(p, why, len, "VMX controls unknown: %s", p->vmx_ctls_why);
	else if (!probe__vmx_entry_allows(p, VMX_ENTRY_LOAD_PERF_GLOBAL_CTRL) ||
		 !probe__vmx_exit_allows(p, VMX_EXIT_LOAD_PERF_GLOBAL_CTRL))
		why_add(p, why, len, "no VMX load PERF_GLOBAL_CTRL on entry/exit");
	if (!param_is(p->enable_pmu, "Y") && !p->modules_loadable)
		why_add(p, why, len, "kvm.enable_pmu=%s and modules cannot be reloaded",
			p->enable_pmu[0] ? p->enable_pmu : "?");
	if (!p->modules_loadable)
		why_add(p, why, len, "enable_mediated_pmu=%s, no reload: %s",
			p->enable_mediated_pmu[0] ? p->enable_mediated_pmu : "absent",
			p->modules_why);
}

void probe__decide_modes(struct probe *p)
{
	struct mode_status *m;
	bool mediated_on = param_is(p->enable_mediated_pmu, "Y");
	bool has_save = probe__vmx_exit_allows(p, VMX_EXIT_SAVE_PERF_GLOBAL_CTRL);
	bool pmu_on = param_is(p->enable_pmu, "Y");

	memset(p->modes, 0, sizeof(p->modes));

	/* nopmu: per VM with KVM_PMU_CAP_DISABLE, or every VM if enable_pmu=N */
	m = &p->modes[MODE_NOPMU];
	if (!p->kvm_usable) {
		whyf(p, m->why, sizeof(m->why), "%s", p->kvm_why);
	} else if (p->cap_pmu_capability > 0 && (p->cap_pmu_capability & 1)) {
		m->reachable = true;
		whyf(p, m->why, sizeof(m->why),
		     "per VM: KVM_CAP_PMU_CAPABILITY with KVM_PMU_CAP_DISABLE");
	} else if (param_is(p->enable_pmu, "N")) {
		m->reachable = true;
		whyf(p, m->why, sizeof(m->why),
		     "kvm.enable_pmu=N: every VM is created without a PMU");
	} else {
		whyf(p, m->why, sizeof(m->why),
		     "KVM_CAP_PMU_CAPABILITY=%d lacks KVM_PMU_CAP_DISABLE and kvm.enable_pmu=%s",
		     p->cap_pmu_capability, p->enable_pmu[0] ? p->enable_pmu : "?");
	}

	/* legacy: perf-event-backed vPMU, kvm.enable_pmu=Y, mediated off */
	m = &p->modes[MODE_LEGACY];
	if (!p->kvm_usable)
		why_add(p, m->why, sizeof(m->why), "%s", p->kvm_why);
	if (!host_pmu_present(p))
		no_host_pmu_why(p, m->why, sizeof(m->why));
	if (!pmu_on && !p->modules_loadable)
		why_add(p, m->why, sizeof(m->why),
			"kvm.enable_pmu=%s and modules cannot be reloaded",
			p->enable_pmu[0] ? p->enable_pmu : "?");
	if (mediated_on && !p->modules_loadable)
		why_add(p, m->why, sizeof(m->why),
			"enable_mediated_pmu=Y and modules cannot be reloaded");
	m->reachable = !m->why[0];
	if (m->reachable)
		whyf(p, m->why, sizeof(m->why),
		     pmu_on && !mediated_on ? "kvm.enable_pmu=Y, mediated off" :
		     "after reloading kvm with enable_pmu=Y and the vendor module with enable_mediated_pmu=N");

	/* mediated-vmcs: PERF_GLOBAL_CTRL saved by the VM-exit control */
	m = &p->modes[MODE_MEDIATED_VMCS];
	if (!host_pmu_present(p))
		no_host_pmu_why(p, m->why, sizeof(m->why));
	mediated_common(p, m->why, sizeof(m->why));
	if (probe__is_intel(p) && p->vmx_ctls_valid && !has_save)
		why_add(p, m->why, sizeof(m->why),
			"no VM-exit save PERF_GLOBAL_CTRL control (pre-SPR)");
	m->reachable = !m->why[0];
	if (m->reachable)
		whyf(p, m->why, sizeof(m->why), mediated_on ? "enable_mediated_pmu=Y" :
		     "after reloading the vendor module with enable_mediated_pmu=Y");

	/* mediated-autostore: the VM-exit MSR-store list (kmod parameter) */
	m = &p->modes[MODE_MEDIATED_AUTOSTORE];
	if (!host_pmu_present(p))
		no_host_pmu_why(p, m->why, sizeof(m->why));
	mediated_common(p, m->why, sizeof(m->why));
	if (probe__is_intel(p) && !p->force_autostore[0] && !p->modules_loadable && has_save)
		why_add(p, m->why, sizeof(m->why),
			"force_perf_global_ctrl_autostore absent (stock kvm_intel) and kmod cannot be loaded");
	m->reachable = !m->why[0];
	if (m->reachable)
		whyf(p, m->why, sizeof(m->why), "%s",
		     !has_save ? "this CPU has no save control: mediated always autostores" :
		     p->force_autostore[0] ? "kvm_intel.force_perf_global_ctrl_autostore=Y" :
		     "after loading kmod/ with force_perf_global_ctrl_autostore=Y");

	/* What a VM created now gets */
	if (!pmu_on || !host_pmu_present(p)) {
		p->current_mode = MODE_NOPMU;
		whyf(p, p->current_mode_why, sizeof(p->current_mode_why), "kvm.enable_pmu=%s%s",
		     p->enable_pmu[0] ? p->enable_pmu : "unknown",
		     host_pmu_present(p) ? "" : ", no host PMU");
	} else if (mediated_on) {
		if (probe__is_intel(p) && (!has_save || param_is(p->force_autostore, "Y"))) {
			p->current_mode = MODE_MEDIATED_AUTOSTORE;
			whyf(p, p->current_mode_why, sizeof(p->current_mode_why),
			     "enable_mediated_pmu=Y, %s", has_save ?
			     "force_perf_global_ctrl_autostore=Y" : "no VM-exit save control");
		} else {
			p->current_mode = MODE_MEDIATED_VMCS;
			whyf(p, p->current_mode_why, sizeof(p->current_mode_why),
			     probe__is_intel(p) ? "enable_mediated_pmu=Y with the VM-exit save control" :
			     "enable_mediated_pmu=Y on AMD (VMCB; closest Intel mode)");
		}
	} else {
		p->current_mode = MODE_LEGACY;
		whyf(p, p->current_mode_why, sizeof(p->current_mode_why),
		     "kvm.enable_pmu=Y, enable_mediated_pmu=%s",
		     p->enable_mediated_pmu[0] ? p->enable_mediated_pmu : "absent");
	}
	if (p->kvm_usable)
		p->modes[p->current_mode].active = true;
}

void probe__classify_exec(struct probe *p)
{
	if (p->guest_loop_cycles <= 0 || p->host_loop_cycles <= 0) {
		p->guest_exec = GUEST_EXEC_UNKNOWN;
		if (!p->guest_exec_why[0])
			whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why), "loop not timed");
		return;
	}
	p->guest_exec_ratio = p->guest_loop_cycles / p->host_loop_cycles;
	if (p->guest_exec_ratio <= GUEST_EXEC_HW_MAX_RATIO) {
		p->guest_exec = GUEST_EXEC_HARDWARE;
		whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why),
		     "ratio %.4g <= %g: the guest loop runs at native speed", p->guest_exec_ratio,
		     GUEST_EXEC_HW_MAX_RATIO);
	} else if (p->guest_exec_ratio >= GUEST_EXEC_EMUL_MIN_RATIO) {
		p->guest_exec = GUEST_EXEC_EMULATED;
		whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why),
		     "ratio %.4g >= %g: guest instructions are emulated; timings do not reflect VMX/SVM",
		     p->guest_exec_ratio, GUEST_EXEC_EMUL_MIN_RATIO);
	} else {
		p->guest_exec = GUEST_EXEC_UNKNOWN;
		whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why),
		     "ratio %.4g is between %g (native) and %g (emulated): a loaded host? rerun",
		     p->guest_exec_ratio, GUEST_EXEC_HW_MAX_RATIO, GUEST_EXEC_EMUL_MIN_RATIO);
	}
}

static void probe_exec(struct probe *p, bool with_guest_timing)
{
	char why[PROBE_WHY] = "";
	double g;

	p->loop_iterations = LOOP_ITERATIONS;
	if (!with_guest_timing) {
		whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why),
		     "not measured (guest timing not requested)");
		return;
	}
	if (!p->kvm_usable) {
		whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why), "no guest: %s", p->kvm_why);
		return;
	}
	p->host_loop_cycles = probe__host_loop(LOOP_ITERATIONS);
	g = probe__guest_loop(p, LOOP_ITERATIONS, why, sizeof(why));
	why_check(p, why, sizeof(why));
	if (g <= 0) {
		p->guest_loop_cycles = 0;
		whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why), "guest loop failed: %s", why);
	} else {
		p->guest_loop_cycles = g;
	}
	if (p->host_loop_cycles <= 0 && !p->guest_exec_why[0])
		whyf(p, p->guest_exec_why, sizeof(p->guest_exec_why),
		     "host loop timing not increasing with length");
	probe__classify_exec(p);
}

void probe__fill(struct probe *p, bool with_guest_timing)
{
	memset(p, 0, sizeof(*p));
	p->codename = "unknown";
	p->codename_long = "unknown";
	p->current_mode = MODE_NOPMU;

	probe_cpu(p);
	probe__kvm(p);
	/* Reasons probe_kvm.c wrote: checked here, where they come back. */
	why_check(p, p->kvm_why, sizeof(p->kvm_why));
	why_check(p, p->guest_pmu_why, sizeof(p->guest_pmu_why));
	why_check(p, p->paging.why, sizeof(p->paging.why));
	probe_tsc(p);
	probe_params(p);
	probe_modules(p);
	probe_perf(p);
	probe_msrs(p);
	probe_guest_pmu_why(p);
	probe_exec(p, with_guest_timing);
	probe__decide_modes(p);
}

/* ---- the command --------------------------------------------------------- */

static void probe_usage(FILE *f)
{
	fprintf(f,
		"usage: vpmu-bench probe [--json]\n\n"
		"Report everything a run depends on: CPU (vendor, family/model/stepping,\n"
		"codename, microcode), kernel, hypervisor, TSC frequency, /dev/kvm and KVM\n"
		"capabilities, KVM PMU module parameters, module loadability, the host PMU\n"
		"(CPUID.0AH, perf, IA32_PERF_CAPABILITIES and VMX PERF_GLOBAL_CTRL controls\n"
		"when /dev/cpu/0/msr is readable), the guest PMU KVM would offer, whether\n"
		"guest code runs on hardware or is emulated (a dec/jnz loop timed in a CPL0\n"
		"guest and on the host; creates one VM, about a second on an emulating\n"
		"host), and which vPMU modes are reachable here and why. Every unknown\n"
		"carries its reason. Changes nothing on the host.\n\n"
		"Options:\n"
		"  --json     one JSON object on stdout instead of Key: value lines\n"
		"  -h, --help this text\n\n"
		"Exit status: 0 when probing completed (even if things are unavailable),\n"
		"2 on a bad option.\n");
}

#define OPT_JSON	256	/* long only: no -j */

static int probe_opt(void *ctx, int val, const char *arg)
{
	*(bool *)ctx = true;	/* --json, the only option besides --help */
	return 0;
}

int cmd_probe(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	struct hygiene *h;
	bool json = false;
	struct probe *p;
	int first, r;

	r = cli__parse("probe", argc, argv, longopts, probe_opt, &json, probe_usage, &first);
	if (r)
		return r;
	if (first < argc)
		return usage_error("probe", "%s: unexpected argument (see 'vpmu-bench probe --help')",
				   argv[first]);

	p = xcalloc(1, sizeof(*p));
	probe__fill(p, true);
	/*
	 * Host hygiene, the settings only: the SMT sibling's load and the
	 * interrupts need a run's window (meta.hygiene of a result file).
	 * Not a probe_fields[] row: a run records it beside meta.probe.
	 */
	h = xcalloc(1, sizeof(*h));
	hygiene__begin(h, -1, getpid());
	snprintf(h->pending_why, sizeof(h->pending_why),
		 "a run's window only: see meta.hygiene of a result file");
	if (json) {
		json_t *o = probe__to_json(p);

		json_object_set_new(o, "hygiene", hygiene__to_json(h));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
	} else {
		probe__print(p, stdout);
		fputs("\nHost hygiene (settings that skew numbers)\n", stdout);
		hygiene__print(h, stdout, false);
	}
	free(h);
	free(p);
	return 0;
}
