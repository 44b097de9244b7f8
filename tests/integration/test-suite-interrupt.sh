#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Interruption trials of `vpmu-bench suite`: SIGINT or SIGTERM at delays
# from 0.1 to 1.2 s, wherever that lands (the probe, a cell, a kmod/load
# call, between cells). After each: exit 130 (or 0/1 when the suite
# finished first), a valid index, no temp file, every pending cell's
# directory empty, --restore called after any load, no process of the
# suite left. The last trial is resumed to completion. kmod/load is the
# test double tests/data/suite/fake-kmod-load (never the kernel); the
# collection is pmu-msr, whose rows skip at once in nopmu, so that the
# trials stay short where guests run.
set -u
. "$(dirname "$0")/../lib.sh"
BIN=${VPMU_BENCH:-build/vpmu-bench}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export VPMU_KMOD_LOAD=$PWD/tests/data/suite/fake-kmod-load
sigs=(INT TERM)
# descendants and alive: tests/lib.sh.
# Not running within 5 s: a guest whose parent died gets its death signal
# (PR_SET_PDEATHSIG) at once, but tearing down its VM can take a moment.
gone() {
	local _
	for _ in $(seq 50); do
		alive "$1" || return 0
		sleep 0.1
	done
	return 1
}
bad_rc=0 bad_index=0 bad_tmp=0 bad_dir=0 bad_restore=0 bad_orphan=0 n=0

for i in $(seq 1 12); do
	D=$T/t$i
	export FAKE_KMOD_LOG=$T/calls$i
	"$BIN" suite --modes nopmu,legacy --collections pmu-msr --reps 2 --samples 2 --out "$D" \
		>/dev/null 2>"$T/err$i" &
	pid=$!
	sleep "$(printf '%d.%d' $((i / 10)) $((i % 10)))"
	kids=$(descendants $pid)
	kill -"${sigs[$((i % 2))]}" $pid 2>/dev/null
	wait $pid
	rc=$?
	n=$((n + 1))
	case $rc in 0|1|130) ;; *) bad_rc=$((bad_rc + 1)); echo "# trial $i: rc $rc" ;; esac
	if ! jq -e '.schema == "vpmu-bench/suite-index/1" and
		    (.state | IN("interrupted", "complete"))' "$D/index.json" >/dev/null 2>&1; then
		bad_index=$((bad_index + 1))
		echo "# trial $i: index not valid"
	fi
	[ -z "$(find "$D" -name '.*')" ] || bad_tmp=$((bad_tmp + 1))
	for c in $(jq -r '.cells[] | select(.state == "pending") | .dir' "$D/index.json" \
		   2>/dev/null); do
		[ -z "$(ls -A "$D/$c" 2>/dev/null)" ] && continue
		bad_dir=$((bad_dir + 1))
		echo "# trial $i: $c not empty"
	done
	if grep -qx legacy "$FAKE_KMOD_LOG" 2>/dev/null &&
	   [ "$(tail -1 "$FAKE_KMOD_LOG")" != --restore ]; then
		bad_restore=$((bad_restore + 1))
		echo "# trial $i: no --restore after the load"
	fi
	for k in $kids; do
		gone "$k" || { bad_orphan=$((bad_orphan + 1)); echo "# trial $i: $k left"; }
	done
done
check "$n trials: exit status 130, or 0/1 when finished first" test $bad_rc -eq 0
check "$n trials: a valid index after each" test $bad_index -eq 0
check "$n trials: no temp file" test $bad_tmp -eq 0
check "$n trials: every pending cell's directory empty" test $bad_dir -eq 0
check "$n trials: --restore after every load" test $bad_restore -eq 0
check "$n trials: no child left" test $bad_orphan -eq 0
export FAKE_KMOD_LOG=$T/calls-resume
"$BIN" suite --resume "$T/t$n" >/dev/null 2>&1
check "the last trial resumed: complete, nothing pending" \
	bash -c 'jq -e ".state == \"complete\" and .counts.pending == 0" "$1" >/dev/null' \
	_ "$T/t$n/index.json"
done_testing
