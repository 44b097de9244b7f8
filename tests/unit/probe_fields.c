// SPDX-License-Identifier: GPL-2.0
/*
 * One model, one serializer: probe_fields[] is the only description of
 * what `probe` prints, what `probe --json` holds and what a result's
 * meta.host and meta.kvm copy. On test doubles with a distinct value in
 * every field, each output is checked against the struct row by row
 * (value, unknown as null or "unknown (why)", the reason agreeing
 * between text and JSON), and the other way round: every text line,
 * every JSON key and every meta key must come from a row. The checkers
 * are then run on outputs with one field added by hand, which they must
 * reject: a field in one output only fails here.
 */
#include <ctype.h>
#include <string.h>

#include <jansson.h>

#include "../tap.h"
#include "host_probe.h"

#define for_each_row(f) for (f = probe_fields; f < probe_fields + probe_nr_fields; f++)

/* The lines a custom row writes below its own (PMU decode) */
static const char *const pmu_lines[] = {
	"Version", "GP counters", "Fixed counters", "Unavailable events (EBX)",
};
/* The keys a merging row (json() without key) adds: the PMU decode */
static const char *const pmu_keys[] = {
	"cpuid_0xa", "version", "gp_counters", "gp_width_bits", "fixed_counters",
	"fixed_width_bits", "fixed_counters_present", "events_unavailable_mask",
	"events_mask_length", "anythread_deprecated", "why",
};

#define NR(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

static int problems;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	problems++;
}

/* ---- the table, read as the spec ---------------------------------------- */

static const struct probe_field *section_of(const struct probe_field *f)
{
	while (f->type != PT_SECTION)
		f--;
	return f;
}

/* The labelled row whose line an unlabelled row is on */
static const struct probe_field *owner_of(const struct probe_field *f)
{
	do
		f--;
	while (f->type != PT_SECTION && !f->label && !f->text);
	return f;
}

/* A known value as text, as it must appear somewhere on its line */
static void text_of(const struct probe *p, const struct probe_field *f, char *buf, size_t len)
{
	double v = probe__field_num(p, f);

	switch (f->type) {
	case PT_STR:
	case PT_CSTR:
	case PT_WHY:
		snprintf(buf, len, "%s", probe__field_str(p, f));
		break;
	case PT_BOOL:
		snprintf(buf, len, "%s", v ? (f->yes ? f->yes : "yes") : (f->no ? f->no : "no"));
		break;
	case PT_INT:
	case PT_CAP:
		snprintf(buf, len, "%d", (int)v);
		break;
	case PT_UINT:
		snprintf(buf, len, "%u", (unsigned int)v);
		break;
	case PT_HEX64:
		snprintf(buf, len, "%llx", (unsigned long long)probe__field_hex(p, f));
		break;
	case PT_DOUBLE:
		snprintf(buf, len, f->fmt ? f->fmt : "%g", v * (f->scale ? f->scale : 1));
		break;
	case PT_EXEC:
		snprintf(buf, len, "%s", probe__exec_name(v));
		break;
	case PT_MODE:
		snprintf(buf, len, "%s", mode_name(v));
		break;
	default:
		buf[0] = '\0';
	}
}

/* The JSON a plain row must have; @raw: the meta's stored value */
static json_t *json_of(const struct probe *p, const struct probe_field *f, bool raw)
{
	char buf[24];

	if (!raw && !probe__field_known(p, f))
		return json_null();
	switch (f->type) {
	case PT_STR:
	case PT_CSTR:
	case PT_WHY:	/* NULL only for a CSTR */
		return probe__field_str(p, f) ? json_string(probe__field_str(p, f)) : json_null();
	case PT_BOOL:
		return json_boolean(probe__field_num(p, f));
	case PT_HEX64:
		snprintf(buf, sizeof(buf), "0x%016llx",
			 (unsigned long long)probe__field_hex(p, f));
		return json_string(buf);
	case PT_DOUBLE:
		return json_real(probe__field_num(p, f));
	case PT_EXEC:
		return json_string(probe__exec_name(probe__field_num(p, f)));
	case PT_MODE:
		return json_string(mode_name(probe__field_num(p, f)));
	default:
		return json_integer(probe__field_num(p, f));
	}
}

/* ---- the table itself --------------------------------------------------- */

static void check_table(void)
{
	const struct probe_field *f, *g;

	T_OK(probe_fields[0].type == PT_SECTION, "the table starts with a section");
	for_each_row(f) {
		if (f->type == PT_SECTION)
			continue;
		if (!f->key && !f->json)
			problem("row %td has no JSON key", f - probe_fields);
		if (f->meta && !section_of(f)->meta)
			problem("%s: marked for the meta in a section without a meta block", f->key);
		if (!f->label && !f->text && !f->fmt && f->type != PT_WHY &&
		    !(f->flags & PF_JSON_ONLY) && !owner_of(f)->text)
			problem("%s: in the JSON only, not marked PF_JSON_ONLY", f->key);
		if (f->type == PT_WHY && !f->label && !f->fmt) {
			for_each_row(g)
				if (g->type != PT_SECTION && g->why == f->off)
					break;
			if (g == probe_fields + probe_nr_fields)
				problem("%s: a reason no line shows", f->key);
		}
		if (f->why) {
			int n = 0;

			for_each_row(g)
				n += g->type == PT_WHY && g->off == f->why;
			if (n != 1)
				problem("%s: its reason is in the JSON %d times", f->key, n);
		}
		for (g = probe_fields; g < f; g++) {
			if (g->type == PT_SECTION || section_of(g) != section_of(f))
				continue;
			if (f->key && g->key && !strcmp(f->key, g->key) &&
			    !strcmp(f->obj ? f->obj : "", g->obj ? g->obj : ""))
				problem("JSON key %s twice", f->key);
			if (f->meta && g->meta && !strcmp(f->meta, g->meta))
				problem("meta key %s twice", f->meta);
			if (f->label && g->label && !strcmp(f->label, g->label))
				problem("text key %s twice", f->label);
		}
	}
}

/* ---- text --------------------------------------------------------------- */

struct line {
	char *label, *value;	/* label NULL: a section heading in value */
};

#define MAX_LINES 256

static int parse_text(char *buf, struct line *l)
{
	char *s, *save, *c;
	int n = 0;

	for (s = strtok_r(buf, "\n", &save); s && n < MAX_LINES; s = strtok_r(NULL, "\n", &save)) {
		if (strncmp(s, "  ", 2)) {
			l[n++] = (struct line){ NULL, s };
			continue;
		}
		c = strchr(s, ':');
		if (!c) {
			l[n++] = (struct line){ "", s };
			continue;
		}
		*c++ = '\0';
		while (*c == ' ')
			c++;
		l[n++] = (struct line){ s + 2, c };
	}
	return n;
}

/* The line a row must have, NULL if it has none for @p */
static const char *expected_label(const struct probe *p, const struct probe_field *f)
{
	const struct probe_field *g;

	if (!f->label || !probe__field_present(p, f))
		return NULL;
	if ((f->flags & PF_HIDE_UNKNOWN) && !probe__field_known(p, f))
		return NULL;
	if ((f->flags & PF_HIDE_ZERO) && !probe__field_num(p, f))
		return NULL;
	if (f->type == PT_WHY) {
		if (!probe__field_known(p, f))
			return NULL;
		/* a reason on its own line only where its value's line does not say it */
		for_each_row(g)
			if (g->type != PT_SECTION && g->why == f->off && probe__field_failed(p, g))
				return NULL;
	}
	return probe__field_failed(p, f) && f->label_unknown ? f->label_unknown : f->label;
}

/*
 * @want on @line as a token of its own: "8" is not in "0x8f". A hex
 * value may follow its "0x" and leading zeros.
 */
static bool has_token(const char *line, const char *want, bool hex)
{
	size_t n = strlen(want);
	const char *s;

	if (!n)
		return true;
	for (s = strstr(line, want); s; s = strstr(s + 1, want)) {
		bool left = s == line || !isalnum((unsigned char)s[-1]) ||
			    (hex && (s[-1] == 'x' || s[-1] == '0'));

		if (left && !isalnum((unsigned char)s[n]))
			return true;
	}
	return false;
}

static void expect_in(const struct probe_field *f, const char *line, const char *want)
{
	if (!has_token(line, want, f && f->type == PT_HEX64))
		problem("%s: '%s' not on its line '%s'", f ? (f->label ? f->label : f->key) : "mode",
			want, line);
}

/* Values of the rows on @f's line: the unlabelled ones below it */
static void check_line_values(const struct probe *p, const struct probe_field *f,
			      const char *value)
{
	const struct probe_field *a;
	char want[PROBE_WHY_LIST + 64];

	if (probe__field_failed(p, f) && !f->text) {
		const char *no = f->no ? f->no : f->type == PT_BOOL ? "no" : "unknown";
		const char *why = probe__field_reason(p, f);

		if (strncmp(value, no, strlen(no)))
			problem("%s: unknown/failed but the line says '%s'", f->label, value);
		if (why && why[0]) {
			snprintf(want, sizeof(want), "(%s)", why);
			expect_in(f, value, want);
		}
		return;
	}
	text_of(p, f, want, sizeof(want));
	expect_in(f, value, want);
	for (a = f + 1; a < probe_fields + probe_nr_fields && a->type != PT_SECTION &&
	     !a->label && !a->text; a++) {
		if (!probe__field_present(p, a) || (a->type == PT_WHY && !a->fmt) ||
		    (a->flags & PF_JSON_ONLY))
			continue;
		/* appended when known; a text() row shows its own always */
		if (a->fmt && !probe__field_known(p, a))
			continue;
		text_of(p, a, want, sizeof(want));
		expect_in(a, value, want);
	}
}

/*
 * The line with @label (or the heading @heading) at @i or after it: lines
 * skipped to reach it come from no row. Returns the index after it, or @i
 * where it is missing.
 */
static int expect_line(struct line *l, int n, int i, const char *label, const char *heading)
{
	int j;

	for (j = i; j < n; j++)
		if (heading ? !l[j].label && !strcmp(l[j].value, heading) :
		    l[j].label && !strcmp(l[j].label, label))
			break;
	if (j == n) {
		problem("%s: no line where the table has it", heading ? heading : label);
		return i;
	}
	for (; i < j; i++)
		problem("line '%s: %s' comes from no row", l[i].label ? l[i].label : "",
			l[i].value);
	return j + 1;
}

/*
 * @text against the table: the rows' lines in order, each with its value,
 * and no line that no row accounts for. Returns the problems found.
 */
static int check_text(const struct probe *p, char *text)
{
	static struct line l[MAX_LINES];
	const struct probe_field *f;
	const char *label;
	int n = parse_text(text, l), i = 0, m, before = problems;

	for_each_row(f) {
		if (f->type == PT_SECTION) {
			i = expect_line(l, n, i, NULL, f->label);
			continue;
		}
		if (f->text && !f->label && probe__field_present(p, f)) {
			/* the modes: a line each, the reason whole */
			for (m = 0; m < NR_MODES; m++) {
				i = expect_line(l, n, i, mode_name(m), NULL);
				if (i > 0 && l[i - 1].label && !strcmp(l[i - 1].label, mode_name(m)))
					expect_in(NULL, l[i - 1].value, p->modes[m].why);
			}
			continue;
		}
		label = expected_label(p, f);
		if (!label) {
			if (f->label && i < n && l[i].label && !strcmp(l[i].label, f->label))
				problem("%s: printed although hidden for this host", f->label);
			continue;
		}
		i = expect_line(l, n, i, label, NULL);
		if (!i || !l[i - 1].label || strcmp(l[i - 1].label, label))
			continue;
		check_line_values(p, f, l[i - 1].value);
		for (; f->text && i < n && l[i].label &&
		     in_list(l[i].label, pmu_lines, NR(pmu_lines)); i++)
			;
	}
	for (; i < n; i++)
		problem("line '%s: %s' comes from no row", l[i].label ? l[i].label : "",
			l[i].value);
	return problems - before;
}

static char *print_text(const struct probe *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	probe__print(p, f);
	fclose(f);
	return text;
}

/* ---- JSON --------------------------------------------------------------- */

static bool owned_key(const struct probe *p, const struct probe_field *sec, const char *obj,
		      const char *key)
{
	const struct probe_field *f;

	for (f = sec + 1; f < probe_fields + probe_nr_fields && f->type != PT_SECTION; f++) {
		if (!probe__field_present(p, f))
			continue;
		if (!obj && f->obj && !strcmp(f->obj, key))
			return true;	/* the sub-object itself */
		if (strcmp(obj ? obj : "", f->obj ? f->obj : ""))
			continue;
		if (f->key ? !strcmp(f->key, key) : in_list(key, pmu_keys, NR(pmu_keys)))
			return true;
	}
	return false;
}

/* @name is a sub-object rows of @sec sit in ("caps"), not a value */
static bool is_obj(const struct probe_field *sec, const char *name)
{
	const struct probe_field *f;

	for (f = sec + 1; f < probe_fields + probe_nr_fields && f->type != PT_SECTION; f++)
		if (f->obj && !strcmp(f->obj, name))
			return true;
	return false;
}

static void check_custom_json(const struct probe *p, const struct probe_field *f, json_t *v)
{
	json_t *want;
	int m;

	if (!strcmp(f->key, "guest_paging")) {
		want = guest_paging__to_json(&p->paging);
		if (!json_equal(v, want))
			problem("guest_paging is not the paging decision");
		json_decref(want);
	} else if (!strcmp(f->key, "modes")) {
		for (m = 0; m < NR_MODES; m++) {
			json_t *o = json_array_get(v, m);
			const char *why = json_string_value(json_object_get(o, "why"));

			if (strcmp(json_string_value(json_object_get(o, "name")) ?: "", mode_name(m)) ||
			    !why || strcmp(why, p->modes[m].why) ||
			    json_is_true(json_object_get(o, "reachable")) != p->modes[m].reachable ||
			    json_is_true(json_object_get(o, "active")) != p->modes[m].active)
				problem("modes[%d] is not mode %s as probed", m, mode_name(m));
		}
	}
}

/* @o against the table, both ways. Returns the problems found. */
static int check_json(const struct probe *p, json_t *o)
{
	const struct probe_field *f, *sec_row = NULL;
	json_t *sec = o, *to, *v, *want, *sub;
	const char *k, *k2;
	int before = problems;

	for_each_row(f) {
		if (f->type == PT_SECTION) {
			sec_row = f;
			sec = f->key ? json_object_get(o, f->key) : o;
			if (!json_is_object(sec))
				problem("no JSON object %s", f->key);
			continue;
		}
		if (!json_is_object(sec))
			continue;
		to = f->obj ? json_object_get(sec, f->obj) : sec;
		v = f->key && to ? json_object_get(to, f->key) : NULL;
		if (!probe__field_present(p, f)) {
			if (v)
				problem("%s: in the JSON although absent for this host", f->key);
			continue;
		}
		if (!f->key) {
			if (!json_object_get(sec, "version"))
				problem("%s: the PMU decode is not merged", sec_row->key);
			continue;
		}
		if (!v) {
			problem("%s.%s%s%s: missing", sec_row->key ? sec_row->key : "",
				f->obj ? f->obj : "", f->obj ? "." : "", f->key);
			continue;
		}
		if (f->json) {
			check_custom_json(p, f, v);
			continue;
		}
		want = json_of(p, f, false);
		if (!json_equal(v, want)) {
			char *a = json_dumps(v, JSON_ENCODE_ANY), *b = json_dumps(want, JSON_ENCODE_ANY);

			problem("%s: JSON %s, the struct says %s", f->key, a, b);
			free(a);
			free(b);
		}
		json_decref(want);
	}
	/* the other way: every key from a row */
	json_object_foreach(o, k, v) {
		sec_row = NULL;
		for_each_row(f)
			if (f->type == PT_SECTION && (f->key ? !strcmp(f->key, k) :
						      owned_key(p, f, NULL, k)))
				sec_row = f;
		if (!sec_row) {
			problem("top-level key %s comes from no row", k);
			continue;
		}
		if (!sec_row->key)
			continue;
		json_object_foreach(v, k2, sub) {
			if (!owned_key(p, sec_row, NULL, k2)) {
				problem("%s.%s comes from no row", k, k2);
				continue;
			}
			if (is_obj(sec_row, k2)) {
				const char *k3;
				json_t *x;

				json_object_foreach(sub, k3, x)
					if (!owned_key(p, sec_row, k2, k3))
						problem("%s.%s.%s comes from no row", k, k2, k3);
			}
		}
	}
	return problems - before;
}

/* ---- meta --------------------------------------------------------------- */

/* @meta's blocks against the table, both ways, and against @probe_json. */
static int check_meta(const struct probe *p, json_t *meta, json_t *probe_json)
{
	const struct probe_field *f, *sec = NULL;
	json_t *blk = NULL, *v, *want;
	const char *k, *k2;
	int before = problems;

	for_each_row(f) {
		if (f->type == PT_SECTION) {
			sec = f;
			blk = f->meta ? json_object_get(meta, f->meta) : NULL;
			if (f->meta && !json_is_object(blk))
				problem("no meta block %s", f->meta);
			continue;
		}
		if (!f->meta || !blk || !probe__field_present(p, f))
			continue;
		v = json_object_get(blk, f->meta);
		want = json_of(p, f, true);
		if (!v || !json_equal(v, want))
			problem("meta.%s.%s is not the stored %s", sec->meta, f->meta, f->key);
		json_decref(want);
		/* the same value as probe --json wherever that is not null */
		want = json_object_get(json_object_get(probe_json, sec->key), f->key);
		if (v && !json_is_null(want) && !json_equal(v, want))
			problem("meta.%s.%s disagrees with probe --json %s.%s", sec->meta, f->meta,
				sec->key, f->key);
	}
	json_object_foreach(meta, k, blk) {
		for_each_row(sec)
			if (sec->type == PT_SECTION && sec->meta && !strcmp(sec->meta, k))
				break;
		if (sec == probe_fields + probe_nr_fields) {
			problem("meta.%s comes from no section", k);
			continue;
		}
		json_object_foreach(blk, k2, v) {
			for (f = sec + 1; f < probe_fields + probe_nr_fields && f->type != PT_SECTION; f++)
				if (f->meta && !strcmp(f->meta, k2))
					break;
			if (f == probe_fields + probe_nr_fields || f->type == PT_SECTION)
				problem("meta.%s.%s comes from no row", sec->meta, k2);
		}
	}
	return problems - before;
}

/* ---- test doubles ------------------------------------------------------- */

/* Every KVM capability row: @first, @first + 1, ... (or all -1: not asked) */
static void set_caps(struct probe *p, int first)
{
	const struct probe_field *f;

	for_each_row(f)
		if (f->type == PT_CAP)
			*(int *)((char *)p + f->off) = first < 0 ? first : first++;
}

/* Every reason row: "<section>.<key> why", so each is told apart */
static void set_reasons(struct probe *p)
{
	const struct probe_field *f;

	for_each_row(f)
		if (f->type == PT_WHY)
			sprintf((char *)p + f->off, "%s.%s why", section_of(f)->key ?: "top", f->key);
}

/* A zeroed probe of a CPU: vendor, family/model/stepping, codenames, kernel */
static void fake_cpu(struct probe *p, const char *vendor, unsigned int fms[3],
		     const char *codename, const char *codename_long, unsigned int kernel[2])
{
	memset(p, 0, sizeof(*p));
	strcpy(p->vendor, vendor);
	p->family = fms[0];
	p->model = fms[1];
	p->stepping = fms[2];
	p->codename = codename;
	p->codename_long = codename_long;
	snprintf(p->kernel_release, sizeof(p->kernel_release), "%u.%u.0-kernel",
		 kernel[0], kernel[1]);
	p->kernel_major = kernel[0];
	p->kernel_minor = kernel[1];
}

/* Intel, everything known, every value distinct */
static void fake_known(struct probe *p)
{
	fake_cpu(p, "GenuineIntel", (unsigned int[]){ 6, 0x8f, 8 }, "SPR", "Sapphire Rapids",
		 (unsigned int[]){ 7, 2 });
	strcpy(p->model_name, "model-name-1");
	strcpy(p->microcode, "0x2b000591");
	p->hypervisor = true;
	strcpy(p->hypervisor_vendor, "hv-vendor");
	p->vmx = true;
	p->tsc_hz = 2345678000.0;
	p->tsc_source = "calibrated";
	strcpy(p->tsc_why, "tsc-note-why");
	p->kvm_usable = true;
	p->kvm_api_version = 12;
	set_caps(p, 11);
	strcpy(p->kvm_vendor_module, "kvm_intel");
	strcpy(p->paging.why, "paging-why");
	strcpy(p->enable_pmu, "Y");
	strcpy(p->enable_mediated_pmu, "N");
	strcpy(p->force_autostore, "Y");
	p->modules_loadable = true;
	p->host_pmu_regs[0] = 0x08300805;
	p->host_pmu_regs[3] = 0x8604;
	pmu_cpuid__decode(&p->host_pmu, 0x08300805, 0, 0xf, 0x8604);
	p->perf_hw_ok = true;
	p->msr_readable = true;
	p->perf_cap_valid = true;
	p->perf_capabilities = 0x2005;
	p->vmx_ctls_valid = true;
	p->vmx_true_exit_ctls = (uint64_t)VMX_EXIT_SAVE_PERF_GLOBAL_CTRL << 32 | 0x36dff;
	p->vmx_true_entry_ctls = (uint64_t)VMX_ENTRY_LOAD_PERF_GLOBAL_CTRL << 32 | 0x11fb;
	p->guest_pmu_valid = true;
	p->guest_pmu_regs[0] = 0x08300804;
	pmu_cpuid__decode(&p->guest_pmu, 0x08300804, 0, 0, 0x8603);
	p->guest_loop_cycles = 1.5;
	p->host_loop_cycles = 1.25;
	p->loop_iterations = 2000;
	probe__classify_exec(p);
	probe__decide_modes(p);
	p->reasons_truncated = 7;	/* shows its line */
}

/* AMD where nothing could be learnt: every reason set and distinct */
static void fake_unknown(struct probe *p)
{
	fake_cpu(p, "AuthenticAMD", (unsigned int[]){ 0x19, 0x11, 2 }, "Zen 4", "Zen 4 (Genoa)",
		 (unsigned int[]){ 6, 18 });
	p->svm = true;
	set_caps(p, -1);
	set_reasons(p);
	strcpy(p->host_pmu_why, "host-pmu-why");
	strcpy(p->guest_pmu_why, "guest-pmu-why");
	p->amd_perfctr_core = true;
	p->amd_perfmon_v2 = true;
	p->amd_nr_gp = 6;
	p->loop_iterations = 2000;
	probe__classify_exec(p);
	probe__decide_modes(p);
}

static void check_host(const char *host, const struct probe *p, bool *printed)
{
	json_t *o = probe__to_json(p), *meta = json_object();
	char *text = print_text(p);
	const struct probe_field *f;
	struct line l[MAX_LINES];
	char *copy = strdup(text);
	int i, n;

	probe__to_meta(p, meta);
	T_OK(!check_text(p, text), "%s: every line of probe is a row, in order, with its value", host);
	T_OK(!check_json(p, o), "%s: every key of probe --json is a row, with its value", host);
	T_OK(!check_meta(p, meta, o), "%s: meta.host and meta.kvm are the marked rows, as stored",
	     host);
	n = parse_text(copy, l);
	for_each_row(f)
		for (i = 0; i < n; i++)
			if (f->label && l[i].label && (!strcmp(l[i].label, f->label) ||
			    (f->label_unknown && !strcmp(l[i].label, f->label_unknown))))
				printed[f - probe_fields] = true;
	free(copy);
	free(text);
	json_decref(o);
	json_decref(meta);
}

/* One field added by hand to one output: the checkers must say so. */
static void check_checkers(const struct probe *p)
{
	json_t *o = probe__to_json(p), *meta = json_object(), *again = probe__to_json(p);
	char *text = print_text(p), *more, *nl;
	size_t len = strlen(text);

	/* after the first section's first line */
	nl = strchr(text, '\n') + 1;
	more = malloc(len + 64);
	snprintf(more, len + 64, "%.*s  Extra field:     1\n%s", (int)(nl - text), text, nl);
	T_OK(check_text(p, more) > 0, "a text line added by hand is caught");
	snprintf(more, len + 64, "%s", text);
	*strstr(more, "  Microcode:") = 'X';
	T_OK(check_text(p, more) > 0, "a text line left out is caught");

	json_object_set_new(json_object_get(o, "cpu"), "extra", json_true());
	T_OK(check_json(p, o) > 0, "a JSON key added by hand is caught");
	json_object_del(json_object_get(o, "cpu"), "extra");
	json_object_set_new(json_object_get(json_object_get(o, "kvm"), "caps"), "KVM_CAP_EXTRA",
			    json_integer(1));
	T_OK(check_json(p, o) > 0, "a JSON key added by hand to a sub-object is caught");
	json_object_del(json_object_get(json_object_get(o, "kvm"), "caps"), "KVM_CAP_EXTRA");
	json_object_del(json_object_get(o, "cpu"), "microcode_why");
	T_OK(check_json(p, o) > 0, "a JSON key left out is caught");

	probe__to_meta(p, meta);
	json_object_set_new(json_object_get(meta, "kvm"), "extra", json_true());
	T_OK(check_meta(p, meta, again) > 0, "a meta key added by hand is caught");
	free(more);
	free(text);
	json_decref(o);
	json_decref(again);
	json_decref(meta);
}

int main(void)
{
	static bool printed[256];
	struct probe *p = calloc(1, sizeof(*p));
	const struct probe_field *f;
	int missing = 0, before;

	before = problems;
	check_table();
	T_OK(problems == before && probe_nr_fields < NR(printed),
	     "the field table is consistent (%u rows)", probe_nr_fields);

	fake_known(p);
	check_host("Intel, all known", p, printed);
	check_checkers(p);
	fake_unknown(p);
	check_host("AMD, all unknown", p, printed);
	p->kvm_usable = true;	/* the guest PMU decoded on AMD, PerfMonV2 off */
	p->kvm_api_version = 12;
	p->amd_perfmon_v2 = false;
	p->guest_pmu_why[0] = '\0';
	probe__decide_modes(p);
	check_host("AMD, KVM usable", p, printed);

	for_each_row(f)
		if (f->type != PT_SECTION && f->label && !printed[f - probe_fields]) {
			printf("# never printed: %s\n", f->label);
			missing++;
		}
	T_OK(!missing, "every text line of the table was printed by some test double");
	free(p);
	return tap_done();
}
