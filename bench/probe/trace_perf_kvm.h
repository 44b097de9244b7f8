/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference `vpmu-bench trace` compares itself with: the workload run
 * under `perf kvm stat record`, and what `perf kvm stat report` makes of it.
 */
#ifndef VPMU_TRACE_PERF_KVM_H
#define VPMU_TRACE_PERF_KVM_H

#include <stddef.h>

#include <jansson.h>

struct perf_kvm;

/*
 * Find perf on PATH and check that `perf kvm stat record` works here
 * (one record of /bin/true). NULL with @why when it does not. Where
 * tracefs is not mounted, this process gets a private mount of it first
 * (trace_rec__tracefs()), so that perf does not mount it for the host.
 */
struct perf_kvm *perf_kvm__new(int cpu, char *why, size_t len);
/* The command line vpmu-guest runs under (NULL-terminated): perf kvm stat record -- setpriv. */
const char *const *perf_kvm__wrap(const struct perf_kvm *pk);
/* `perf kvm stat report` of the last recording: its text and total, as JSON. */
json_t *perf_kvm__report(struct perf_kvm *pk);
/* Removes the recordings. NULL is a no-op. */
void perf_kvm__free(struct perf_kvm *pk);

#endif
