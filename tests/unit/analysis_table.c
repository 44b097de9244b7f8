// SPDX-License-Identifier: GPL-2.0
/* Table rendering: widths, the 72-column rule, footnotes, Markdown escaping. */
#include <string.h>

#include "table.h"
#include "../tap.h"

static char *render(struct table *t, enum table_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	table__render(t, f, m);
	fclose(m);
	return buf;
}

static size_t widest(const char *s)
{
	size_t w = 0, cur = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			cur = 0;
			continue;
		}
		if (++cur > w)
			w = cur;
	}
	return w;
}

int main(void)
{
	const char *h2[2] = { "workload", "nopmu" };
	const char *h5[5] = { "workload", "nopmu", "legacy", "mediated-vmcs", "mediated-autostore" };
	const char *r2[2] = { "cpuid", "1050 [1032, 1076]" };
	const char *r5[5] = { "cpuid", "1050 [1032, 1076]", "1881 [1855, 1903]",
			      "2982 [2933, 3059]", "3388 [3323, 3452]" };
	struct table *t = table__new("(a) narrow", 2, h2);
	char *s, fb[64];
	size_t n;

	table__add_row(t, r2);
	n = table__foot(t, "no PMU on this host");
	snprintf(fb, sizeof(fb), "skipped [%zu]", n);
	{
		const char *r[2] = { "rdpmc", fb };

		table__add_row(t, r);
	}
	__T("the same footnote text gets the same number",
	    table__foot(t, "no PMU on this host") == 1);
	s = render(t, FMT_TEXT);
	__T("narrow table: aligned layout with a dashed rule", strstr(s, "--------  -----------------"));
	/* two table__foot() calls above: one footnote, saying how many rows share it */
	__T("skipped rows share one footnote with their count",
	    strstr(s, "[1] 2 rows: no PMU on this host"));

	free(s);
	s = render(t, FMT_MARKDOWN);
	__T("markdown has a header separator", strstr(s, "|---|---:|"));
	__T("markdown carries the footnote", strstr(s, "[1] 2 rows: no PMU on this host"));
	free(s);
	table__free(t);

	{
		const char *hd[2] = { "cell", "MAD" }, *ra[2] = { "a", "8.94" },
			   *rb[2] = { "b", "73.1 [1.5, 2]" }, *rc[2] = { "c", "137" };
		char *la, *lb, *lc;

		t = table__new("decimal", 2, hd);
		table__add_row(t, ra);
		table__add_row(t, rb);
		table__add_row(t, rc);
		s = render(t, FMT_HUMAN);
		la = strstr(s, "\na ");
		lb = strstr(s, "\nb ");
		lc = strstr(s, "\nc ");
		__T("numbers line up on the decimal point, whatever follows them",
		    la && lb && lc && strchr(la, '.') - la == strchr(lb, '.') - lb &&
		    strstr(lc, "137") - lc == strchr(la, '.') - la - 3);
		free(s);
		table__free(t);
	}

	t = table__new("(a) wide: five columns of medians and confidence intervals that cannot fit", 5, h5);
	table__add_row(t, r5);
	table__note(t, "A long note that has to be wrapped at seventy-two columns so that a mail client does not break it in odd places.");
	s = render(t, FMT_TEXT);
	__T("wide table in text: no line over 72 columns", widest(s) <= 72);
	__T("wide table in text: one block per row, column: value lines",
	    strstr(s, "\ncpuid\n  nopmu               1050 [1032, 1076]\n"));
	free(s);
	s = render(t, FMT_HUMAN);
	__T("human format keeps the wide table on one line per row", widest(s) > 72 &&
	    strstr(s, "cpuid     1050 [1032, 1076]"));
	free(s);
	table__free(t);
	{
		const char *h[2] = { "a|b", "c" }, *r[2] = { "x|y", "1" };

		t = table__new("pipes", 2, h);
		table__add_row(t, r);
		s = render(t, FMT_MARKDOWN);
		__T("markdown escapes | in cells", strstr(s, "x\\|y"));
		free(s);
		table__free(t);
	}
	return tap_done();
}
