/* SPDX-License-Identifier: GPL-2.0 */
/* Shared command-line helpers: one-line errors, checked number parsing. */
#ifndef VPMU_CLI_H
#define VPMU_CLI_H

#include <stdbool.h>

#define EXIT_USAGE 2

/* "vpmu-bench CMD: error: ..." on stderr; returns EXIT_USAGE for `return usage_error(...)`. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void warnx_(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Parse a decimal unsigned integer in [min, max] for option @opt. On error
 * prints "vpmu-bench CMD: error: OPT: expected an integer in [min, max], got 'S'"
 * and returns false.
 */
bool parse_uint_opt(const char *cmd, const char *opt, const char *s,
		    unsigned long min, unsigned long max, unsigned long *out);

/* Progress line on stderr, rewritten in place when stderr is a terminal. */
void progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void progress_done(void);

#endif
