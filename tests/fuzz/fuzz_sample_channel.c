// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the guest->host sample channel decoder
 * (guest-workloads/shared/sample_channel.c) fed arbitrary ucall arguments,
 * as a hostile guest could send them. It must accept exactly the expected
 * tag/index (and a value below the bound), and its reason must never
 * carry a guest number of 2^32 or more.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample_channel.h"

/* @num appears in @s as a whole number, not as part of a longer one. */
static bool has_number(const char *s, const char *num)
{
	size_t n = strlen(num);
	const char *p;

	for (p = strstr(s, num); p; p = strstr(p + 1, num))
		if ((p == s || p[-1] < '0' || p[-1] > '9') && (p[n] < '0' || p[n] > '9'))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t in[6] = { 0 }, args[3];
	char why[256] = "", big[32];
	unsigned int nargs;
	bool ok, want;
	int i;

	memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
	memcpy(args, in, sizeof(args));
	nargs = 2 + (in[5] & 1);
	ok = sample_channel__check(args, nargs, in[3], in[4], 1ULL << 40, why, sizeof(why));
	want = args[0] == in[3] && args[1] == in[4] && (nargs < 3 || args[2] < (1ULL << 40));
	if (ok != want)
		abort();
	if (!ok && !why[0])
		abort();
	/* No unchecked guest number in the reason. */
	for (i = 0; !ok && i < 3; i++) {
		if (args[i] < (1ULL << 32))
			continue;
		snprintf(big, sizeof(big), "%" PRIu64, args[i]);
		if (has_number(why, big) && args[i] != in[3] && args[i] != in[4] &&
		    args[i] != 1ULL << 40)
			abort();
	}
	return 0;
}
