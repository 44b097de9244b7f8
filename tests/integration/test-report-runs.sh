#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench report over a tree of run directories, as a patch-vs-base
# comparison leaves it: two labelled runs of one mode, an older run of
# the same label, a run whose rows failed and an interrupted run. The
# report descends into the directories, shows the two labels side by
# side with their delta, takes the newest complete run and names every
# file it passed over. Inputs are edited copies of the real run in
# tests/data/real-exit-emulated.
set -u
. "$(dirname "$0")/../lib.sh"
BIN=$VPMU_BENCH
SRC=$(ls tests/data/real-exit-emulated/*.json)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

mk() {	# mk DIR/FILE LABEL STARTED_AT JQ-EDIT
	mkdir -p "$(dirname "$T/tree/$1")"
	jq --arg l "$2" --arg t "$3" ".meta.label = \$l | .meta.started_at = \$t | $4" \
		"$SRC" >"$T/tree/$1"
}
mk base/r1.json base 2026-11-21T08:00:00Z '.'
mk old/r0.json base 2026-11-20T08:00:00Z '.results[].samples |= map(. * 3)'
mk patched/r2.json patched 2026-11-21T09:00:00Z \
	'.results[].samples |= map(. * 0.5)'
mk failed/r3.json patched 2026-11-21T10:00:00Z \
	'.results[] |= (.status = "failed" | .reason = "guest crashed" | .samples = [] | .summary = null | del(.series) | del(.calibration_batches))'
mk interrupted/r4.json base 2026-11-21T11:00:00Z \
	'.meta.interrupted = true | .results |= .[0:2] | .results[].samples |= map(. * 7)'

"$BIN" report "$T/tree" --no-plots >"$T/out" 2>"$T/err"
rc=$?
check "a tree with failed and interrupted runs: exit 0" [ $rc -eq 0 ]
check "both labels are columns, each named with its mode" \
	grep -q "Modes: base (mode nopmu), patched (mode nopmu)" "$T/out"
tr '\n' ' ' <"$T/out" >"$T/flat"
check "the older run of label base is named superseded" \
	grep -q "Superseded: $T/tree/old/r0.json (label base, older)" "$T/flat"
check "the interrupted run is named superseded" \
	grep -q "Superseded: $T/tree/interrupted/r4.json (label base, interrupted)" "$T/flat"
check "the failed run is named superseded and blocks nothing" \
	grep -Eq "Superseded: $T/tree/failed/r3.json \(label patched, has failed or skipped rows\): 9 cell" "$T/flat"
check "stderr names each superseded file once" \
	[ "$(grep -c 'superseded by' "$T/err")" -eq 3 ]
# cpuid: base from r1, patched = r1 * 0.5, so a negative delta vs base
want=$(jq '[.results[] | select(.workload == "cpuid") | .samples[]] | sort | (.[9] + .[10]) / 2' "$SRC")
check "the base column is the newest complete run (r1), not r0 or r4" \
	grep -Eq "^cpuid +$(printf '%.0f' "$want")" "$T/out"
check "the deltas compare patched with base (the first column of nopmu)" \
	grep -Eq "^cpuid patched +-" "$T/out"
"$BIN" report "$T/tree" --no-plots -b patched >"$T/out2" 2>/dev/null
check "--baseline patched (a label): base is compared with patched" \
	grep -Eq "^cpuid base +\+[0-9]" "$T/out2"
"$BIN" report "$T/tree" --no-plots -b nopmu >"$T/out3" 2>/dev/null
check "--baseline nopmu (a mode): the same as the default" cmp -s "$T/out" "$T/out3"

# Exports: one tidy row per cell with units, and the same cells as JSON.
"$BIN" report "$T/tree" --format csv >"$T/cells.csv" 2>/dev/null
check "--format csv: a header and one row per cell (18)" \
	[ "$(head -1 "$T/cells.csv" | cut -d, -f1-10)" = "host,cpu_model,kernel,label,mode,collection,workload,status,unit,n" -a \
	"$(wc -l <"$T/cells.csv")" -eq 19 ]
check "--format csv: the cpuid cell of label patched, in tsc_cycles and ns" \
	grep -Eq '^vm,AMD EPYC,[^,]*,patched,nopmu,exit,cpuid,ok,tsc_cycles,20,[0-9.]+,[0-9.]+,[0-9.]+,.*,[0-9.]+,emulated,' "$T/cells.csv"
"$BIN" report "$T/tree" --format json >"$T/cells.json" 2>/dev/null
check "--format json: every cell, numbers or null, units named" \
	[ "$(jq '.cells | length' "$T/cells.json")" = 18 -a \
	"$(jq -r '.field_units.median_ns' "$T/cells.json")" = ns -a \
	"$(jq '[.cells[] | select(.status != "ok") | .median] | unique' -c "$T/cells.json")" = "[null]" ]
"$BIN" report "$T/tree" --no-plots --out "$T/o" >/dev/null 2>&1
check "--out also writes cells.csv and cells.json" [ -s "$T/o/cells.csv" -a -s "$T/o/cells.json" ]

done_testing
