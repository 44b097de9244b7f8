// SPDX-License-Identifier: GPL-2.0
/*
 * The guest paging decision from recorded host answers: what KVM
 * advertised (0x80000008.EAX[15:8], LA57) and how KVM_SET_SREGS answered
 * with and without CR4.LA57. The first case is the Intel nested kvm_pvm
 * host of DESIGN.md ("Hosts this project meets"), recorded there.
 */
#include <errno.h>
#include <string.h>

#include "guest_paging.h"
#include "../tap.h"

int main(void)
{
	struct guest_paging g;

	/* Intel kvm_pvm: 57-bit VA and LA57 advertised, CR4.LA57 -> EINVAL */
	guest_paging__decide(&g, 57, true, EINVAL, 0);
	__T("LA57 advertised, rejected, 4-level taken: clamped", g.decision == PAGING_CLAMPED);
	__T("... 4 levels", g.levels == 4);
	T_OK(!strcmp(g.why, "4-level (KVM advertises LA57 but rejects CR4.LA57)"),
	     "... probe line is the documented one: '%s'", g.why);
	__T("... name for JSON", !strcmp(guest_paging__name(g.decision), "clamped-4-level"));

	/* A real LA57 host: nothing is changed */
	guest_paging__decide(&g, 57, true, 0, PAGING_NOT_TRIED);
	__T("LA57 advertised and accepted: as advertised", g.decision == PAGING_AS_ADVERTISED);
	__T("... 5 levels", g.levels == 5);

	/* AMD kvm_pvm and most hosts: 48-bit VA */
	guest_paging__decide(&g, 48, false, PAGING_NOT_TRIED, 0);
	__T("48-bit VA accepted: as advertised, 4 levels",
	    g.decision == PAGING_AS_ADVERTISED && g.levels == 4);

	/* 57-bit width without the LA57 flag: still clamped, said differently */
	guest_paging__decide(&g, 57, false, EINVAL, 0);
	__T("57-bit VA without LA57, rejected: clamped", g.decision == PAGING_CLAMPED);
	T_OK(strstr(g.why, "57-bit virtual addresses") != NULL, "... says so: '%s'", g.why);

	/* A width the library cannot use (it asserts on anything but 48/57) */
	guest_paging__decide(&g, 52, false, PAGING_NOT_TRIED, 0);
	__T("52-bit VA: clamped to 4 levels", g.decision == PAGING_CLAMPED && g.levels == 4);

	/* Neither mode taken: no VM can run, and the reason names both errnos */
	guest_paging__decide(&g, 57, true, EINVAL, EPERM);
	__T("both rejected: unusable, 0 levels", g.decision == PAGING_UNUSABLE && !g.levels);
	T_OK(strstr(g.why, strerror(EINVAL)) && strstr(g.why, strerror(EPERM)),
	     "... reason names both answers: '%s'", g.why);
	guest_paging__decide(&g, 48, false, PAGING_NOT_TRIED, EINVAL);
	__T("48-bit host that rejects 4-level paging: unusable", g.decision == PAGING_UNUSABLE);

	/* No address-width leaf at all */
	guest_paging__decide(&g, 0, false, PAGING_NOT_TRIED, 0);
	__T("no leaf 0x80000008: unusable", g.decision == PAGING_UNUSABLE);
	T_OK(strstr(g.why, "0x80000008") != NULL, "... names the leaf: '%s'", g.why);
	return tap_done();
}
