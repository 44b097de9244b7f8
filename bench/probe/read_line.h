/* SPDX-License-Identifier: GPL-2.0 */
/* Reading one-line files of /sys and /proc, shared by the probe and the hygiene reader. */
#ifndef VPMU_READ_LINE_H
#define VPMU_READ_LINE_H

#include <stddef.h>

/*
 * First line of @path into @buf without its newline. Returns 0, -errno
 * (fopen), -EIO (read error) or -ENODATA (empty file), so that a caller
 * can say why a fact is unknown.
 */
int probe__read_line(const char *path, char *buf, size_t len);

#endif
