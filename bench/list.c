// SPDX-License-Identifier: GPL-2.0
/* vpmu-bench list: every collection and row, and whether it can run here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "catalog.h"
#include "cli.h"
#include "commands.h"
#include "host_probe.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: vpmu-bench list\n\n"
		   "Lists every collection and workload, with whether it can run on this host\n"
		   "in the active mode and, if not, why (from the requirement probe of its\n"
		   "row). Works without /dev/kvm: every row then names that reason.\n");
}

static int on_opt(void *ctx, int val, const char *arg)
{
	return EXIT_USAGE;
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	char why[4096];
	struct catalog cat;
	struct probe *p;
	int first, r;
	size_t i;

	r = cli__parse("list", argc, argv, longopts, on_opt, NULL, usage, &first);
	if (r)
		return r;
	if (first < argc)
		return usage_error("list", "%s: unexpected argument (list takes none)", argv[first]);
	if (catalog__load(&cat, why, sizeof(why))) {
		fprintf(stderr, "vpmu-bench list: error: %s\n", why);
		return 1;
	}
	p = xcalloc(1, sizeof(*p));
	probe__fill(p, false);
	if (catalog__requires(&cat, p, p->current_mode, -1, NULL, 0, why, sizeof(why))) {
		fprintf(stderr, "vpmu-bench list: error: requirement probes failed: %s\n", why);
		r = 1;
		goto out;
	}
	for (i = 0; i < cat.n; i++) {
		const struct catalog_row *w = &cat.rows[i];

		if (!i || strcmp(w->collection, cat.rows[i - 1].collection))
			printf("%s: %s\n", w->collection, w->collection_summary);
		printf("  %-24s %s\n  %-24s %s%s\n", w->name, w->summary, "",
		       w->runnable ? "runnable here" : "not here: ", w->runnable ? "" : w->why);
	}
out:
	catalog__free(&cat);
	free(p);
	return r;
}
