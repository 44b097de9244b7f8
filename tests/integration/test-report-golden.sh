#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Golden tests of the 72-column rendering (summary.txt) over a synthetic
# result set and over a real run of this machine, and the 72-column rule
# on every line. Regenerate a golden file after an intended change with
#   VPMU_GOLDEN_UPDATE=1 bash tests/integration/test-report-golden.sh
# and review the diff.
set -u
BIN=${VPMU_BENCH:-build/vpmu-bench}
G=tests/data/golden
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 fail=0

golden() {
	local name=$1 input=$2 gold=$G/$1-summary.txt
	"$BIN" report "$input" --no-plots --out "$T/$name" >/dev/null 2>"$T/$name.err"
	[ -n "${VPMU_GOLDEN_UPDATE:-}" ] && cp "$T/$name/summary.txt" "$gold"
	n=$((n + 1))
	if diff -u "$gold" "$T/$name/summary.txt" >"$T/diff"; then
		echo "ok $n $name: summary.txt matches $gold"
	else
		echo "not ok $n $name: summary.txt matches $gold"
		sed 's/^/# /' "$T/diff" | head -40
		fail=1
	fi
	n=$((n + 1))
	if ! awk 'length > 72 { print FILENAME ":" FNR ": " length " columns"; bad = 1 } END { exit bad }' \
		"$T/$name/summary.txt"; then
		echo "not ok $n $name: no line of summary.txt over 72 columns"
		fail=1
	else
		echo "ok $n $name: no line of summary.txt over 72 columns"
	fi
	n=$((n + 1))
	"$BIN" report "$input" --format text >"$T/$name.stdout" 2>/dev/null
	if cmp -s "$T/$name.stdout" "$T/$name/summary.txt"; then
		echo "ok $n $name: --format text prints summary.txt"
	else
		echo "not ok $n $name: --format text prints summary.txt"
		fail=1
	fi
}

golden synthetic-small tests/data/synthetic-small
golden real-exit-emulated tests/data/real-exit-emulated
n=$((n + 1))
if tr '\n' ' ' <"$T/real-exit-emulated/summary.txt" | grep -q "Guest execution: emulated" &&
   [ "$(grep -c 'Guest code emulated: every guest instruction' "$T/real-exit-emulated/summary.txt")" -ge 1 ]; then
	echo "ok $n real run: emulation stated on the host and on its tables"
else
	echo "not ok $n real run: emulation stated on the host and on its tables"
	fail=1
fi
echo "1..$n"
exit $fail
