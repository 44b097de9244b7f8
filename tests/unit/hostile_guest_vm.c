// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile guests (test doubles: guest code that only this test runs).
 * Each one goes through the real host side of a row, harness__run_batches(),
 * in a child with a deadline, the way vpmu-guest runs a row, and each must
 * end as a recorded failure with a reason, without the host reading
 * outside guest memory:
 *   - a forged ucall address (a host pointer of ours, and garbage),
 *   - an impossible sample (2^63 cycles),
 *   - a triple fault,
 *   - a guest that spins forever,
 *   - a flood of ucalls out of protocol order.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"

#include "child.h"
#include "harness.h"
#include "host_probe.h"
#include "../tap.h"

/* A host secret the forged ucall points at: it must never reach a reason. */
static char host_secret[1024] = "HOST-SECRET-do-not-copy";
static uint64_t forged_addr;

#define UCALL_PORT "0x1000"

/* Every "batch" below is the guest side of a hostile row. */
static uint64_t forged_ucall(uint64_t arg, uint64_t arg2)
{
	asm volatile("out %%al, %%dx" : : "a"(0), "d"(0x1000), "D"(forged_addr) : "memory");
	return 1;
}

static uint64_t garbage_ucall(uint64_t arg, uint64_t arg2)
{
	asm volatile("out %%al, %%dx" : : "a"(0), "d"(0x1000), "D"(0xdead0000beefULL) : "memory");
	return 1;
}

static uint64_t huge_sample(uint64_t arg, uint64_t arg2)
{
	return 1ULL << 63;
}

static uint64_t triple_fault(uint64_t arg, uint64_t arg2)
{
	/* An empty IDT and a fault: the CPU (or KVM's emulator) shuts down. */
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };

	asm volatile("lidt %0\n\tud2" : : "m"(none));
	return 1;
}

static uint64_t spin(uint64_t arg, uint64_t arg2)
{
	for (;;)
		asm volatile("pause");
	return 1;
}

static uint64_t flood(uint64_t arg, uint64_t arg2)
{
	int i;

	for (i = 0; i < 100000; i++)
		GUEST_SYNC3(0x5a03, 123456789, 42);
	return 1;
}

static uint64_t calm(uint64_t arg, uint64_t arg2)
{
	return 1;
}

struct hostile {
	const char *what;
	guest_batch_fn batch;
	const char *want;	/* in the reason */
};

static struct probe p;

static void run_hostile(void *arg, int fd)
{
	const struct hostile *h = arg;
	struct workload_out out = { 0 };
	struct workload_args a = { .reps = 3, .cpu = -1, .guest_gp_counters = -1,
				   .mode = p.current_mode, .probe = &p };
	struct batch_desc d = { .batch = h->batch, .calib = calm };
	int rc;

	forged_addr = (uint64_t)host_secret;
	rc = harness__run_batches(&a, &d, &out);
	dprintf(fd, "%d|%s", rc, out.note);
}

static const struct hostile hostiles[] = {
	{ "forged ucall address (a host pointer)", forged_ucall, "outside guest memory" },
	{ "forged ucall address (garbage)", garbage_ucall, "outside guest memory" },
	{ "impossible sample of 2^63 cycles", huge_sample, "impossible value" },
	{ "triple fault", triple_fault, "" },
	{ "ucall flood out of protocol order", flood, "protocol error" },
	{ "spins forever", spin, NULL },
	{ NULL },
};

int main(void)
{
	const struct hostile *h;
	char dec[32], hex[32];

	snprintf(dec, sizeof(dec), "%llu", (unsigned long long)(uintptr_t)host_secret);
	snprintf(hex, sizeof(hex), "%llx", (unsigned long long)(uintptr_t)host_secret);
	if (access("/dev/kvm", R_OK | W_OK)) {
		T_SKIP("hostile guests", "/dev/kvm not usable");
		return tap_done();
	}
	probe__kvm(&p);
	guest_paging__apply(&p.paging);

	for (h = hostiles; h->what; h++) {
		struct child_result r;
		int rc = -1;

		/* 5 s: every guest here ends at once except the spinner */
		if (child__run(run_hostile, (void *)h, 5000, NULL, &r)) {
			T_OK(0, "%s: could not start", h->what);
			continue;
		}
		if (r.log_len && getenv("HOSTILE_LOG"))
			printf("# log: %s\n", r.log);
		if (!h->want) {
			T_OK(r.timed_out, "%s: killed at its deadline (timed out: %d)", h->what,
			     r.timed_out);
			child_result__free(&r);
			continue;
		}
		if (r.data)
			sscanf(r.data, "%d|", &rc);
		T_OK(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		     "%s: the host side survived (status %#x)", h->what, r.status);
		T_OK(rc == KSFT_FAIL, "%s: recorded as a failure (rc %d)", h->what, rc);
		T_OK(r.data && strstr(r.data, h->want) && strchr(r.data, '|')[1],
		     "%s: the reason says so: '%s'", h->what, r.data ? strchr(r.data, '|') + 1 : "");
		T_OK(!r.data || (!strstr(r.data, "HOST-SECRET") && !strstr(r.data, dec) &&
				 !strstr(r.data, hex)),
		     "%s: nothing of host memory or a host address in the reason", h->what);
		child_result__free(&r);
	}
	return tap_done();
}
