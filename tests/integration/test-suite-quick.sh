#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run` (bench/run-suite.sh: `vpmu-bench suite --quick`, then
# `report`) on this host: the suite ends by itself (how long it took is
# reported, not asserted); its index lists every cell with a state, a
# command line and times; nopmu's exit cells are done with their result
# files; every mode this host cannot reach is skipped with the reason;
# every repetition visits every mode, starting one mode later than the
# one before; the report is rendered from the suite directory and the
# terminal gets its short summary.
#
# kmod/load is the real one only where this kernel cannot load modules
# (then it can only refuse and nothing can change); elsewhere the suite
# gets the refusing test double tests/data/suite/fake-kmod-load, so that
# `make check` never reloads a developer's KVM modules.
set -u
. "$(dirname "$0")/../lib.sh"
BIN=${VPMU_BENCH:-build/vpmu-bench}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ -e /proc/modules ]; then
	export VPMU_KMOD_LOAD=$PWD/tests/data/suite/fake-kmod-load FAKE_KMOD_LOG=$T/kmod.log
	export FAKE_KMOD_REFUSE="legacy mediated-vmcs mediated-autostore"
fi
# How long `make run` takes is the host's business (a performance claim
# would live in `make bench`): a few seconds without /dev/kvm; about a
# minute where KVM emulates every guest instruction (nested kvm_pvm), the
# trace cell's perf kvm stat runs being most of it. HANG_S only stops a
# hang (timeout signals the whole process group: the suite restores the
# host and ends its cells), well inside tests/run-tests.sh's 900 s.
HANG_S=600
start=$SECONDS
timeout -k 30 "$HANG_S" bash bench/run-suite.sh "$BIN" "$T/mr" >"$T/term" 2>"$T/term.err"
rc=$?
took=$((SECONDS - start))
D=$(echo "$T"/mr/*)
I=$D/index.json

echo "# make run took $took s (exit $rc)"
check "make run ended by itself (not stopped as a hang after $HANG_S s)" test $rc -ne 124
check "exit status 0 or 1 (cells failed), got $rc" test $rc -eq 0 -o $rc -eq 1
check "the index is a complete suite index" \
	jqt '.schema == "vpmu-bench/suite-index/1" and .state == "complete" and
	     .counts.pending == 0 and .options.quick == true' "$I"
check "every cell: id, state, command line, start and end; a reason unless done" \
	jqt 'all(.cells[]; (.id | type) == "string" and
	     (.state | IN("done", "skipped", "failed")) and
	     (.command_line | startswith("vpmu-bench ")) and .start != null and
	     .end != null and (.state == "done" or (.reason | length > 0)))' "$I"
# A row that fails on this host (its reason is in the result file) makes
# `run` exit 1: the cell is then failed, naming the first failed row.
check "nopmu exit cells done (or failed rows, named), each with its result file" \
	jqt '[.cells[] | select(.mode == "nopmu" and .collection == "exit")] |
	     length == 2 and all((.results | length == 1) and (.state == "done" or
	     (.state == "failed" and .rows.failed > 0 and
	      (.reason | test("rows failed, first ")))))' "$I"
check "the result files named in the index exist" \
	bash -c 'for f in $(jq -r ".cells[].results[]" "$1"); do test -s "$2/$f" || exit 1; done' \
	_ "$I" "$D"
# Modes other than nopmu and the host's own, not loadable here.
check "unreachable modes: every cell skipped, the reason names kmod/load" \
	jqt '.host.mode_at_start as $h |
	     [.cells[] | select(.mode != null and .mode != "nopmu" and .mode != $h)] |
	       length > 0 and all(.state == "skipped" and
	     (.reason | test("not reachable: kmod/load refused: [a-z]")))' "$I"
check "native, trace and overhead cells are there, none pending" \
	jqt '[.cells[] | select(.kind != "run")] | (map(.kind) | unique) ==
	     ["native", "overhead", "trace"] and all(.state != "pending")' "$I"
# rep r visits modes[(i + r - 1) % n]: all modes each time, rotated.
check "interleaved: each rep visits every mode once, rep 2 rotated by one" \
	jqt '.options.modes as $m | [.cells[] | select(.kind == "run")] as $c |
	     ([$c[].rep] == ([$c[].rep] | sort)) and
	     ([$c[] | select(.rep == 1) | .mode] == $m) and
	     ([$c[] | select(.rep == 2) | .mode] == ($m[1:] + $m[:1]))' "$I"
check "progress on stderr: cell i/N, elapsed, ETA" \
	grep -Eq '^\[1/[0-9]+\] .* elapsed [0-9]+:[0-9]{2}  ETA ' "$D/suite.log"
check "stdout summary: one line per cell and the totals" \
	bash -c '[ "$(grep -c "^[0-9][0-9][0-9]-" "$1")" -eq "$(jq ".cells | length" "$2")" ] &&
		 grep -q "^suite: .* cells: .* done, .* skipped" "$1"' _ "$D/suite.txt" "$I"
check "no temp file left in the suite directory" \
	test -z "$(find "$D" -name '.*' -o -name '*.tmp*')"
check "report rendered the suite directory" test -s "$D/report.md" -a -s "$D/summary.txt"
check "report's table (a) is there" grep -q '^(a) Exit cost' "$D/summary.txt"
check "the terminal: the suite's counts, table (a) or why not, the paths" \
	bash -c 'grep -q "^suite: [0-9]* cells: " "$1" && grep -q "^(a) Exit cost" "$1" &&
		 grep -q "^summary (72 columns): " "$1" && grep -q "index.json" "$1"' _ "$T/term"
check "the terminal: skipped cells counted per reason, the refusal named" \
	grep -Eq '^  [0-9]+ skipped: mode [a-z-]+ not reachable: kmod/load refused' "$T/term"
done_testing
