// SPDX-License-Identifier: GPL-2.0
/*
 * trace_rec (bench/probe/trace_rec.c) on real tracepoints of this host:
 * kvm_exit never fires on the nested build machines, so the recorder is
 * checked with syscalls:sys_enter_getppid/sys_exit_getppid, which fire
 * everywhere. A forked child (as vpmu-guest is) calls getppid() a known
 * number of times on the traced CPU; every call must be recorded, in
 * order, for that child only, with fields read by libtraceevent from the
 * format files. Skips with the reason where tracepoints cannot be opened.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit_pair.h"
#include "trace_rec.h"
#include "../tap.h"

#define CALLS 2000
#define BURST 200000

/*
 * A one-page ring buffer and a burst of calls: records may be lost. Every
 * call must then be either recorded or counted in a PERF_RECORD_LOST,
 * and a pairing fed the losses must be marked lossy, never ok.
 */
static void burst(const char *dir, const char *const *names, const bool *optional, int cpu)
{
	unsigned long long recorded = 0, lost = 0;
	const struct trace_ev *ev;
	struct trace_rec *r;
	struct exit_pair p;
	char why[4096];
	size_t n, i;
	pid_t child;
	int st;

	r = trace_rec__open(dir, names, optional, 2, cpu, 1, why, sizeof(why));
	if (!r || trace_rec__start(r, why, sizeof(why))) {
		T_SKIP("burst into a one-page buffer", why);
		trace_rec__close(r);
		return;
	}
	child = fork();
	if (!child) {
		for (i = 0; i < BURST; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	waitpid(child, &st, 0);
	trace_rec__stop(r);
	n = trace_rec__events(r, &ev);
	exit_pair__init(&p);
	for (i = 0; i < n; i++) {
		if (ev[i].idx < 0) {
			lost += ev[i].lost;
			exit_pair__lost(&p, ev[i].lost);
		} else if (ev[i].tid == (uint32_t)child) {
			recorded++;
			if (ev[i].idx == 0)
				exit_pair__exit(&p, ev[i].tid, ev[i].time_ns, "getppid");
			else
				exit_pair__entry(&p, ev[i].tid, ev[i].time_ns);
		}
	}
	exit_pair__finish(&p, false);
	T_OK(recorded + lost == 2 * BURST,
	     "burst: every record kept or counted lost: %llu kept + %llu lost = %d",
	     recorded, lost, 2 * BURST);
	if (lost)
		T_OK(exit_pair__verdict(&p, 1, "test", why, sizeof(why)) == TRACE_LOSSY,
		     "burst: %llu lost records make the pairing lossy", lost);
	else
		T_SKIP("burst: lost records make the pairing lossy",
		       "the reader kept up with a one-page buffer this time");
	exit_pair__free(&p);
	trace_rec__close(r);
}

int main(void)
{
	const char *names[] = { "syscalls:sys_enter_getppid", "syscalls:sys_exit_getppid",
				"kvm:no_such_tracepoint" };
	const bool optional[] = { false, false, true };
	char dir[4096], note[512], why[4096], info[256];
	unsigned long long v;
	const struct trace_ev *ev;
	size_t n, i, enters = 0, exits = 0, bad_field = 0, others = 0;
	struct trace_rec *r;
	struct exit_pair p;
	bool ordered = true;
	cpu_set_t set;
	int cpu = 0, st;
	pid_t child;

	if (trace_rec__tracefs(dir, sizeof(dir), note, sizeof(note), why, sizeof(why))) {
		T_SKIP("tracepoint recording", why);
		return tap_done();
	}
	/* Only this test process is pinned: the child inherits it. */
	sched_getaffinity(0, sizeof(set), &set);
	while (!CPU_ISSET(cpu, &set))
		cpu++;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);

	r = trace_rec__open(dir, names, optional, 3, cpu, 64, why, sizeof(why));
	if (!r) {
		T_SKIP("tracepoint recording", why);
		return tap_done();
	}
	__T("the absent optional tracepoint is left out, the others are there",
	    trace_rec__has(r, 0) && trace_rec__has(r, 1) && !trace_rec__has(r, 2));
	/* getppid() in this process before start and after stop: not recorded */
	syscall(SYS_getppid);
	__T("start", !trace_rec__start(r, why, sizeof(why)));
	child = fork();
	if (!child) {
		for (i = 0; i < CALLS; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	waitpid(child, &st, 0);
	trace_rec__stop(r);
	syscall(SYS_getppid);

	n = trace_rec__events(r, &ev);
	exit_pair__init(&p);
	for (i = 0; i < n; i++) {
		if (i && ev[i].time_ns < ev[i - 1].time_ns)
			ordered = false;
		if (ev[i].idx < 0 || ev[i].tid != (uint32_t)child) {
			others++;
			continue;
		}
		if (ev[i].idx == 0) {
			enters++;
			if (trace_rec__field(r, &ev[i], "__syscall_nr", &v) || v != SYS_getppid)
				bad_field++;
			exit_pair__exit(&p, ev[i].tid, ev[i].time_ns, "getppid");
		} else {
			exits++;
			/* the child's parent is this process */
			if (trace_rec__field(r, &ev[i], "ret", &v) ||
			    v != (unsigned long long)getpid())
				bad_field++;
			exit_pair__entry(&p, ev[i].tid, ev[i].time_ns);
		}
	}
	exit_pair__finish(&p, false);
	T_OK(enters == CALLS && exits == CALLS, "every call of the child recorded: %zu enters, %zu exits (want %d)",
	     enters, exits, CALLS);
	T_OK(!others, "nothing but the child's getppid recorded (%zu others, losses included)",
	     others);
	__T("records in time order", ordered);
	T_OK(!bad_field, "__syscall_nr and ret read by libtraceevent match (%zu wrong)", bad_field);
	__T("every enter pairs with its exit", p.paired == CALLS && !p.unpaired_exits &&
	    !p.unpaired_entries && !p.lost);
	for (i = 0; i < n && (ev[i].idx != 1 || ev[i].tid != (uint32_t)child); i++)
		;
	if (i < n)
		trace_rec__info(r, &ev[i], info, sizeof(info));
	T_OK(i < n && !strncmp(info, "0x", 2) &&
	     strtoull(info, NULL, 16) == (unsigned long long)getpid(),
	     "sys_exit printed by its print format (\"0x%%lx\" of ret): '%s'", i < n ? info : "");
	trace_rec__clear(r);
	__T("clear forgets the records", trace_rec__events(r, &ev) == 0);
	exit_pair__free(&p);
	trace_rec__close(r);
	burst(dir, names, optional, cpu);
	return tap_done();
}
