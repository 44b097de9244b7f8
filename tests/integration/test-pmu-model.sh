#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every PMU row end to end under the software PMU model (a test double:
# tests/pmu_model/, build/tests/vpmu-guest-model), for each scenario,
# checked exactly by tests/pmu_model/check-results.py: accuracy error 0,
# PMI skid as configured (0, 1 and 3), topdown fractions equal to the
# PERF_METRICS set, features pass or skip with the reason, pmu-msr one
# exit per access. Then each faulty variant of the model must make
# exactly its rows fail, each line naming the fault. One TAP line per
# (scenario, collection/workload). Needs /dev/kvm (no PMU needed) and
# VPMU_MODEL_MATRIX=1 (`make check-model`).
#
# VPMU_MODEL_RECORD=DIR keeps each scenario's result file as
# DIR/model-<scenario>/<file> (test inputs for the report tests).
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${BUILD:-$top/build}
M=$B/tests/vpmu-guest-model
CHECK=$top/tests/pmu_model/check-results.py
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

if [ ! -x "$M" ]; then
	check "build/tests/vpmu-guest-model is built (make check builds it)" false
	done_testing
	exit
fi
# A test double never reaches the product binaries.
for b in "$B/vpmu-guest" "$B/vpmu-bench"; do
	check "$(basename "$b") links none of the model (tests/pmu_model/)" \
		eval '! nm "$b" | grep -qE " (pmu_model__|pmu_model_vm__|pmu_scenario__|insn_is_branch)"'
done
# The model reads its variables before the KVM library starts: no KVM needed.
for v in VPMU_MODEL_SCENARIO=nosuch VPMU_MODEL_FAULT=nosuch VPMU_MODEL_SKID=17; do
	env "$v" "$M" requires >/dev/null 2>"$t/err"
	rc=$?
	check "$v: exit 2, one line naming it ($(head -c 80 "$t/err"))" \
		eval '[ $rc -eq 2 ] && one_line "$t/err" && grep -q "^vpmu-guest-model: ${v%%=*}=" "$t/err"'
done
# Opt-in (make check-model): the VM glue has not yet met a real /dev/kvm.
if [ "${VPMU_MODEL_MATRIX:-0}" != 1 ]; then
	skip "the scenario matrix under the model" \
		"opt-in until it has run once on a host with /dev/kvm (the session that wrote it had none): make check-model"
	done_testing
	exit
fi
if [ ! -e /dev/kvm ] || [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "the scenario matrix under the model" \
		"$([ -e /dev/kvm ] && echo "/dev/kvm is not usable by this user" ||
		   echo "/dev/kvm does not exist on this host")"
	done_testing
	exit
fi

# run NAME SCENARIO FAULT SKID ARGS...: one vpmu-bench run under the model.
run() {
	local name=$1 s=$2 f=$3 k=$4
	shift 4
	mkdir -p "$t/$name"
	VPMU_GUEST=$M VPMU_MODEL_SCENARIO=$s VPMU_MODEL_FAULT=$f VPMU_MODEL_SKID=$k \
		"$VPMU_BENCH" run "$@" --timeout 120 --out "$t/$name" --format json \
		>"$t/$name.stdout" 2>"$t/$name.stderr"
	ls "$t/$name"/*.json 2>/dev/null | head -1
}

# tapify FILE: the checker's lines, numbered into this test's TAP.
tapify() {
	local line
	while IFS= read -r line; do
		case $line in
		"not ok "*) _n=$((_n + 1)); _fail=$((_fail + 1)); echo "not ok $_n ${line#not ok }" ;;
		"ok "*) _n=$((_n + 1)); echo "ok $_n ${line#ok }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

start=$(date +%s)

for s in v2-8gp-3fixed v4-8gp-4fixed-metrics v5-4fixed-metrics v5-sparse-fixed \
	 v2-spr-stock-kvm v4-1gp v4-0gp; do
	f=$(run "$s" "$s" none 0 -c accuracy -c pmi -c features -c pmu-msr -c topdown --reps 2)
	if [ -z "$f" ]; then
		check "$s: vpmu-bench run under the model wrote a result file ($(tail -1 "$t/$s.stderr"))" false
		continue
	fi
	if [ -n "${VPMU_MODEL_RECORD:-}" ]; then
		mkdir -p "$VPMU_MODEL_RECORD/model-$s" && cp "$f" "$VPMU_MODEL_RECORD/model-$s/"
	fi
	python3 "$CHECK" --scenario "$s" --fault none --skid 0 "$f" >"$t/$s.tap"
	tapify "$t/$s.tap"
done

# The skid the model was told is the skid the rows measure.
for k in 1 3; do
	f=$(run "skid$k" v4-8gp-4fixed-metrics none "$k" -c pmi --reps 2)
	python3 "$CHECK" --scenario v4-8gp-4fixed-metrics --skid "$k" "$f" >"$t/skid$k.tap"
	tapify "$t/skid$k.tap"
done

# fault NAME SKID "ROWS THAT MUST FAIL" ARGS...: exactly those rows fail,
# each failing line naming the fault.
fault() {
	local name=$1 k=$2 want=$3 f got
	shift 3
	f=$(run "$name" v4-8gp-4fixed-metrics "$name" "$k" "$@" --reps 2)
	python3 "$CHECK" --scenario v4-8gp-4fixed-metrics --fault "$name" --skid "$k" \
		--rows "$t/$name.rows" "$f" >"$t/$name.tap"
	sed -n 's/^# /# fault: /p; s/^not ok /# fault: not ok /p' "$t/$name.tap"
	got=$(sed -n 's/^fail //p' "$t/$name.rows" 2>/dev/null | sort | tr '\n' ' ')
	want=$(printf '%s\n' $want | sort | tr '\n' ' ')
	check "fault $name: exactly [${want% }] fail (got [${got% }])" [ "$got" = "$want" ]
	check "fault $name: every failing line names the fault" \
		eval '! grep "^not ok" "$t/$name.tap" | grep -qv "model fault: $name"'
}

# Skid 1 where the fault is not about skid: the PMI rows then run before
# and after the skid defect is fixed (issue 10 part 4).
fault pmi-never-delivered 1 "pmi/pmi-fixed-insns" -w pmi-fixed-insns
fault lvtpc-left-masked 1 "pmi/pmi-fixed-insns" -w pmi-fixed-insns
fault skid-2-configured-0 0 "pmi/pmi-gp-insns pmi/pmi-fixed-insns" -c pmi
fault count-off-by-one 0 "accuracy/gp-insns accuracy/gp-branches accuracy/fixed-insns
	accuracy/gp-insns-host-busy accuracy/gp-branches-host-busy accuracy/fixed-insns-host-busy" \
	-c accuracy
fault perf-metrics-swapped 0 "topdown/topdown-retiring topdown/topdown-backend
	topdown/topdown-frontend topdown/topdown-badspec" -c topdown
fault status-set-ignored 0 "features/status-set features/status-reset" -c features

echo "# matrix wall time: $(($(date +%s) - start)) s"
done_testing
