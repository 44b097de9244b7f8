/* SPDX-License-Identifier: GPL-2.0 */
/* Checking a command's --out directory before any work is done. */
#ifndef VPMU_OUT_DIR_H
#define VPMU_OUT_DIR_H

/*
 * Fail before a run, not after it, if its result cannot be written: @dir
 * must be a directory (or creatable) that takes a file now. A temp file
 * is created and removed; a directory made for the test is removed again
 * (result__write_atomic() makes it). Returns 0, or EXIT_USAGE after one
 * line "vpmu-bench CMD: error: --out DIR: ..." on stderr.
 */
int out_dir__check(const char *cmd, const char *dir);

#endif
