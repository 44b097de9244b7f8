/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal kselftest-style TAP for unit tests: one "ok N what" or
 * "not ok N what" line per check, then a plan line at the end
 * ("1..N"), exit 1 if any check failed. __T() is libperf's idiom:
 * the text says what is being checked.
 */
#ifndef VPMU_TESTS_TAP_H
#define VPMU_TESTS_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static int tap_n, tap_failed;

static inline int tap_check(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static inline int tap_check(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		printf("# failed at %s:%d\n", file, line);
		tap_failed++;
	}
	fflush(stdout);
	return cond;
}

/* __T("what is checked", condition) */
#define __T(text, cond) tap_check(!!(cond), __FILE__, __LINE__, "%s", text)
#define T_OK(cond, ...) tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* Doubles equal within an absolute tolerance; prints both on failure. */
#define T_NEAR(text, got, want, tol) ({					\
	double __g = (got), __w = (want);				\
	int __ok = fabs(__g - __w) <= (tol);				\
	if (!__ok)							\
		printf("# %s: got %.9g, want %.9g (tol %g)\n", text, __g, __w, (double)(tol)); \
	tap_check(__ok, __FILE__, __LINE__, "%s", text);		\
})
#define T_SKIP(text, why) do {						\
	printf("ok %d %s # SKIP %s\n", ++tap_n, text, why);		\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
