#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run`: probe this host, run every collection in the active mode,
# then turn the run into tables, plots and report.md.
#   bench/run-suite.sh build/vpmu-bench results
# Environment: REPS (default 100), CPU (pin the vCPU thread), RUN_ARGS
# (more `vpmu-bench run` options).
set -euo pipefail
cli=$1
out=${2:-results}
dir=$out/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"

echo "== probe (also saved as $dir/probe.txt)"
"$cli" probe | tee "$dir/probe.txt"
echo
echo "== run: every collection, ${REPS:-100} samples per workload"
# A failed row makes `run` exit 1; the report is still written (failures
# are data in it), and `make run` then exits 1 so nobody mistakes it for
# a clean run.
run_rc=0
# shellcheck disable=SC2086
"$cli" run --collection all --reps "${REPS:-100}" --out "$dir" \
	${CPU:+--cpu "$CPU"} ${RUN_ARGS:-} | tee "$dir/run.txt" || run_rc=$?
[ "$run_rc" -eq 0 ] || [ "$run_rc" -eq 1 ] || exit "$run_rc"
echo
echo "== report"
"$cli" report "$dir" --out "$dir"
echo
echo "results, report.md, summary.txt and figures are in $dir"
if [ "$run_rc" -ne 0 ]; then
	echo "make run: some rows failed (see the table above and $dir/run.txt)" >&2
	exit "$run_rc"
fi
