// SPDX-License-Identifier: GPL-2.0
/* The guest paging decision (pure) and its JSON. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "guest_paging.h"

const char *guest_paging__name(enum paging_decision d)
{
	switch (d) {
	case PAGING_AS_ADVERTISED: return "as-advertised";
	case PAGING_CLAMPED: return "clamped-4-level";
	case PAGING_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}

static const char *err_text(int err)
{
	return err == PAGING_NOT_TRIED ? "not tried" : strerror(err);
}

void guest_paging__decide(struct guest_paging *gp, unsigned int va_bits, bool la57,
			  int err5, int err4)
{
	gp->advertised_va_bits = va_bits;
	gp->advertised_la57 = la57;
	gp->err_5level = err5;
	gp->err_4level = err4;
	gp->levels = 0;

	if (!va_bits) {
		gp->decision = PAGING_UNUSABLE;
		snprintf(gp->why, sizeof(gp->why),
			 "unusable: KVM_GET_SUPPORTED_CPUID has no leaf 0x80000008 (address widths), which the KVM selftests library needs to size guest page tables");
		return;
	}
	/* The library uses 5 levels exactly when the width is 57 bits. */
	if (va_bits == 57 && err5 == 0) {
		gp->decision = PAGING_AS_ADVERTISED;
		gp->levels = 5;
		snprintf(gp->why, sizeof(gp->why),
			 "5-level (as KVM advertises: 57-bit virtual addresses, CR4.LA57 accepted)");
		return;
	}
	if (va_bits == 48 && err4 == 0) {
		gp->decision = PAGING_AS_ADVERTISED;
		gp->levels = 4;
		snprintf(gp->why, sizeof(gp->why),
			 "4-level (as KVM advertises: 48-bit virtual addresses)");
		return;
	}
	if (err4 == 0) {
		gp->decision = PAGING_CLAMPED;
		gp->levels = 4;
		if (va_bits == 57)
			snprintf(gp->why, sizeof(gp->why),
				 "4-level (KVM advertises %s but rejects CR4.LA57)",
				 la57 ? "LA57" : "57-bit virtual addresses");
		else
			snprintf(gp->why, sizeof(gp->why),
				 "4-level (KVM advertises %u-bit virtual addresses, which the KVM selftests library cannot use)",
				 va_bits);
		return;
	}
	gp->decision = PAGING_UNUSABLE;
	if (va_bits == 57)
		snprintf(gp->why, sizeof(gp->why),
			 "unusable: KVM_SET_SREGS rejects 64-bit paging with 5 levels (%s) and with 4 levels (%s)",
			 err_text(err5), err_text(err4));
	else
		snprintf(gp->why, sizeof(gp->why),
			 "unusable: KVM_SET_SREGS rejects 64-bit paging with 4 levels (%s)",
			 err_text(err4));
}

static json_t *outcome_json(int err)
{
	if (err == PAGING_NOT_TRIED)
		return json_null();
	return json_string(err ? strerror(err) : "ok");
}

json_t *guest_paging__to_json(const struct guest_paging *gp)
{
	return json_pack("{s:o, s:s, s:o, s:b, s:o, s:o, s:s}",
			 "levels", gp->levels ? json_integer(gp->levels) : json_null(),
			 "decision", guest_paging__name(gp->decision),
			 "advertised_va_bits",
			 gp->advertised_va_bits ? json_integer(gp->advertised_va_bits) : json_null(),
			 "advertised_la57", gp->advertised_la57,
			 "set_sregs_5level", outcome_json(gp->err_5level),
			 "set_sregs_4level", outcome_json(gp->err_4level),
			 "why", gp->why);
}
