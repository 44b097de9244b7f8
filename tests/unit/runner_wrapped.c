// SPDX-License-Identifier: GPL-2.0
/*
 * runner__call_wrapped(): vpmu-guest run under another command (trace
 * runs it under perf kvm stat record) still answers on fd 3, and a
 * wrapper that fails is a failure with its reason, not an answer. Uses
 * `vpmu-guest catalog`, which needs no KVM; /usr/bin/env stands in for
 * perf as the wrapper (a test double: it only execs its arguments).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"
#include "../tap.h"

int main(void)
{
	const char *env_wrap[] = { "/usr/bin/env", NULL };
	const char *false_wrap[] = { "/bin/false", NULL };
	const char *args[] = { "catalog", NULL };
	const char *build = getenv("BUILD");
	char guest[4096], why[4096];
	json_t *doc;

	snprintf(guest, sizeof(guest), "%s/vpmu-guest", build ? build : "build");
	if (access(guest, X_OK)) {
		T_SKIP("runner__call_wrapped", "no vpmu-guest built beside the tests (set BUILD)");
		return tap_done();
	}
	setenv("VPMU_GUEST", guest, 1);
	doc = runner__call_wrapped(env_wrap, args, 20000, NULL, NULL, why, sizeof(why));
	T_OK(doc && json_is_array(json_object_get(doc, "rows")) &&
	     json_array_size(json_object_get(doc, "rows")) > 0,
	     "vpmu-guest catalog under a wrapper answers on fd 3%s%s", doc ? "" : ": ",
	     doc ? "" : why);
	json_decref(doc);
	doc = runner__call(args, 20000, NULL, NULL, why, sizeof(why));
	__T("unwrapped runner__call still answers", doc && json_object_get(doc, "rows"));
	json_decref(doc);
	doc = runner__call_wrapped(false_wrap, args, 20000, NULL, NULL, why, sizeof(why));
	T_OK(!doc && strstr(why, "exited with status 1"),
	     "a wrapper that fails gives no answer and says so: '%s'", why);
	json_decref(doc);
	return tap_done();
}
