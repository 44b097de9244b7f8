/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the host hygiene facts (bench/util/hygiene.h) from /sys and
 * /proc. Test hook: $VPMU_SYSFS_ROOT and $VPMU_PROC_ROOT replace /sys and
 * /proc (the same hook kmod/load has), so tests feed recorded trees
 * (tests/data/hygiene/).
 */
#ifndef VPMU_HYGIENE_READ_H
#define VPMU_HYGIENE_READ_H

#include "hygiene.h"

/*
 * Start of a run on @cpu (-1: not pinned): the settings (governor, turbo,
 * NMI watchdog, perf_event_paranoid, other VMs) and the counters the
 * window facts are deltas of. Processes @self and its children are ours,
 * never "other VMs". Never fails: an unreadable fact is unknown with why.
 */
void hygiene__begin(struct hygiene *h, int cpu, int self);
/* End of the run: the counters again, other VMs again, every fact judged. */
void hygiene__end(struct hygiene *h, int self);

#endif
