/* SPDX-License-Identifier: GPL-2.0 */
/* `vpmu-bench native --collection topdown`: the topdown shapes on the host. */
#ifndef VPMU_NATIVE_TOPDOWN_H
#define VPMU_NATIVE_TOPDOWN_H

#include <stdio.h>

/*
 * Run every shape @reps times on this thread under a libperf group led by
 * SLOTS with the four level-1 topdown events, print kselftest TAP to @f.
 * Returns 0 if at least one shape was measured and none failed, 4
 * (KSFT_SKIP) if none could be measured (the reason on each line), 1 if
 * one failed.
 */
int native_topdown(unsigned int reps, FILE *f);

#endif
