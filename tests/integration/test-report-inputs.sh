#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench report on bad inputs: each gives exactly one error line that
# names the file and the field, a non-zero exit, and no output directory.
# Inputs are edited copies of tests/data/synthetic-small (synthetic data).
set -u
BIN=${VPMU_BENCH:-build/vpmu-bench}
SRC=tests/data/synthetic-small
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 fail=0

# check NAME WANT_REGEX INPUT...
check() {
	local name=$1 want=$2
	shift 2
	n=$((n + 1))
	"$BIN" report "$@" --out "$T/out-$n" >"$T/stdout" 2>"$T/stderr"
	local rc=$? lines
	lines=$(wc -l <"$T/stderr")
	if [ $rc -ne 0 ] && [ "$lines" -eq 1 ] && grep -Eq "$want" "$T/stderr" && [ ! -e "$T/out-$n" ]; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		echo "# rc=$rc, $lines stderr line(s), out dir $( [ -e "$T/out-$n" ] && echo exists || echo absent):"
		sed 's/^/#   /' "$T/stderr"
		fail=1
	fi
}

mkdir "$T/trunc"; head -c 500 "$SRC/synthetic-nopmu.json" >"$T/trunc/synthetic-nopmu.json"
check "truncated JSON" "trunc/synthetic-nopmu.json: invalid JSON at line" "$T/trunc"

mkdir "$T/nomode"; jq 'del(.meta.mode)' "$SRC/synthetic-legacy.json" >"$T/nomode/a.json"
check "missing meta.mode" "nomode/a.json: meta.mode: missing" "$T/nomode"

mkdir "$T/nounit"; jq 'del(.results[0].unit)' "$SRC/synthetic-legacy.json" >"$T/nounit/a.json"
check "missing results[0].unit" "nounit/a.json: results\[0\].unit: missing" "$T/nounit"

mkdir "$T/unit"; cp "$SRC/synthetic-nopmu.json" "$T/unit/"
jq '.results[0].unit = "ns"' "$SRC/synthetic-legacy.json" >"$T/unit/synthetic-legacy.json"
check "unit mismatch between files" "synthetic-nopmu.json: results\[0\].unit: 'tsc_cycles' but .*synthetic-legacy.json has 'ns' for exit/cpuid" "$T/unit"

mkdir "$T/empty"
check "empty directory" "empty: no result files" "$T/empty"

mkdir "$T/dup"; jq '.results[1] = .results[0]' "$SRC/synthetic-nopmu.json" >"$T/dup/a.json"
check "one file giving a cell twice" "dup/a.json: results\[1\].workload: cell \(host synthetic, mode nopmu, exit/cpuid\) already given by results\[0\]" "$T/dup"

mkdir "$T/nan"; jq '.results[0].samples[1] = "x"' "$SRC/synthetic-nopmu.json" >"$T/nan/a.json"
check "a sample that is not a number" "nan/a.json: results\[0\].samples\[1\]: expected a number" "$T/nan"

mkdir "$T/len"; jq '.results[5].series.exits_per_op.values |= .[1:]' "$SRC/synthetic-legacy.json" >"$T/len/a.json"
check "series length differs from samples" "len/a.json: results\[5\].series.exits_per_op.values: [0-9]+ values but [0-9]+ samples" "$T/len"

check "a path that does not exist" "nonexistent: No such file" "$T/nonexistent"

n=$((n + 1))
"$BIN" report "$SRC" --no-plots --out "$T/good" >/dev/null 2>&1
if [ -s "$T/good/summary.txt" ] && [ -s "$T/good/report.md" ] && ! ls -a "$T/good" | grep -q '^\.report-'; then
	echo "ok $n good input: summary.txt and report.md, no temporary left"
else
	echo "not ok $n good input: summary.txt and report.md, no temporary left"
	fail=1
fi
echo "1..$n"
exit $fail
