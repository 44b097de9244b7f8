// SPDX-License-Identifier: GPL-2.0
/*
 * vpmu-bench: one table of subcommands (perf builtin-bench.c style).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

struct command {
	const char *name;
	const char *summary;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "probe",  "report everything a run depends on (CPU, KVM, PMU, modes)", cmd_probe },
	{ "list",   "list collections and workloads, and whether each can run here", cmd_list },
	{ "run",    "run workloads, write one result file, print the table", cmd_run },
	{ "report", "turn result files into tables, plots and report.md", cmd_report },
	{ "native", "run the topdown shapes and accuracy loop on the host under perf: ground truth", cmd_native },
	{ "suite",  "every mode x collection x repetition in one directory, with an index", cmd_suite },
	{ "trace",  "VM-exit latency per exit reason from host tracepoints", cmd_trace },
	{ "overhead", "time whole guest runs with hyperfine while sampling at a rate", cmd_overhead },
	{ NULL },
};

/* "probe, list, ...": the error messages name every command of the table. */
static void command_names(FILE *f)
{
	const struct command *c;

	for (c = commands; c->name; c++)
		fprintf(f, "%s%s", c == commands ? "" : ", ", c->name);
}

static void usage(FILE *f)
{
	const struct command *c;

	fprintf(f, "usage: vpmu-bench COMMAND [OPTIONS]\n\n"
		   "Characterize KVM's x86 virtual PMU: exit cost and accuracy per vPMU mode.\n\n"
		   "Commands:\n");
	for (c = commands; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fprintf(f, "\n'vpmu-bench COMMAND --help' describes each command.\n"
		   "vpmu-bench %s (%s)\n", VPMU_VERSION, VPMU_GIT_COMMIT);
}

/*
 * Output that did not reach stdout is lost data: say so and fail, for
 * every command in one place (a full disk, a closed pipe, /dev/full).
 */
static int finish(int rc)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "vpmu-bench: error: writing to standard output failed: %s\n",
			strerror(errno ? errno : EIO));
		return rc ? rc : 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	const struct command *c;

	/*
	 * Past a file-size limit a write must fail with EFBIG, which every
	 * writer reports and cleans up after, instead of killing the process
	 * with SIGXFSZ and leaving a temp file and a core behind.
	 */
	signal(SIGXFSZ, SIG_IGN);

	if (argc < 2) {
		fprintf(stderr, "vpmu-bench: error: no command given (expected one of: ");
		command_names(stderr);
		fprintf(stderr, "; see 'vpmu-bench --help')\n");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return finish(0);
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vpmu-bench %s (%s)\n", VPMU_VERSION, VPMU_GIT_COMMIT);
		return finish(0);
	}
	for (c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return finish(c->fn(argc - 1, argv + 1));
	fprintf(stderr, "vpmu-bench: error: unknown command '%s' (expected one of: ", argv[1]);
	command_names(stderr);
	fprintf(stderr, ")\n");
	return EXIT_USAGE;
}
