// SPDX-License-Identifier: GPL-2.0
/* Names of the host model's enums, for every layer. */
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

const char *probe__exec_name(enum guest_exec g)
{
	switch (g) {
	case GUEST_EXEC_HARDWARE:
		return "hardware";
	case GUEST_EXEC_EMULATED:
		return "emulated";
	default:
		return "unknown";
	}
}
