#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The suite around kmod/load, and its interruption: with the test double
# tests/data/suite/fake-kmod-load (VPMU_KMOD_LOAD; it logs its calls and
# never touches the kernel) the suite loads each mode before that mode's
# cells and calls --restore once at the end; SIGINT while a mode loads
# stops it, restores, leaves a valid index (state interrupted, exit 130);
# --resume then runs only what is left and never redoes a done cell.
# The collection is pmu-msr, whose rows all skip in nopmu: quick with or
# without /dev/kvm. Every suite also runs its native and trace cells
# first: where guests run, the trace cell alone takes most of a minute on
# the nested kvm_pvm hosts (each exit row, 3 rounds of an untraced, a
# traced and a perf kvm stat record run, the last ~1.2 s each), so a wait
# for a point in the suite is bounded by WAIT_S, not by a guess of its
# speed, and fails saying which point never came.
set -u
. "$(dirname "$0")/../lib.sh"
BIN=${VPMU_BENCH:-build/vpmu-bench}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
WAIT_S=300
# until PID COMMAND...: 0 once COMMAND succeeds; 1 if PID has ended or
# WAIT_S went by first (the caller's check then says what never came).
until_() {
	local pid=$1 end=$((SECONDS + WAIT_S))
	shift
	while [ $SECONDS -lt $end ]; do
		"$@" && return 0
		kill -0 "$pid" 2>/dev/null || { "$@"; return; }
		sleep 0.1
	done
	return 1
}
export VPMU_KMOD_LOAD=$PWD/tests/data/suite/fake-kmod-load
# shellcheck disable=SC2054 # the commas are --modes' own list
ARGS=(--modes nopmu,legacy,mediated-vmcs --collections pmu-msr --reps 2 --samples 2)

# 1. Load before a mode's cells, restore once at the end.
export FAKE_KMOD_LOG=$T/calls1
"$BIN" suite "${ARGS[@]}" --out "$T/a" >"$T/out1" 2>"$T/err1"
check "the double was called: legacy, mediated-vmcs, ..., --restore last" \
	bash -c '[ "$(head -1 "$1")" = legacy ] && [ "$(sed -n 2p "$1")" = mediated-vmcs ] &&
		 [ "$(tail -1 "$1")" = --restore ] && [ "$(grep -c -- --restore "$1")" -eq 1 ]' \
	_ "$T/calls1"
# The double loads nothing, so `run --mode legacy` itself refuses: the
# suite reports that as the cell's failure instead of measuring nopmu.
check "a mode loaded but not active: its run cells failed, run's reason kept" \
	jqt '[.cells[] | select(.mode == "legacy" and .kind == "run")] |
	     all(.state == "failed" and (.reason | test("--mode legacy")))' "$T/a/index.json"
check "the index records every kmod/load call and the restore" \
	jqt '(.kmod | length) >= 3 and .restore.exit_status == 0' "$T/a/index.json"

# 2. A refused mode is tried once, then skipped with the refusal.
export FAKE_KMOD_LOG=$T/calls2 FAKE_KMOD_REFUSE=mediated-vmcs
"$BIN" suite "${ARGS[@]}" --out "$T/b" >/dev/null 2>&1
check "refused mode: one kmod/load call, every cell skipped with the refusal" \
	bash -c '[ "$(grep -c "^mediated-vmcs$" "$1")" -eq 1 ] &&
		 jq -e "[.cells[] | select(.mode == \"mediated-vmcs\")] |
			all(.state == \"skipped\" and
			(.reason | test(\"test double refuses mediated-vmcs\")))" "$2" >/dev/null' \
	_ "$T/calls2" "$T/b/index.json"
unset FAKE_KMOD_REFUSE

# 3. SIGINT while mediated-vmcs loads (after nopmu and legacy of rep 1).
export FAKE_KMOD_LOG=$T/calls3 FAKE_KMOD_SLEEP_ON=mediated-vmcs
"$BIN" suite "${ARGS[@]}" --out "$T/c" >"$T/out3" 2>"$T/err3" &
pid=$!
until_ $pid test -e "$T/calls3.sleeping"
check "the suite reached the mediated-vmcs load (within $WAIT_S s)" test -e "$T/calls3.sleeping"
check "a second suite in the same directory is refused while it runs" \
	bash -c '! "$1" suite --resume "$2" >/dev/null 2>"$2.err" &&
		 grep -q "another suite is running in it" "$2.err"' _ "$BIN" "$T/c"
kill -INT $pid
wait $pid
rc=$?
check "SIGINT: exit status 130, got $rc" test $rc -eq 130
check "SIGINT: the loading kmod/load was stopped, then --restore ran" \
	bash -c '[ "$(tail -2 "$1" | head -1)" = "interrupted mediated-vmcs" ] &&
		 [ "$(tail -1 "$1")" = --restore ]' _ "$T/calls3"
check "SIGINT: a valid index, state interrupted, cells pending, some done" \
	jqt '.state == "interrupted" and .counts.pending > 0 and .counts.done > 0' "$T/c/index.json"
check "SIGINT: stderr says how to resume" grep -q -- "--resume $T/c" "$T/err3"
jq -c '[.cells[] | select(.state == "done") | {id, start, e: .end}]' "$T/c/index.json" \
	>"$T/done-before"
unset FAKE_KMOD_SLEEP_ON
export FAKE_KMOD_LOG=$T/calls4
"$BIN" suite --resume "$T/c" >"$T/out4" 2>"$T/err4"
rc=$?
check "--resume: exit status 1 (legacy cells fail with the double), got $rc" test $rc -eq 1
check "--resume: complete, nothing pending" \
	jqt '.state == "complete" and .counts.pending == 0 and (.resumed | length) == 1' \
	"$T/c/index.json"
check "--resume: done cells kept as they were (not run again)" \
	bash -c 'jq -c --argjson b "$(cat "$1")" "[.cells[] | select(.id as \$i | \$b | map(.id) |
		index(\$i)) | {id, start, e: .end}] == \$b" "$2" | grep -qx true' \
	_ "$T/done-before" "$T/c/index.json"
check "--resume: no done cell in the progress (failed ones run again)" \
	bash -c 'for id in $(jq -r ".[].id" "$1"); do ! grep -q "\] $id " "$2" || exit 1; done' \
	_ "$T/done-before" "$T/err4"
check "--resume: the same options (from the index)" \
	jqt '.options.modes == ["nopmu", "legacy", "mediated-vmcs"] and .options.reps == 2' \
	"$T/c/index.json"
check "--resume: mediated-vmcs loaded this time, then restored" \
	bash -c 'grep -qx mediated-vmcs "$1" && [ "$(tail -1 "$1")" = --restore ]' _ "$T/calls4"

# 4. SIGKILL after a load: the index already says the host was changed,
# so a resume that loads nothing itself still restores at its end.
export FAKE_KMOD_LOG=$T/calls6 FAKE_KMOD_SLEEP_ON=mediated-vmcs
rm -f "$T/calls6.sleeping"
"$BIN" suite "${ARGS[@]}" --out "$T/k" >/dev/null 2>&1 &
pid=$!
until_ $pid test -e "$T/calls6.sleeping"
check "the suite reached the mediated-vmcs load again (within $WAIT_S s)" \
	test -e "$T/calls6.sleeping"
kill -KILL $pid
wait $pid 2>/dev/null
check "SIGKILL after a load: the index says host_changed" \
	jqt '.host_changed == true' "$T/k/index.json"
unset FAKE_KMOD_SLEEP_ON
export FAKE_KMOD_LOG=$T/calls7 FAKE_KMOD_REFUSE="legacy mediated-vmcs"
"$BIN" suite --resume "$T/k" >/dev/null 2>&1
check "... --resume without a load of its own restores, and says so" \
	bash -c '[ "$(tail -1 "$1")" = --restore ] &&
		 jq -e ".host_changed == false and .restore.exit_status == 0" "$2" >/dev/null' \
	_ "$T/calls7" "$T/k/index.json"
unset FAKE_KMOD_REFUSE

# 5. SIGINT while a cell runs: only where a run cell takes long enough to
# be caught (guests need /dev/kvm; without it every row skips at once).
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	"$BIN" suite --modes nopmu --collections exit --reps 1 --samples 20 --out "$T/d" \
		>/dev/null 2>"$T/err5" &
	pid=$!
	# after the native and trace cells: about a minute where guests are emulated
	until_ $pid grep -q '003-r1-nopmu-exit' "$T/err5"
	check "the suite reached its exit cell (within $WAIT_S s)" grep -q '003-r1-nopmu-exit' "$T/err5"
	sleep 0.5
	kill -INT $pid
	wait $pid
	rc=$?
	check "SIGINT in a cell: exit status 130, got $rc" test $rc -eq 130
	check "SIGINT in a cell: that cell pending, nothing left in its directory" \
		bash -c 'jq -e "[.cells[] | select(.id == \"003-r1-nopmu-exit\")][0].state ==
			\"pending\"" "$1/index.json" >/dev/null &&
			 [ -z "$(ls -A "$1/cells/003-r1-nopmu-exit")" ]' _ "$T/d"
	"$BIN" suite --resume "$T/d" >/dev/null 2>&1
	check "SIGINT in a cell: --resume runs it, the index is complete" \
		jqt '.state == "complete" and ([.cells[] | select(.id == "003-r1-nopmu-exit")][0] |
		     .state == "done" and (.results | length) == 1)' "$T/d/index.json"
	"$BIN" suite --modes nopmu --collections exit --reps 1 --samples 200 --cell-timeout 1 \
		--out "$T/e" >/dev/null 2>&1
	check "--cell-timeout 1: the exit cell stopped and failed with the reason" \
		jqt '[.cells[] | select(.id == "003-r1-nopmu-exit")][0] | .state == "failed" and
		     (.reason | startswith("timed out: still running after 1 s"))' "$T/e/index.json"
else
	skip "SIGINT in a cell" "/dev/kvm is not usable here: no cell runs long enough to be caught"
	skip "--cell-timeout" "/dev/kvm is not usable here: no cell runs long enough to time out"
fi
done_testing
