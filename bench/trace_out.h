/* SPDX-License-Identifier: GPL-2.0 */
/* `vpmu-bench trace`: its per-reason statistics as JSON and as a text table. */
#ifndef VPMU_TRACE_OUT_H
#define VPMU_TRACE_OUT_H

#include <stdio.h>

#include <jansson.h>

#include "exit_pair.h"

/*
 * info.trace of a result row: counts, losses and every reason; without
 * @have_switch, @switch_why says why there is no PMU-switch share.
 */
json_t *trace_out__json(const struct exit_pair *p, bool have_switch, const char *switch_why);
/* One line per reason, by total time, below a header. */
void trace_out__table(FILE *f, const struct exit_pair *p, bool have_switch);

#endif
