// SPDX-License-Identifier: GPL-2.0
/*
 * Turn the selftests library's assertion report into one line of reason.
 * The text comes from a child process of ours, but it can also carry what
 * a guest wrote, so it is bounded and never trusted to be well formed.
 */
#include <stdio.h>
#include <string.h>

#include "selftest_reason.h"

#define ASSERT_BANNER "==== Test Assertion Failure ===="

/* The line starting at @s, without its newline and leading blanks. */
static int line_at(const char *s, const char **start)
{
	const char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = strchrnul(s, '\n');
	*start = s;
	return (int)(e - s);
}

static const char *next_line(const char *s)
{
	s = strchr(s, '\n');
	return s ? s + 1 : NULL;
}

/* A stack frame ("     3\t0x...") or the library's "(stack trace empty)". */
static bool is_frame(const char *l)
{
	const char *s = l;

	while (*s == ' ')
		s++;
	if (!strncmp(s, "(stack trace empty)", 19))
		return true;
	/* frames are indented by more than the message's two blanks */
	return s - l > 2;
}

static bool assertion(const char *a, char *why, size_t len)
{
	const char *loc = NULL, *msg = NULL, *l, *p;
	int loc_len = 0, msg_len = 0, err = 0;
	char errtext[128] = "";

	l = next_line(a);
	if (!l)
		return false;
	loc_len = line_at(l, &loc);
	l = next_line(l);
	if (l && (p = strstr(l, "errno=")) && p < strchrnul(l, '\n'))
		sscanf(p, "errno=%d - %127[^\n]", &err, errtext);
	/* The message: the first two-blank-indented line after the frames. */
	for (l = l ? next_line(l) : NULL; l && *l; l = next_line(l)) {
		if (strncmp(l, "  ", 2) || is_frame(l))
			continue;
		msg_len = line_at(l, &msg);
		if (msg_len)
			break;
	}
	if (msg_len) {
		char call[64], etext[128];
		int rc, e;

		/* __KVM_IOCTL_ERROR(): "NAME failed, rc: R errno: E (TEXT)" */
		if (sscanf(msg, "%63s failed, rc: %d errno: %d (%127[^)\n])", call, &rc, &e,
			   etext) == 4) {
			/* "file:line: expr" -> "file:line" */
			const char *colon = strstr(loc, ": ");
			int where = colon && colon < loc + loc_len ? (int)(colon - loc) : loc_len;

			snprintf(why, len, "%s failed: %s (errno %d) at %.*s", call, etext, e, where,
				 loc);
			return true;
		}
		snprintf(why, len, "assertion failed at %.*s: %.*s%s%s%s", loc_len, loc, msg_len,
			 msg, err ? " (errno " : "", err ? errtext : "", err ? ")" : "");
		return true;
	}
	if (err)
		snprintf(why, len, "assertion failed at %.*s (errno %d: %s)", loc_len, loc, err,
			 errtext);
	else
		snprintf(why, len, "assertion failed at %.*s", loc_len, loc);
	return true;
}

bool selftest_reason(const char *log, char *why, size_t len)
{
	const char *a = strstr(log, ASSERT_BANNER), *s, *e, *last = NULL;

	if (a && assertion(a, why, len))
		return true;
	/* TEST_REQUIRE(): "1..0 # SKIP - reason" */
	s = strstr(log, "# SKIP");
	if (s) {
		s += 6;
		while (*s == ' ' || *s == '-')
			s++;
		snprintf(why, len, "%.*s", (int)(strchrnul(s, '\n') - s), s);
		return true;
	}
	for (s = log; *s; s = e + (*e != 0)) {
		e = strchrnul(s, '\n');
		if (e > s)
			last = s;
	}
	if (last)
		snprintf(why, len, "%.*s", (int)(strchrnul(last, '\n') - last), last);
	else if (len)
		why[0] = '\0';
	return false;
}
