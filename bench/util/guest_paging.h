/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which guest paging mode this host's KVM really accepts.
 *
 * The KVM selftests library picks 5-level paging whenever
 * KVM_GET_SUPPORTED_CPUID reports a 57-bit virtual address width
 * (0x80000008.EAX[15:8]). Some hosts advertise that width and LA57 yet
 * reject CR4.LA57 in KVM_SET_SREGS (nested kvm_pvm on Intel: EINVAL), and
 * then every VM of the library dies in its first vCPU set-up. Before the
 * first VM we ask KVM itself, on a throwaway VM and vCPU, whether it takes
 * the CR4 the library would use; if it takes only 4-level paging, the
 * library's view of the supported CPUID is clamped to 48-bit virtual
 * addresses without LA57 for the rest of the process (and its children).
 * Nothing is changed on hosts where the advertised mode works.
 */
#ifndef VPMU_GUEST_PAGING_H
#define VPMU_GUEST_PAGING_H

#include <stdbool.h>
#include <stddef.h>

enum paging_decision {
	PAGING_UNKNOWN,		/* not probed: why says so */
	PAGING_AS_ADVERTISED,	/* the library's choice works as it is */
	PAGING_CLAMPED,		/* 4-level, advertised width clamped to 48 bits */
	PAGING_UNUSABLE,	/* KVM takes neither: no VM of the library can run */
};

/* Outcome of one KVM_SET_SREGS attempt: 0 = accepted, errno, or -1 = not tried. */
#define PAGING_NOT_TRIED (-1)

struct guest_paging {
	enum paging_decision decision;
	unsigned int levels;		/* 4 or 5 in use; 0 when unusable/unknown */
	unsigned int advertised_va_bits;	/* 0x80000008.EAX[15:8], 0 if absent */
	bool advertised_la57;		/* CPUID.(7,0).ECX[16] in the supported CPUID */
	int err_5level;			/* KVM_SET_SREGS with CR4.LA57 */
	int err_4level;			/* KVM_SET_SREGS without it */
	char why[512];			/* the probe line, e.g. "4-level (KVM advertises LA57 but rejects CR4.LA57)" */
};

/*
 * The decision from what KVM advertised and how KVM_SET_SREGS answered
 * (pure, so tests feed it recorded outcomes). @err5/@err4: 0, an errno, or
 * PAGING_NOT_TRIED.
 */
void guest_paging__decide(struct guest_paging *gp, unsigned int va_bits, bool la57,
			  int err5, int err4);

/*
 * guest_paging__probe() asks KVM (raw ioctls, bench/probe/guest_paging.c);
 * guest_paging__apply() makes every later VM of a process use the decision
 * (guest-workloads/paging.c): the model here is shared by both layers.
 */

/*
 * {"levels": 4, "decision": "clamped-4-level", "advertised_va_bits": 57,
 *  "advertised_la57": true, "set_sregs_5level": "Invalid argument",
 *  "set_sregs_4level": "ok", "why": "..."} (probe --json, result meta)
 */
struct json_t *guest_paging__to_json(const struct guest_paging *gp);

/* "as-advertised", "clamped-4-level", "unusable", "unknown" (JSON) */
const char *guest_paging__name(enum paging_decision d);

#endif
