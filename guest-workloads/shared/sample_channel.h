/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest->host sample channel: every value a guest hands over with a
 * ucall is (phase or tag, index, value). Guest memory is untrusted, so
 * the host checks all three before it keeps anything, and a reason never
 * carries a guest number that was not range-checked. Library-free, so the
 * decoder is fuzzed on its own (tests/fuzz/).
 */
#ifndef VPMU_SAMPLE_CHANNEL_H
#define VPMU_SAMPLE_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * True when @args[0] == @phase and @args[1] == @idx and, with @nargs > 2,
 * @args[2] < @max_value. Otherwise false with the reason in @why.
 */
bool sample_channel__check(const uint64_t *args, unsigned int nargs, uint64_t phase,
			   uint64_t idx, uint64_t max_value, char *why, size_t len);

#endif
