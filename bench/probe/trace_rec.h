/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Recording tracepoints around a child process: perf_event_open through
 * libperf (one ring buffer per CPU, drained by a thread while the child
 * runs) and libtraceevent to read every record from the tracepoint's own
 * format file. Events are opened for this process with inherit on one
 * CPU, so only the children this process starts are recorded, and no
 * global tracing setting is changed.
 */
#ifndef VPMU_TRACE_REC_H
#define VPMU_TRACE_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_REC_MAX_EVENTS 8

struct trace_rec;

/* One record, in time order after trace_rec__stop(). */
struct trace_ev {
	int idx;			/* index of its name in trace_rec__open(); -1: lost */
	uint64_t time_ns;		/* perf clock */
	uint32_t pid, tid;
	uint32_t cpu;
	uint64_t lost;			/* idx -1: records the kernel dropped here */
	void *raw;			/* the tracepoint's data */
	uint32_t size;
};

/*
 * Where tracefs is: its mount point, or, when it is not mounted, a
 * private mount made in a new mount namespace of this process (the host's
 * mounts are not touched). 0, or -1 with @why.
 */
int trace_rec__tracefs(char *dir, size_t len, char *note, size_t notelen, char *why,
		       size_t whylen);

/*
 * Open @names ("system:event") on @cpu for this process and its future
 * children. A name whose tracepoint does not exist is left out when
 * @optional[i] is true (trace_rec__has() says which), else it fails.
 * Returns NULL with @why on failure.
 */
struct trace_rec *trace_rec__open(const char *tracefs, const char *const *names,
				  const bool *optional, size_t n, int cpu,
				  unsigned int mmap_pages, char *why, size_t len);
bool trace_rec__has(const struct trace_rec *r, int idx);
int trace_rec__start(struct trace_rec *r, char *why, size_t len);
/* Disable, drain what is left, sort by time. */
void trace_rec__stop(struct trace_rec *r);
size_t trace_rec__events(const struct trace_rec *r, const struct trace_ev **evs);
/* Forget the events kept so far (for the next recording of the same set). */
void trace_rec__clear(struct trace_rec *r);

/* A field of @ev by name, with libtraceevent (tep_get_field_val). 0 or -1. */
int trace_rec__field(const struct trace_rec *r, const struct trace_ev *ev, const char *field,
		     unsigned long long *val);
/* @ev printed by its tracepoint's print format (libtraceevent's INFO). */
void trace_rec__info(const struct trace_rec *r, const struct trace_ev *ev, char *buf,
		     size_t len);

void trace_rec__close(struct trace_rec *r);

#endif
