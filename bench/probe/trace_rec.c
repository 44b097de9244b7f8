// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/perf_event.h>
#include <internal/evlist.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/event.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/mmap.h>
#include <perf/threadmap.h>
#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include "alloc.h"
#include "trace_rec.h"

#define SAMPLE_TYPE (PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW)

struct trace_rec {
	struct tep_handle *tep;
	struct perf_evlist *evlist;
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	int ids[TRACE_REC_MAX_EVENTS];		/* tracepoint id per name, -1: absent */
	size_t n;
	struct trace_ev *ev;
	size_t nr_ev, cap;
	uint64_t kept, lost;			/* since open: samples kept, losses reported */
	pthread_t drainer;
	volatile int stop;
	bool running;
};

/* libperf's debug chatter is not ours to print; its errors are. */
static int libperf_print(enum libperf_print_level level, const char *fmt, va_list ap)
{
	return level <= LIBPERF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static bool mounted_tracefs(char *dir, size_t len)
{
	char mnt[PATH_MAX], type[64], line[PATH_MAX + 256];
	bool found = false;
	FILE *f = fopen("/proc/self/mounts", "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %4095s %63s", mnt, type) == 2 && !strcmp(type, "tracefs")) {
			snprintf(dir, len, "%s", mnt);
			found = true;
		}
	fclose(f);
	return found;
}

int trace_rec__tracefs(char *dir, size_t len, char *note, size_t notelen, char *why,
		       size_t whylen)
{
	const char *mp = "/sys/kernel/tracing";

	note[0] = '\0';
	if (mounted_tracefs(dir, len))
		return 0;
	/*
	 * Not mounted: mounting it for the host would change the host. A
	 * mount namespace of our own sees the mount, nothing else does, and
	 * it goes away with this process and its children. ("none": the
	 * kernel ignores source and type of a propagation change; valgrind
	 * does not accept NULL there.)
	 */
	if (unshare(CLONE_NEWNS) || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) ||
	    mount("tracefs", mp, "tracefs", 0, NULL)) {
		snprintf(why, whylen,
			 "tracefs is not mounted and a private mount of it failed: %s (mount it at %s, or run as root)",
			 strerror(errno), mp);
		return -1;
	}
	snprintf(dir, len, "%s", mp);
	snprintf(note, notelen, "tracefs was not mounted: mounted at %s in a private mount namespace of this process (the host's mounts are unchanged)",
		 mp);
	return 0;
}

static char *slurp(const char *path, size_t *size)
{
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while ((got = read(fd, buf + n, cap - n - 1)) > 0) {
		n += got;
		if (n + 1 == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	close(fd);
	if (got < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*size = n;
	return buf;
}

/* Parse system:event's format with libtraceevent; its id, or -errno. */
static int load_event(struct trace_rec *r, const char *tracefs, const char *name, char *why,
		      size_t len)
{
	char sys[64], path[PATH_MAX];
	const char *colon = strchr(name, ':');
	struct tep_event *ev;
	size_t size;
	char *buf;
	int e;

	if (!colon || colon == name || colon - name >= (int)sizeof(sys)) {
		snprintf(why, len, "%s: expected system:event", name);
		return -EINVAL;
	}
	snprintf(sys, sizeof(sys), "%.*s", (int)(colon - name), name);
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", tracefs, sys, colon + 1);
	buf = slurp(path, &size);
	if (!buf) {
		e = errno;
		snprintf(why, len, "tracepoint %s: %s: %s", name, path, strerror(e));
		return -e;
	}
	if (tep_parse_event(r->tep, buf, size, sys)) {
		free(buf);
		snprintf(why, len, "tracepoint %s: libtraceevent cannot parse %s", name, path);
		return -EINVAL;
	}
	free(buf);
	ev = tep_find_event_by_name(r->tep, sys, colon + 1);
	if (!ev) {
		snprintf(why, len, "tracepoint %s: not found after parsing %s", name, path);
		return -EINVAL;
	}
	return ev->id;
}

struct trace_rec *trace_rec__open(const char *tracefs, const char *const *names,
				  const bool *optional, size_t n, int cpu,
				  unsigned int mmap_pages, char *why, size_t len)
{
	struct trace_rec *r;
	char cpustr[16];
	size_t i;
	int err;

	if (n > TRACE_REC_MAX_EVENTS) {
		snprintf(why, len, "at most %d tracepoints", TRACE_REC_MAX_EVENTS);
		return NULL;
	}
	libperf_init(libperf_print);
	r = xcalloc(1, sizeof(*r));
	r->n = n;
	r->tep = tep_alloc();
	r->evlist = perf_evlist__new();
	if (!r->tep || !r->evlist) {
		snprintf(why, len, "out of memory");
		goto fail;
	}
	tep_set_long_size(r->tep, sizeof(long));
	tep_set_page_size(r->tep, getpagesize());
	for (i = 0; i < n; i++) {
		struct perf_event_attr attr = {
			.type = PERF_TYPE_TRACEPOINT,
			.size = sizeof(attr),
			.sample_period = 1,
			.sample_type = SAMPLE_TYPE,
			.sample_id_all = 1,	/* lost records carry a time */
			.inherit = 1,		/* follow the children we start */
			.disabled = 1,
			/*
			 * No wakeup_events: the kernel wakes the reader at half a
			 * buffer (and it polls every 50 ms), not once per record,
			 * which would add a wakeup to every traced exit.
			 */
		};
		char sub[PATH_MAX + 256];

		r->ids[i] = load_event(r, tracefs, names[i], sub, sizeof(sub));
		if (r->ids[i] < 0) {
			if (optional && optional[i] && r->ids[i] == -ENOENT)
				continue;
			snprintf(why, len, "%s", sub);
			goto fail;
		}
		attr.config = r->ids[i];
		perf_evlist__add(r->evlist, perf_evsel__new(&attr));
	}
	snprintf(cpustr, sizeof(cpustr), "%d", cpu);
	r->cpus = perf_cpu_map__new(cpustr);
	r->threads = perf_thread_map__new_dummy();
	if (!r->cpus || !r->threads) {
		snprintf(why, len, "out of memory");
		goto fail;
	}
	perf_thread_map__set_pid(r->threads, 0, getpid());
	/*
	 * Without this flag libperf opens a tracepoint on every online CPU
	 * (its "system-wide event" default); perf sets it the same way for -C.
	 */
	r->evlist->has_user_cpus = true;
	perf_evlist__set_maps(r->evlist, r->cpus, r->threads);
	err = perf_evlist__open(r->evlist);
	if (err) {
		snprintf(why, len, "perf_event_open of the tracepoints on CPU %d: %s", cpu,
			 strerror(-err));
		goto fail;
	}
	err = perf_evlist__mmap(r->evlist, mmap_pages);
	if (err) {
		snprintf(why, len, "mmap of %u-page ring buffers: %s (lower --mmap-pages or raise /proc/sys/kernel/perf_event_mlock_kb)",
			 mmap_pages, strerror(-err));
		goto fail;
	}
	return r;
fail:
	trace_rec__close(r);
	return NULL;
}

bool trace_rec__has(const struct trace_rec *r, int idx)
{
	return idx >= 0 && (size_t)idx < r->n && r->ids[idx] >= 0;
}

static struct trace_ev *push(struct trace_rec *r)
{
	if (r->nr_ev == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->ev = xrealloc(r->ev, r->cap * sizeof(*r->ev));
	}
	memset(&r->ev[r->nr_ev], 0, sizeof(r->ev[0]));
	return &r->ev[r->nr_ev++];
}

/* The sample layout follows from SAMPLE_TYPE (perf_event_open(2), PERF_RECORD_SAMPLE). */
static void keep_sample(struct trace_rec *r, const union perf_event *e)
{
	const __u64 *p = e->sample.array;
	struct trace_ev *ev;
	unsigned short type;
	uint32_t size;
	size_t i;

	ev = push(r);
	r->kept++;
	ev->pid = (uint32_t)p[0];
	ev->tid = (uint32_t)(p[0] >> 32);
	ev->time_ns = p[1];
	ev->cpu = (uint32_t)p[2];
	memcpy(&size, &p[3], sizeof(size));
	ev->size = size;
	ev->raw = xmalloc(size ? size : 1);
	memcpy(ev->raw, (const char *)&p[3] + sizeof(uint32_t), size);
	ev->idx = -2;
	if (size >= sizeof(type)) {
		memcpy(&type, ev->raw, sizeof(type));
		for (i = 0; i < r->n; i++)
			if (r->ids[i] == type)
				ev->idx = i;
	}
}

/* sample_id_all: TID, TIME, CPU after the record's own fields. */
static void keep_lost(struct trace_rec *r, const union perf_event *e)
{
	const __u64 *id = (const __u64 *)(&e->lost + 1);
	struct trace_ev *ev = push(r);

	ev->idx = -1;
	ev->lost = e->lost.lost;
	r->lost += ev->lost;
	if ((const char *)(id + 3) <= (const char *)e + e->header.size) {
		ev->pid = (uint32_t)id[0];
		ev->tid = (uint32_t)(id[0] >> 32);
		ev->time_ns = id[1];
		ev->cpu = (uint32_t)id[2];
	}
}

static void drain(struct trace_rec *r)
{
	struct perf_mmap *map;
	union perf_event *e;

	perf_evlist__for_each_mmap(r->evlist, map, false) {
		if (perf_mmap__read_init(map) < 0)
			continue;
		while ((e = perf_mmap__read_event(map))) {
			if (e->header.type == PERF_RECORD_SAMPLE)
				keep_sample(r, e);
			else if (e->header.type == PERF_RECORD_LOST)
				keep_lost(r, e);
			perf_mmap__consume(map);
		}
		perf_mmap__read_done(map);
	}
}

static void *drainer(void *arg)
{
	struct trace_rec *r = arg;
	sigset_t all;

	/* Ctrl-C is the main thread's business (it stops the child). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	while (!r->stop) {
		perf_evlist__poll(r->evlist, 50);
		drain(r);
	}
	return NULL;
}

int trace_rec__start(struct trace_rec *r, char *why, size_t len)
{
	int e;

	r->stop = 0;
	e = pthread_create(&r->drainer, NULL, drainer, r);
	if (e) {
		snprintf(why, len, "cannot start the ring-buffer reader thread: %s", strerror(e));
		return -1;
	}
	r->running = true;
	perf_evlist__enable(r->evlist);
	return 0;
}

static int cmp_time(const void *a, const void *b)
{
	const struct trace_ev *x = a, *y = b;

	return x->time_ns < y->time_ns ? -1 : x->time_ns > y->time_ns;
}

/*
 * The kernel reports a loss only when it writes the next record, so
 * records dropped at the end of a recording are never reported. The
 * events' counts (children's added when they exit, as with inherit) say
 * how many fired: what was neither kept nor reported lost becomes one
 * lost record at the end.
 */
static void count_unreported(struct trace_rec *r)
{
	struct perf_counts_values c;
	struct perf_evsel *evsel;
	struct trace_ev *ev;
	uint64_t fired = 0, last = 0;
	size_t i;

	perf_evlist__for_each_evsel(r->evlist, evsel) {
		memset(&c, 0, sizeof(c));
		if (perf_evsel__read(evsel, 0, 0, &c))
			return;		/* unknown: say nothing rather than guess */
		fired += c.val;
	}
	if (fired <= r->kept + r->lost)
		return;
	for (i = 0; i < r->nr_ev; i++)
		if (r->ev[i].time_ns > last)
			last = r->ev[i].time_ns;
	ev = push(r);
	ev->idx = -1;
	ev->time_ns = last + 1;
	ev->lost = fired - r->kept - r->lost;
	r->lost += ev->lost;
}

void trace_rec__stop(struct trace_rec *r)
{
	if (!r->running)
		return;
	perf_evlist__disable(r->evlist);
	r->stop = 1;
	pthread_join(r->drainer, NULL);
	r->running = false;
	drain(r);
	count_unreported(r);
	/* Per-CPU buffers are each in order; merged, they need a sort. */
	qsort(r->ev, r->nr_ev, sizeof(*r->ev), cmp_time);
}

size_t trace_rec__events(const struct trace_rec *r, const struct trace_ev **evs)
{
	*evs = r->ev;
	return r->nr_ev;
}

void trace_rec__clear(struct trace_rec *r)
{
	size_t i;

	for (i = 0; i < r->nr_ev; i++)
		free(r->ev[i].raw);
	r->nr_ev = 0;
}

static void as_record(const struct trace_ev *ev, struct tep_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->ts = ev->time_ns;
	rec->cpu = ev->cpu;
	rec->size = ev->size;
	rec->data = ev->raw;
}

int trace_rec__field(const struct trace_rec *r, const struct trace_ev *ev, const char *field,
		     unsigned long long *val)
{
	struct tep_record rec;
	struct tep_event *e;

	if (ev->idx < 0 || !ev->raw)
		return -1;
	as_record(ev, &rec);
	e = tep_find_event_by_record(r->tep, &rec);
	if (!e)
		return -1;
	return tep_get_field_val(NULL, e, field, &rec, val, 0) ? -1 : 0;
}

void trace_rec__info(const struct trace_rec *r, const struct trace_ev *ev, char *buf,
		     size_t len)
{
	struct tep_record rec;
	struct trace_seq s;

	buf[0] = '\0';
	if (ev->idx < 0 || !ev->raw)
		return;
	as_record(ev, &rec);
	trace_seq_init(&s);
	tep_print_event(r->tep, &s, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(buf, len, "%s", s.buffer ? s.buffer : "");
	trace_seq_destroy(&s);
}

void trace_rec__close(struct trace_rec *r)
{
	if (!r)
		return;
	trace_rec__stop(r);
	trace_rec__clear(r);
	free(r->ev);
	if (r->evlist) {
		perf_evlist__munmap(r->evlist);
		perf_evlist__close(r->evlist);
		perf_evlist__delete(r->evlist);	/* its evsels with it */
	}
	perf_cpu_map__put(r->cpus);
	perf_thread_map__put(r->threads);
	if (r->tep)
		tep_free(r->tep);
	free(r);
}
