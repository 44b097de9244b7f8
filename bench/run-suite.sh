#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run`: probe this host, run every collection in the active mode,
# then turn the run into tables, plots and report.md.
#   bench/run-suite.sh build/vpmu-bench results
# Environment: REPS (default 100), CPU (pin the vCPU thread), RUN_ARGS
# (more `vpmu-bench run` options, e.g. --label patched).
#
# The terminal gets one screen: the host in three lines, the run's
# counts, the exit-cost table and the paths. The full probe, the run's
# table and the report are in files, named at the end.
set -euo pipefail
cli=$1
out=${2:-results}
dir=$out/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"

"$cli" probe >"$dir/probe.txt"
echo "== host (full probe: $dir/probe.txt)"
grep -E '^  (Model name|Kernel|Guest execution|Hypervisor):' "$dir/probe.txt" |
	sed -E 's/^  ([^:]*): +/  \1: /' || true

echo "== run: every collection, ${REPS:-100} samples per workload"
# A failed row makes `run` exit 1; the report is still written (failures
# are data in it), and `make run` then exits 1 so nobody mistakes it for
# a clean run. The per-row progress stays on a terminal (one line,
# rewritten); elsewhere it goes to run.log with the rest of stderr.
run_rc=0
if [ -t 2 ]; then
	# shellcheck disable=SC2086
	"$cli" run --collection all --reps "${REPS:-100}" --out "$dir" \
		${CPU:+--cpu "$CPU"} ${RUN_ARGS:-} >"$dir/run.txt" || run_rc=$?
else
	# shellcheck disable=SC2086
	"$cli" run --collection all --reps "${REPS:-100}" --out "$dir" \
		${CPU:+--cpu "$CPU"} ${RUN_ARGS:-} >"$dir/run.txt" 2>"$dir/run.log" || run_rc=$?
	grep -vE '^\[[0-9]+/[0-9]+\] |\.\.\.$' "$dir/run.log" >&2 || true
fi
[ "$run_rc" -eq 0 ] || [ "$run_rc" -eq 1 ] || exit "$run_rc"

echo "== report"
"$cli" report "$dir" --out "$dir" >/dev/null 2>"$dir/report.log" || {
	cat "$dir/report.log" >&2
	exit 1
}
# The table that matters: (a), up to its first note.
awk '/^\(a\) Exit cost per exit type/ { on = 1 }
     on && /^(Median with|N = samples)/ { exit }
     on { print }' "$dir/summary.txt"
# The other sections, one line each: measured elsewhere, or why not here.
grep -E '^\([b-f]\)[^:]*: (nothing measured|no data)' "$dir/summary.txt" |
	sed -E 's/^(\([b-f]\)[^:]*): (nothing measured|no data).*/\1: \2 (see summary)/' || true
echo
echo "summary (72 columns): $dir/summary.txt"
echo "report and figures:   $dir/report.md, $dir/*.png"
echo "run table, probe:     $dir/run.txt, $dir/probe.txt"
if [ "$run_rc" -ne 0 ]; then
	echo "make run: some rows failed (see $dir/run.txt)" >&2
	exit "$run_rc"
fi
