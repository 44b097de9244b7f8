/* SPDX-License-Identifier: GPL-2.0 */
/* Result documents (bench/result-schema.md): building and atomic writing. */
#ifndef VPMU_RESULT_H
#define VPMU_RESULT_H

#include <jansson.h>

#include "workload_out.h"

#define RESULT_SCHEMA "vpmu-bench/result/1"

/*
 * meta.mode (and meta.label) of a `vpmu-bench native` run: its rows are the
 * host-side ground truth that the report pairs with the guest rows of the
 * same host and (collection, workload), never a column of its own.
 */
#define RESULT_MODE_NATIVE "native"

enum row_status { ROW_OK, ROW_SKIPPED, ROW_FAILED };

const char *row_status_name(enum row_status s);

/*
 * The one workload_out extra that is not per sample: the calibration
 * batches (guest-workloads/harness.c runs at least 11 of them, whatever
 * --reps is). result__row() writes it as the row-level field of the same
 * name, {"unit", "values"}, never under "series", whose every member has
 * exactly one value per sample (bench/result-schema.md).
 */
#define RESULT_CALIBRATION_BATCHES "calibration_batches"

/* Which row: the names a result file and the report know it by. */
struct row_id {
	const char *collection;
	const char *name;
	const char *summary;
};

/* One results[] row from a workload's output (@out may be NULL). */
json_t *result__row(const struct row_id *id, enum row_status st, const char *reason,
		    const struct workload_out *out, double wall_s);

/*
 * The name of a result file: <UTC time>-<host>-@what-<pid>.json, so that
 * files of one results directory sort by time and never collide (the
 * host name's '/' and ' ' become '_'). @what is the mode and whatever
 * else tells the command's files apart (a label, "trace").
 */
void result__file_name(char *buf, size_t len, const char *what);

/*
 * Write @doc to DIR/NAME through a temp file in DIR, fsync and rename, so
 * a reader never sees half a file. Creates DIR if needed. Returns 0 or
 * -errno, with a one-line message in @err.
 */
int result__write_atomic(const char *dir, const char *name, json_t *doc,
			 char *path, size_t pathlen, char *err, size_t errlen);

#endif
