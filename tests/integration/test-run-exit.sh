#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the exit collection on this host's KVM with a small budget and
# checks invariants that hold on any host: sample counts, positive finite
# values, every required field and unit, the probed mode in the meta,
# userspace exits measured as exits, and clean errors for bad input.
# No timing relationship is asserted (this host may emulate the guest).
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

require_kvm

"$VPMU_BENCH" run --collection exit --reps 3 --timeout 5 --out "$t/out" --format json \
	>"$t/stdout.json" 2>"$t/stderr"
rc=$?
check "run --collection exit exits 0" test $rc -eq 0
check "exactly one result file, no temp file left" \
	test "$(ls -A "$t/out" | wc -l)" -eq 1 -a "$(ls "$t/out"/*.json | wc -l)" -eq 1
f=$(ls "$t/out"/*.json 2>/dev/null | head -n1)
"$VPMU_BENCH" probe --json >"$t/probe.json" 2>/dev/null

py() { python3 - "$f" "$t/probe.json" "$t/stdout.json" "$@"; }
check "result file is the document printed with --format json" \
	py <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[3]))
sys.exit(0 if a == b else 1)
PY
check "meta has every required field" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "vpmu-bench/result/1"
m = d["meta"]
for k in ("tool_version", "git_commit", "command_line", "started_at", "hostname", "mode",
          "guest_execution", "tsc_hz", "cpu_pinned", "host", "kvm", "probe"):
    assert k in m, k
for k in ("cpu_vendor", "cpu_family", "cpu_model", "cpu_stepping", "cpu_codename",
          "microcode", "kernel_release"):
    assert k in m["host"], k
for k in ("api_version", "enable_pmu", "enable_mediated_pmu"):
    assert k in m["kvm"], k
assert m["guest_execution"] in ("emulated", "hardware", "unknown")
assert m["tsc_hz"] is None or m["tsc_hz"] > 0
g = m["guest_pmu"]
assert (g["version"] is None and g["why"]) or \
       (g["version"] >= 1 and "gp_counters" in g and "perf_capabilities" in g), g
PY
check "meta names the probed mode" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
cur = p.get("current_mode") or p["modes"]["current"] if isinstance(p.get("modes"), dict) else p.get("current_mode")
assert d["meta"]["mode"] == cur, (d["meta"]["mode"], cur)
PY
check "every exit workload has a row, skipped/failed rows say why" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = [r["workload"] for r in d["results"]]
assert names == ["rdtsc", "cpuid", "vmcall", "pio-kernel", "pio-user", "mmio-user",
                 "rdmsr", "wrmsr", "wrmsr-user"], names
for r in d["results"]:
    assert r["status"] in ("ok", "skipped", "failed")
    if r["status"] != "ok":
        assert r["reason"], r
        assert r["samples"] == [] and r["summary"] is None
PY
check "ok rows: 3 samples of 16 operations, positive and finite, units named" py <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
ok = [r for r in d["results"] if r["status"] == "ok"]
assert ok
for r in ok:
    assert r["unit"] == "tsc_cycles" and r["ops_per_sample"] == 16, r["workload"]
    assert len(r["samples"]) == 3, r["workload"]
    assert all(isinstance(v, (int, float)) and math.isfinite(v) and v > 0 for v in r["samples"]), r
    for name, s in r["series"].items():
        assert s["unit"] in ("tsc_cycles", "exits"), name
        assert len(s["values"]) == 3, (r["workload"], name)
        assert all(math.isfinite(v) and v >= 0 for v in s["values"]), (r["workload"], name)
    assert all(v > 0 for v in r["series"]["raw_batch"]["values"])
    assert len(r["calibration_batches"]["values"]) == 11, r["workload"]
    sm = r["summary"]
    assert sm["n"] == 3 and sm["min"] <= sm["median"] <= sm["max"]
    assert sm["ci95_lo"] <= sm["median"] <= sm["ci95_hi"]
PY
check "userspace exits are measured as one exit per operation" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
user = [r for r in d["results"] if r["workload"] in ("pio-user", "mmio-user", "wrmsr-user")
        and r["status"] == "ok"]
assert user
for r in user:
    assert all(v >= 1 for v in r["series"]["exits_per_op"]["values"]), r["workload"]
PY
check "a failed row names its cause (timeout, signal or guest error)" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    if r["status"] == "failed":
        assert any(w in r["reason"] for w in ("timed out", "signal", "guest", "unexpected",
                                               "exited", "assertion")), r["reason"]
PY
check "where KVM runs guests, every exit row but the hypercall is ok (no workaround of any kind)" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [(r["workload"], r["status"], r["reason"]) for r in d["results"]
       if r["workload"] != "vmcall" and r["status"] != "ok"]
assert not bad, bad
PY
check "the hypercall row is ok, or skipped by its measured requirement probe" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["results"] if r["workload"] == "vmcall"][0]
assert r["status"] == "ok" or (r["status"] == "skipped" and
                               r["reason"].startswith("requirement probe: ")), r
PY
check "meta and probe carry the guest paging KVM accepts" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
g = d["meta"]["guest_paging"]
assert g == p["kvm"]["guest_paging"], (g, p["kvm"]["guest_paging"])
assert g["decision"] in ("as-advertised", "clamped-4-level"), g
assert g["levels"] in (4, 5) and g["why"].startswith("%d-level" % g["levels"]), g
if g["decision"] == "clamped-4-level":
    assert g["set_sregs_4level"] == "ok" and g["set_sregs_5level"] != "ok", g
PY

# A row that fails makes the run exit 1, and -i keeps it 0; the file has it.
# A million userspace exits cannot finish in 1 s on any host.
for i in "" -i; do
	"$VPMU_BENCH" run --workload pio-user --reps 1000000 --timeout 1 $i \
		--out "$t/fail$i" >/dev/null 2>"$t/fail$i.err"
	rc=$?
	want=1; [ -n "$i" ] && want=0
	check "a failed row: run ${i:+$i }exits $want" test $rc -eq $want
	check "a failed row: ${i:+($i) }the file records it as failed, timed out" python3 -c '
import glob, json, sys
f = glob.glob(sys.argv[1] + "/*.json"); assert len(f) == 1, f
r = json.load(open(f[0]))["results"][0]
assert r["status"] == "failed" and r["reason"].startswith("timed out after 1 s"), r' "$t/fail$i"
done
check "a failed row: stderr says how many failed and how to ignore it" \
	grep -q "1 row failed (exit 1; --ignore-failures to exit 0)" "$t/fail.err"

# The human table shows every row.
"$VPMU_BENCH" run --workload rdtsc --workload pio-user --reps 3 --out "$t/h" >"$t/table" 2>/dev/null
check "human table lists each selected workload" \
	grep -q '^exit/rdtsc ' "$t/table" && grep -q '^exit/pio-user ' "$t/table"

# Found through $PATH from another directory: the guest image must still load.
(cd "$t" && PATH="$(dirname "$VPMU_BENCH"):$PATH" vpmu-bench run --workload rdtsc --reps 2 \
	--out "$t/path" --format json >"$t/path.json" 2>/dev/null)
check "run works when found through \$PATH" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"][0]["status"] == "ok", d["results"][0]' "$t/path.json"

# Bad input: one line, exit 2, nothing written.
bad() {	# description, args...
	local d=$1; shift
	"$VPMU_BENCH" run --out "$t/bad" "$@" >/dev/null 2>"$t/err"
	local rc=$?
	check "$d: exit 2" test $rc -eq 2
	check "$d: one-line error" one_line "$t/err"
	check "$d: no result file" test ! -e "$t/bad"
}
bad "unknown workload" --workload nosuch
bad "--cpu 999" --workload rdtsc --cpu 999
bad "--reps 0" --workload rdtsc --reps 0
bad "--reps abc" --workload rdtsc --reps abc
bad "unknown collection" --collection nosuch
bad "unknown option" --frobnicate
bad "--out under a missing parent" --workload rdtsc --out /nonexistent/dir

# Ctrl-C: the run stops, the rows done so far are written, marked interrupted.
# A run far longer than the test (a million samples), interrupted after 3 s.
"$VPMU_BENCH" run --workload rdtsc --workload cpuid --reps 1000000 --timeout 600 \
	--out "$t/int" >/dev/null 2>&1 &
pid=$!
sleep 3
kill -INT $pid
wait $pid
rc=$?
check "SIGINT: exit 130" test $rc -eq 130
check "SIGINT: a whole result file, marked interrupted, no temp file" python3 - "$t/int" <<'PY'
import glob, json, os, sys
files = os.listdir(sys.argv[1])
assert len(files) == 1 and files[0].endswith(".json"), files
d = json.load(open(os.path.join(sys.argv[1], files[0])))
assert d["meta"]["interrupted"] is True
r = d["results"][0]
assert r["workload"] == "rdtsc" and r["status"] == "failed" and "interrupted" in r["reason"], r
PY
check "SIGINT: no child process left behind" sh -c "! pgrep -P $pid"
done_testing
