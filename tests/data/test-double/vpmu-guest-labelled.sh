#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Test double of a test build of vpmu-guest (tests/integration/
# test-run-test-double.sh): runs the real vpmu-guest ($REAL_VPMU_GUEST)
# and adds to its JSON answer on fd 3 the label a build linked with the
# software PMU model gives every answer: "test_double": {"name",
# "scenario", "faults"} ($TD_SCENARIO, $TD_FAULTS). Only the label is
# faked; the guests, rows and samples are the real vpmu-guest's.
set -u
if [ -z "${REAL_VPMU_GUEST:-}" ]; then
	echo "$(basename "$0"): test double: REAL_VPMU_GUEST must be set" >&2
	exit 2
fi
ans=$(mktemp)
trap 'rm -f "$ans"' EXIT
"$REAL_VPMU_GUEST" "$@" 3>"$ans"
rc=$?
if [ -s "$ans" ]; then
	jq -c --arg s "${TD_SCENARIO:-v4-8gp-4fixed}" --arg f "${TD_FAULTS:-none}" \
		'. + {test_double: {name: "software PMU model", scenario: $s, faults: $f}}' \
		"$ans" >&3 || exit 1
fi
exit $rc
