// SPDX-License-Identifier: GPL-2.0
/* parse_uint_opt(): every bad input is refused, every good one kept exactly. */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>

#include "../tap.h"
#include "cli.h"

static bool parse(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	/* the error line goes to stderr; keep the TAP stream clean */
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	bool ok;

	dup2(null, 2);
	ok = parse_uint_opt("test", "--opt", s, min, max, v);
	dup2(saved, 2);
	close(saved);
	close(null);
	return ok;
}

int main(void)
{
	static const char *const bad[] = { "", "-1", "+1", "abc", "1x", " 1", "0x10", "1.5",
					   "99999999999999999999999", "101", NULL };
	unsigned long v = 12345;
	int i;

	__T("'42' parses to 42", parse("42", 1, 100, &v) && v == 42);
	__T("'1' at the lower bound is accepted", parse("1", 1, 100, &v) && v == 1);
	__T("'100' at the upper bound is accepted", parse("100", 1, 100, &v) && v == 100);
	__T("'0' below a lower bound of 1 is refused", !parse("0", 1, 100, &v));
	for (i = 0; bad[i]; i++) {
		v = 777;
		T_OK(!parse(bad[i], 1, 100, &v) && v == 777,
		     "'%s' is refused and the output untouched", bad[i]);
	}
	__T("NULL is refused", !parse(NULL, 0, 1, &v));
	return tap_done();
}
