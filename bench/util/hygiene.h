/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host hygiene: the host settings and activity that skew a benchmark
 * without failing it (frequency governor, turbo, a busy SMT sibling, the
 * NMI watchdog's counter, perf_event_paranoid, other VMs, interrupts on
 * the measured CPU). This is the model: the facts, which of them warrant
 * a warning and its fix, and their text and JSON forms. Reading them
 * from /sys and /proc is bench/probe/hygiene_read.c. Every fact is
 * either known or unknown with its reason; nothing is defaulted.
 */
#ifndef VPMU_HYGIENE_H
#define VPMU_HYGIENE_H

#include <stdbool.h>
#include <stdio.h>

#define HYG_WHY		1024
#define HYG_TEXT	256

/* Busy share of the SMT sibling above which the run is flagged (percent). */
#define HYG_SIBLING_BUSY_PCT	5.0
/*
 * Interrupts per second on the measured CPU above which it is flagged:
 * a loaded CPU takes HZ (at most 1000) timer ticks a second, so more than
 * that means device or IPI interrupts landed on it. A run shorter than
 * a second is allowed a second's worth.
 */
#define HYG_IRQ_RATE		1000.0

enum hyg_fact {
	HYG_GOVERNOR,		/* cpufreq scaling_governor of the measured CPU(s) */
	HYG_TURBO,		/* intel_pstate/no_turbo or cpufreq/boost */
	HYG_NMI_WATCHDOG,	/* /proc/sys/kernel/nmi_watchdog */
	HYG_PARANOID,		/* /proc/sys/kernel/perf_event_paranoid */
	HYG_OTHER_VMS,		/* processes holding a KVM VM fd, not ours */
	HYG_SMT_SIBLING,	/* busy share of the measured CPU's sibling during the run */
	HYG_CPU_IRQS,		/* interrupts on the measured CPU during the run */
	NR_HYG_FACTS,
};

/* The first fact measured over the run window (before/after deltas). */
#define HYG_FIRST_WINDOW	HYG_SMT_SIBLING

struct hyg_value {
	bool known;
	char text[HYG_TEXT];		/* the value as text: "performance", "1", "2 (pids 4 7)" */
	double num;			/* the number behind it (NAN: none) */
	char why[HYG_WHY];		/* unknown: why; known: where it was read */
	char warning[HYG_WHY];		/* "" = does not skew numbers */
	char fix[HYG_WHY];		/* what to do about the warning */
};

/* Raw counters at one instant (hygiene_read.c fills them). */
struct hyg_counters {
	bool sib_ok;
	unsigned long long sib_busy, sib_total;	/* /proc/stat jiffies of the sibling */
	char sib_why[HYG_WHY];
	bool irq_ok;
	unsigned long long irqs;
	char irq_why[HYG_WHY];
	double t;			/* CLOCK_MONOTONIC, s */
};

struct hygiene {
	int cpu;			/* the measured CPU, -1: not pinned */
	int sibling;			/* its SMT sibling, -1: none or unknown */
	bool no_sibling;		/* known: the measured CPU has no SMT sibling */
	char sibling_why[HYG_WHY];	/* why sibling is -1 */
	bool all_cpus_irqs;		/* irqs of every CPU: not pinned, or no CPU column */
	char irq_source[128];		/* "/proc/interrupts CPU3 column", "/proc/stat intr" */
	bool euid_root;			/* perf_event_paranoid does not apply to root */
	bool no_host_pmu;		/* the caller's probe found no PMU: the watchdog holds none */
	bool vms_grew;			/* more other VMs at the end than at the start */
	struct hyg_counters start, end;
	bool window_done;		/* end taken and window facts decided */
	char pending_why[160];		/* why the window facts are unknown before that */
	struct hyg_value v[NR_HYG_FACTS];
};

/* JSON key of a fact in meta.hygiene ("cpu_governor", ...). */
const char *hygiene__key(enum hyg_fact f);
/* Its label in `vpmu-bench probe` text ("CPU frequency governor", ...). */
const char *hygiene__label(enum hyg_fact f);

/* Set a fact known/unknown; the *why and *text are printf formats. */
void hyg__known(struct hyg_value *v, double num, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void hyg__unknown(struct hyg_value *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Decide every warning and fix from the values (pure: reads nothing).
 * Window facts are decided from start/end when window_done, else they
 * are unknown with the reason that no end snapshot was taken.
 */
void hygiene__judge(struct hygiene *h);
/* The window facts from h->start and h->end (pure), then hygiene__judge(). */
void hygiene__window(struct hygiene *h);

/* Number of facts with a warning. */
unsigned int hygiene__nr_warnings(const struct hygiene *h);
/*
 * One line per warning: "vpmu-bench CMD: warning: WARNING; fix: FIX". The
 * settings' (@window false, at the start), or the window facts' and
 * other_vms' if more VMs were found at the end (@window true).
 */
void hygiene__print_warnings(const struct hygiene *h, const char *cmd, bool window, FILE *f);

struct json_t;
/*
 * meta.hygiene (bench/result-schema.md): {"measured_cpu", KEY: {"value",
 * "why", "warning", "fix"}, ...}. Window facts before the end snapshot
 * are unknown with their reason.
 */
struct json_t *hygiene__to_json(const struct hygiene *h);
/* Aligned "  Label: value" lines (`vpmu-bench probe`), @window: the run facts too. */
void hygiene__print(const struct hygiene *h, FILE *f, bool window);

#endif
