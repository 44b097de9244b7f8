/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocate or die: the one place that decides what running out of memory
 * does (a one-line message and exit 1), so no caller checks for NULL and
 * no caller forgets to.
 */
#ifndef VPMU_ALLOC_H
#define VPMU_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
