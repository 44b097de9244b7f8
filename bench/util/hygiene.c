// SPDX-License-Identifier: GPL-2.0
/*
 * Host hygiene, the model (hygiene.h): which facts skew numbers, the
 * warning and the fix for each, and their JSON and text forms. Nothing
 * here reads the host, so tests can judge any recorded host.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "hygiene.h"

static const struct {
	const char *key, *label, *unit;
} facts[NR_HYG_FACTS] = {
	[HYG_GOVERNOR] = { "cpu_governor", "CPU frequency governor", NULL },
	[HYG_TURBO] = { "turbo", "Turbo/boost", NULL },
	[HYG_NMI_WATCHDOG] = { "nmi_watchdog", "NMI watchdog", NULL },
	[HYG_PARANOID] = { "perf_event_paranoid", "perf_event_paranoid", NULL },
	[HYG_OTHER_VMS] = { "other_vms", "Other VMs running", "processes" },
	[HYG_SMT_SIBLING] = { "smt_sibling_busy", "SMT sibling busy", "percent" },
	[HYG_CPU_IRQS] = { "cpu_interrupts", "Interrupts on measured CPU", "interrupts" },
};

const char *hygiene__key(enum hyg_fact f)
{
	return f < NR_HYG_FACTS ? facts[f].key : "invalid";
}

const char *hygiene__label(enum hyg_fact f)
{
	return f < NR_HYG_FACTS ? facts[f].label : "invalid";
}

void hyg__known(struct hyg_value *v, double num, const char *fmt, ...)
{
	va_list ap;

	v->known = true;
	v->num = num;
	v->why[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(v->text, sizeof(v->text), fmt, ap);
	va_end(ap);
}

void hyg__unknown(struct hyg_value *v, const char *fmt, ...)
{
	va_list ap;

	v->known = false;
	v->num = NAN;
	v->text[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
}

static void warn(struct hyg_value *v, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(struct hyg_value *v, const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->warning, sizeof(v->warning), fmt, ap);
	va_end(ap);
	snprintf(v->fix, sizeof(v->fix), "%s", fix);
}

static void cpu_name(const struct hygiene *h, char *buf, size_t len)
{
	if (h->cpu >= 0)
		snprintf(buf, len, "cpu%d", h->cpu);
	else
		snprintf(buf, len, "the CPUs (run not pinned)");
}

void hygiene__judge(struct hygiene *h)
{
	struct hyg_value *v;
	char cpu[48], fix[HYG_WHY];
	unsigned int i;

	for (i = 0; i < NR_HYG_FACTS; i++)
		h->v[i].warning[0] = h->v[i].fix[0] = '\0';
	cpu_name(h, cpu, sizeof(cpu));

	v = &h->v[HYG_GOVERNOR];
	if (v->known && strcmp(v->text, "performance")) {
		if (h->cpu >= 0)
			snprintf(fix, sizeof(fix),
				 "cpupower -c %d frequency-set -g performance (or echo performance > /sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor)",
				 h->cpu, h->cpu);
		else
			snprintf(fix, sizeof(fix),
				 "cpupower frequency-set -g performance (or echo performance | tee /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor)");
		warn(v, fix, "CPU frequency governor of %s is %s, not performance: the clock follows the load, so the time of a fixed amount of work varies between runs",
		     cpu, v->text);
	}
	v = &h->v[HYG_TURBO];
	if (v->known && v->num > 0)
		warn(v, "echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo (intel_pstate) or echo 0 > /sys/devices/system/cpu/cpufreq/boost",
		     "turbo/boost is on: the core clock changes with load and temperature while the TSC does not, so TSC cycles per operation vary");
	v = &h->v[HYG_NMI_WATCHDOG];
	if (v->known && v->num > 0 && h->no_host_pmu)
		snprintf(v->text, sizeof(v->text), "%.0f (holds no counter: this host has no PMU)",
			 v->num);
	else if (v->known && v->num > 0)
		warn(v, "sysctl kernel.nmi_watchdog=0 for the run (set it back to 1 afterwards)",
		     "the NMI watchdog is on: where the host has a PMU it holds a pinned cycles event on one counter of every CPU, one counter fewer for guests and host counts");
	v = &h->v[HYG_PARANOID];
	if (v->known && v->num > 1 && !h->euid_root)
		warn(v, "run as root, or sysctl kernel.perf_event_paranoid=1 for the run",
		     "perf_event_paranoid=%.0f and not root: host-side perf counts see user space only and kernel or CPU-wide events are refused",
		     v->num);
	v = &h->v[HYG_OTHER_VMS];
	if (v->known && v->num > 0) {
		snprintf(fix, sizeof(fix), "stop them, or keep their threads off %s (taskset)", cpu);
		/* the text names them: "2 (pids 411 598)" */
		warn(v, fix, "other VM processes running: %s; their vCPUs and exits compete for CPUs and caches",
		     v->text);
	}
	v = &h->v[HYG_SMT_SIBLING];
	if (v->known && h->sibling >= 0 && v->num > HYG_SIBLING_BUSY_PCT) {
		snprintf(fix, sizeof(fix),
			 "keep other work off cpu%d (taskset, isolcpus=) or take it offline for the run: echo 0 > /sys/devices/system/cpu/cpu%d/online",
			 h->sibling, h->sibling);
		warn(v, fix, "SMT sibling cpu%d of %s was busy %.1f %% of the run (> %.0f %%): it shares the core's execution units and caches",
		     h->sibling, cpu, v->num, HYG_SIBLING_BUSY_PCT);
	}
	v = &h->v[HYG_CPU_IRQS];
	if (v->known && !h->all_cpus_irqs) {
		double s = h->end.t - h->start.t;

		/* a run shorter than a second is held to a second's worth of ticks */
		if (v->num > HYG_IRQ_RATE * fmax(s, 1.0)) {
			snprintf(fix, sizeof(fix),
				 "steer device interrupts away from cpu%d (/proc/irq/N/smp_affinity_list, irqbalance --banirq) or boot with isolcpus=%d nohz_full=%d",
				 h->cpu, h->cpu, h->cpu);
			warn(v, fix, "%s took %.0f interrupts in %.2f s (more than the %.0f/s a timer tick gives): each is time the measurement did not ask for",
			     cpu, v->num, s, HYG_IRQ_RATE);
		}
	}
}

void hygiene__window(struct hygiene *h)
{
	struct hyg_value *sib = &h->v[HYG_SMT_SIBLING], *irq = &h->v[HYG_CPU_IRQS];
	double s = h->end.t - h->start.t;

	h->window_done = true;
	if (h->cpu < 0) {
		hyg__unknown(sib, "the run was not pinned (--cpu N): there is no one measured CPU whose sibling could be watched");
	} else if (h->no_sibling) {
		hyg__known(sib, 0, "no sibling (cpu%d has no SMT sibling online)", h->cpu);
		snprintf(sib->why, sizeof(sib->why), "thread_siblings_list of cpu%d", h->cpu);
	} else if (h->sibling < 0) {
		hyg__unknown(sib, "%s", h->sibling_why);
	} else if (!h->start.sib_ok || !h->end.sib_ok) {
		hyg__unknown(sib, "%s", !h->start.sib_ok ? h->start.sib_why : h->end.sib_why);
	} else if (h->end.sib_total <= h->start.sib_total) {
		hyg__unknown(sib, "no clock tick of cpu%d in the %.3f s run: too short to tell",
			     h->sibling, s);
	} else {
		double pct = 100.0 * (double)(h->end.sib_busy - h->start.sib_busy) /
			     (double)(h->end.sib_total - h->start.sib_total);

		hyg__known(sib, pct, "cpu%d %.1f %% busy", h->sibling, pct);
		snprintf(sib->why, sizeof(sib->why), "/proc/stat cpu%d jiffies over the run",
			 h->sibling);
	}
	if (!h->start.irq_ok || !h->end.irq_ok) {
		hyg__unknown(irq, "%s", !h->start.irq_ok ? h->start.irq_why : h->end.irq_why);
	} else {
		unsigned long long d = h->end.irqs - h->start.irqs;

		hyg__known(irq, (double)d, "%llu in %.2f s%s", d, s,
			   h->all_cpus_irqs ? " (all CPUs)" : "");
		snprintf(irq->why, sizeof(irq->why), "%s", h->irq_source);
	}
	hygiene__judge(h);
}

unsigned int hygiene__nr_warnings(const struct hygiene *h)
{
	unsigned int i, n = 0;

	for (i = 0; i < NR_HYG_FACTS; i++)
		n += !!h->v[i].warning[0];
	return n;
}

void hygiene__print_warnings(const struct hygiene *h, const char *cmd, bool window, FILE *f)
{
	unsigned int i;

	for (i = 0; i < NR_HYG_FACTS; i++)
		if (h->v[i].warning[0] && (window ? i >= HYG_FIRST_WINDOW ||
					   (i == HYG_OTHER_VMS && h->vms_grew) :
					   i < HYG_FIRST_WINDOW))
			fprintf(f, "vpmu-bench %s: warning: %s; fix: %s\n", cmd, h->v[i].warning,
				h->v[i].fix);
}

static json_t *fact_json(const struct hygiene *h, enum hyg_fact i)
{
	const struct hyg_value *v = &h->v[i];
	json_t *o = json_object();
	bool pending = i >= HYG_FIRST_WINDOW && !h->window_done;

	if (pending || !v->known) {
		json_object_set_new(o, "value", json_null());
		json_object_set_new(o, "why", json_string(pending ? h->pending_why : v->why));
		return o;
	}
	/* the governor is a name; every other fact is a number */
	if (i == HYG_GOVERNOR || !isfinite(v->num))
		json_object_set_new(o, "value", json_string(v->text));
	else if (v->num == floor(v->num) && fabs(v->num) < 1e15)
		json_object_set_new(o, "value", json_integer((json_int_t)v->num));
	else
		json_object_set_new(o, "value", json_real(v->num));
	json_object_set_new(o, "text", json_string(v->text));
	if (facts[i].unit)
		json_object_set_new(o, "unit", json_string(facts[i].unit));
	if (v->why[0])
		json_object_set_new(o, "source", json_string(v->why));
	if (v->warning[0]) {
		json_object_set_new(o, "warning", json_string(v->warning));
		json_object_set_new(o, "fix", json_string(v->fix));
	}
	return o;
}

struct json_t *hygiene__to_json(const struct hygiene *h)
{
	json_t *o = json_object();
	unsigned int i, n = 0;

	json_object_set_new(o, "measured_cpu", h->cpu >= 0 ? json_integer(h->cpu) : json_null());
	json_object_set_new(o, "smt_sibling_cpu",
			    h->sibling >= 0 ? json_integer(h->sibling) : json_null());
	json_object_set_new(o, "window_s", h->window_done ?
			    json_real(h->end.t - h->start.t) : json_null());
	for (i = 0; i < NR_HYG_FACTS; i++) {
		json_object_set_new(o, facts[i].key, fact_json(h, i));
		n += (i < HYG_FIRST_WINDOW || h->window_done) && h->v[i].warning[0];
	}
	json_object_set_new(o, "warnings", json_integer(n));
	return o;
}

#define KEYW 34

void hygiene__print(const struct hygiene *h, FILE *f, bool window)
{
	unsigned int i;

	for (i = 0; i < NR_HYG_FACTS; i++) {
		const struct hyg_value *v = &h->v[i];
		const char *l = facts[i].label;

		fprintf(f, "  %s:%*s", l, (int)(KEYW - strlen(l)), "");
		if (i >= HYG_FIRST_WINDOW && !window)
			fprintf(f, "not measured (%s)\n", h->pending_why);
		else if (!v->known)
			fprintf(f, "unknown (%s)\n", v->why);
		else if (v->warning[0])
			fprintf(f, "%s -- WARNING: %s; fix: %s\n", v->text, v->warning, v->fix);
		else
			fprintf(f, "%s\n", v->text);
	}
}
