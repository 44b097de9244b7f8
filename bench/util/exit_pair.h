/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pairing of host trace events into VM-exit latencies, per vCPU and per
 * exit reason: the arithmetic of `vpmu-bench trace`, kept free of perf
 * and tracefs so that recorded event sequences can test it.
 *
 * Feed events in time order: exit_pair__exit() at kvm:kvm_exit,
 * exit_pair__entry() at kvm:kvm_entry, exit_pair__switch() for each
 * mediated-PMU load/put inside an exit, exit_pair__lost() where the ring
 * buffer dropped records. An exit is paired with the next entry of the
 * same vCPU; what cannot be paired is counted, never guessed.
 */
#ifndef VPMU_EXIT_PAIR_H
#define VPMU_EXIT_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bucket 0 holds [0, 2) ns, bucket b >= 1 holds [2^b, 2^(b+1)) ns. */
#define EXIT_PAIR_BUCKETS	40
#define EXIT_PAIR_REASON_LEN	48

struct exit_reason_stats {
	char name[EXIT_PAIR_REASON_LEN];	/* from the tracepoint's print format */
	uint64_t count;				/* paired exits */
	uint64_t hist[EXIT_PAIR_BUCKETS];	/* log2-ns histogram of their latency */
	uint64_t *ns;				/* every latency, sorted by finish() */
	size_t cap;
	uint64_t total_ns;
	uint64_t switch_ns;			/* PMU load/put time inside these exits */
	uint64_t switched;			/* exits that paid a PMU switch */
	/* set by exit_pair__finish() */
	double median_ns, p99_ns, max_ns;
	double time_share;			/* total_ns / all paired exit time */
	double switch_share;			/* switch_ns / total_ns; NAN: no tracepoints */
};

struct exit_pair_vcpu {
	uint64_t key;				/* vCPU thread id (or any unique key) */
	bool open;				/* an exit waits for its entry */
	size_t reason;
	uint64_t t_exit, switch_ns;
	bool switched;
};

struct exit_pair {
	struct exit_reason_stats *reasons;
	size_t nr_reasons;
	struct exit_pair_vcpu *vcpus;
	size_t nr_vcpus;
	uint64_t exits, entries, paired;
	/* an exit followed by another exit, cut by a loss, or open at the end */
	uint64_t unpaired_exits;
	/* an entry with no exit before it (the recording began inside an exit) */
	uint64_t unpaired_entries;
	uint64_t backwards;		/* entry timestamp before its exit: dropped */
	uint64_t lost;			/* records the kernel reported lost */
	uint64_t switches;		/* PMU load/put events seen */
	uint64_t total_ns;		/* sum of every paired latency */
};

void exit_pair__init(struct exit_pair *p);
void exit_pair__exit(struct exit_pair *p, uint64_t vcpu, uint64_t t_ns, const char *reason);
void exit_pair__entry(struct exit_pair *p, uint64_t vcpu, uint64_t t_ns);
/* A PMU context load or put of @cost_ns on @vcpu (counted in its open exit, if any). */
void exit_pair__switch(struct exit_pair *p, uint64_t vcpu, uint64_t cost_ns);
/* @n records lost: every open exit is dropped (its entry may be among them). */
void exit_pair__lost(struct exit_pair *p, uint64_t n);
/*
 * Close the sequence: open exits count as unpaired; per reason the
 * median/p99/max, time share and (when @have_switch) the PMU-switch share.
 */
void exit_pair__finish(struct exit_pair *p, bool have_switch);
void exit_pair__free(struct exit_pair *p);

/*
 * The exit reason in a kvm_exit record as its own print format renders it
 * ("vcpu 0 reason CPUID rip 0x..." under VMX, "... reason cpuid rip ..."
 * under SVM): the text between "reason " and " rip ", or the word after
 * "reason " in other layouts; "unknown" when there is none.
 */
void exit_pair__reason_name(const char *info, char *buf, size_t len);

/* Histogram bucket of a latency in ns. */
unsigned int exit_pair__bucket(uint64_t ns);

enum trace_verdict {
	TRACE_OK,		/* exits paired, nothing lost */
	TRACE_LOSSY,		/* records were lost: statistics incomplete, not to be used */
	TRACE_UNSUPPORTED,	/* the guest exited but kvm_exit never fired */
	TRACE_NO_EXITS,		/* no source saw an exit: nothing to say */
};

/*
 * What a recording can be used for. @guest_exits: exits the guest made by
 * a source other than kvm_exit (kvm_userspace_exit events, KVM's vCPU
 * stats), the larger of them, and @source names where that count comes
 * from. @why gets one line when not TRACE_OK.
 */
enum trace_verdict exit_pair__verdict(const struct exit_pair *p, uint64_t guest_exits,
				      const char *source, char *why, size_t len);
const char *trace_verdict_name(enum trace_verdict v);

#endif
