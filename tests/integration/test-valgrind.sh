#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A valgrind (memcheck) pass over `report` on a real run recorded here and
# over every unit test that runs no guest: no invalid read or write, no
# use of uninitialized memory, no leak that is definitely lost. (Guest
# code cannot run under valgrind: KVM_RUN executes it outside valgrind's
# view; the sanitized build, `make check SANITIZE=1`, covers that side.)
set -u
. "$(dirname "$0")/../lib.sh"
if ! command -v valgrind >/dev/null; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 4
fi
if nm "$VPMU_BENCH" 2>/dev/null | grep -q __asan_init; then
	echo "1..0 # SKIP sanitized build: valgrind cannot run ASan binaries (ASan checks them instead)"
	exit 4
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${BUILD:-$top/build}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--child-silent-after-fork=yes "$@"
}

vg "$VPMU_BENCH" report "$top/tests/data/real-exit-emulated" --out "$t/r" --resamples 200 \
	--no-plots >"$t/out" 2>"$t/err"
rc=$?
check "report under valgrind: no memory error, no definite leak (exit $rc)" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# /' "$t/err" | head -20

# suite's own process (its cells are other programs, not traced), with the
# test double of kmod/load (tests/data/suite/fake-kmod-load) refusing legacy.
# Exit 1 is a failed cell (native, trace, overhead where not built), not a
# memory error (99).
for a in "--modes nopmu,legacy --collections exit --reps 1 --samples 2 --out $t/s" \
	 "--resume $t/s"; do
	# shellcheck disable=SC2086
	VPMU_KMOD_LOAD=$top/tests/data/suite/fake-kmod-load FAKE_KMOD_LOG=$t/kmod.log \
		FAKE_KMOD_REFUSE=legacy vg "$VPMU_BENCH" suite $a >"$t/s.out" 2>"$t/s.err"
	rc=$?
	check "suite ${a%% *} under valgrind: no memory error, no definite leak (exit $rc)" \
		test $rc -le 1
	[ $rc -le 1 ] || sed 's/^/# /' "$t/s.err" | head -20
done

for u in "$B"/tests/*; do
	case $u in *_vm) continue ;; esac
	[ -x "$u" ] || continue
	vg "$u" >"$t/u.out" 2>"$t/u.err"
	rc=$?
	# Exit 4 is the test's own kselftest skip (e.g. no /dev/kvm for the
	# selftests library's constructor): nothing ran, so nothing to check.
	if [ $rc -eq 4 ]; then
		skip "$(basename "$u") under valgrind" \
			"$(grep -hoE 'SKIP.*' "$t/u.out" "$t/u.err" | head -1 | sed -E "s/^SKIP[ -]*//" | cut -c1-160)"
		continue
	fi
	check "$(basename "$u") under valgrind (exit $rc)" test $rc -eq 0
	[ $rc -eq 0 ] || sed 's/^/# /' "$t/u.err" | head -10
done
done_testing
