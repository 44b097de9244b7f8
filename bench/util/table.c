// SPDX-License-Identifier: GPL-2.0
/* Table rendering: human, Markdown, 72-column text. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

static char *dup_or_die(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

static void *grow(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		abort();
	return p;
}

struct table *table__new(const char *title, size_t ncols, const char *const *head)
{
	struct table *t = calloc(1, sizeof(*t));
	size_t i;

	if (!t)
		abort();
	t->title = dup_or_die(title);
	t->ncols = ncols;
	t->head = grow(NULL, ncols * sizeof(char *));
	for (i = 0; i < ncols; i++)
		t->head[i] = dup_or_die(head[i]);
	return t;
}

void table__add_row(struct table *t, const char *const *cells)
{
	char **r = grow(NULL, t->ncols * sizeof(char *));
	size_t i;

	for (i = 0; i < t->ncols; i++)
		r[i] = dup_or_die(cells[i]);
	t->rows = grow(t->rows, (t->nrows + 1) * sizeof(*t->rows));
	t->rows[t->nrows++] = r;
}

void table__note(struct table *t, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	t->notes = grow(t->notes, (t->nnotes + 1) * sizeof(char *));
	t->notes[t->nnotes++] = s;
}

size_t table__foot(struct table *t, const char *text)
{
	size_t i;

	for (i = 0; i < t->nfoot; i++)
		if (!strcmp(t->foot[i], text)) {
			t->foot_n[i]++;
			return i + 1;
		}
	t->foot = grow(t->foot, (t->nfoot + 1) * sizeof(char *));
	t->foot_n = grow(t->foot_n, (t->nfoot + 1) * sizeof(size_t));
	t->foot_n[t->nfoot] = 1;
	t->foot[t->nfoot++] = dup_or_die(text);
	return t->nfoot;
}

/* "[n] " then "N rows: " when several cells share the footnote, then its text. */
static char *foot_line(const struct table *t, size_t i, size_t *indent)
{
	char *line, num[32], cnt[32] = "";

	snprintf(num, sizeof(num), "[%zu] ", i + 1);
	if (t->foot_n[i] > 1)
		snprintf(cnt, sizeof(cnt), "%zu rows: ", t->foot_n[i]);
	if (asprintf(&line, "%s%s%s", num, cnt, t->foot[i]) < 0)
		abort();
	*indent = strlen(num);
	return line;
}

void table__free(struct table *t)
{
	size_t i, j;

	if (!t)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	for (j = 0; j < t->ncols; j++)
		free(t->head[j]);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	for (i = 0; i < t->nfoot; i++)
		free(t->foot[i]);
	free(t->rows);
	free(t->head);
	free(t->notes);
	free(t->foot);
	free(t->foot_n);
	free(t->title);
	free(t);
}

void text__wrap(FILE *out, const char *s, size_t width, size_t indent)
{
	size_t col = 0, first = 1;

	/* leading blanks of the first line are kept */
	while (*s == ' ') {
		fputc(' ', out);
		s++;
		col++;
	}
	while (*s) {
		const char *w = s;
		size_t len;

		while (*w == ' ')
			w++;
		len = strcspn(w, " ");
		if (!len)
			break;
		if (!first && col + 1 + len > width && col > indent) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fwrite(w, 1, len, out);
		col += len;
		first = 0;
		s = w + len;
	}
	fputc('\n', out);
}

void text__heading(FILE *out, enum table_format f, int level, const char *s)
{
	size_t i, n = strlen(s);

	if (f == FMT_MARKDOWN) {
		fprintf(out, "%.*s %s\n\n", level + 1, "#####", s);
		return;
	}
	if (f == FMT_TEXT && n > TEXT_COLS) {
		text__wrap(out, s, TEXT_COLS, 0);
		n = TEXT_COLS;
	} else {
		fprintf(out, "%s\n", s);
	}
	for (i = 0; i < n; i++)
		fputc(level <= 1 ? '=' : '-', out);
	fputs("\n\n", out);
}

void text__para(FILE *out, enum table_format f, const char *s)
{
	if (f == FMT_TEXT)
		text__wrap(out, s, TEXT_COLS, 0);
	else
		fprintf(out, "%s\n", s);
	fputc('\n', out);
}

/* Numbers (and "-"/"n/a") are right-aligned, text left-aligned. */
static int numeric(const char *s)
{
	return (*s >= '0' && *s <= '9') || ((*s == '-' || *s == '+') && s[1] >= '0' && s[1] <= '9');
}

/*
 * A numeric cell is "NUMBER REST" (REST: a CI, a marker): its integer
 * part, its fraction ('.' and digits) and the rest, measured so that the
 * numbers of a column line up on the decimal point.
 */
struct num_parts {
	size_t ip, fp, rest;
};

static void num_split(const char *s, struct num_parts *p)
{
	size_t lead = strspn(s, "+-0123456789."), dot = strcspn(s, ".");

	p->ip = dot < lead ? dot : lead;
	p->fp = lead - p->ip;
	p->rest = strlen(s) - lead;
}

/* Per column: the widest integer part, fraction and rest of its numeric cells. */
static void num_widths(const struct table *t, size_t j, struct num_parts *m)
{
	struct num_parts p;
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < t->nrows; i++) {
		if (!numeric(t->rows[i][j]))
			continue;
		num_split(t->rows[i][j], &p);
		if (p.ip > m->ip)
			m->ip = p.ip;
		if (p.fp > m->fp)
			m->fp = p.fp;
		if (p.rest > m->rest)
			m->rest = p.rest;
	}
}

static size_t *col_widths(const struct table *t, size_t *total)
{
	size_t *w = calloc(t->ncols, sizeof(*w)), i, j;
	struct num_parts m;

	if (!w)
		abort();
	for (j = 0; j < t->ncols; j++) {
		w[j] = strlen(t->head[j]);
		if (j) {
			num_widths(t, j, &m);
			if (m.ip + m.fp + m.rest > w[j])
				w[j] = m.ip + m.fp + m.rest;
		}
	}
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			if ((!j || !numeric(t->rows[i][j])) && strlen(t->rows[i][j]) > w[j])
				w[j] = strlen(t->rows[i][j]);
	*total = 0;
	for (j = 0; j < t->ncols; j++)
		*total += w[j] + (j ? 2 : 0);
	return w;
}

/* A numeric cell in width @w: right-aligned as a block, its number on the column's point. */
static void put_num(FILE *out, const char *c, size_t w, const struct num_parts *m, bool last)
{
	struct num_parts p;
	size_t lead, pad;

	num_split(c, &p);
	lead = p.ip + p.fp;
	pad = w - (m->ip + m->fp + m->rest) + (m->ip - p.ip);
	fprintf(out, "%*s%.*s", (int)pad, "", (int)lead, c);
	if (p.rest)
		fprintf(out, "%*s%s", (int)(m->fp - p.fp), "", c + lead);
	else if (!last)
		fprintf(out, "%*s", (int)(m->fp - p.fp), "");
	if (!last && m->rest > p.rest)
		fprintf(out, "%*s", (int)(m->rest - p.rest), "");
}

static void render_aligned(const struct table *t, FILE *out, const size_t *w)
{
	size_t i, j, k;

	for (j = 0; j < t->ncols; j++)
		fprintf(out, "%s%-*s", j ? "  " : "", (int)(j + 1 < t->ncols ? w[j] : 0),
			t->head[j]);
	fputc('\n', out);
	for (j = 0; j < t->ncols; j++) {
		fputs(j ? "  " : "", out);
		for (k = 0; k < w[j]; k++)
			fputc('-', out);
	}
	fputc('\n', out);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			const char *c = t->rows[i][j];
			int last = j + 1 == t->ncols;

			if (j && numeric(c)) {
				struct num_parts m;

				num_widths(t, j, &m);
				fputs("  ", out);
				put_num(out, c, w[j], &m, last);
			} else
				fprintf(out, "%s%-*s", j ? "  " : "", (int)(last ? 0 : w[j]), c);
		}
		fputc('\n', out);
	}
}

static void render_blocks(const struct table *t, FILE *out)
{
	size_t i, j, hw = 0;

	for (j = 1; j < t->ncols; j++)
		if (strlen(t->head[j]) > hw)
			hw = strlen(t->head[j]);
	for (i = 0; i < t->nrows; i++) {
		fprintf(out, "%s\n", t->rows[i][0]);
		for (j = 1; j < t->ncols; j++) {
			char *line;

			if (asprintf(&line, "  %-*s  %s", (int)hw, t->head[j], t->rows[i][j]) < 0)
				abort();
			if (strlen(line) <= TEXT_COLS)
				fprintf(out, "%s\n", line);
			else
				text__wrap(out, line, TEXT_COLS, hw + 4);
			free(line);
		}
	}
}

static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void render_markdown(const struct table *t, FILE *out)
{
	size_t i, j;

	fputc('|', out);
	for (j = 0; j < t->ncols; j++) {
		fputc(' ', out);
		md_cell(out, t->head[j]);
		fputs(" |", out);
	}
	fputs("\n|", out);
	for (j = 0; j < t->ncols; j++)
		fputs(j ? "---:|" : "---|", out);
	fputc('\n', out);
	for (i = 0; i < t->nrows; i++) {
		fputc('|', out);
		for (j = 0; j < t->ncols; j++) {
			fputc(' ', out);
			md_cell(out, t->rows[i][j]);
			fputs(" |", out);
		}
		fputc('\n', out);
	}
}

void table__render(const struct table *t, enum table_format f, FILE *out)
{
	size_t i, total, *w = col_widths(t, &total);

	if (f == FMT_MARKDOWN) {
		fprintf(out, "**%s**\n\n", t->title);
		render_markdown(t, out);
		fputc('\n', out);
		for (i = 0; i < t->nfoot; i++) {
			size_t ind;
			char *line = foot_line(t, i, &ind);

			fprintf(out, "%s  \n", line);
			free(line);
		}
		for (i = 0; i < t->nnotes; i++)
			fprintf(out, "%s  \n", t->notes[i]);
		if (t->nfoot || t->nnotes)
			fputc('\n', out);
		free(w);
		return;
	}
	if (f == FMT_TEXT)
		text__wrap(out, t->title, TEXT_COLS, 2);
	else
		fprintf(out, "%s\n", t->title);
	fputc('\n', out);
	if (f == FMT_TEXT && total > TEXT_COLS)
		render_blocks(t, out);
	else
		render_aligned(t, out, w);
	for (i = 0; i < t->nfoot; i++) {
		size_t ind;
		char *line = foot_line(t, i, &ind);

		if (f == FMT_TEXT)
			text__wrap(out, line, TEXT_COLS, ind);
		else
			fprintf(out, "%s\n", line);
		free(line);
	}
	for (i = 0; i < t->nnotes; i++) {
		if (f == FMT_TEXT)
			text__wrap(out, t->notes[i], TEXT_COLS, 2);
		else
			fprintf(out, "%s\n", t->notes[i]);
	}
	fputc('\n', out);
	free(w);
}
