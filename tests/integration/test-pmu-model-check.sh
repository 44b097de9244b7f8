#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The software PMU model's result checker (tests/pmu_model/check-results.py,
# test-double support) on hand-made result documents (tests/data/
# model-synthetic/, test inputs named as such): exact values pass, a count
# off by one, a wrong skid, swapped PERF_METRICS bytes, a failed feature,
# two exits per access, a reasonless skip and a row without the model's
# label each fail with the fault named, and the issue-10 defects it
# caught fail. Needs no KVM.
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
CHECK=$top/tests/pmu_model/check-results.py
D=$top/tests/data/model-synthetic
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# verdicts FILE SCENARIO FAULT SKID: the checker's per-row verdicts, sorted.
verdicts() {
	python3 "$CHECK" --scenario "$2" --fault "$3" --skid "$4" --rows "$t/rows" "$1" \
		>"$t/out" 2>&1
	echo "rc=$? $(sort "$t/rows" | tr '\n' ' ')"
}

got=$(verdicts "$D/exact.json" v4-8gp-4fixed-metrics none 0)
check "exact values: every row ok, exit 0 ($got)" [ "$got" = \
	"rc=0 ok accuracy/gp-insns ok features/status-set ok pmi/pmi-fixed-insns \
ok pmu-msr/rdmsr-global-ctrl ok topdown/topdown-retiring skip accuracy/gp-branches " ]
got=$(verdicts "$D/faulty.json" v4-8gp-4fixed-metrics count-off-by-one 0)
check "wrong values: each row fails ($got)" [ "$got" = \
	"rc=1 fail accuracy/gp-branches fail accuracy/gp-insns fail features/status-set \
fail pmi/pmi-fixed-insns fail pmu-msr/rdmsr-global-ctrl fail topdown/topdown-retiring " ]
check "every failing line names the model's fault" \
	eval '[ "$(grep -c "^not ok.*\[model fault: count-off-by-one\]" "$t/out")" -eq 6 ]'
got=$(verdicts "$D/defects.json" v4-0gp none 0)
check "the fixed defects fail again if they come back: skid one low, status row failing with 0 GP ($got)" [ "$got" = \
	"rc=1 fail features/status-set fail pmi/pmi-fixed-insns " ]
got=$(verdicts "$D/defects.json" v4-0gp none 1)
check "the skid checks the configured value: 1 is not what the rows saw ($got)" \
	eval '[[ "$got" == "rc=1 "* ]]'
got=$(verdicts "$D/exact.json" v4-8gp-4fixed-metrics pmi-never-delivered 0)
check "rows labelled with another fault variant fail ($got)" [ "$got" = \
	"rc=1 fail accuracy/gp-insns fail features/status-set fail pmi/pmi-fixed-insns \
fail pmu-msr/rdmsr-global-ctrl fail topdown/topdown-retiring skip accuracy/gp-branches " ]
python3 "$CHECK" --scenario nosuch "$D/exact.json" >/dev/null 2>"$t/err"
rc=$?
check "unknown scenario: exit 2 with one line" eval '[ $rc -eq 2 ] && one_line "$t/err"'
done_testing
