/* SPDX-License-Identifier: GPL-2.0 */
/* Entry points of the subcommands; each gets argv starting at its name. */
#ifndef VPMU_COMMANDS_H
#define VPMU_COMMANDS_H

int cmd_probe(int argc, char **argv);	/* bench/probe.c */
int cmd_list(int argc, char **argv);	/* bench/list.c */
int cmd_run(int argc, char **argv);	/* bench/run.c */
int cmd_report(int argc, char **argv);	/* bench/report_cmd.c */
int cmd_native(int argc, char **argv);	/* bench/native.c */
int cmd_suite(int argc, char **argv);	/* bench/suite.c */
int cmd_trace(int argc, char **argv);	/* bench/trace.c */
int cmd_overhead(int argc, char **argv);	/* bench/overhead.c */

#endif
