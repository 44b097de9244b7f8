// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "sample_channel.h"

/* A guest number goes into a reason only below this. */
#define PRINTABLE_MAX (1ULL << 32)

/* "1234", or "out of range" for anything a guest could use to smuggle data. */
static const char *guest_num(uint64_t v, char *buf, size_t len)
{
	if (v < PRINTABLE_MAX)
		snprintf(buf, len, "%llu", (unsigned long long)v);
	else
		snprintf(buf, len, "out of range");
	return buf;
}

bool sample_channel__check(const uint64_t *args, unsigned int nargs, uint64_t phase,
			   uint64_t idx, uint64_t max_value, char *why, size_t len)
{
	char a[24], b[24];

	if (args[0] != phase || args[1] != idx) {
		snprintf(why, len, "guest protocol error: got tag %s index %s, expected tag %llu index %llu",
			 guest_num(args[0], a, sizeof(a)), guest_num(args[1], b, sizeof(b)),
			 (unsigned long long)phase, (unsigned long long)idx);
		return false;
	}
	if (nargs > 2 && args[2] >= max_value) {
		snprintf(why, len, "guest reported an impossible value at sample %llu (at least %llu)",
			 (unsigned long long)idx, (unsigned long long)max_value);
		return false;
	}
	return true;
}
