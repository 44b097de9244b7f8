// SPDX-License-Identifier: GPL-2.0
/* vpmu-bench list: every collection and row, and whether it can run here. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "workload.h"

int cmd_list(int argc, char **argv)
{
	const struct collection *c;
	const struct workload *w;
	struct probe p;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: vpmu-bench list\n\nLists every collection and workload, with whether it can run on this host\nand, if not, why (from the requirement probe of its row).\n");
		return 0;
	}
	if (argc > 1)
		return usage_error("list", "%s: unexpected argument (list takes none)", argv[1]);
	probe__fill(&p, false);
	for_each_collection(c) {
		printf("%s: %s\n", c->name, c->summary);
		for_each_workload(c, w) {
			char why[2 * PROBE_WHY] = "";
			bool ok = w->requires(w, &p, why, sizeof(why));

			printf("  %-24s %s\n  %-24s %s%s\n", w->name, w->summary, "",
			       ok ? "runnable here" : "not here: ", ok ? "" : why);
		}
	}
	return 0;
}
