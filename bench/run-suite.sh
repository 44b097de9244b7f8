#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run`: probe this host, run the quick suite (`vpmu-bench suite
# --quick`: every mode x the exit collection, native, trace, overhead;
# modes this host cannot reach are recorded as skipped with the reason),
# then turn the suite directory into tables, plots and report.md.
#   bench/run-suite.sh build/vpmu-bench results
# Environment: REPS (samples per workload, the suite's --samples; default
# the quick suite's 20), CPU (pin the vCPU thread: --cpu), SUITE_ARGS (more
# `vpmu-bench suite` options, e.g. --modes nopmu or --reps 3).
#
# The terminal gets one screen: the host in a few lines, the suite's
# counts and the cells that did not run, table (a), one line per other
# section and the paths. The full probe, the suite's cell table and index
# and the report are in files, named at the end.
set -euo pipefail
cli=$1
out=${2:-results}
dir=$out/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"

"$cli" probe >"$dir/probe.txt"
echo "== host (full probe: $dir/probe.txt)"
grep -E '^  (Model name|Kernel|Guest execution|Hypervisor):' "$dir/probe.txt" |
	sed -E 's/^  ([^:]*): +/  \1: /' || true

echo "== suite --quick: every mode x exit, native, trace, overhead"
# A failed cell makes `suite` exit 1; the report is still written (the
# index and the result files say what failed), and `make run` then exits
# 1 so nobody mistakes it for a clean run. The per-cell progress stays on
# a terminal (one line, rewritten); elsewhere it goes to suite.log.
suite_rc=0
# shellcheck disable=SC2086
set -- suite --quick --out "$dir" ${REPS:+--samples "$REPS"} ${CPU:+--cpu "$CPU"} ${SUITE_ARGS:-}
if [ -t 2 ]; then
	"$cli" "$@" >"$dir/suite.txt" || suite_rc=$?
else
	"$cli" "$@" >"$dir/suite.txt" 2>"$dir/suite.log" || suite_rc=$?
	grep -vE '^\[[0-9]+/[0-9]+\] |^(probing|loading|restoring) ' "$dir/suite.log" >&2 || true
fi
if [ "$suite_rc" -ne 0 ] && [ "$suite_rc" -ne 1 ]; then
	[ "$suite_rc" -ne 130 ] ||
		echo "make run: interrupted; '$cli suite --resume $dir' completes it" >&2
	exit "$suite_rc"
fi
grep -E '^suite: ' "$dir/suite.txt" | sed -E 's/; index .*//' || true
# Cells that did not run: one line per state and reason, with a count.
awk '$2 == "skipped" || $2 == "failed" {
	r = $0; sub(/^[^ ]+ +[^ ]+ +/, "", r); k = $2 ": " r
	if (!(k in n)) order[++m] = k
	n[k]++
     }
     END { for (i = 1; i <= m; i++) printf "  %d %s\n", n[order[i]], order[i] }' \
	"$dir/suite.txt" | cut -c1-100

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
grep -E '^\([a-f]\)[^:]*: (nothing measured|no data)' "$dir/summary.txt" |
	sed -E 's/^(\([a-f]\)[^:]*): (nothing measured|no data).*/\1: \2 (see summary)/' || true
echo
echo "summary (72 columns): $dir/summary.txt"
echo "report and figures:   $dir/report.md, $dir/*.png"
echo "suite cells, index:   $dir/suite.txt, $dir/index.json (cells/*/cell.log: each cell's output)"
echo "probe:                $dir/probe.txt"
if [ "$suite_rc" -ne 0 ]; then
	echo "make run: some cells failed (see $dir/suite.txt)" >&2
	exit "$suite_rc"
fi
