// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of the probe that talk to /dev/kvm: API version, capabilities,
 * the leaf 0xA KVM would offer a guest, KVM's TSC frequency, and the
 * emulation detector (an exit-free dec/jnz loop timed in a CPL0 guest and
 * on the host).
 *
 * The KVM ioctls here are raw so that nothing can exit the process; the
 * guest loop runs in vpmu-guest (the only executable that links the
 * selftests library, whose TEST_ASSERT() exits), and its failures come
 * back as reasons.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <jansson.h>

#include "host_probe.h"
#include "loop_tsc.h"
#include "runner.h"

#define KVM_API_EXPECTED	12
#define GUEST_TIMEOUT_MS	20000

static void whyf(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

static int open_kvm(char *why, size_t len)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
		whyf(why, len, "/dev/kvm: does not exist (KVM not built in or its module not loaded)");
		break;
	case EACCES:
	case EPERM:
		whyf(why, len, "/dev/kvm: %s (run as root or join the group owning /dev/kvm)",
		     strerror(errno));
		break;
	default:
		whyf(why, len, "/dev/kvm: %s", strerror(errno));
	}
	return -1;
}

struct kvm_cpuid2 *probe__supported_cpuid(int kvm_fd, int *err)
{
	struct kvm_cpuid2 *c = NULL;
	int nent = 64;

	for (;;) {
		free(c);
		c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
		if (!c) {
			*err = ENOMEM;
			return NULL;
		}
		c->nent = nent;
		if (!ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c))
			return c;
		if (errno != E2BIG || nent >= 4096) {
			*err = errno;
			free(c);
			return NULL;
		}
		nent *= 2;
	}
}

void probe__kvm(struct probe *p)
{
	struct kvm_cpuid2 *cpuid;
	int fd, i, err;
	struct {
		long cap;
		int *out;
	} want[] = {
		{ KVM_CAP_PMU_CAPABILITY, &p->cap_pmu_capability },
		{ KVM_CAP_X86_USER_SPACE_MSR, &p->cap_user_space_msr },
		{ KVM_CAP_X86_MSR_FILTER, &p->cap_msr_filter },
		{ KVM_CAP_PIT2, &p->cap_pit2 },
		{ KVM_CAP_IRQCHIP, &p->cap_irqchip },
		{ KVM_CAP_BINARY_STATS_FD, &p->cap_binary_stats_fd },
		{ KVM_CAP_PMU_EVENT_FILTER, &p->cap_pmu_event_filter },
		{ KVM_CAP_VM_TSC_CONTROL, &p->cap_vm_tsc_control },
	};

	for (i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++)
		*want[i].out = -1;

	p->paging.decision = PAGING_UNKNOWN;
	p->paging.err_5level = p->paging.err_4level = PAGING_NOT_TRIED;
	snprintf(p->paging.why, sizeof(p->paging.why), "not probed: no usable /dev/kvm");
	fd = open_kvm(p->kvm_why, sizeof(p->kvm_why));
	if (fd < 0) {
		whyf(p->guest_pmu_why, sizeof(p->guest_pmu_why), "not asked: %s", p->kvm_why);
		return;
	}
	p->kvm_api_version = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (p->kvm_api_version != KVM_API_EXPECTED) {
		whyf(p->kvm_why, sizeof(p->kvm_why), "KVM_GET_API_VERSION returned %d (%s), expected %d",
		     p->kvm_api_version, p->kvm_api_version < 0 ? strerror(errno) : "unexpected version",
		     KVM_API_EXPECTED);
		whyf(p->guest_pmu_why, sizeof(p->guest_pmu_why), "not asked: %s", p->kvm_why);
		close(fd);
		return;
	}
	p->kvm_usable = true;

	/* vpmu-guest applies this before its first VM (guest_paging__apply()). */
	guest_paging__probe(&p->paging, fd);

	for (i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++)
		*want[i].out = ioctl(fd, KVM_CHECK_EXTENSION, want[i].cap);

	cpuid = probe__supported_cpuid(fd, &err);
	if (!cpuid) {
		whyf(p->guest_pmu_why, sizeof(p->guest_pmu_why),
		     "KVM_GET_SUPPORTED_CPUID failed: %s", strerror(err));
	} else {
		struct kvm_cpuid_entry2 *e = NULL;

		for (i = 0; i < (int)cpuid->nent; i++)
			if (cpuid->entries[i].function == 0xa && cpuid->entries[i].index == 0)
				e = &cpuid->entries[i];
		p->guest_pmu_valid = true;
		if (e) {
			p->guest_pmu_regs[0] = e->eax;
			p->guest_pmu_regs[1] = e->ebx;
			p->guest_pmu_regs[2] = e->ecx;
			p->guest_pmu_regs[3] = e->edx;
		} else {
			/* probe.c explains version 0; record that the leaf was absent */
			whyf(p->guest_pmu_why, sizeof(p->guest_pmu_why),
			     "KVM_GET_SUPPORTED_CPUID has no leaf 0xA entry");
		}
		pmu_cpuid__decode(&p->guest_pmu, p->guest_pmu_regs[0], p->guest_pmu_regs[1],
				  p->guest_pmu_regs[2], p->guest_pmu_regs[3]);
		free(cpuid);
	}
	close(fd);
}

unsigned long probe__kvm_tsc_khz(char *why, size_t len)
{
	int kvm_fd, vm_fd, vcpu_fd, khz;

	kvm_fd = open_kvm(why, len);
	if (kvm_fd < 0)
		return 0;
	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0) {
		whyf(why, len, "KVM_CREATE_VM: %s", strerror(errno));
		close(kvm_fd);
		return 0;
	}
	if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_VM_TSC_CONTROL) > 0) {
		khz = ioctl(vm_fd, KVM_GET_TSC_KHZ, 0);
	} else if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_GET_TSC_KHZ) > 0) {
		/* No VM-wide query: ask a vCPU, which starts at the VM default. */
		vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
		khz = vcpu_fd < 0 ? -1 : ioctl(vcpu_fd, KVM_GET_TSC_KHZ, 0);
		if (vcpu_fd >= 0)
			close(vcpu_fd);
	} else {
		errno = ENOTTY;
		khz = -1;
	}
	if (khz <= 0)
		whyf(why, len, "KVM_GET_TSC_KHZ: %s", khz < 0 ? strerror(errno) : "returned 0");
	close(vm_fd);
	close(kvm_fd);
	return khz > 0 ? khz : 0;
}

static double per_iter(const uint64_t t[2][LOOP_RUNS], uint32_t iters)
{
	uint64_t best[2] = { UINT64_MAX, UINT64_MAX };
	int i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < LOOP_RUNS; i++)
			if (t[k][i] < best[k])
				best[k] = t[k][i];
	if (best[1] <= best[0] || best[1] == UINT64_MAX)
		return -1;
	return (double)(best[1] - best[0]) / iters;
}

double probe__host_loop(unsigned int iters)
{
	uint64_t t[2][LOOP_RUNS];
	double best = -1, v;
	int rep, i;

	/* A few rounds on the host: it is cheap, and the first may run cold. */
	for (rep = 0; rep < 4; rep++) {
		for (i = 0; i < LOOP_RUNS; i++) {
			t[0][i] = loop_tsc(loop_short(iters));
			t[1][i] = loop_tsc(loop_short(iters) + iters);
		}
		v = per_iter(t, iters);
		if (v > 0 && (best < 0 || v < best))
			best = v;
	}
	return best;
}

/* Exactly LOOP_RUNS non-negative integers: anything else is not a timing. */
static bool tsc_row(json_t *a, uint64_t out[LOOP_RUNS])
{
	size_t i;

	if (!json_is_array(a) || json_array_size(a) != LOOP_RUNS)
		return false;
	for (i = 0; i < LOOP_RUNS; i++) {
		json_t *v = json_array_get(a, i);

		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return false;
		out[i] = json_integer_value(v);
	}
	return true;
}

double probe__guest_loop(const struct probe *p, unsigned int iters, char *why, size_t len)
{
	char n[16], line[2048];
	const char *args[] = { "loop", "--iters", n, NULL };
	uint64_t tsc[2][LOOP_RUNS];
	json_t *doc, *t;
	double v;

	snprintf(n, sizeof(n), "%u", iters);
	doc = runner__call(args, GUEST_TIMEOUT_MS, NULL, NULL, line, sizeof(line));
	if (!doc) {
		whyf(why, len, "guest loop (vpmu-guest loop) failed: %s", line);
		return -1;
	}
	t = json_object_get(doc, "tsc");
	if (!t) {
		const char *w = json_string_value(json_object_get(doc, "why"));

		whyf(why, len, "%s", w ? w : "vpmu-guest loop gave neither timings nor a reason");
		json_decref(doc);
		return -1;
	}
	if (!json_is_array(t) || json_array_size(t) != 2 || !tsc_row(json_array_get(t, 0), tsc[0]) ||
	    !tsc_row(json_array_get(t, 1), tsc[1])) {
		whyf(why, len, "vpmu-guest loop: \"tsc\" is not two arrays of %d integers", LOOP_RUNS);
		json_decref(doc);
		return -1;
	}
	json_decref(doc);
	/* Guest memory is untrusted: per_iter() only compares and subtracts. */
	v = per_iter((const uint64_t (*)[LOOP_RUNS])tsc, iters);
	if (v <= 0)
		whyf(why, len, "guest loop timings not increasing with length (long loop not slower than short)");
	return v;
}
