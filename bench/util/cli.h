/* SPDX-License-Identifier: GPL-2.0 */
/* Shared command-line helpers: one-line errors, checked number parsing. */
#ifndef VPMU_CLI_H
#define VPMU_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

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

/*
 * The one option parser of every command: getopt_long over @longopts
 * (unique prefixes of long names are accepted, as getopt_long does), with
 * -h/--help handled here (@usage to stdout, exit 0) and every error one
 * line naming the option plus a pointer to `vpmu-bench CMD --help`.
 * @fn gets each option's val and argument and returns 0 or EXIT_USAGE.
 * Returns 0 with *@optind_out at the first operand, or EXIT_USAGE.
 */
typedef int (*cli_opt_fn)(void *ctx, int val, const char *arg);
int cli__parse(const char *cmd, int argc, char **argv, const struct option *longopts,
	       cli_opt_fn fn, void *ctx, void (*usage)(FILE *f), int *optind_out);

/* Progress line on stderr, rewritten in place when stderr is a terminal. */
void progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void progress_done(void);

#endif
