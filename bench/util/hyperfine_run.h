/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running hyperfine: found in PATH, asked its version, and run over one
 * command in a process group of its own, so that a deadline or Ctrl-C
 * ends hyperfine and the command it is timing together.
 */
#ifndef VPMU_HYPERFINE_RUN_H
#define VPMU_HYPERFINE_RUN_H

#include <signal.h>
#include <stddef.h>

#include "hyperfine.h"

/*
 * hyperfine in $PATH: 0 with its path and `hyperfine --version` (NULL if
 * that failed), both for the caller to free; or -1 with why (not found,
 * and the Debian package that has it).
 */
int hyperfine__find(char **path, char **version, volatile sig_atomic_t *stop,
		    char *why, size_t len);

/* @s in single quotes for hyperfine's shell-word splitting (-N). */
void hyperfine__quote(const char *s, char *buf, size_t len);

struct hf_time {
	const char *hf_path;
	const char *command;		/* one command line, words quoted for -N */
	const char *name;		/* --command-name */
	unsigned int runs, warmup;
	unsigned long timeout_ms;	/* for the whole hyperfine run */
	volatile sig_atomic_t *stop;	/* ends it early when non-zero */
};

enum { HF_TIME_OK = 0, HF_TIME_FAILED = -1, HF_TIME_ENDED = 1 };

/*
 * `hyperfine -N --style none --runs R --warmup W --export-json F
 * --command-name NAME COMMAND`, its export read with hyperfine__read().
 * HF_TIME_OK with @b filled; HF_TIME_FAILED with one line in @why (could
 * not start, hyperfine's last line when it failed, or what is wrong with
 * its export); HF_TIME_ENDED when the deadline or *stop ended it. @wall_s
 * (optional): how long it took.
 */
int hyperfine__time(const struct hf_time *t, struct hf_bench *b, double *wall_s,
		    char *why, size_t len);

#endif
