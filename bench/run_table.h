/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPMU_RUN_TABLE_H
#define VPMU_RUN_TABLE_H

#include <stdio.h>
#include <jansson.h>

/* The terminal table of one result document (hyperfine-like). */
void run_table__print(FILE *f, json_t *doc);

#endif
