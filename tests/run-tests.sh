#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every test program given, each speaking kselftest TAP, and count.
#   tests/run-tests.sh PROGRAM...
# A program is an executable or a *.sh script. Each "ok N", "not ok N" and
# "ok N ... # SKIP" line counts once. A program that exits 4 after printing
# no result line ("1..0 # SKIP reason") counts as one skip; one that exits
# non-zero (other than 4) without reporting a failure counts as one failure,
# so a crash is never lost. The last line is "N passed, N failed, N skipped".
set -u
pass=0 fail=0 skip=0
failed=()
for t in "$@"; do
	name=${t#"${BUILD:-build}/"}
	echo "# === $name"
	log=$(mktemp)
	case $t in
	*.sh) timeout -k 5 "${TEST_TIMEOUT:-900}" bash "$t" >"$log" 2>&1 ;;
	*) timeout -k 5 "${TEST_TIMEOUT:-900}" "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	sed 's/^/  /' "$log"
	p=$(grep -cE '^ok [0-9]+' "$log" | tr -d ' ')
	s=$(grep -cE '^ok [0-9]+.*# *(SKIP|skip)' "$log" | tr -d ' ')
	f=$(grep -cE '^not ok [0-9]+' "$log" | tr -d ' ')
	p=$((p - s))
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then
		if [ $rc -eq 4 ]; then s=1; else f=1; fi
	elif [ $rc -ne 0 ] && [ $rc -ne 4 ] && [ "$f" -eq 0 ]; then
		echo "  not ok - $name exited $rc after its results"
		f=1
	fi
	[ "$f" -gt 0 ] && failed+=("$name")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	rm -f "$log"
done
for n in "${failed[@]}"; do echo "# FAILED: $n"; done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
