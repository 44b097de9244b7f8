#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 8 item 4: whatever --reps is, `vpmu-bench report` reads the file
# `vpmu-bench run` wrote. The harness runs max(reps, 11) calibration
# batches beside reps samples; they are the row's calibration_batches,
# never a member of "series" (every series has one value per sample).
# For each N: the run writes one result file; if its row is ok, report
# accepts it and the row has that shape. A run whose row is not ok (no
# usable KVM, a guest that does not run here) skips those checks with
# the row's own reason. tests/unit/result_calibration_reps.c covers the
# same without a VM.
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

for n in 1 2 3 10 11 12 1000; do
	d="$t/run-$n"
	"$VPMU_BENCH" run --workload rdtsc --reps "$n" --timeout 60 --out "$d" \
		>"$t/stdout-$n" 2>"$t/stderr-$n"
	check "reps $n: run writes exactly one result file" \
		test "$(ls -A "$d" 2>/dev/null | wc -l)" -eq 1 -a "$(ls "$d"/*.json 2>/dev/null | wc -l)" -eq 1
	f=$(ls "$d"/*.json 2>/dev/null | head -n1)
	# "ok", or the reason the row is not ok (one line), from the result file.
	why=$(python3 - "$f" <<'PY' 2>&1
import json, sys
try:
    r = json.load(open(sys.argv[1]))["results"][0]
except Exception as e:
    print("no readable result file: %s" % e)
    sys.exit(0)
print("ok" if r["status"] == "ok" else
      "rdtsc row %s: %s" % (r["status"], " ".join(str(r["reason"]).split())))
PY
)
	if [ "$why" != "ok" ]; then
		skip "reps $n: report accepts the run's file" "$why"
		skip "reps $n: $n samples and per-sample series, max($n, 11) calibration_batches" "$why"
		continue
	fi
	"$VPMU_BENCH" report "$d" --no-plots --out "$t/report-$n" >/dev/null 2>"$t/report-err-$n"
	rc=$?
	check "reps $n: report accepts the run's file" test $rc -eq 0
	[ $rc -eq 0 ] || sed 's/^/# report: /' "$t/report-err-$n"
	check "reps $n: $n samples and per-sample series, max($n, 11) calibration_batches" \
		python3 - "$f" "$n" <<'PY'
import json, sys
n = int(sys.argv[2])
r = json.load(open(sys.argv[1]))["results"][0]
assert len(r["samples"]) == n, len(r["samples"])
assert "calibration" not in r["series"], sorted(r["series"])
for name, s in r["series"].items():
    assert len(s["values"]) == n, (name, len(s["values"]))
cb = r["calibration_batches"]
assert cb["unit"] == "tsc_cycles", cb["unit"]
assert len(cb["values"]) == max(n, 11), len(cb["values"])
assert all(isinstance(v, (int, float)) for v in cb["values"])
PY
done
done_testing
