// SPDX-License-Identifier: GPL-2.0
/*
 * No reason is ever cut (issue 8: "... VMX controls unkno"). Test doubles
 * of hosts whose every reason that a mode quotes is as long as its buffer
 * allows, with numbers and names at their widest, go through
 * probe__decide_modes(), probe__print() and probe__to_json(): each mode's
 * reason must quote every sub-reason whole and end with the last one, the
 * text and JSON forms must carry it whole, and reasons_truncated must stay
 * 0. With the old 192-byte buffers the first quote alone does not fit.
 */
#include <limits.h>
#include <string.h>

#include <jansson.h>

#include "../tap.h"
#include "host_probe.h"

/*
 * Fill @buf to its last byte with a reason that starts with "[tag begins"
 * and ends with "tag ends]", so a quote of it is found whole or not at all.
 */
static void fill(char *buf, size_t len, const char *tag)
{
	char tail[64];
	size_t n, t;

	n = snprintf(buf, len, "[%s begins", tag);
	t = snprintf(tail, sizeof(tail), "%s ends]", tag);
	for (; n < len - 1 - t; n++)
		buf[n] = n % 8 ? 'x' : ' ';
	memcpy(buf + n, tail, t + 1);
}

/*
 * Intel on a kernel before 7.0 where nothing the mediated modes need is
 * known: /dev/kvm unusable, no module parameters, PERF_CAPABILITIES and
 * the VMX controls unreadable, modules locked. Every quoted reason full.
 */
static void fake_worst_intel(struct probe *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->vendor, "GenuineIntel");
	p->codename = "unknown";
	p->codename_long = "unknown";
	p->kernel_major = 6;
	p->kernel_minor = UINT_MAX;
	p->cap_pmu_capability = -1;
	fill(p->kvm_why, sizeof(p->kvm_why), "kvm_why");
	fill(p->enable_pmu_why, sizeof(p->enable_pmu_why), "enable_pmu_why");
	fill(p->mediated_why, sizeof(p->mediated_why), "mediated_why");
	fill(p->autostore_why, sizeof(p->autostore_why), "autostore_why");
	fill(p->modules_why, sizeof(p->modules_why), "modules_why");
	fill(p->perf_cap_why, sizeof(p->perf_cap_why), "perf_cap_why");
	fill(p->vmx_ctls_why, sizeof(p->vmx_ctls_why), "vmx_ctls_why");
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

static size_t longest;	/* longest mode reason seen, for the headroom check */

/*
 * @m's reason holds each of the @n quotes whole, ends with @tail, and
 * nothing was counted as truncated.
 */
static void check_mode(const char *host, const struct probe *p, enum vpmu_mode m,
		       const char *const *quotes, int n, const char *tail)
{
	const char *why = p->modes[m].why;
	int i, found = 0;

	for (i = 0; i < n; i++)
		found += strstr(why, quotes[i]) != NULL;
	if (strlen(why) > longest)
		longest = strlen(why);
	T_OK(found == n, "%s: %s quotes all %d reasons whole (%d found)", host,
	     mode_name(m), n, found);
	if (!T_OK(ends_with(why, tail), "%s: %s ends with its last reason", host, mode_name(m)))
		printf("# ends with '%s'\n", why + (strlen(why) > 60 ? strlen(why) - 60 : 0));
	T_OK(p->reasons_truncated == 0, "%s: %s: reasons_truncated is 0 (%u)", host,
	     mode_name(m), p->reasons_truncated);
}

/* The text and JSON forms carry every mode's reason whole. */
static void check_output(const char *host, const struct probe *p)
{
	json_t *o = probe__to_json(p), *modes = json_object_get(o, "modes");
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int i, whole_text = 0, whole_json = 0;

	probe__print(p, f);
	fclose(f);
	for (i = 0; i < NR_MODES; i++) {
		const char *w = json_string_value(json_object_get(json_array_get(modes, i), "why"));
		char key[64], *line, *eol;

		whole_json += w && !strcmp(w, p->modes[i].why);
		/* The mode's own line, "  <mode>: ...: <why>\n", not a quote elsewhere */
		snprintf(key, sizeof(key), "\n  %s:", mode_name(i));
		line = strstr(text, key);
		eol = line ? strchr(line + 1, '\n') : NULL;
		if (eol) {
			*eol = '\0';
			whole_text += ends_with(line, p->modes[i].why) &&
				      !strncmp(eol - strlen(p->modes[i].why) - 2, ": ", 2);
			*eol = '\n';
		}
	}
	T_OK(whole_text == NR_MODES, "%s: probe prints every mode reason whole (%d of %d)",
	     host, whole_text, NR_MODES);
	T_OK(whole_json == NR_MODES, "%s: probe --json has every mode reason whole (%d of %d)",
	     host, whole_json, NR_MODES);
	T_OK(json_integer_value(json_object_get(o, "reasons_truncated")) == 0 &&
	     json_is_integer(json_object_get(o, "reasons_truncated")),
	     "%s: probe --json reports reasons_truncated 0", host);
	T_OK(!strstr(text, "Reasons truncated"), "%s: probe prints no 'Reasons truncated' line",
	     host);
	json_decref(o);
	free(text);
}

int main(void)
{
	char vmx_q[PROBE_WHY + 64], cap_q[PROBE_WHY + 64], mod_q[PROBE_WHY + 64];
	const char *tail, *q[4];
	struct probe *p = calloc(1, sizeof(*p));

	if (!p)
		return 1;

	/* Every mediated requirement unknown: four whole reasons quoted. */
	fake_worst_intel(p);
	snprintf(cap_q, sizeof(cap_q), "full-width writes unknown: %s", p->perf_cap_why);
	snprintf(vmx_q, sizeof(vmx_q), "VMX controls unknown: %s", p->vmx_ctls_why);
	snprintf(mod_q, sizeof(mod_q), "enable_mediated_pmu=absent, no reload: %s", p->modules_why);
	probe__decide_modes(p);
	q[0] = p->kvm_why;
	q[1] = cap_q;
	q[2] = vmx_q;
	q[3] = mod_q;
	T_OK(!strcmp(p->modes[MODE_NOPMU].why, p->kvm_why), "Intel, all unknown: nopmu is kvm_why whole");
	check_mode("Intel, all unknown", p, MODE_LEGACY, q, 1,
		   "; kvm.enable_pmu=? and modules cannot be reloaded");
	check_mode("Intel, all unknown", p, MODE_MEDIATED_VMCS, q, 4, mod_q);
	check_mode("Intel, all unknown", p, MODE_MEDIATED_AUTOSTORE, q, 4, mod_q);
	T_OK(!strcmp(p->current_mode_why, "kvm.enable_pmu=unknown, no host PMU"),
	     "Intel, all unknown: current mode reason whole");
	check_output("Intel, all unknown", p);
	T_OK(PROBE_WHY_QUOTES == 4, "PROBE_WHY_QUOTES covers the four reasons quoted above");

	/* VMX readable without the PERF_GLOBAL_CTRL controls (pre-SPR text last). */
	fake_worst_intel(p);
	p->kvm_usable = true;
	p->vmx_ctls_valid = true;
	probe__decide_modes(p);
	check_mode("Intel, no VMX controls", p, MODE_MEDIATED_VMCS, q + 1, 1,
		   "; no VM-exit save PERF_GLOBAL_CTRL control (pre-SPR)");
	check_mode("Intel, no VMX controls", p, MODE_MEDIATED_AUTOSTORE, q + 1, 1, mod_q);
	check_output("Intel, no VMX controls", p);

	/* The save control but no kmod: the autostore reason comes last. */
	fake_worst_intel(p);
	p->kvm_usable = true;
	p->vmx_ctls_valid = true;
	p->vmx_true_exit_ctls = (uint64_t)VMX_EXIT_SAVE_PERF_GLOBAL_CTRL << 32;
	probe__decide_modes(p);
	check_mode("Intel, save control, no kmod", p, MODE_MEDIATED_AUTOSTORE, q + 1, 1,
		   "; force_perf_global_ctrl_autostore absent (stock kvm_intel) and kmod cannot be loaded");
	check_output("Intel, save control, no kmod", p);

	/* enable_mediated_pmu=Y with modules locked: legacy's last reason. */
	fake_worst_intel(p);
	strcpy(p->enable_mediated_pmu, "Y");
	probe__decide_modes(p);
	check_mode("Intel, mediated=Y", p, MODE_LEGACY, q, 1,
		   "; enable_mediated_pmu=Y and modules cannot be reloaded");
	check_output("Intel, mediated=Y", p);

	/* AMD: the Intel-only and kernel reasons after the whole kvm_why. */
	fake_worst_intel(p);
	strcpy(p->vendor, "AuthenticAMD");
	probe__decide_modes(p);
	tail = "; Intel-only mode (VMCS PERF_GLOBAL_CTRL controls); CPU is AuthenticAMD"
	       "; kernel 6.4294967295 < 7.0 has no mediated vPMU";
	check_mode("AMD, all unknown", p, MODE_MEDIATED_VMCS, q, 1, tail);
	check_mode("AMD, all unknown", p, MODE_MEDIATED_AUTOSTORE, q, 1, tail);
	check_output("AMD, all unknown", p);

	/*
	 * probe.h's sizing claim: a mode quotes at most PROBE_WHY_QUOTES whole
	 * reasons and adds less than PROBE_WHY of its own text.
	 */
	printf("# longest mode reason: %zu of %d bytes\n", longest, PROBE_WHY_LIST - 1);
	T_OK(longest - PROBE_WHY_QUOTES * (PROBE_WHY - 1) < PROBE_WHY,
	     "own text of the longest mode reason (%zu) is under PROBE_WHY (%d)",
	     longest - PROBE_WHY_QUOTES * (PROBE_WHY - 1), PROBE_WHY);
	free(p);
	return tap_done();
}
