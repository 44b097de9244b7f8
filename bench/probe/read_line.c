// SPDX-License-Identifier: GPL-2.0
/* One-line files of /sys and /proc (read_line.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "read_line.h"

int probe__read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int e;

	if (!f)
		return -errno;
	if (!fgets(buf, len, f)) {
		e = ferror(f) ? -EIO : -ENODATA;
		fclose(f);
		return e;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}
