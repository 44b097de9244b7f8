// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the result reader and the report's tables. Each input
 * is a result file (seeded from runs recorded on this machine and the
 * synthetic set): loaded, checked and analysed the way `vpmu-bench
 * report` does it, then rendered in every table format. Any crash,
 * sanitizer report or leak is a bug; a rejected file is fine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "report_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct report *r;
	char path[64], err[1024];
	int fd;

	if (!null)
		null = fopen("/dev/null", "w");
	fd = memfd_create("result.json", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = calloc(1, sizeof(*r));
	r->baseline = "nopmu";
	r->resamples = 20;
	r->seed = 1;
	if (!resultset__load(&r->rs, path, err, sizeof(err)) &&
	    !resultset__check(&r->rs, err, sizeof(err)) && r->rs.nhosts <= MAX_HOSTS) {
		resultset__analyze(&r->rs, r->resamples, r->seed);
		report__emit(r, FMT_TEXT, null);
		report__emit(r, FMT_MARKDOWN, null);
		report__emit(r, FMT_HUMAN, null);
	}
	resultset__free(&r->rs);
	free(r);
	close(fd);
	return 0;
}
