#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The bad-input table: every subcommand and option given what it must
# refuse. Each case must end with exactly one line on stderr that names
# the input, a non-zero exit (2 for usage, 1 for bad files), no partial
# file where it was told to write, no core, and no hang (each case has a
# deadline).
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
ulimit -c 0

long=$(printf 'd%.0s' $(seq 1 5000))
mkdir empty nojson && echo hi >nojson/readme.txt
mkfifo fifo.json
printf '{"schema": "vpmu-bench/result/1", "meta": {' >trunc.json
# A backslash-newline: jansson quotes the newline in its error text.
printf '{"schema": "vpmu-bench/result/1", "m \\\n' >bslash.json
src=$(cd "$(dirname "$VPMU_BENCH")/../tests/data/real-exit-emulated" 2>/dev/null && pwd)
[ -n "$src" ] || src=$(cd "$(dirname "$0")/../data/real-exit-emulated" && pwd)
real=$(ls "$src"/*.json | head -n1)
sed 's#"vpmu-bench/result/1"#"vpmu-bench/result/2"#' "$real" >schema2.json
sed 's#"vpmu-bench/result/1"#"vpmu-bench/result/1/../../x"#' "$real" >schemadots.json
python3 - "$real" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["results"][0]
r["samples"][0] = 1e308; r["samples"][1] = -1e308
json.dump(d, open("huge.json", "w"))
d = json.load(open(sys.argv[1]))
d["results"][0]["samples"][0] = "x"
json.dump(d, open("nan.json", "w"))
d = json.load(open(sys.argv[1]))
d["meta"]["hostname"] = "\x1b[31mred| a | b |"
json.dump(d, open("ctrl.json", "w"))
PY
: >notwritable && chmod 0444 notwritable

n_cases=0
# case EXPECTED_RC "what" OUTDIR_OR_- CMD...
case_() {
	local want=$1 what=$2 out=$3 rc lines
	shift 3
	n_cases=$((n_cases + 1))
	[ "$out" = - ] || rm -rf "$out"
	timeout -k 2 20 "$@" >stdout.txt 2>stderr.txt
	rc=$?
	lines=$(grep -c . stderr.txt)
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		check "$what: finishes (it hung)" false
		return
	fi
	if [ "$want" = any ]; then
		check "$what: non-zero exit (got $rc)" test $rc -ne 0 -a $rc -lt 128
	else
		check "$what: exit $want (got $rc)" test $rc -eq "$want"
	fi
	check "$what: one line on stderr (got $lines: $(head -c 300 stderr.txt | tr '\n' '|'))" \
		test "$lines" -eq 1
	if [ "$out" != - ]; then
		check "$what: nothing written to $out" \
			sh -c "[ ! -e '$out' ] || [ -z \"\$(ls -A '$out' 2>/dev/null)\" ]"
	fi
	check "$what: no core" sh -c '! ls core* 2>/dev/null | grep -q .'
}

B=$VPMU_BENCH
# vpmu-bench itself
case_ 2 "no command" - "$B"
case_ 2 "unknown command" - "$B" frobnicate
# run
case_ 2 "run --reps 0" o "$B" run -w rdtsc --reps 0 --out o
case_ 2 "run --reps -1" o "$B" run -w rdtsc --reps -1 --out o
case_ 2 "run --reps 1e3" o "$B" run -w rdtsc --reps 1e3 --out o
case_ 2 "run --reps 99999999999999999999" o "$B" run -w rdtsc --reps 99999999999999999999 --out o
case_ 2 "run --reps abc" o "$B" run -w rdtsc --reps abc --out o
case_ 2 "run --reps ' 5'" o "$B" run -w rdtsc --reps ' 5' --out o
case_ 2 "run --cpu 999" o "$B" run -w rdtsc --cpu 999 --out o
case_ 2 "run --cpu -1" o "$B" run -w rdtsc --cpu -1 --out o
case_ 2 "run --timeout 0" o "$B" run -w rdtsc --timeout 0 --out o
case_ 2 "run --timeout x" o "$B" run -w rdtsc --timeout x --out o
case_ 2 "run --guest-gp-counters 33" o "$B" run -w rdtsc --guest-gp-counters 33 --out o
case_ 2 "run --guest-gp-counters -1" o "$B" run -w rdtsc --guest-gp-counters -1 --out o
case_ 2 "run --mode bogus" o "$B" run -w rdtsc --mode bogus --out o
case_ 2 "run --format xml" o "$B" run -w rdtsc --format xml --out o
case_ 2 "run --collection nosuch" o "$B" run --collection nosuch --out o
case_ 2 "run --workload nosuch" o "$B" run --workload nosuch --out o
case_ 2 "run --out /proc" - "$B" run -w rdtsc --out /proc
case_ 2 "run --out (5000 characters)" - "$B" run -w rdtsc --out "$long"
case_ 2 "run --out under a missing parent" - "$B" run -w rdtsc --out /nonexistent/x
case_ 2 "run --out names a file" - "$B" run -w rdtsc --out notwritable
case_ 2 "run --out ''" - "$B" run -w rdtsc --out ''
case_ 2 "run unknown option" o "$B" run --frobnicate --out o
case_ 2 "run -c without its argument" - "$B" run -c
case_ 2 "run stray operand" o "$B" run rdtsc --out o
# probe, list
case_ 2 "probe unknown option" - "$B" probe --bogus
case_ 2 "probe stray operand" - "$B" probe extra
case_ 2 "list unknown option" - "$B" list --bogus
case_ 2 "list stray operand" - "$B" list extra
# report
case_ any "report on a missing path" r "$B" report /nonexistent --out r
case_ any "report on an empty directory" r "$B" report empty --out r
case_ any "report on a directory without result files" r "$B" report nojson --out r
case_ any "report on truncated JSON" r "$B" report trunc.json --out r
case_ any "report on JSON broken by a backslash-newline" r "$B" report bslash.json --out r
case_ any "report on schema vpmu-bench/result/2" r "$B" report schema2.json --out r
case_ any "report on schema .../result/1/../../x" r "$B" report schemadots.json --out r
case_ any "report on a sample of 1e308" r "$B" report huge.json --out r
case_ any "report on a non-number sample" r "$B" report nan.json --out r
case_ any "report on a FIFO" r "$B" report fifo.json --out r
case_ 2 "report --baseline bogus" r "$B" report "$real" --baseline bogus --out r
case_ 2 "report --format xml" r "$B" report "$real" --format xml --out r
case_ 2 "report --resamples 0" r "$B" report "$real" --resamples 0 --out r
case_ 2 "report --resamples abc" r "$B" report "$real" --resamples abc --out r
case_ any "report --out in /proc" - "$B" report "$real" --out /proc/r
case_ 2 "report unknown option" r "$B" report "$real" --frobnicate --out r
case_ 2 "report without input" r "$B" report --out r
# native
case_ 2 "native --collection exit" - "$B" native --collection exit
case_ 2 "native without --collection" - "$B" native
case_ 2 "native --reps 0" - "$B" native --collection topdown --reps 0
case_ 2 "native unknown option" - "$B" native --bogus
case_ 2 "native --collection bogus" natb "$B" native --collection bogus --out natb
case_ 2 "native --cpu 99999" natc "$B" native --collection all --cpu 99999 --out natc
case_ 2 "native --out a file" - "$B" native --collection all --out notwritable
# suite
mkdir -p suitetrunc && printf '{"schema": "vpmu-bench/suite-index/1", "cells": [' \
	>suitetrunc/index.json
case_ 2 "suite --reps 0" o "$B" suite --reps 0 --out o
case_ 2 "suite unknown mode" o "$B" suite --modes nopmu,bogus --out o
case_ 2 "suite unknown collection" o "$B" suite --collections bogus --out o
case_ 2 "suite without --out" - "$B" suite --quick
case_ 2 "suite --resume without an index" - "$B" suite --resume empty
case_ 2 "suite --resume of a truncated index" - "$B" suite --resume suitetrunc
# A file-size limit (a tiny disk): the writer fails cleanly, with no temp
# file and no half file, instead of dying by SIGXFSZ.
if [ -e /dev/kvm ]; then
	bash -c "ulimit -f 4; exec '$B' run -w rdtsc -w cpuid --reps 300 --out fsz" >/dev/null 2>fsz.err
	rc=$?
	check "run under ulimit -f 4: exit 1 (got $rc), not killed by SIGXFSZ" test $rc -eq 1
	check "... says the write failed" grep -q "write failed: File too large" fsz.err
	check "... no file left in the output directory" test -z "$(ls -A fsz 2>/dev/null)"
fi
bash -c "ulimit -f 8; exec '$B' report '$real' --out fszr" >/dev/null 2>fszr.err
rc=$?
check "report under ulimit -f 8: exit 1 (got $rc), one line" test $rc -eq 1 -a "$(grep -c . fszr.err)" -eq 1
check "... no output directory left" test ! -e fszr
# data/ belongs to the report: a stale file there does not survive a new one.
"$B" report "$real" --out stale --no-plots >/dev/null 2>&1
touch stale/data/stale.dat
"$B" report "$real" --out stale --no-plots >/dev/null 2>&1
check "a new report removes a stale file from OUTDIR/data" test ! -e stale/data/stale.dat

# a report of hostile text is written, but no control character reaches it
"$B" report ctrl.json --out ctrl >ctrl.out 2>&1
check "report of a hostname with an escape and table bars: written (exit $?)" test -s ctrl/report.md
check "... no control character in report.md, summary.txt or stdout" \
	sh -c "! grep -qP '\\x1b' ctrl/report.md ctrl/summary.txt ctrl.out"
echo "# $n_cases bad inputs"
check "at least 40 bad inputs covered ($n_cases)" test "$n_cases" -ge 40
done_testing
