/* SPDX-License-Identifier: GPL-2.0 */
/* SIGINT/SIGTERM as a stop flag: how every long-running command is interrupted. */
#ifndef VPMU_STOP_H
#define VPMU_STOP_H

#include <signal.h>

/* The handlers a command replaced, to put back when it is done. */
struct stop_saved {
	struct sigaction old_int, old_term;
};

/*
 * From now on SIGINT and SIGTERM store their number in *@flag (which the
 * command polls between rows and passes to the runner to stop a child)
 * instead of killing the process. No SA_RESTART: a blocking wait returns
 * EINTR, so the flag is seen at once. One flag per process.
 */
void stop__catch(volatile sig_atomic_t *flag, struct stop_saved *saved);
/* Put back the handlers stop__catch() replaced. */
void stop__restore(const struct stop_saved *saved);

#endif
