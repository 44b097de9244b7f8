#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Golden tests of the figures' inputs: each bar figure's data file
# (data/NAME.dat) against tests/data/golden, its settings file
# (data/NAME.dat.vars: one colour and point per mode, the same in every
# figure; the emulation note; the footer) and the scripts' settings that
# make the exit-cost figure readable (log y axis, ns axis, failed/skipped
# markers, N per bar). Regenerate the golden data after an intended
# change with VPMU_GOLDEN_UPDATE=1 and review the diff.
set -u
. "$(dirname "$0")/../lib.sh"
BIN=$VPMU_BENCH
G=tests/data/golden
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! command -v gnuplot >/dev/null; then
	echo "1..0 # SKIP gnuplot not installed (bench/deps.sh installs gnuplot-nox)"
	exit 4
fi
VPMU_PLOTS_DIR=plots "$BIN" report tests/data/synthetic-small --out "$T/syn" >/dev/null 2>&1
VPMU_PLOTS_DIR=plots "$BIN" report tests/data/real-exit-emulated --out "$T/real" >/dev/null 2>&1
for f in exit-cost pmu-msr; do
	[ -n "${VPMU_GOLDEN_UPDATE:-}" ] && cp "$T/syn/data/$f.dat" "$G/synthetic-small-$f.dat"
	check "$f: data file matches $G/synthetic-small-$f.dat" \
		cmp -s "$G/synthetic-small-$f.dat" "$T/syn/data/$f.dat"
done
[ -n "${VPMU_GOLDEN_UPDATE:-}" ] && cp "$T/real/data/exit-cost.dat" "$G/real-exit-emulated-exit-cost.dat"
check "exit-cost of the real run: data file matches the golden one" \
	cmp -s "$G/real-exit-emulated-exit-cost.dat" "$T/real/data/exit-cost.dat"

dark2='#1b9e77 #d95f02 #7570b3 #e7298a'
check "exit-cost: one colour per mode (nopmu, legacy, vmcs, autostore)" \
	grep -qx "mode_colors = \"$dark2\"" "$T/syn/data/exit-cost.dat.vars"
check "pmu-msr (no nopmu cell): each mode keeps its colour" \
	grep -qx 'mode_colors = "#d95f02 #7570b3 #e7298a"' "$T/syn/data/pmu-msr.dat.vars"
check "cpuid-strip: the same colours as the bars" \
	grep -qx "mode_colors = \"$dark2\"" "$T/syn/data/cpuid-strip.dat.vars"
check "one point type per mode" \
	grep -qx 'mode_points = "7 5 9 11"' "$T/syn/data/exit-cost.dat.vars"
check "emulated run: the note drawn inside the plot area says so" \
	grep -q '^note = "GUEST CODE EMULATED' "$T/real/data/exit-cost.dat.vars"
check "synthetic data: the note says it is not a measurement" \
	grep -q '^note = "SYNTHETIC DATA' "$T/syn/data/exit-cost.dat.vars"
check "footer: tool version and commit of the run" \
	grep -q '^footer = "vpmu-bench 0.1.0, commit ' "$T/real/data/exit-cost.dat.vars"
check "TSC rate for the ns axis" grep -qx 'tsc_ghz = 2.59614' "$T/real/data/exit-cost.dat.vars"
check "failed slot of the real run is marked failed, not empty" \
	grep -q '? ? ? 0 "failed" "vmcall"' "$T/real/data/exit-cost.dat"
for f in exit-cost pmu-msr; do
	check "$f.gp: log y axis" grep -qx 'set logscale y' plots/$f.gp
	check "$f.gp: ns axis from the TSC rate" grep -q 'y2range \[ymin / tsc_ghz' plots/$f.gp
	check "$f.gp: colours by mode" grep -q 'lc rgb mcolor(i)' plots/$f.gp
	check "$f.gp: N per bar and failed/skipped markers" \
		grep -q 'N=%d' plots/$f.gp
done
check "pmu-msr.gp: intercepted and passthrough drawn apart" \
	grep -q 'fs pattern 4' plots/pmu-msr.gp
for f in cpuid-strip overhead host-exit-cdf; do
	check "$f.gp: colours by mode" grep -q 'lc rgb mcolor(i)' plots/$f.gp
done
check "common.gp: note inside the plot area, footer at the bottom" \
	grep -q 'label 90 note at graph' plots/common.gp

done_testing
