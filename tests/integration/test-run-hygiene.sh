#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 12 item 5: host hygiene in every result's meta. A real
# `vpmu-bench run --collection exit --reps 2` (rows ok, or skipped with
# their reason where KVM cannot run them: the meta is written either way)
# has every meta.hygiene key, each known with its value or null with its
# reason; --cpu names the measured CPU and its window facts; the strict
# reader of `vpmu-bench report` takes the file. Against the recorded
# dirty-host tree (tests/data/hygiene/, a test double fed through the
# VPMU_SYSFS_ROOT/VPMU_PROC_ROOT hook) the run warns on stderr, one line
# per fact with its fix, and meta.hygiene carries the same warnings.
# `vpmu-bench probe` shows the hygiene section.
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
KEYS="cpu_governor turbo nmi_watchdog perf_event_paranoid other_vms smt_sibling_busy cpu_interrupts"

# every key: an object whose value is known (with text) or null with a why
keys_ok() {
	python3 - "$1" "$KEYS" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["meta"]
h = m.get("hygiene")
bad = []
if not isinstance(h, dict):
    bad.append("no meta.hygiene")
else:
    for k in ["measured_cpu", "window_s", "warnings"]:
        if k not in h:
            bad.append("no " + k)
    for k in sys.argv[2].split():
        f = h.get(k)
        if not isinstance(f, dict) or "value" not in f:
            bad.append(k + ": missing")
        elif f["value"] is None and not f.get("why"):
            bad.append(k + ": null without why")
        elif f["value"] is not None and not f.get("text"):
            bad.append(k + ": value without text")
        elif ("warning" in f) != ("fix" in f):
            bad.append(k + ": warning without fix")
    if h.get("window_s") is None:
        bad.append("window_s null: run took no end snapshot")
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
PY
}

"$VPMU_BENCH" run --collection exit --reps 2 --out "$t/d" >"$t/out" 2>"$t/err"
f=$(ls "$t"/d/*.json 2>/dev/null | head -n1)
check "run --collection exit --reps 2 writes a result file" test -s "$f"
check "meta.hygiene has every key, each known or null with its reason" keys_ok "$f"
check "not pinned: measured_cpu null, smt_sibling_busy null with the reason --cpu" \
	python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["meta"]["hygiene"]; sys.exit(not (h["measured_cpu"] is None and h["smt_sibling_busy"]["value"] is None and "--cpu" in h["smt_sibling_busy"]["why"]))' "$f"
report_ok() { "$VPMU_BENCH" report "$1" --out "$t/rep" >/dev/null 2>"$t/rep.err"; }
check "report's strict reader takes the file" report_ok "$f"

"$VPMU_BENCH" run --collection exit --reps 2 --cpu 0 --out "$t/p" >"$t/out" 2>"$t/err"
f=$(ls "$t"/p/*.json 2>/dev/null | head -n1)
check "--cpu 0: meta.hygiene has every key" keys_ok "$f"
check "--cpu 0: measured_cpu 0, interrupts counted over the run window" \
	python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["meta"]["hygiene"]; c=h["cpu_interrupts"]; sys.exit(not (h["measured_cpu"] == 0 and h["window_s"] > 0 and (c["value"] is None and c["why"] or c["value"] >= 0)))' "$f"

# the recorded dirty host: the settings that skew numbers, warned about
# (its pids 411, 500 and 501 all hold a VM fd; none is this run's process)
VPMU_SYSFS_ROOT=tests/data/hygiene/dirty-host/sys VPMU_PROC_ROOT=tests/data/hygiene/dirty-host/proc \
	"$VPMU_BENCH" run --collection exit --reps 2 --cpu 0 --out "$t/w" >"$t/out" 2>"$t/err"
f=$(ls "$t"/w/*.json 2>/dev/null | head -n1)
warned() { test "$(grep -c "^vpmu-bench run: warning: .*$1.*; fix: " "$t/err")" -eq "$2"; }
for what in "governor of cpu0 is ondemand" "turbo/boost is on" \
	    "other VM processes running: 3 (pids "; do
	check "dirty host: one warning line with its fix: $what" warned "$what" 1
done
check "dirty host: meta.hygiene carries each warning and its fix" \
	python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["meta"]["hygiene"]; sys.exit(not all("warning" in h[k] and "fix" in h[k] for k in ["cpu_governor","turbo","other_vms"]))' "$f"
# nmi_watchdog=1 holds a counter only where the probe found a PMU
nmi=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["meta"]["hygiene"]["nmi_watchdog"]["text"])' "$f" 2>/dev/null)
case $nmi in
*"this host has no PMU"*)
	check "dirty host, no PMU here: NMI watchdog 1 recorded, not warned ($nmi)" \
		warned "NMI watchdog is on" 0 ;;
*)
	check "dirty host: one warning line with its fix: NMI watchdog is on" \
		warned "NMI watchdog is on" 1 ;;
esac
check "dirty host: as many warning lines as meta.hygiene.warnings" \
	python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["meta"]["hygiene"]; sys.exit(h["warnings"] != int(sys.argv[2]))' "$f" "$(grep -c '^vpmu-bench run: warning: .*; fix: ' "$t/err")"

"$VPMU_BENCH" probe >"$t/probe" 2>&1
check "probe shows the hygiene section" grep -q "^Host hygiene" "$t/probe"
check "probe: perf_event_paranoid line with the value this host has" \
	grep -q "^  perf_event_paranoid: *$(cat /proc/sys/kernel/perf_event_paranoid)" "$t/probe"
"$VPMU_BENCH" probe --json >"$t/probe.json" 2>/dev/null
check "probe --json: hygiene object with every key" \
	python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hygiene"]; sys.exit(not all(k in h for k in sys.argv[2].split()))' "$t/probe.json" "$KEYS"
done_testing
