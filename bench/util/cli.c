// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* "vpmu-bench CMD: KIND: message" on stderr, one line. */
static void say(const char *cmd, const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "vpmu-bench %s: %s: ", cmd, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(cmd, "error", fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

void warnx_(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(cmd, "warning", fmt, ap);
	va_end(ap);
}

bool parse_uint_opt(const char *cmd, const char *opt, const char *s,
		    unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	/* strtoul() would accept leading blanks and signs: only digits here */
	if (!s || *s < '0' || *s > '9')
		goto bad;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	*out = v;
	return true;
bad:
	usage_error(cmd, "%s: expected an integer in [%lu, %lu], got '%s'",
		    opt, min, max, s ? s : "");
	return false;
}

/* "c:w:" from the long options that have a short letter, ':' first. */
static void short_opts(const struct option *o, char *buf, size_t len)
{
	size_t n = 0;

	buf[n++] = ':';
	for (; o->name && n + 3 < len; o++) {
		if (o->val <= 0 || o->val > 127 || o->flag)
			continue;
		buf[n++] = (char)o->val;
		if (o->has_arg == required_argument)
			buf[n++] = ':';
	}
	buf[n] = '\0';
}

int cli__parse(const char *cmd, int argc, char **argv, const struct option *longopts,
	       cli_opt_fn fn, void *ctx, void (*usage)(FILE *f), int *optind_out)
{
	char shortopts[128];
	int c, r;

	short_opts(longopts, shortopts, sizeof(shortopts));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			return usage_error(cmd, "%s: missing its argument (see 'vpmu-bench %s --help')",
					   argv[optind - 1], cmd);
		case '?':
			if (optopt && optopt != '?')
				return usage_error(cmd, "-%c: unknown option (see 'vpmu-bench %s --help')",
						   optopt, cmd);
			return usage_error(cmd, "%s: unknown or ambiguous option (see 'vpmu-bench %s --help')",
					   argv[optind - 1], cmd);
		default:
			r = fn(ctx, c, optarg);
			if (r)
				return r;
		}
	}
	*optind_out = optind;
	return 0;
}

static bool progress_active;

void progress(const char *fmt, ...)
{
	bool tty = isatty(STDERR_FILENO);
	va_list ap;

	fputs(tty ? "\r\033[K" : "", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (!tty)
		fputc('\n', stderr);
	fflush(stderr);
	progress_active = tty;
}

void progress_done(void)
{
	if (progress_active)
		fputs("\r\033[K", stderr);
	progress_active = false;
}
