/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPMU_REPORT_H
#define VPMU_REPORT_H

/* vpmu-bench report DIR... [--baseline MODE] [--out OUTDIR] */
int cmd_report(int argc, char **argv);

#endif
