// SPDX-License-Identifier: GPL-2.0
/*
 * Exit-reason names come from kvm_exit's own print format, for VMX and
 * SVM alike: kvm_exit never fires on the nested build machines, so this
 * test builds kvm_exit records (test inputs, laid out by the offsets that
 * libtraceevent reads from this host's format file, not by hand) and
 * checks what trace_rec__info() + exit_pair__reason_name() make of them.
 * Skips where the host has no kvm:kvm_exit or a layout without "isa".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <traceevent/event-parse.h>

#include "exit_pair.h"
#include "trace_rec.h"
#include "../tap.h"

static struct tep_format_field *field(struct tep_event *e, const char *name)
{
	return tep_find_any_field(e, name);
}

/* Render one kvm_exit record of (isa, exit_reason) and return its reason name. */
static const char *name_of(struct trace_rec *r, struct tep_event *e, unsigned int isa,
			   unsigned int reason, char *buf, size_t len)
{
	unsigned char raw[512] = { 0 };
	struct trace_ev ev = { .idx = 0, .raw = raw, .size = sizeof(raw) };
	unsigned short type = e->id;
	char info[1024];

	memcpy(raw + field(e, "common_type")->offset, &type, sizeof(type));
	memcpy(raw + field(e, "isa")->offset, &isa, sizeof(isa));
	memcpy(raw + field(e, "exit_reason")->offset, &reason, sizeof(reason));
	trace_rec__info(r, &ev, info, sizeof(info));
	exit_pair__reason_name(info, buf, len);
	return buf;
}

int main(void)
{
	const char *names[] = { "kvm:kvm_exit" };
	char dir[4096], note[512], why[4096], path[4200], buf[64];
	struct tep_handle *tep;
	struct tep_event *e;
	struct trace_rec *r;
	char *fmt = NULL;
	size_t cap = 0;
	ssize_t got;
	FILE *f;

	if (trace_rec__tracefs(dir, sizeof(dir), note, sizeof(note), why, sizeof(why))) {
		T_SKIP("kvm_exit names", why);
		return tap_done();
	}
	snprintf(path, sizeof(path), "%s/events/kvm/kvm_exit/format", dir);
	f = fopen(path, "r");
	got = f ? getdelim(&fmt, &cap, '\0', f) : -1;
	if (f)
		fclose(f);
	if (got <= 0) {
		T_SKIP("kvm_exit names", "no kvm:kvm_exit tracepoint on this host");
		return tap_done();
	}
	tep = tep_alloc();
	tep_set_long_size(tep, sizeof(long));
	if (tep_parse_event(tep, fmt, got, "kvm") ||
	    !(e = tep_find_event_by_name(tep, "kvm", "kvm_exit")) || !field(e, "isa") ||
	    !field(e, "exit_reason") || field(e, "isa")->offset + 4 > 512) {
		T_SKIP("kvm_exit names", "this kernel's kvm_exit has no isa/exit_reason layout");
		return tap_done();
	}
	r = trace_rec__open(dir, names, NULL, 1, 0, 1, why, sizeof(why));
	if (!r) {
		T_SKIP("kvm_exit names", why);
		return tap_done();
	}
	/* KVM_ISA_VMX is 1, KVM_ISA_SVM 2 (arch/x86/kvm/trace.h) */
	__T("VMX reason 10 is CPUID", !strcmp(name_of(r, e, 1, 10, buf, sizeof(buf)), "CPUID"));
	__T("VMX reason 30 is IO_INSTRUCTION",
	    !strcmp(name_of(r, e, 1, 30, buf, sizeof(buf)), "IO_INSTRUCTION"));
	T_OK(!strcmp(name_of(r, e, 1, 0x80000000u | 33, buf, sizeof(buf)),
		     "INVALID_STATE FAILED_VMENTRY"),
	     "VMX failed entry keeps its flag: '%s'", buf);
	__T("SVM 0x72 is cpuid", !strcmp(name_of(r, e, 2, 0x72, buf, sizeof(buf)), "cpuid"));
	__T("SVM 0x7b is io", !strcmp(name_of(r, e, 2, 0x7b, buf, sizeof(buf)), "io"));
	__T("SVM 0x400 is npf", !strcmp(name_of(r, e, 2, 0x400, buf, sizeof(buf)), "npf"));
	T_OK(strlen(name_of(r, e, 2, 0x7777, buf, sizeof(buf))) > 0,
	     "an SVM code the format does not name still gets a name: '%s'", buf);
	exit_pair__reason_name("vcpu 0 reason  rip 0x0", buf, sizeof(buf));
	__T("reason_name of text without a name is not a crash", true);
	exit_pair__reason_name("no such word", buf, sizeof(buf));
	__T("text without 'reason ' is unknown", !strcmp(buf, "unknown"));
	trace_rec__close(r);
	tep_free(tep);
	free(fmt);
	return tap_done();
}
