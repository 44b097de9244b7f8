// SPDX-License-Identifier: GPL-2.0
/* Host-side helpers shared by the PMU collections (see pmu_vm.h). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"

#include "alloc.h"
#include "pmu_vm.h"
#include "sample_channel.h"

json_t *pmu_info(struct workload_out *out)
{
	if (!out->info)
		out->info = json_object();
	return out->info;
}

void pmu_info_str(struct workload_out *out, const char *key, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_set_new(pmu_info(out), key, json_string(buf));
}

void pmu_info_int(struct workload_out *out, const char *key, long long v)
{
	json_object_set_new(pmu_info(out), key, json_integer(v));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double pmu_series_median(const struct series *s)
{
	double *v, m;

	if (!s || !s->n)
		return NAN;
	v = xmalloc(s->n * sizeof(*v));
	memcpy(v, s->v, s->n * sizeof(*v));
	qsort(v, s->n, sizeof(*v), cmp_double);
	m = s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
	free(v);
	return m;
}

/* IA32_PERF_CAPABILITIES as KVM offers it: a feature MSR on /dev/kvm. */
static void kvm_perf_caps(struct pmu_guest *g, const struct probe *p)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} m = { .hdr.nmsrs = 1, .e.index = PMU_MSR_PERF_CAPABILITIES };
	int fd, r;

	g->perf_caps = 0;
	g->perf_caps_why[0] = '\0';
	/* Test-only: the software PMU model's value (harness.h), not KVM's. */
	if (harness_hooks && harness_hooks->perf_caps && !harness_hooks->perf_caps(&g->perf_caps))
		return;
	/* kvm_cpu_has() exits the process when /dev/kvm cannot be opened. */
	if (!p->kvm_usable) {
		snprintf(g->perf_caps_why, sizeof(g->perf_caps_why), "KVM not usable: %s",
			 p->kvm_why[0] ? p->kvm_why : "/dev/kvm");
		return;
	}
	if (!kvm_cpu_has(X86_FEATURE_PDCM)) {
		snprintf(g->perf_caps_why, sizeof(g->perf_caps_why),
			 "KVM does not offer PDCM (CPUID.1:ECX[15]) to guests");
		return;
	}
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(g->perf_caps_why, sizeof(g->perf_caps_why), "open /dev/kvm: %s",
			 strerror(errno));
		return;
	}
	r = ioctl(fd, KVM_GET_MSRS, &m);
	if (r != 1)
		snprintf(g->perf_caps_why, sizeof(g->perf_caps_why),
			 "KVM_GET_MSRS(feature 0x345) returned %d%s%s", r,
			 r < 0 ? ": " : "", r < 0 ? strerror(errno) : "");
	else
		g->perf_caps = m.e.data;
	close(fd);
}

/* The probe's answer: an Intel architectural PMU of at least @min_version. */
static bool arch_pmu_ok(const struct probe *p, unsigned int min_version, char *why, size_t len)
{
	if (!p->guest_pmu.version) {
		/* The probe's reason names the host setting ("host kvm.enable_pmu=N"). */
		if (p->guest_pmu_why[0])
			snprintf(why, len, "%s", p->guest_pmu_why);
		else
			snprintf(why, len, "guest PMU version 0: KVM_GET_SUPPORTED_CPUID leaf 0xA reports no PMU");
		return false;
	}
	if (strcmp(p->vendor, "GenuineIntel")) {
		snprintf(why, len, "Intel architectural PMU only (host CPU is %s)",
			 p->vendor[0] ? p->vendor : "unknown");
		return false;
	}
	if (p->guest_pmu.version < min_version) {
		snprintf(why, len, "guest PMU version %u < %u (KVM offers v%u%s)",
			 p->guest_pmu.version, min_version, p->guest_pmu.version,
			 min_version >= 4 ?
			 "; PMU v4/v5 are in neither KVM as of Linux 7.2 nor kmod/patches" : "");
		return false;
	}
	return true;
}

void pmu_guest__get(struct pmu_guest *g, const struct workload_args *a)
{
	const struct probe *p = a->probe;

	memset(g, 0, sizeof(*g));
	g->cpuid = p->guest_pmu;
	g->cpuid.nr_gp = pmu_guest__nr_gp(p->guest_pmu.nr_gp, a->guest_gp_counters);
	g->host = p->host_pmu;
	kvm_perf_caps(g, p);
}

bool pmu_guest__probe(struct pmu_guest *g, const struct workload_args *a,
		      unsigned int min_version, char *why, size_t len)
{
	/* The host's reason first: it holds whatever the run asks for. */
	if (!arch_pmu_ok(a->probe, min_version, why, len))
		return false;
	if (a->mode == MODE_NOPMU) {
		snprintf(why, len, "mode nopmu: the VM has no vPMU (KVM_PMU_CAP_DISABLE)");
		return false;
	}
	pmu_guest__get(g, a);
	return true;
}

int pmu_vm__configure(struct kvm_vcpu *vcpu, const struct workload_args *a,
		      const struct pmu_guest *g, struct workload_out *out)
{
	pmu_info_int(out, "guest_pmu_version", g->cpuid.version);
	pmu_info_int(out, "guest_gp_counters", g->cpuid.nr_gp);
	pmu_info_int(out, "guest_gp_counters_requested", a->guest_gp_counters);
	pmu_info_int(out, "guest_fixed_counters", g->cpuid.nr_fixed);
	pmu_info_int(out, "host_gp_counters", g->host.nr_gp);
	pmu_info_int(out, "host_fixed_counters", g->host.nr_fixed);
	json_object_set_new(pmu_info(out), "guest_owns_all_counters",
			    json_boolean(pmu_guest__owns_all(g)));

	if (g->perf_caps_why[0]) {
		pmu_info_str(out, "perf_capabilities_set", "not set: %s", g->perf_caps_why);
		return 0;
	}
	/* Test-only: the software PMU model holds the register (harness.h). */
	if (harness_hooks && harness_hooks->set_perf_caps &&
	    !harness_hooks->set_perf_caps(vcpu, g->perf_caps)) {
		pmu_info_str(out, "guest_perf_capabilities", "%#llx",
			     (unsigned long long)g->perf_caps);
		pmu_info_str(out, "perf_capabilities_set",
			     "host-initiated write taken by the software PMU model (test double)");
		return 0;
	}
	/*
	 * Host-initiated, before the vCPU first runs: KVM accepts only bits
	 * it supports, so this is exactly what the guest reads.
	 */
	if (_vcpu_set_msr(vcpu, PMU_MSR_PERF_CAPABILITIES, g->perf_caps) != 1) {
		workload_out__note(out, "KVM_SET_MSRS(IA32_PERF_CAPABILITIES=%#llx) refused",
				   (unsigned long long)g->perf_caps);
		return KSFT_FAIL;
	}
	pmu_info_str(out, "guest_perf_capabilities", "%#llx", (unsigned long long)g->perf_caps);
	pmu_info_str(out, "perf_capabilities_set", "KVM_SET_MSRS host-initiated: ok");
	return 0;
}

int pmu_vm__enumerate_fixed3(struct kvm_vcpu *vcpu, const struct pmu_guest *g,
			     struct workload_out *out)
{
	struct kvm_cpuid_entry2 *e;

	if (!g->fixed3_asked) {
		if (pmu_guest__has_fixed(g, 3))
			pmu_info_str(out, "fixed_counter3",
				     "enumerated by KVM's leaf 0xA (EDX[4:0] = %u, ECX = %#x)",
				     g->cpuid.nr_fixed, g->cpuid.fixed_mask);
		return 0;
	}
	/* Re-read from KVM first: the rest of the leaf stays as the VM has it. */
	e = (struct kvm_cpuid_entry2 *)vcpu_get_cpuid_entry(vcpu, 0xa);
	e->edx = (e->edx & ~0x1fU) | (g->cpuid.nr_fixed & 0x1f);
	if (g->cpuid.version >= 5)
		e->ecx = g->cpuid.fixed_mask;
	if (__vcpu_set_cpuid(vcpu)) {
		workload_out__note(out, "KVM_SET_CPUID2 (leaf 0xA EDX[4:0] = %u, ECX = %#x) refused",
				   g->cpuid.nr_fixed, g->cpuid.fixed_mask);
		return KSFT_FAIL;
	}
	pmu_info_str(out, "fixed_counter3",
		     "enumerated by this row (KVM_SET_CPUID2 leaf 0xA EDX[4:0] = %u, ECX = %#x): PERF_CAPABILITIES has PERF_METRICS and the host has %u fixed counters",
		     g->cpuid.nr_fixed, g->cpuid.fixed_mask, g->host.nr_fixed);
	return 0;
}

struct kvm_vcpu *pmu_vm__create(const struct workload_args *a, const struct pmu_guest *g,
				void *guest_code, struct kvm_vm **vm, struct workload_out *out)
{
	struct kvm_vcpu *vcpu = harness__vm_create(a, guest_code, vm, out);

	if (!vcpu)
		return NULL;
	if (pmu_vm__enumerate_fixed3(vcpu, g, out) || pmu_vm__configure(vcpu, a, g, out)) {
		kvm_vm_free(*vm);
		return NULL;
	}
	return vcpu;
}

bool pmu_vm__sample(struct kvm_vcpu *vcpu, uint64_t tag, uint64_t i, struct ucall *uc,
		    struct workload_out *out)
{
	char why[256];

	if (harness__next_ucall(vcpu, uc, NULL, NULL, out) != UCALL_SYNC)
		return false;
	if (sample_channel__check(uc->args, 2, tag, i, 0, why, sizeof(why)))
		return true;
	workload_out__note(out, "%s", why);
	return false;
}

json_t *workload__guest_pmu_meta(const struct probe *p, const struct workload_args *a)
{
	struct pmu_guest g;
	char why[512] = "";
	json_t *meta;

	/* What KVM offers, whatever the mode: the meta describes the host. */
	if (!arch_pmu_ok(p, 1, why, sizeof(why)))
		return json_pack("{s:n, s:s}", "version", "why", why);
	pmu_guest__get(&g, a);
	meta = json_pack("{s:i, s:i, s:i, s:i, s:i, s:b, s:I, s:s}",
			 "version", g.cpuid.version, "gp_counters", g.cpuid.nr_gp,
			 "gp_counters_offered", p->guest_pmu.nr_gp,
			 "fixed_counters", g.cpuid.nr_fixed,
			 "fixed_counter_bitmap", pmu_guest__fixed_counters(&g),
			 "owns_all_host_counters", pmu_guest__owns_all(&g),
			 "perf_capabilities", (json_int_t)g.perf_caps,
			 "perf_capabilities_why", g.perf_caps_why);
	/*
	 * The rows that need fixed counter 3 run a different VM: say what
	 * it gets, since it may own every counter where the stock VM does not.
	 */
	if (pmu_guest__ask_fixed3(&g, why, sizeof(why)))
		json_object_set_new(meta, "fixed_counter3_rows",
				    json_pack("{s:i, s:i, s:b}", "fixed_counters",
					      g.cpuid.nr_fixed, "fixed_counter_bitmap",
					      pmu_guest__fixed_counters(&g),
					      "owns_all_host_counters",
					      pmu_guest__owns_all(&g)));
	else
		json_object_set_new(meta, "fixed_counter3_rows",
				    json_pack("{s:n, s:s}", "fixed_counters", "why", why));
	return meta;
}
