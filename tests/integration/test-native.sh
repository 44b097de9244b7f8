#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench native and its pairing in report table (d).
# 1. Table (d) and the topdown figure's data from a guest result file and
#    a native result file of one host (tests/data/native-pair: hand-made
#    test inputs, constant series, so every number is worked out by hand
#    in make-inputs.py's terms: error = guest - native, SLOTS g/n).
# 2. `native --collection all --out D` on a host whose perf has no
#    hardware events (this build machine): one file, every row skipped
#    with a reason naming perf, exit 4. On a host with hardware perf
#    events, the file's shape is checked instead (no values asserted).
# 3. Bad input: one line naming the input, exit 2, no file written.
set -u
. "$(dirname "$0")/../lib.sh"
jqe() { jq -e "$@" >/dev/null; }
root=$(cd "$(dirname "$0")/../.." && pwd)
pair=$root/tests/data/native-pair
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# ---- 1. table (d) from two files -------------------------------------------
"$VPMU_BENCH" report "$pair" --no-plots --format text >"$t/d.txt" 2>"$t/d.err"
check "report over the guest + native pair exits 0" test $? -eq 0
# The (d) block: from its title to the next section.
sed -n '/^(d) Topdown level 1/,/^(e) /p' "$t/d.txt" >"$t/table-d.txt"
want() { grep -Fxq -- "$1" "$t/table-d.txt"; }
check "(d) retiring FE: 10.0 guest, 8.0 native, +2 pp" want "  FE pp        10.0/8.0: +2.00 [+2.00, +2.00]"
check "(d) retiring BadSpec: +1 pp" want "  BadSpec pp   5.0/4.0: +1.00 [+1.00, +1.00]"
check "(d) retiring Retiring: -10 pp" want "  Retiring pp  60.0/70.0: -10.0 [-10.0, -10.0]"
check "(d) retiring BE: +7 pp" want "  BE pp        25.0/18.0: +7.00 [+7.00, +7.00]"
check "(d) retiring SLOTS 1.2e9/1.0e9" want "  SLOTS g/n    1.200 +- 0.000"
check "(d) backend FE 34.0/32.0: +2 pp" want "  FE pp        34.0/32.0: +2.00 [+2.00, +2.00]"
check "(d) backend BadSpec 4.6/5.2: -0.6 pp" want "  BadSpec pp   4.6/5.2: -0.60 [-0.60, -0.60]"
check "(d) backend Retiring 11.7/13.8: -2.1 pp" want "  Retiring pp  11.7/13.8: -2.10 [-2.10, -2.10]"
check "(d) backend BE 49.7/49.0: +0.7 pp" want "  BE pp        49.7/49.0: +0.70 [+0.70, +0.70]"
check "(d) backend SLOTS 1.21e9/1.0e9" want "  SLOTS g/n    1.210 +- 0.000"
check "(d) frontend: the native row was skipped, with its reason as footnote" \
	grep -Eq '^  FE pp +native skipped \[1\]$' "$t/table-d.txt"
check "(d) footnote 1 is the native row's perf_event_open reason" \
	grep -q '^\[1\] perf_event_open(type 4, config 0x400, this thread): No such file or' "$t/table-d.txt"
check "(d) badspec: the guest row was skipped (native ok does not hide it)" \
	grep -Eq '^  FE pp +skipped \[2\]$' "$t/table-d.txt"
check "(d) exactly the four guest rows, no native row of its own" \
	test "$(grep -c '^topdown-[a-z]* ' "$t/table-d.txt")" -eq 4 -a \
	"$(grep -c '^topdown-[a-z]* mediated-vmcs$' "$t/table-d.txt")" -eq 4
check "(d) names the native file it paired" grep -q 'native-pair/native.json' "$t/table-d.txt"
check "native is not a mode column" grep -q '^Modes: mediated-vmcs\. ' "$t/d.txt"
check "native accuracy rows alone do not make a table (c)" \
	grep -q '^(c) Counter accuracy: no data\.' "$t/d.txt"
tr '\n' ' ' <"$t/d.txt" >"$t/d.flat"
check "the measured line counts the native rows" \
	grep -q 'Native (vpmu-bench native): 3 of 5 rows ok\.' "$t/d.flat"

# The figure's data: the same differences (gnuplot need not be there).
VPMU_PLOTS_DIR=$root/plots "$VPMU_BENCH" report "$pair" --out "$t/fig" >/dev/null 2>&1
if [ -f "$t/fig/data/topdown.dat" ]; then
	check "figure data: retiring row, the table's differences" \
		grep -Fxq '"retiring mediated-vmcs" 2 2 2 1 1 1 -10 -10 -10 7 7 7' "$t/fig/data/topdown.dat"
	check "figure data: backend row, the table's differences" \
		grep -Fxq '"backend mediated-vmcs" 2 2 2 -0.6 -0.6 -0.6 -2.1 -2.1 -2.1 0.7 0.7 0.7' "$t/fig/data/topdown.dat"
	check "figure data: only the two shapes with both sides ok" \
		test "$(grep -vc '^#' "$t/fig/data/topdown.dat")" -eq 2
else
	skip "figure data" "report wrote no data/topdown.dat (no gnuplot here?)"
fi

# The guest file alone: every ok guest row says there is no native run.
mkdir "$t/guest-only" && cp "$pair/guest-mediated-vmcs.json" "$t/guest-only/"
"$VPMU_BENCH" report "$t/guest-only" --no-plots --format text >"$t/g.txt" 2>/dev/null
check "guest file alone: three ok rows without a native run" \
	test "$(grep -Ec '^  FE pp +no native run \[1\]$' "$t/g.txt")" -eq 3
# The native file alone: (d) has no guest side, says what produces one.
mkdir "$t/native-only" && cp "$pair/native.json" "$t/native-only/"
"$VPMU_BENCH" report "$t/native-only" --no-plots --format text >"$t/n.txt" 2>/dev/null
check "native file alone: (d) is 'no data' naming both commands" \
	grep -q '^(d) Topdown guest vs native: no data\. Produced by: vpmu-bench run$' "$t/n.txt"

# A native row without a series the guest row has: that cell says which.
mkdir "$t/noslots" && cp "$pair/guest-mediated-vmcs.json" "$t/noslots/"
jq 'del(.results[0].series.slots)' "$pair/native.json" >"$t/noslots/native.json"
"$VPMU_BENCH" report "$t/noslots" --no-plots --format text >"$t/s.txt" 2>/dev/null
check "native row without slots: 'no native slots', the metrics still compared" \
	grep -Eq '^  SLOTS g/n +no native slots$' "$t/s.txt"
check "native row without slots: FE still 10.0/8.0" \
	grep -Fxq "  FE pp        10.0/8.0: +2.00 [+2.00, +2.00]" "$t/s.txt"

# ---- 2. native on this host -------------------------------------------------
perf_why=$("$VPMU_BENCH" probe --json 2>/dev/null | jq -r '.host_pmu.perf_why // ""')
"$VPMU_BENCH" native --collection all --reps 2 --out "$t/nat" >"$t/nat.tap" 2>"$t/nat.err"
rc=$?
f=$(ls "$t/nat"/*-native-*.json 2>/dev/null)
check "native --collection all writes exactly one result file" test "$(echo "$f" | grep -c .)" -eq 1
check "native: the file has 4 topdown and 2 accuracy rows, meta.mode/label native" \
	jqe '[.results[] | .collection] == ["topdown","topdown","topdown","topdown","accuracy","accuracy"]
	       and .meta.mode == "native" and .meta.label == "native"
	       and (.meta.cpu_pinned | type) == "number"' "$f"
check "native: every skipped or failed row has a reason, every ok row samples" \
	jqe 'all(.results[]; (.status == "ok" and (.samples | length) == 2)
	                       or (.status != "ok" and (.reason | length) > 0 and .samples == []))' "$f"
reads() { "$VPMU_BENCH" report "$1" --no-plots --out "$t/nat-report" >/dev/null 2>&1; }
check "native: the strict reader takes the file" reads "$f"
check "native: TAP plan 1..6 and one line per row" \
	test "$(grep -c '^1\.\.6$' "$t/nat.tap")" -eq 1 -a \
	"$(grep -cE '^(not )?ok [1-6] (topdown-[a-z]+|perf-(insns|branches))( |$)' "$t/nat.tap")" -eq 6
check "native: progress on stderr, the file named" grep -q 'results written to ' "$t/nat.err"
if [ -n "$perf_why" ]; then
	echo "# host perf: $perf_why"
	check "no hardware perf events: exit 4 (got $rc)" test $rc -eq 4
	check "no hardware perf events: every row skipped, each reason naming perf" \
		jqe 'all(.results[]; .status == "skipped" and (.reason | test("perf")))' "$f"
	check "no hardware perf events: every TAP line a SKIP with the reason" \
		test "$(grep -cE '^ok [1-6] [a-z-]+ # SKIP .*perf' "$t/nat.tap")" -eq 6
else
	check "hardware perf events: exit 0 or 4 (got $rc)" test $rc -eq 0 -o $rc -eq 4
	skip "all-skipped native file" "this host's perf has hardware events"
fi

# ---- 3. bad input -----------------------------------------------------------
# bad NAME REGEX ARGS...: exit 2, one stderr line matching REGEX, no --out dir
bad() {
	local name=$1 re=$2
	shift 2
	"$VPMU_BENCH" native "$@" >"$t/bad.out" 2>"$t/bad.err"
	local rc=$?
	check "$name: exit 2 (got $rc), one line naming the input" \
		test $rc -eq 2 -a "$(wc -l <"$t/bad.err")" -eq 1
	check "$name: the line says '$re'" grep -Eq -- "$re" "$t/bad.err"
}
ncpu=$(getconf _NPROCESSORS_CONF)
bad "bad --collection" "--collection exit: no native runner \(expected topdown, accuracy or all\)" \
	--collection exit --out "$t/b1"
check "bad --collection: nothing written" test ! -e "$t/b1"
bad "--cpu not a number" "--cpu: expected an integer" --collection all --cpu x --out "$t/b2"
bad "--cpu past the last CPU" "--cpu $ncpu: no such CPU available" \
	--collection all --cpu "$ncpu" --out "$t/b3"
check "bad --cpu: nothing written" test ! -e "$t/b2" -a ! -e "$t/b3"
echo x >"$t/afile"
bad "--out a file" "--out $t/afile: exists and is not a directory" --collection all --out "$t/afile"
bad "--out unwritable" "--out /sys/kernel: cannot write a file there" --collection all --out /sys/kernel
bad "no --collection" "--collection is required" --out "$t/b4"
check "no --collection: nothing written" test ! -e "$t/b4"
"$VPMU_BENCH" native --help >"$t/help" 2>&1
check "--help exits 0" test $? -eq 0
help_has() { grep -q -- "$1" "$t/help"; }
for w in '--collection NAME  topdown, accuracy or all' '--cpu N' '--out DIR' '--reps R' \
	'meta.mode "native"' '4 (kselftest skip)' '2 on bad usage'; do
	check "--help says: $w" help_has "$w"
done
done_testing
