/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One table model, three renderings: human (aligned, any width; numbers
 * aligned on the decimal point, whatever follows them, such as a CI),
 * Markdown (pipe table) and plain text no wider than 72 columns for
 * mailing-list mail (a table wider than that is printed one row per
 * block, "column: value" lines, and notes are word-wrapped).
 */
#ifndef VPMU_TABLE_H
#define VPMU_TABLE_H

#include <stdio.h>

#define TEXT_COLS 72

/* FMT_CSV and FMT_JSON are exports of the report's cells, not table renderings. */
enum table_format { FMT_HUMAN, FMT_MARKDOWN, FMT_TEXT, FMT_CSV, FMT_JSON };

struct table {
	char *title;
	size_t ncols;			/* columns including the row label */
	char **head;
	char ***rows;			/* rows[i][0..ncols-1] */
	size_t nrows;
	char **notes;			/* lines printed under the table */
	size_t nnotes;
	char **foot;			/* footnote texts, numbered [1].. */
	size_t *foot_n;			/* how many cells point at each */
	size_t nfoot;
};

struct table *table__new(const char *title, size_t ncols, const char *const *head);
/* Add a row of ncols strings (copied). */
void table__add_row(struct table *t, const char *const *cells);
void table__note(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Footnote number (1-based) for @text; the same text gets the same number,
 * and a footnote that several cells share says how many ("[1] 21 rows: ").
 */
size_t table__foot(struct table *t, const char *text);
void table__render(const struct table *t, enum table_format f, FILE *out);
void table__free(struct table *t);

/* Word-wrap @s to @width columns, continuation lines indented by @indent. */
void text__wrap(FILE *out, const char *s, size_t width, size_t indent);
/* Heading for a section in format @f. */
void text__heading(FILE *out, enum table_format f, int level, const char *s);
/* A paragraph in format @f (wrapped at 72 in text). */
void text__para(FILE *out, enum table_format f, const char *s);

#endif
