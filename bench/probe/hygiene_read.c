// SPDX-License-Identifier: GPL-2.0
/*
 * Host hygiene facts from /sys and /proc (hygiene_read.h). Every read
 * that fails leaves its fact unknown with the path and the error; the
 * judging is the model's (bench/util/hygiene.c).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hygiene_read.h"
#include "read_line.h"

#define MAX_LISTED_PIDS	8

static const char *sys_root(void)
{
	const char *r = getenv("VPMU_SYSFS_ROOT");

	return r && *r ? r : "/sys";
}

static const char *proc_root(void)
{
	const char *r = getenv("VPMU_PROC_ROOT");

	return r && *r ? r : "/proc";
}

/* An integer file: 0, or -errno / -EINVAL (not a number). */
static int read_long(const char *path, long *v)
{
	char buf[64], *end;
	int e = probe__read_line(path, buf, sizeof(buf));

	if (e)
		return e;
	*v = strtol(buf, &end, 10);
	return end == buf || (*end && !isspace((unsigned char)*end)) ? -EINVAL : 0;
}

static const char *err_text(int e)
{
	return e == -EINVAL ? "not an integer" : e == -ENODATA ? "empty" : strerror(-e);
}

/* The CPUs of a kernel CPU list ("0-3,8"), up to @max of them; how many. */
static int parse_cpulist(const char *s, int *out, int max)
{
	int n = 0;

	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b;

		if (end == s)
			break;
		b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (; a <= b && n < max; a++)
			out[n++] = a;
		s = end + (*end == ',');
	}
	return n;
}

static void read_governor(struct hygiene *h)
{
	struct hyg_value *v = &h->v[HYG_GOVERNOR];
	char path[256], gov[64], first[64] = "", mixed[HYG_TEXT] = "", online[256];
	int cpus[256], n, i, e = 0, nread = 0;
	bool differ = false;

	if (h->cpu >= 0) {
		cpus[0] = h->cpu;
		n = 1;
	} else {
		snprintf(path, sizeof(path), "%s/devices/system/cpu/online", sys_root());
		e = probe__read_line(path, online, sizeof(online));
		if (e) {
			hyg__unknown(v, "%s: %s", path, err_text(e));
			return;
		}
		n = parse_cpulist(online, cpus, 256);
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cpufreq/scaling_governor",
			 sys_root(), cpus[i]);
		e = probe__read_line(path, gov, sizeof(gov));
		if (e)
			break;
		nread++;
		if (!first[0])
			snprintf(first, sizeof(first), "%s", gov);
		differ |= strcmp(first, gov) != 0;
		snprintf(mixed + strlen(mixed), sizeof(mixed) - strlen(mixed), "%scpu%d %s",
			 i ? ", " : "", cpus[i], gov);
	}
	if (e == -ENOENT)
		hyg__unknown(v, "%s absent: no cpufreq driver controls cpu%d (common in a VM: the frequency is the hypervisor's)",
			     path, cpus[i]);
	else if (e)
		hyg__unknown(v, "%s: %s", path, err_text(e));
	else if (!nread)
		hyg__unknown(v, "%s/devices/system/cpu/online lists no CPU", sys_root());
	else if (differ)
		hyg__known(v, NAN, "mixed: %s", mixed);
	else
		hyg__known(v, NAN, "%s", first);
	if (v->known && h->cpu >= 0)
		snprintf(v->why, sizeof(v->why),
			 "%s/devices/system/cpu/cpu%d/cpufreq/scaling_governor", sys_root(), h->cpu);
	else if (v->known)
		snprintf(v->why, sizeof(v->why),
			 "%s/devices/system/cpu/cpu*/cpufreq/scaling_governor, every online CPU",
			 sys_root());
}

static void read_turbo(struct hygiene *h)
{
	struct hyg_value *v = &h->v[HYG_TURBO];
	char pstate[256], boost[256];
	long x;
	int e1, e2;

	snprintf(pstate, sizeof(pstate), "%s/devices/system/cpu/intel_pstate/no_turbo", sys_root());
	snprintf(boost, sizeof(boost), "%s/devices/system/cpu/cpufreq/boost", sys_root());
	e1 = read_long(pstate, &x);
	if (!e1) {
		hyg__known(v, !x, "%s (intel_pstate/no_turbo=%ld)", x ? "off" : "on", x);
		snprintf(v->why, sizeof(v->why), "%s", pstate);
		return;
	}
	e2 = read_long(boost, &x);
	if (!e2) {
		hyg__known(v, !!x, "%s (cpufreq/boost=%ld)", x ? "on" : "off", x);
		snprintf(v->why, sizeof(v->why), "%s", boost);
		return;
	}
	if (e1 == -ENOENT && e2 == -ENOENT)
		hyg__unknown(v, "neither %s nor %s exists: no frequency driver here reports turbo",
			     pstate, boost);
	else
		hyg__unknown(v, "%s: %s; %s: %s", pstate, err_text(e1), boost, err_text(e2));
}

static void read_sysctl(struct hyg_value *v, const char *name, const char *missing)
{
	char path[256];
	long x;
	int e;

	snprintf(path, sizeof(path), "%s/sys/kernel/%s", proc_root(), name);
	e = read_long(path, &x);
	if (e == -ENOENT)
		hyg__unknown(v, "%s absent: %s", path, missing);
	else if (e)
		hyg__unknown(v, "%s: %s", path, err_text(e));
	else {
		hyg__known(v, x, "%ld", x);
		snprintf(v->why, sizeof(v->why), "%s", path);
	}
}

/* The parent of process @pid from its stat line ("pid (comm) S ppid ..."), -1 unknown. */
static long ppid_of(const char *pid)
{
	char path[512], buf[512], *p;

	snprintf(path, sizeof(path), "%s/%s/stat", proc_root(), pid);
	if (probe__read_line(path, buf, sizeof(buf)))
		return -1;
	p = strrchr(buf, ')');
	if (!p || strlen(p) < 4)
		return -1;
	return strtol(p + 4, NULL, 10);
}

/* Does process @pid hold a KVM VM fd? 1 yes, 0 no, -errno (its fds unreadable). */
static int holds_vm(const char *pid)
{
	char path[512], link[1024], target[256];
	struct dirent *de;
	DIR *d;
	ssize_t n;
	int found = 0;

	snprintf(path, sizeof(path), "%s/%s/fd", proc_root(), pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", path, de->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = !strcmp(target, "anon_inode:kvm-vm");
	}
	closedir(d);
	return found;
}

static void read_other_vms(struct hygiene *h, int self)
{
	struct hyg_value *v = &h->v[HYG_OTHER_VMS];
	char pids[HYG_TEXT] = "", unread[128] = "";
	int found = 0, denied = 0, r;
	struct dirent *de;
	DIR *d = opendir(proc_root());

	if (!d) {
		hyg__unknown(v, "%s: %s", proc_root(), strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]) || atol(de->d_name) == self ||
		    ppid_of(de->d_name) == self)
			continue;
		r = holds_vm(de->d_name);
		if (r == -EACCES || r == -EPERM) {
			if (!denied++)
				snprintf(unread, sizeof(unread), "%.20s", de->d_name);
		} else if (r > 0 && found++ < MAX_LISTED_PIDS) {
			snprintf(pids + strlen(pids), sizeof(pids) - strlen(pids), "%s%.20s",
				 found > 1 ? " " : "", de->d_name);
		}
	}
	closedir(d);
	/* a process we may not look into may hold a VM: no count is better than a low one */
	if (denied) {
		hyg__unknown(v, "the fds of %d processes (e.g. pid %s) are not readable (not root): %d VM%s found among the rest",
			     denied, unread, found, found == 1 ? "" : "s");
		return;
	}
	/* a second look (end of run) keeps the larger of the two */
	if (v->known && v->num >= found)
		return;
	h->vms_grew = v->known;
	if (found)
		hyg__known(v, found, "%d (pid%s %s%s)", found, found > 1 ? "s" : "", pids,
			   found > MAX_LISTED_PIDS ? " ..." : "");
	else
		hyg__known(v, 0, "0");
	snprintf(v->why, sizeof(v->why), "%s/*/fd links to anon_inode:kvm-vm, ours excluded",
		 proc_root());
}

static void read_sibling(struct hygiene *h)
{
	char path[256], list[256];
	int cpus[64], n, i, e;

	h->sibling = -1;
	h->no_sibling = false;
	h->sibling_why[0] = '\0';
	if (h->cpu < 0)
		return;
	snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/topology/thread_siblings_list",
		 sys_root(), h->cpu);
	e = probe__read_line(path, list, sizeof(list));
	if (e) {
		snprintf(h->sibling_why, sizeof(h->sibling_why), "%s: %s", path, err_text(e));
		return;
	}
	n = parse_cpulist(list, cpus, 64);
	for (i = 0; i < n; i++)
		if (cpus[i] != h->cpu) {
			h->sibling = cpus[i];
			return;
		}
	h->no_sibling = n > 0;
	if (!n)
		snprintf(h->sibling_why, sizeof(h->sibling_why), "%s: '%s' is not a CPU list",
			 path, list);
}

/* /proc/stat "cpuN user nice system idle iowait irq softirq steal ..." of the sibling */
static void read_sib_counters(struct hygiene *h, struct hyg_counters *c)
{
	unsigned long long f[8] = { 0 };
	char path[256], line[1024], want[32];
	FILE *fp;

	c->sib_ok = false;
	if (h->sibling < 0)
		return;
	snprintf(path, sizeof(path), "%s/stat", proc_root());
	snprintf(want, sizeof(want), "cpu%d ", h->sibling);
	fp = fopen(path, "re");
	if (!fp) {
		snprintf(c->sib_why, sizeof(c->sib_why), "%s: %s", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, want, strlen(want)) &&
		    sscanf(line + strlen(want), "%llu %llu %llu %llu %llu %llu %llu %llu", &f[0],
			   &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7]) >= 7) {
			c->sib_ok = true;
			break;
		}
	fclose(fp);
	if (!c->sib_ok) {
		snprintf(c->sib_why, sizeof(c->sib_why), "%s: no line for cpu%d", path, h->sibling);
		return;
	}
	/* guest time is already inside user; idle and iowait are the only idle */
	c->sib_busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
	c->sib_total = c->sib_busy + f[3] + f[4];
}

/* /proc/stat "intr TOTAL ...": every CPU's interrupts. */
static int read_intr_total(struct hyg_counters *c)
{
	char path[256], line[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/stat", proc_root());
	fp = fopen(path, "re");
	if (!fp) {
		snprintf(c->irq_why, sizeof(c->irq_why), "%s: %s", path, strerror(errno));
		return -1;
	}
	/* the intr line is long: read its start only, then skip the rest */
	while (fgets(line, sizeof(line), fp)) {
		if (!strncmp(line, "intr ", 5) && sscanf(line + 5, "%llu", &c->irqs) == 1) {
			fclose(fp);
			return 0;
		}
		while (!strchr(line, '\n') && fgets(line, sizeof(line), fp))
			;
	}
	fclose(fp);
	snprintf(c->irq_why, sizeof(c->irq_why), "%s: no intr line", path);
	return -1;
}

/*
 * The sum of /proc/interrupts' column "CPUn" over every line that has
 * one (device IRQs, LOC, RES, CAL, TLB, ...). Lines with fewer numbers
 * (ERR, MIS: one global count) are not per CPU and are left out.
 */
static int read_irq_column(int cpu, struct hyg_counters *c, char *why, size_t len)
{
	char path[256], *line = NULL, *p, *end, want[32];
	int col = -1, ncol = 0, i;
	size_t cap = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/interrupts", proc_root());
	fp = fopen(path, "re");
	if (!fp) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(want, sizeof(want), "CPU%d", cpu);
	if (getline(&line, &cap, fp) > 0)
		for (p = strtok(line, " \t\n"); p; p = strtok(NULL, " \t\n"), ncol++)
			if (!strcmp(p, want))
				col = ncol;
	if (col < 0) {
		snprintf(why, len, "%s: no %s column", path, want);
		goto out;
	}
	c->irqs = 0;
	while (getline(&line, &cap, fp) > 0) {
		p = strchr(line, ':');
		if (!p)
			continue;
		p++;
		for (i = 0; i <= col; i++) {
			unsigned long long x = strtoull(p, &end, 10);

			if (end == p)
				break;
			if (i == col)
				c->irqs += x;
			p = end;
		}
	}
	c->irq_ok = true;
out:
	free(line);
	fclose(fp);
	return c->irq_ok ? 0 : -1;
}

static void read_counters(struct hygiene *h, struct hyg_counters *c)
{
	char why[HYG_WHY] = "";
	struct timespec ts;

	read_sib_counters(h, c);
	c->irq_ok = false;
	if (h->cpu >= 0 && !read_irq_column(h->cpu, c, why, sizeof(why))) {
		h->all_cpus_irqs = false;
		snprintf(h->irq_source, sizeof(h->irq_source), "%s/interrupts CPU%d column",
			 proc_root(), h->cpu);
	} else if (!read_intr_total(c)) {
		c->irq_ok = true;
		h->all_cpus_irqs = true;
		snprintf(h->irq_source, sizeof(h->irq_source), "%s/stat intr, every CPU (%s)",
			 proc_root(), h->cpu < 0 ? "the run was not pinned" : why);
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->t = ts.tv_sec + ts.tv_nsec * 1e-9;
}

void hygiene__begin(struct hygiene *h, int cpu, int self)
{
	memset(h, 0, sizeof(*h));
	h->cpu = cpu;
	snprintf(h->pending_why, sizeof(h->pending_why),
		 "not measured: the command took no end-of-run snapshot");
	h->euid_root = geteuid() == 0;
	read_governor(h);
	read_turbo(h);
	read_sysctl(&h->v[HYG_NMI_WATCHDOG], "nmi_watchdog",
		    "kernel without the lockup detector (no watchdog, no counter held)");
	read_sysctl(&h->v[HYG_PARANOID], "perf_event_paranoid", "kernel without perf events");
	read_other_vms(h, self);
	read_sibling(h);
	read_counters(h, &h->start);
	hygiene__judge(h);
}

void hygiene__end(struct hygiene *h, int self)
{
	bool start_all = h->all_cpus_irqs;

	read_counters(h, &h->end);
	/* a source switch between the snapshots (a column gone) makes the delta meaningless */
	if (h->start.irq_ok && h->end.irq_ok && start_all != h->all_cpus_irqs) {
		h->end.irq_ok = false;
		snprintf(h->end.irq_why, sizeof(h->end.irq_why),
			 "the interrupt source changed during the run (now %s)", h->irq_source);
	} else if (h->start.irq_ok && h->end.irq_ok && h->end.irqs < h->start.irqs) {
		h->end.irq_ok = false;
		snprintf(h->end.irq_why, sizeof(h->end.irq_why),
			 "%s went backwards over the run (%llu -> %llu)", h->irq_source,
			 h->start.irqs, h->end.irqs);
	}
	read_other_vms(h, self);
	hygiene__window(h);
}
