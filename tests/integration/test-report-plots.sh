#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every plots/*.gp figure is drawn by `vpmu-bench report` from the
# synthetic result set; each PNG exists, is non-empty and is 960x540 (read
# from its IHDR chunk), each SVG exists. Without gnuplot: one line saying
# so, tables still written. A figure script that fails (or draws nothing)
# fails the report: one line naming the figure and gnuplot's last line,
# exit 1, nothing left in OUTDIR.
set -u
BIN=${VPMU_BENCH:-build/vpmu-bench}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 fail=0

ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fail=1; fi; }

# width and height from the IHDR chunk: bytes 16..23 of a PNG
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $1*2^24+$2*2^16+$3*2^8+$4, $5*2^24+$6*2^16+$7*2^8+$8 }'; }

if ! command -v gnuplot >/dev/null; then
	echo "1..0 # SKIP gnuplot not installed (bench/deps.sh installs gnuplot-nox)"
	exit 4
fi
VPMU_PLOTS_DIR=plots "$BIN" report tests/data/synthetic-small --out "$T/out" >/dev/null 2>"$T/err"
ok $? "report with figures exits 0"
for f in exit-cost host-exit-cdf pmu-msr topdown overhead cpuid-strip; do
	p=$T/out/$f.png
	if [ -s "$p" ] && [ "$(head -c 8 "$p" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	   [ "$(png_size "$p")" = 960x540 ]; then
		ok 0 "$f.png exists, is a PNG, 960x540"
	else
		ok 1 "$f.png exists, is a PNG, 960x540 (got $( [ -e "$p" ] && png_size "$p" || echo none))"
	fi
	[ -s "$T/out/$f.svg" ] && grep -q '<svg' "$T/out/$f.svg"
	ok $? "$f.svg exists and is SVG"
	grep -q "($f.png)" "$T/out/report.md"
	ok $? "report.md embeds $f.png"
done
grep -q "Synthetic CPU (test data, not a measurement), kernel 0.0.0-synthetic, 2026-01-01" "$T/out/data/exit-cost.dat" "$T/out/exit-cost.svg"
ok $? "figure title carries host model, kernel and date"

VPMU_PLOTS_DIR=plots "$BIN" report tests/data/real-exit-emulated --out "$T/real" >/dev/null 2>&1
grep -q "guest code emulated" "$T/real/exit-cost.svg"
ok $? "real run: figure title says guest code emulated"
[ "$(png_size "$T/real/cpuid-strip.png")" = 960x540 ]
ok $? "real run: CPUID strip plot drawn"

VPMU_GNUPLOT=/nonexistent/gnuplot "$BIN" report tests/data/synthetic-small --out "$T/nogp" >/dev/null 2>"$T/err2"
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c gnuplot "$T/err2")" -eq 1 ] && [ -s "$T/nogp/summary.txt" ] && ! ls "$T/nogp"/*.png >/dev/null 2>&1
ok $? "without gnuplot: one line says so, tables still written"

# A figure whose script fails: the report fails with one line naming the
# figure and gnuplot's last line, and leaves nothing behind: no OUTDIR if
# it made it, no file in one that was there.
cp -r plots "$T/broken"
echo 'plot no_such_function(x)' >>"$T/broken/pmu-msr.gp"
"$BIN" report tests/data/synthetic-small --plots-dir "$T/broken" --out "$T/fail/new" >/dev/null 2>"$T/err3"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$T/err3")" -eq 1 ] &&
	grep -q "^vpmu-bench report: error: figure pmu-msr (.*/broken/pmu-msr.gp, host 1): gnuplot exited with status 1: .*undefined function: no_such_function" "$T/err3"
ok $? "a failing figure script: exit 1, one line naming the figure and gnuplot's last line"
[ ! -e "$T/fail" ]
ok $? "a failing figure script: no output directory left"
mkdir "$T/kept" && echo keep >"$T/kept/a.json"
"$BIN" report tests/data/synthetic-small --plots-dir "$T/broken" --out "$T/kept" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] && [ "$(ls -A "$T/kept")" = a.json ]
ok $? "a failing figure script: an existing OUTDIR keeps what it had and gets nothing"
cp plots/pmu-msr.gp "$T/broken/pmu-msr.gp"
printf 'exit\n' >"$T/broken/topdown.gp"
"$BIN" report tests/data/synthetic-small --plots-dir "$T/broken" --out "$T/quiet" >/dev/null 2>"$T/err4"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$T/err4")" -eq 1 ] && grep -q "figure topdown .*wrote no topdown.png" "$T/err4" &&
	[ ! -e "$T/quiet" ]
ok $? "a figure script that exits 0 without drawing: exit 1, one line, nothing left"
echo "1..$n"
exit $fail
