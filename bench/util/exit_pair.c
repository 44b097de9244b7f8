// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "exit_pair.h"

void exit_pair__init(struct exit_pair *p)
{
	memset(p, 0, sizeof(*p));
}

unsigned int exit_pair__bucket(uint64_t ns)
{
	unsigned int b = ns < 2 ? 0 : 63 - __builtin_clzll(ns);

	return b < EXIT_PAIR_BUCKETS ? b : EXIT_PAIR_BUCKETS - 1;
}

void exit_pair__reason_name(const char *info, char *buf, size_t len)
{
	const char *s = strstr(info, "reason "), *e;

	if (!s || !s[strlen("reason ")]) {
		snprintf(buf, len, "unknown");
		return;
	}
	s += strlen("reason ");
	e = strstr(s, " rip ");
	if (!e)
		e = s + strcspn(s, " ");
	snprintf(buf, len, "%.*s", (int)(e - s), s);
}

static struct exit_pair_vcpu *vcpu_of(struct exit_pair *p, uint64_t key)
{
	struct exit_pair_vcpu *v;
	size_t i;

	for (i = 0; i < p->nr_vcpus; i++)
		if (p->vcpus[i].key == key)
			return &p->vcpus[i];
	p->vcpus = xrealloc(p->vcpus, (p->nr_vcpus + 1) * sizeof(*p->vcpus));
	v = &p->vcpus[p->nr_vcpus++];
	memset(v, 0, sizeof(*v));
	v->key = key;
	return v;
}

static size_t reason_of(struct exit_pair *p, const char *name)
{
	struct exit_reason_stats *r;
	size_t i;

	for (i = 0; i < p->nr_reasons; i++)
		if (!strcmp(p->reasons[i].name, name))
			return i;
	p->reasons = xrealloc(p->reasons, (p->nr_reasons + 1) * sizeof(*p->reasons));
	r = &p->reasons[p->nr_reasons];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name && *name ? name : "unknown");
	return p->nr_reasons++;
}

void exit_pair__exit(struct exit_pair *p, uint64_t vcpu, uint64_t t_ns, const char *reason)
{
	struct exit_pair_vcpu *v = vcpu_of(p, vcpu);

	p->exits++;
	/* Two exits in a row: the entry between them was not seen. */
	if (v->open)
		p->unpaired_exits++;
	v->open = true;
	v->reason = reason_of(p, reason);
	v->t_exit = t_ns;
	v->switch_ns = 0;
	v->switched = false;
}

void exit_pair__entry(struct exit_pair *p, uint64_t vcpu, uint64_t t_ns)
{
	struct exit_pair_vcpu *v = vcpu_of(p, vcpu);
	struct exit_reason_stats *r;
	uint64_t d;

	p->entries++;
	if (!v->open) {
		p->unpaired_entries++;
		return;
	}
	v->open = false;
	if (t_ns < v->t_exit) {
		p->backwards++;
		return;
	}
	d = t_ns - v->t_exit;
	r = &p->reasons[v->reason];
	if (r->count == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->ns = xrealloc(r->ns, r->cap * sizeof(*r->ns));
	}
	r->ns[r->count++] = d;
	r->hist[exit_pair__bucket(d)]++;
	r->total_ns += d;
	r->switch_ns += v->switch_ns;
	r->switched += v->switched;
	p->total_ns += d;
	p->paired++;
}

void exit_pair__switch(struct exit_pair *p, uint64_t vcpu, uint64_t cost_ns)
{
	struct exit_pair_vcpu *v = vcpu_of(p, vcpu);

	p->switches++;
	/* A load before the first entry, or a put at teardown, belongs to no exit. */
	if (!v->open)
		return;
	v->switch_ns += cost_ns;
	v->switched = true;
}

void exit_pair__lost(struct exit_pair *p, uint64_t n)
{
	size_t i;

	p->lost += n;
	for (i = 0; i < p->nr_vcpus; i++) {
		if (p->vcpus[i].open)
			p->unpaired_exits++;
		p->vcpus[i].open = false;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Linear interpolation between order statistics (R type 7, as stats.c). */
static double quantile(const uint64_t *s, size_t n, double q)
{
	double h = (n - 1) * q;
	size_t lo = (size_t)h;

	if (lo + 1 >= n)
		return s[n - 1];
	return s[lo] + (h - lo) * ((double)s[lo + 1] - (double)s[lo]);
}

void exit_pair__finish(struct exit_pair *p, bool have_switch)
{
	size_t i;

	for (i = 0; i < p->nr_vcpus; i++) {
		if (p->vcpus[i].open)
			p->unpaired_exits++;
		p->vcpus[i].open = false;
	}
	for (i = 0; i < p->nr_reasons; i++) {
		struct exit_reason_stats *r = &p->reasons[i];

		r->median_ns = r->p99_ns = r->max_ns = r->time_share = NAN;
		r->switch_share = NAN;
		if (!r->count)
			continue;
		qsort(r->ns, r->count, sizeof(*r->ns), cmp_u64);
		r->median_ns = quantile(r->ns, r->count, 0.5);
		r->p99_ns = quantile(r->ns, r->count, 0.99);
		r->max_ns = r->ns[r->count - 1];
		r->time_share = p->total_ns ? (double)r->total_ns / p->total_ns : NAN;
		if (have_switch)
			r->switch_share = r->total_ns ? (double)r->switch_ns / r->total_ns : 0;
	}
}

void exit_pair__free(struct exit_pair *p)
{
	size_t i;

	for (i = 0; i < p->nr_reasons; i++)
		free(p->reasons[i].ns);
	free(p->reasons);
	free(p->vcpus);
	memset(p, 0, sizeof(*p));
}

const char *trace_verdict_name(enum trace_verdict v)
{
	static const char *const names[] = { "ok", "lossy", "unsupported", "no-exits" };

	return v <= TRACE_NO_EXITS ? names[v] : "?";
}

enum trace_verdict exit_pair__verdict(const struct exit_pair *p, uint64_t guest_exits,
				      const char *source, char *why, size_t len)
{
	snprintf(why, len, "%s", "");
	if (!p->exits && guest_exits) {
		snprintf(why, len,
			 "unsupported host: kvm:kvm_exit fired 0 times while the guest exited %llu times (%s); this host's KVM does not emit kvm_exit/kvm_entry (nested kvm_pvm does not), so exit latency by reason cannot be measured here",
			 (unsigned long long)guest_exits, source);
		return TRACE_UNSUPPORTED;
	}
	if (!p->exits) {
		snprintf(why, len,
			 "no VM exit was seen: kvm:kvm_exit fired 0 times and %s counted none",
			 source);
		return TRACE_NO_EXITS;
	}
	if (p->lost) {
		snprintf(why, len,
			 "%llu trace records were lost (PERF_RECORD_LOST): per-reason statistics are incomplete and not used; rerun with a larger --mmap-pages",
			 (unsigned long long)p->lost);
		return TRACE_LOSSY;
	}
	return TRACE_OK;
}
