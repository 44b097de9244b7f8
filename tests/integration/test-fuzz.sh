#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A smoke of each libFuzzer target (tests/fuzz/): FUZZ_SMOKE_S seconds
# (default 30) each from the seed corpus, no crash, no sanitizer report.
# `make fuzz FUZZ_SECONDS=N` runs them for longer.
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${BUILD:-$top/build}
secs=${FUZZ_SMOKE_S:-30}
if ! command -v clang >/dev/null; then
	echo "1..0 # SKIP clang is not installed (bench/deps.sh installs it)"
	exit 4
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
make -s -C "$top" --no-print-directory fuzz-build BUILD="$B" >"$t/build.log" 2>&1
check "the fuzz targets build with clang -fsanitize=fuzzer,address,undefined" test $? -eq 0
for src in "$top"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	mkdir -p "$t/corpus-$name"
	cp "$top"/tests/fuzz/seeds-"${name#fuzz_}"/* "$t/corpus-$name"/ 2>/dev/null
	"$B/fuzz/$name" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$t/" \
		"$t/corpus-$name" >"$t/$name.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$t/$name.log")
	check "$name: ${secs} s, ${execs:-0} executions, no crash (exit $rc)" test $rc -eq 0
	[ $rc -eq 0 ] || grep -E 'ERROR|SUMMARY|#[0-9]+ ' "$t/$name.log" | head -20 | sed 's/^/# /'
done
done_testing
