// SPDX-License-Identifier: GPL-2.0
/* SIGINT/SIGTERM as a stop flag (see stop.h). */
#include <stddef.h>

#include "stop.h"

static volatile sig_atomic_t *stop_flag;

static void on_signal(int sig)
{
	*stop_flag = sig;
}

void stop__catch(volatile sig_atomic_t *flag, struct stop_saved *saved)
{
	struct sigaction sa = { .sa_handler = on_signal };

	stop_flag = flag;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &saved->old_int);
	sigaction(SIGTERM, &sa, &saved->old_term);
}

void stop__restore(const struct stop_saved *saved)
{
	sigaction(SIGINT, &saved->old_int, NULL);
	sigaction(SIGTERM, &saved->old_term, NULL);
}
