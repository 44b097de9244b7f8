// SPDX-License-Identifier: GPL-2.0
/* Placeholder probe (replaced by the real one). */
#include <stdio.h>
#include <string.h>

#include "probe.h"

static const char *const mode_names[NR_MODES] = {
	[MODE_NOPMU] = "nopmu",
	[MODE_LEGACY] = "legacy",
	[MODE_MEDIATED_VMCS] = "mediated-vmcs",
	[MODE_MEDIATED_AUTOSTORE] = "mediated-autostore",
};

const char *mode_name(enum vpmu_mode m)
{
	return m < NR_MODES ? mode_names[m] : "invalid";
}

enum vpmu_mode mode_from_name(const char *name)
{
	int m;

	for (m = 0; m < NR_MODES; m++)
		if (!strcmp(name, mode_names[m]))
			return m;
	return NR_MODES;
}

void probe__fill(struct probe *p, bool with_guest_timing)
{
	memset(p, 0, sizeof(*p));
	p->codename = "unknown";
	p->current_mode = MODE_NOPMU;
}

void probe__print(const struct probe *p, FILE *f)
{
	fprintf(f, "probe: not implemented yet\n");
}

struct json_t *probe__to_json(const struct probe *p)
{
	return NULL;
}

int cmd_probe(int argc, char **argv)
{
	fprintf(stderr, "vpmu-bench probe: not implemented yet\n");
	return 2;
}
