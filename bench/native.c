// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the native topdown runner lands. */
#include <stdio.h>

#include "commands.h"

int cmd_native(int argc, char **argv)
{
	fprintf(stderr, "vpmu-bench native: not implemented yet\n");
	return 2;
}
