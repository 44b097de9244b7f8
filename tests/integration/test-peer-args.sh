#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/peer-kut.sh (make bench-peer) refuses a missing or wrong KUT with
# one line naming the problem and exit 2, before it installs, copies or
# runs anything. PEER_SCRIPT overrides the script under test.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
script=${PEER_SCRIPT:-$top/bench/peer-kut.sh}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 failed=0

# expect NAME PATTERN ENV... : exit 2, exactly one output line matching PATTERN
expect() {
	local name=$1 pat=$2 rc lines
	shift 2
	n=$((n + 1))
	env -u KUT -u PEER_EXITS "$@" bash "$script" >"$t/out" 2>&1 </dev/null
	rc=$?
	lines=$(wc -l <"$t/out")
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qE "$pat" "$t/out"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name (exit $rc, $lines lines)"
		sed 's/^/# /' "$t/out"
		failed=$((failed + 1))
	fi
}

echo "1..5"
expect "KUT unset: exit 2, one line naming KUT" '^peer-kut: KUT is not set'
expect "KUT empty: exit 2, one line naming KUT" '^peer-kut: KUT is not set' KUT=
expect "KUT=/nonexistent: exit 2, one line" '^peer-kut: KUT=/nonexistent: no such directory$' \
	KUT=/nonexistent
mkdir -p "$t/notkut/x86"
touch "$t/notkut/configure" "$t/notkut/Makefile"
expect "KUT=a directory that is not kvm-unit-tests: exit 2, one line" \
	"^peer-kut: KUT=$t/notkut: not a kvm-unit-tests tree \\(no x86/vmexit.c\\)$" KUT="$t/notkut"

# A test double of a kvm-unit-tests tree (empty files where the script
# looks), and /bin/true as the CLI: a row without a peer is refused.
fake=$t/fake-kut
mkdir -p "$fake/x86" "$fake/scripts"
touch "$fake/configure" "$fake/x86/run" "$fake/x86/unittests.cfg" "$fake/scripts/arch-run.bash"
echo '{ cpuid_test, "cpuid", .parallel = 1, },' >"$fake/x86/vmexit.c"
expect "PEER_EXITS naming a row with no x86/vmexit peer: exit 2, one line" \
	"^peer-kut: PEER_EXITS: 'rdtsc' has no x86/vmexit equivalent" \
	KUT="$fake" VPMU_BENCH=/bin/true PEER_EXITS=rdtsc
[ "$failed" -eq 0 ]
