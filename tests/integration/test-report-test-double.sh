#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 10 item 5: a result produced under the software PMU model (a test
# double) is labelled in its meta and in every table and figure, the way
# emulated hosts are. Inputs: tests/data/test-double-model/, a
# hand-edited copy of the real run in tests/data/real-exit-emulated/ with
# meta.test_double (and meta.label "model") added: a test input, named as
# such. The run side: `vpmu-bench run` with VPMU_GUEST set to
# tests/data/test-double/vpmu-guest-labelled.sh (a test double of the
# model's vpmu-guest build that adds the label to the real answers)
# copies the label into meta.test_double and out of the rows.
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
MODEL=tests/data/test-double-model
REAL=tests/data/real-exit-emulated
WHAT="software PMU model (tests/pmu_model), scenario v4-8gp-4fixed-metrics, faults none"
export VPMU_PLOTS_DIR=plots

# summary.txt is wrapped at 72 columns: one line, single spaces
flat() { tr '\n' ' ' <"$1" | sed 's/  */ /g'; }
count() { flat "$1" | grep -o "$2" | wc -l; }
has_gnuplot() { command -v gnuplot >/dev/null; }

"$VPMU_BENCH" report "$MODEL" --out "$t/one" >/dev/null 2>"$t/err"
check "report of the model's result exits 0" test $? -eq 0
check "host paragraph: the runs in column model ran against the model, not KVM's vPMU" \
	grep -q "Test double: the runs in column model ran against the $WHAT (meta.test_double), not KVM's vPMU" \
	<(flat "$t/one/summary.txt")
check "first sentence and host heading: the host tag says test double (column model)" \
	test "$(count "$t/one/summary.txt" "guest code emulated, test double (column model)")" -eq 2
emu=$(count "$t/one/summary.txt" "Guest code emulated: every guest instruction")
td=$(count "$t/one/summary.txt" "Test double: these rows ran against the $WHAT; they check guest code, host protocol and decoding, not KVM's vPMU or timing")
check "every table labelled: $td test-double notes = $emu emulation notes + the statistics table" \
	test "$td" -ge 2 -a "$td" -eq $((emu + 1))
if has_gnuplot; then
	for fig in exit-cost cpuid-strip; do
		check "$fig: title suffix names the test double and its scenario" \
			grep -q "TEST DOUBLE (every column): $WHAT" "$t/one/$fig.svg"
		check "$fig: note inside the plot area (figure data)" \
			grep -q '^note = "TEST DOUBLE (software PMU model): not KVM.s vPMU, not timing"' \
			"$t/one/data/$fig.dat.vars"
	done
else
	skip "figure titles and notes" "gnuplot not installed"
fi

# real rows beside the model's: only the model's column is labelled
mkdir "$t/mixed-in"
cp "$REAL"/*.json "$MODEL"/*.json "$t/mixed-in/"
"$VPMU_BENCH" report "$t/mixed-in" --out "$t/mixed" >/dev/null 2>&1
check "mixed: the table notes name column model and say the others are real" \
	grep -q "Test double in some runs: the rows in column model (runs with meta.test_double) ran against the $WHAT;.* The other rows are real runs" \
	<(flat "$t/mixed/summary.txt")
if has_gnuplot; then
	check "mixed: figure title names the model's column" \
		grep -q "TEST DOUBLE (column model): $WHAT" "$t/mixed/exit-cost.svg"
fi

# a real run alone: no label anywhere
"$VPMU_BENCH" report "$REAL" --out "$t/real" >/dev/null 2>&1
check "real run: no test-double label in the summary" \
	test "$(count "$t/real/summary.txt" "Test double")" -eq 0
if has_gnuplot; then
	check "real run: no test-double label in figures" \
		test -z "$(grep -l "TEST DOUBLE" "$t/real"/*.svg "$t/real"/data/*.vars 2>/dev/null)"
fi

# the strict reader: a malformed label is one line naming the field
bad() {
	jq "$1" "$MODEL"/*.json >"$t/bad.json"
	"$VPMU_BENCH" report "$t/bad.json" --out "$t/bad-out" >/dev/null 2>"$t/bad.err"
	local rc=$?
	[ $rc -ne 0 ] && one_line "$t/bad.err" && grep -q "$2" "$t/bad.err" && [ ! -e "$t/bad-out" ]
}
check "meta.test_double.scenario a number: rejected, one line naming it" \
	bad '.meta.test_double.scenario = 3' "meta.test_double.scenario: expected a non-empty string"
check "meta.test_double a string: rejected, one line" \
	bad '.meta.test_double = "model"' "meta.test_double: expected an object"
check "meta.test_double without faults: rejected, one line" \
	bad 'del(.meta.test_double.faults)' "meta.test_double.faults: missing"
check "meta.hygiene not an object: rejected, one line" \
	bad '.meta.hygiene = 5' "meta.hygiene: expected an object"
null_ok() {
	jq '.meta.test_double = null' "$MODEL"/*.json >"$t/null.json"
	"$VPMU_BENCH" report "$t/null.json" --out "$t/null-out" >/dev/null 2>&1 &&
		[ "$(count "$t/null-out/summary.txt" "Test double")" -eq 0 ]
}
check "meta.test_double null: a real run, accepted and not labelled" null_ok

# run: vpmu-guest's label goes into meta.test_double, never into a row
guest=$(dirname "$VPMU_BENCH")/vpmu-guest
REAL_VPMU_GUEST=$guest VPMU_GUEST=$PWD/tests/data/test-double/vpmu-guest-labelled.sh \
	TD_SCENARIO=v2-8gp-3fixed TD_FAULTS=none \
	"$VPMU_BENCH" run --collection exit --reps 2 --label model --out "$t/run" >/dev/null 2>&1
f=$(ls "$t"/run/*.json 2>/dev/null | head -n1)
check "run under a labelled vpmu-guest: meta.test_double is its label" \
	test "$(jq -c .meta.test_double "$f" 2>/dev/null)" = \
	'{"name":"software PMU model","scenario":"v2-8gp-3fixed","faults":"none"}'
check "run under a labelled vpmu-guest: no row carries test_double" \
	test "$(jq '[.results[] | select(has("test_double"))] | length' "$f" 2>/dev/null)" = 0
"$VPMU_BENCH" run --collection exit --reps 2 --out "$t/plain" >/dev/null 2>&1
check "run under the product's vpmu-guest: no meta.test_double" \
	test "$(jq '.meta | has("test_double")' "$t"/plain/*.json 2>/dev/null)" = false
"$VPMU_BENCH" report "$f" --out "$t/runrep" >/dev/null 2>&1
check "report of that run: host paragraph names scenario v2-8gp-3fixed" \
	grep -q "Test double: the runs in column model ran against the software PMU model (tests/pmu_model), scenario v2-8gp-3fixed, faults none" \
	<(flat "$t/runrep/summary.txt")
done_testing
