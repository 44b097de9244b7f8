// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of the probe that talk to /dev/kvm: API version, capabilities,
 * the leaf 0xA KVM would offer a guest, KVM's TSC frequency, and the
 * emulation detector (an exit-free dec/jnz loop timed in a CPL0 guest and
 * on the host).
 *
 * The KVM ioctls of probe__kvm() are raw so that nothing here can exit
 * the process; the guest loop uses the selftests library, whose
 * TEST_ASSERT() exits, so it runs in a forked child and the parent turns
 * any failure into a reason.
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

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"

#include "child.h"
#include "probe.h"
#include "selftest_reason.h"

#define KVM_API_EXPECTED	12
#define LOOP_RUNS		5	/* best of, per loop length */
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

	/* Before any VM of the library: every later VM must get a mode KVM takes. */
	guest_paging__probe(&p->paging, fd);
	guest_paging__apply(&p->paging);

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

void guest_paging__apply(const struct guest_paging *gp)
{
	struct kvm_cpuid2 *c;
	uint32_t i;

	if (gp->decision != PAGING_CLAMPED)
		return;
	/*
	 * The library caches KVM_GET_SUPPORTED_CPUID in a heap buffer and reads
	 * the address widths from it when it sizes a VM's page tables, and
	 * copies it into every vCPU's CPUID: clamping that one copy gives every
	 * later VM 4-level paging and a guest that does not see LA57, without
	 * touching the library's code. The const only says "do not free".
	 */
	c = (struct kvm_cpuid2 *)kvm_get_supported_cpuid();
	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == 0x80000008)
			e->eax = (e->eax & ~0xff00U) | (48U << 8);
		else if (e->function == 7 && e->index == 0)
			e->ecx &= ~(1U << 16);
	}
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

/*
 * The measured region: one asm blob, serialized TSC reads around @n
 * iterations of "dec; jnz" (two instructions per iteration, no memory
 * access, nothing that exits on VMX or SVM). LFENCE before RDTSC waits
 * for earlier instructions; the one after keeps later ones from starting
 * early. Returns elapsed TSC cycles.
 */
static inline __attribute__((always_inline)) uint64_t loop_tsc(uint32_t n)
{
	uint32_t lo0, hi0, lo1, hi1;

	asm volatile("lfence\n\t"
		     "rdtsc\n\t"
		     "lfence\n\t"
		     "mov %%eax, %[lo0]\n\t"
		     "mov %%edx, %[hi0]\n\t"
		     "1: dec %[n]\n\t"
		     "jnz 1b\n\t"
		     "lfence\n\t"
		     "rdtsc\n\t"
		     "lfence\n\t"
		     : "=a"(lo1), "=d"(hi1), [lo0] "=&r"(lo0), [hi0] "=&r"(hi0), [n] "+r"(n)
		     :
		     : "memory", "cc");
	return (((uint64_t)hi1 << 32) | lo1) - (((uint64_t)hi0 << 32) | lo0);
}

/*
 * Per-iteration cost from two loop lengths (short = iters/10, long =
 * short + iters), best of LOOP_RUNS each: the difference cancels the
 * fences, the TSC reads and the loop setup.
 */
static uint32_t loop_short(uint32_t iters)
{
	return iters / 10 ? iters / 10 : 1;
}

/* Written by the guest (its copy of this binary), read by the host. */
static uint64_t guest_tsc[2][LOOP_RUNS];
static uint32_t guest_iters;

static void guest_loop_code(void)
{
	uint32_t n_short = loop_short(guest_iters);
	int i;

	for (i = 0; i < LOOP_RUNS; i++) {
		guest_tsc[0][i] = loop_tsc(n_short);
		guest_tsc[1][i] = loop_tsc(n_short + guest_iters);
	}
	GUEST_DONE();
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

struct guest_loop_msg {
	int ok;
	uint64_t tsc[2][LOOP_RUNS];
	char why[PROBE_WHY];
};

static void guest_loop_child(void *arg, int fd)
{
	unsigned int iters = *(const unsigned int *)arg;
	struct guest_loop_msg msg = { 0 };
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;

	vm = vm_create_with_one_vcpu(&vcpu, guest_loop_code);
	guest_iters = iters;
	sync_global_to_guest(vm, guest_iters);
	vcpu_run(vcpu);
	switch (get_ucall(vcpu, &uc)) {
	case UCALL_DONE:
		sync_global_from_guest(vm, guest_tsc);
		memcpy(msg.tsc, guest_tsc, sizeof(msg.tsc));
		msg.ok = 1;
		break;
	case UCALL_ABORT:
		snprintf(msg.why, sizeof(msg.why), "guest assertion: %.900s",
			 (const char *)uc.buffer);
		break;
	default:
		snprintf(msg.why, sizeof(msg.why), "guest stopped with exit %s instead of a ucall",
			 exit_reason_str(vcpu->run->exit_reason));
	}
	kvm_vm_free(vm);
	if (write(fd, &msg, sizeof(msg)) != sizeof(msg))
		_exit(1);
	_exit(0);
}

double probe__guest_loop(unsigned int iters, char *why, size_t len)
{
	struct guest_loop_msg msg;
	struct child_result r;
	char line[1024];
	double v;

	if (child__run(guest_loop_child, &iters, GUEST_TIMEOUT_MS, NULL, &r)) {
		whyf(why, len, "could not start the guest-loop process: %s", strerror(r.error));
		return -1;
	}
	if (r.timed_out) {
		child_result__free(&r);
		whyf(why, len, "guest loop did not finish within %d s (killed)",
		     GUEST_TIMEOUT_MS / 1000);
		return -1;
	}
	if (r.data_len != sizeof(msg)) {
		selftest_reason(r.log, line, sizeof(line));
		if (!line[0])
			snprintf(line, sizeof(line), "no message");
		if (WIFSIGNALED(r.status))
			whyf(why, len, "guest-loop child killed by signal %d (%s): %s",
			     WTERMSIG(r.status), strsignal(WTERMSIG(r.status)), line);
		else
			whyf(why, len, "guest-loop child exited %d: %s",
			     WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1, line);
		child_result__free(&r);
		return -1;
	}
	memcpy(&msg, r.data, sizeof(msg));
	child_result__free(&r);
	if (!msg.ok) {
		msg.why[sizeof(msg.why) - 1] = '\0';
		whyf(why, len, "%s", msg.why);
		return -1;
	}
	/* Guest memory is untrusted: per_iter() only compares and subtracts. */
	v = per_iter((const uint64_t (*)[LOOP_RUNS])msg.tsc, iters);
	if (v <= 0)
		whyf(why, len, "guest loop timings not increasing with length (long loop not slower than short)");
	return v;
}
