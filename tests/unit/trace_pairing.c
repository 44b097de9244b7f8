// SPDX-License-Identifier: GPL-2.0
/*
 * exit_pair (bench/util/exit_pair.c): recorded event sequences, named
 * below as test inputs, with every expected value worked out by hand.
 * The sequences are what `vpmu-bench trace` feeds it: kvm_exit and
 * kvm_entry per vCPU thread in time order, PMU load/put costs, and
 * PERF_RECORD_LOST where the ring buffer dropped records.
 */
#include <math.h>
#include <string.h>

#include "exit_pair.h"
#include "../tap.h"

enum ev_kind { X, E, S, L };	/* exit, entry, PMU switch (cost in t), lost (count in t) */

struct ev {
	enum ev_kind k;
	uint64_t vcpu, t;
	const char *reason;
};

static void play(struct exit_pair *p, const struct ev *ev, size_t n, bool have_switch)
{
	size_t i;

	exit_pair__init(p);
	for (i = 0; i < n; i++) {
		switch (ev[i].k) {
		case X: exit_pair__exit(p, ev[i].vcpu, ev[i].t, ev[i].reason); break;
		case E: exit_pair__entry(p, ev[i].vcpu, ev[i].t); break;
		case S: exit_pair__switch(p, ev[i].vcpu, ev[i].t); break;
		case L: exit_pair__lost(p, ev[i].t); break;
		}
	}
	exit_pair__finish(p, have_switch);
}

static const struct exit_reason_stats *reason(const struct exit_pair *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nr_reasons; i++)
		if (!strcmp(p->reasons[i].name, name))
			return &p->reasons[i];
	return NULL;
}

/* Input 1: one vCPU, CPUID exits of 100, 200, 300, 400, 1000 ns and one HLT of 3000 ns. */
static const struct ev one_vcpu[] = {
	{ X, 7, 1000, "CPUID" }, { E, 7, 1100 },
	{ X, 7, 2000, "CPUID" }, { E, 7, 2200 },
	{ X, 7, 3000, "CPUID" }, { E, 7, 3300 },
	{ X, 7, 4000, "CPUID" }, { E, 7, 4400 },
	{ X, 7, 5000, "CPUID" }, { E, 7, 6000 },
	{ X, 7, 7000, "HLT" },   { E, 7, 10000 },
};

/*
 * Input 2: two vCPUs interleaved (threads 1 and 2), each exit's entry
 * arrives after the other vCPU's events: 1 exits at 0 and enters at 500,
 * 2 exits at 100 and enters at 150, 2 exits again at 200 (MSR_READ) and
 * enters at 260, 1 exits at 600 and enters at 1600.
 */
static const struct ev interleaved[] = {
	{ X, 1, 0, "IO_INSTRUCTION" }, { X, 2, 100, "IO_INSTRUCTION" }, { E, 2, 150 },
	{ X, 2, 200, "MSR_READ" }, { E, 2, 260 }, { E, 1, 500 },
	{ X, 1, 600, "IO_INSTRUCTION" }, { E, 1, 1600 },
};

/*
 * Input 3: unpaired events. An entry first (recording began inside an
 * exit), an exit whose entry is missing (two exits in a row), and an exit
 * still open when the recording ends.
 */
static const struct ev unpaired[] = {
	{ E, 3, 50 },
	{ X, 3, 100, "CPUID" }, { X, 3, 300, "CPUID" }, { E, 3, 350 },
	{ X, 3, 400, "HLT" },
};

/* Input 4: a loss between an exit and its entry: that exit is dropped, not paired. */
static const struct ev lossy[] = {
	{ X, 1, 100, "CPUID" }, { E, 1, 200 },
	{ X, 1, 300, "CPUID" }, { L, 0, 5 }, { E, 1, 900 },
	{ X, 1, 1000, "CPUID" }, { E, 1, 1100 },
};

/* Input 5: mediated PMU put and load (300 + 200 ns) inside one 2000 ns exit of two. */
static const struct ev switched[] = {
	{ S, 4, 999 },			/* a load before the first exit: belongs to no exit */
	{ X, 4, 1000, "EXTERNAL_INTERRUPT" }, { S, 4, 300 }, { S, 4, 200 }, { E, 4, 3000 },
	{ X, 4, 4000, "EXTERNAL_INTERRUPT" }, { E, 4, 6000 },
};

int main(void)
{
	const struct exit_reason_stats *r;
	struct exit_pair p;
	char why[512];

	__T("bucket of 0 ns is 0", exit_pair__bucket(0) == 0);
	__T("bucket of 1 ns is 0", exit_pair__bucket(1) == 0);
	__T("bucket of 2 ns is 1", exit_pair__bucket(2) == 1);
	__T("bucket of 1023 ns is 9", exit_pair__bucket(1023) == 9);
	__T("bucket of 1024 ns is 10", exit_pair__bucket(1024) == 10);
	__T("a huge latency lands in the last bucket",
	    exit_pair__bucket(UINT64_MAX) == EXIT_PAIR_BUCKETS - 1);

	play(&p, one_vcpu, sizeof(one_vcpu) / sizeof(one_vcpu[0]), false);
	r = reason(&p, "CPUID");
	__T("one vCPU: 6 exits, 6 paired, nothing unpaired",
	    p.exits == 6 && p.paired == 6 && !p.unpaired_exits && !p.unpaired_entries);
	__T("one vCPU: two reasons", p.nr_reasons == 2 && r && reason(&p, "HLT"));
	__T("CPUID count 5", r && r->count == 5);
	/* sorted 100 200 300 400 1000: the middle one */
	T_NEAR("CPUID median 300 ns", r ? r->median_ns : NAN, 300, 0);
	/* type 7: h = 4 * 0.99 = 3.96 -> 400 + 0.96 * 600 = 976 */
	T_NEAR("CPUID p99 976 ns", r ? r->p99_ns : NAN, 976, 1e-9);
	T_NEAR("CPUID max 1000 ns", r ? r->max_ns : NAN, 1000, 0);
	/* 2000 of 5000 ns */
	T_NEAR("CPUID time share 0.4", r ? r->time_share : NAN, 0.4, 1e-12);
	T_NEAR("HLT time share 0.6", reason(&p, "HLT")->time_share, 0.6, 1e-12);
	/* 100 -> 6, 200 -> 7, 300 -> 8, 400 -> 8, 1000 -> 9 */
	__T("CPUID histogram: buckets 6, 7, 8, 8, 9",
	    r && r->hist[6] == 1 && r->hist[7] == 1 && r->hist[8] == 2 && r->hist[9] == 1 &&
	    r->hist[5] == 0 && r->hist[10] == 0);
	__T("no PMU tracepoints: switch share unknown (NAN), not 0", r && isnan(r->switch_share));
	__T("verdict ok", exit_pair__verdict(&p, 6, "test", why, sizeof(why)) == TRACE_OK);
	exit_pair__free(&p);

	play(&p, interleaved, sizeof(interleaved) / sizeof(interleaved[0]), false);
	r = reason(&p, "IO_INSTRUCTION");
	__T("interleaved: 4 exits paired per vCPU, none unpaired",
	    p.paired == 4 && !p.unpaired_exits && !p.unpaired_entries && p.nr_vcpus == 2);
	/* vCPU 1: 500 and 1000 ns; vCPU 2: 50 ns */
	__T("interleaved: IO_INSTRUCTION 3 exits", r && r->count == 3);
	T_NEAR("interleaved: IO_INSTRUCTION median 500 ns (50, 500, 1000)", r ? r->median_ns : NAN,
	       500, 0);
	T_NEAR("interleaved: MSR_READ 60 ns", reason(&p, "MSR_READ")->median_ns, 60, 0);
	exit_pair__free(&p);

	play(&p, unpaired, sizeof(unpaired) / sizeof(unpaired[0]), false);
	__T("unpaired: 1 entry without an exit", p.unpaired_entries == 1);
	__T("unpaired: 2 exits without an entry (one overtaken, one open at the end)",
	    p.unpaired_exits == 2);
	__T("unpaired: only the exit at 300 is paired, 50 ns", p.paired == 1 &&
	    reason(&p, "CPUID")->count == 1 && reason(&p, "CPUID")->max_ns == 50);
	__T("unpaired: HLT seen but never paired", reason(&p, "HLT") &&
	    reason(&p, "HLT")->count == 0 && isnan(reason(&p, "HLT")->median_ns));
	exit_pair__free(&p);

	play(&p, lossy, sizeof(lossy) / sizeof(lossy[0]), false);
	__T("lossy: 5 records lost", p.lost == 5);
	__T("lossy: the exit open at the loss is dropped, the entry after it unpaired",
	    p.paired == 2 && p.unpaired_exits == 1 && p.unpaired_entries == 1);
	__T("lossy: no 600 ns latency invented across the loss",
	    reason(&p, "CPUID")->max_ns == 100);
	__T("lossy: verdict lossy, never used",
	    exit_pair__verdict(&p, 3, "test", why, sizeof(why)) == TRACE_LOSSY &&
	    strstr(why, "5 trace records were lost"));
	exit_pair__free(&p);

	play(&p, switched, sizeof(switched) / sizeof(switched[0]), true);
	r = reason(&p, "EXTERNAL_INTERRUPT");
	__T("switch: 3 switch events seen", p.switches == 3);
	__T("switch: one of two exits paid the PMU switch", r && r->switched == 1);
	/* 500 ns of switching in 4000 ns of exits */
	T_NEAR("switch: PMU-switch share 0.125", r ? r->switch_share : NAN, 0.125, 1e-12);
	exit_pair__free(&p);

	/* Input 6: nothing recorded while the guest exited 42 times (this host). */
	exit_pair__init(&p);
	exit_pair__finish(&p, false);
	__T("no kvm_exit while the guest exited: unsupported host, not 0 exits",
	    exit_pair__verdict(&p, 42, "42 kvm_userspace_exit events", why, sizeof(why)) ==
	    TRACE_UNSUPPORTED && strstr(why, "unsupported host") &&
	    strstr(why, "exited 42 times"));
	__T("no exit from any source: no-exits, not unsupported",
	    exit_pair__verdict(&p, 0, "kvm_userspace_exit", why, sizeof(why)) == TRACE_NO_EXITS);
	exit_pair__free(&p);

	return tap_done();
}
