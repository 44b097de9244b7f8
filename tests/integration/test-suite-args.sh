#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench suite's bad input: one line on stderr naming the input and
# what was expected, exit status 2, nothing on stdout and nothing written
# (no suite directory created, an existing index untouched). --help is
# the truth about the defaults.
set -u
. "$(dirname "$0")/../lib.sh"
BIN=${VPMU_BENCH:-build/vpmu-bench}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# usage_fails PATTERN ARGS...: exit 2, one stderr line matching PATTERN,
# empty stdout, $T/new not created
usage_fails() {
	local pat=$1 rc
	shift
	"$BIN" suite "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	[ $rc -eq 2 ] && one_line "$T/stderr" && grep -Eq -- "$pat" "$T/stderr" &&
		[ ! -s "$T/stdout" ] && [ ! -e "$T/new" ] && return 0
	echo "# rc=$rc stderr: $(head -c 300 "$T/stderr")"
	return 1
}
check "unknown mode" \
	usage_fails "--modes nopmu,bogus: unknown 'bogus' \(expected .*mediated-autostore" \
	--modes nopmu,bogus --out "$T/new"
check "a mode twice" usage_fails "'nopmu' given twice" --modes nopmu,nopmu --out "$T/new"
check "every mode, then one again" usage_fails "'legacy' given twice" \
	--modes nopmu,legacy,mediated-vmcs,mediated-autostore,legacy --out "$T/new"
check "empty mode list" usage_fails "--modes ',': expected a comma-separated list" \
	--modes , --out "$T/new"
check "unknown collection" usage_fails "--collections bogus: unknown 'bogus' \(expected .*exit" \
	--collections bogus --out "$T/new"
check "--reps 0" usage_fails "--reps: expected an integer in \[1, 1000\], got '0'" \
	--reps 0 --out "$T/new"
check "--cpu 99999" usage_fails "--cpu: expected an integer in \[0, 1023\], got '99999'" \
	--cpu 99999 --out "$T/new"
check "--cpu of a CPU this process cannot use" usage_fails "--cpu 1000: no such CPU available" \
	--cpu 1000 --out "$T/new"
check "--cell-timeout 0" usage_fails "--cell-timeout: expected an integer in \[1, 86400\]" \
	--cell-timeout 0 --out "$T/new"
check "--samples x" usage_fails "--samples: expected an integer" --samples x --out "$T/new"
check "missing --out" usage_fails "--out DIR: missing" --quick
touch "$T/file"
check "--out names a file" usage_fails "--out $T/file: not a directory" --out "$T/file"
check "an operand" usage_fails "'extra': unexpected argument" --out "$T/new" extra
check "unknown option" usage_fails "--bogus: unknown or ambiguous option" --bogus --out "$T/new"
check "--resume of a directory without an index" \
	usage_fails "--resume $T: no suite index \($T/index.json: No such file" --resume "$T"
check "--resume with other options" usage_fails "--resume DIR takes no other option" \
	--resume "$T" --reps 2

# A corrupt index, and one that is JSON but not an index: refused, unchanged.
mkdir -p "$T/bad1" "$T/bad2" "$T/bad3"
printf '{"schema": "vpmu-bench/suite-index/1", "cells": [' >"$T/bad1/index.json"
echo '{"schema": "vpmu-bench/result/1", "meta": {}}' >"$T/bad2/index.json"
# A cell whose argv is not its kind's command: never executed.
jq -n '{schema: "vpmu-bench/suite-index/1",
	options: {quick: true, modes: ["nopmu"], collections: ["exit"], reps: 1, samples: 1,
		 cell_timeout_s: 600},
	cells: [{id: "001-native", kind: "native", dir: "cells/001-native",
		 argv: ["report", "/"], state: "pending", results: []}]}' >"$T/bad3/index.json"
# A cell whose directory is cells/ itself (an empty ID): never emptied.
mkdir -p "$T/bad4/cells/keep" && touch "$T/bad4/cells/keep/file"
jq '.cells[0].id = "" | .cells[0].dir = "cells/" | .cells[0].argv = ["native"]' \
	"$T/bad3/index.json" >"$T/bad4/index.json"
for b in bad1 bad2 bad3 bad4; do cp "$T/$b/index.json" "$T/$b.orig"; done
check "corrupt index (truncated JSON)" \
	usage_fails "--resume $T/bad1: .*not a suite index \(.*line 1\)" --resume "$T/bad1"
check "another JSON document as the index" \
	usage_fails "not a suite index of this version \(schema: expected" --resume "$T/bad2"
check "an index naming another command in a cell" \
	usage_fails "cells\[0\]\.argv: expected the command line of its kind" --resume "$T/bad3"
check "an index with an empty cell ID" \
	usage_fails "cells\[0\]\.id, dir: expected \"cells/ID\" with a plain ID" --resume "$T/bad4"
check "the refused indexes are unchanged, nothing added or removed" \
	bash -c 'for b in bad1 bad2 bad3; do cmp -s "$1/$b/index.json" "$1/$b.orig" &&
		 [ "$(ls -A "$1/$b")" = index.json ] || exit 1; done &&
		 cmp -s "$1/bad4/index.json" "$1/bad4.orig" && [ -e "$1/bad4/cells/keep/file" ]' \
	_ "$T"

# An --out that already holds a suite: refused, pointing at --resume.
mkdir -p "$T/done"
cp "$T/bad3/index.json" "$T/done/index.json"
check "--out of an existing suite" usage_fails "--out $T/done: already holds a suite .*--resume" \
	--out "$T/done"

# --cpu reaches the cells that pin (run, native, trace), not overhead.
VPMU_KMOD_LOAD=$PWD/tests/data/suite/fake-kmod-load FAKE_KMOD_LOG=$T/calls \
	FAKE_KMOD_REFUSE=legacy "$BIN" suite --cpu 0 --modes nopmu,legacy --collections exit \
	--reps 1 --out "$T/cpu" >/dev/null 2>&1
check "--cpu 0: in run, native and trace cells' command lines, stored in the options" \
	bash -c 'jq -e ".options.cpu == 0 and all(.cells[]; (.kind == \"overhead\") !=
		 (.command_line | test(\" --cpu 0 --out \")))" "$1" >/dev/null' \
	_ "$T/cpu/index.json"
check "--help: exit 0, the defaults it states" \
	bash -c '"$1" suite --help >"$2/help" && grep -q "default 3)" "$2/help" &&
		 grep -q "default 100)" "$2/help" && grep -q -- "--resume DIR" "$2/help"' \
	_ "$BIN" "$T"
check "'suite' is in the command table" bash -c '"$1" --help | grep -q "^  suite "' _ "$BIN"
done_testing
