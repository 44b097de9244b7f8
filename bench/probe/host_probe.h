/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filling the host facts of bench/util/probe.h: CPUID, sysfs, perf and
 * raw KVM ioctls. Nothing here links the KVM selftests library; the one
 * guest the probe runs (the emulation detector's loop) runs in vpmu-guest.
 */
#ifndef VPMU_HOST_PROBE_H
#define VPMU_HOST_PROBE_H

#include <stdio.h>

#include "probe.h"

/*
 * Decide modes[] and current_mode from the fields already filled (pure:
 * reads nothing from the host). Exposed so tests can feed it a test
 * double of an SPR or ICX host.
 */
void probe__decide_modes(struct probe *p);
/* Classify p->guest_exec from guest_loop_cycles and host_loop_cycles (pure). */
void probe__classify_exec(struct probe *p);

/* bench/probe/probe_kvm.c: raw KVM ioctls, never the selftests library */
void probe__kvm(struct probe *p);
/* KVM_GET_SUPPORTED_CPUID on @kvm_fd (malloc'd), or NULL with *err set */
struct kvm_cpuid2 *probe__supported_cpuid(int kvm_fd, int *err);
/* KVM's default guest TSC frequency (KVM_GET_TSC_KHZ on a VM), 0 if unknown */
unsigned long probe__kvm_tsc_khz(char *why, size_t len);
/*
 * Per-iteration TSC cycles of the dec/jnz loop, in a CPL0 guest (run by
 * vpmu-guest, @why on failure, returns < 0) and on the host.
 */
double probe__guest_loop(const struct probe *p, unsigned int iters, char *why, size_t len);
double probe__host_loop(unsigned int iters);
/* Ask KVM, on a throwaway VM, which guest paging it accepts (guest_paging.c). */
void guest_paging__probe(struct guest_paging *gp, int kvm_fd);

/*
 * Fill @p. @with_guest_timing runs the emulation-detection guest loop
 * (about a second on an emulating host, milliseconds on hardware).
 * Never fails: every unknown is recorded with its reason.
 */
void probe__fill(struct probe *p, bool with_guest_timing);
/* Printing and serializing: probe__print(), probe__to_json(), probe__to_meta() (probe.h) */

int cmd_probe(int argc, char **argv);

#endif
