// SPDX-License-Identifier: GPL-2.0
#include "workload.h"

const struct workload exit_workloads[] = {
	{ NULL },
};
