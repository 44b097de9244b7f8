#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench trace on this host: bad input is one line, exit 2 and no
# file; a run writes exactly one result file that `report` reads; where
# the guest exits but kvm:kvm_exit never fires (nested kvm_pvm) the
# host-trace row says "unsupported host" with the exits the guest made,
# never 0 exits; where kvm_exit fires, that assertion is skipped with the
# reason and the per-reason rows are checked instead; the host's mounts
# are the same afterwards.
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ulimit -c 0

bad() {	# description, args...: exit 2, one line on stderr, nothing in $t/bad
	local d=$1; shift
	rm -rf "$t/bad"
	timeout 60 "$VPMU_BENCH" trace "$@" >"$t/out" 2>"$t/err"
	local rc=$?
	check "$d: exit 2 ($(head -c 160 "$t/err"))" test $rc -eq 2
	check "$d: one line on stderr" one_line "$t/err"
	check "$d: no file written" test ! -e "$t/bad"
}
bad "unknown workload" -w no-such-workload --out "$t/bad"
bad "unknown collection" -c no-such-collection --out "$t/bad"
bad "--cpu 99999" --cpu 99999 --out "$t/bad"
bad "--cpu not a number" --cpu x1 --out "$t/bad"
bad "--cpu 65000 (no such CPU here)" --cpu 65000 --out "$t/bad"
bad "--rounds 0" --rounds 0 --out "$t/bad"
bad "--mmap-pages not a power of 2" --mmap-pages 3 --out "$t/bad"
bad "stray operand" cpuid --out "$t/bad"
echo x >"$t/file"
bad "--out is a file" --out "$t/file"
check "--out file left as it was" test "$(cat "$t/file")" = x
bad "--out cannot be created" --out /proc/vpmu-bench-no/such
check "--out under /proc not made" test ! -e /proc/vpmu-bench-no

grep tracefs /proc/self/mounts | sort >"$t/mounts.before"
timeout 300 "$VPMU_BENCH" trace -w pio-user --reps 3 --rounds 2 --out "$t/res" \
	>"$t/stdout" 2>"$t/stderr"
rc=$?
check "trace -w pio-user exits 0 ($(tail -n1 "$t/stderr"))" test $rc -eq 0
check "exactly one result file, no temp file left" \
	test "$(ls -A "$t/res" | wc -l)" -eq 1 -a "$(ls "$t/res"/*.json | wc -l)" -eq 1
grep tracefs /proc/self/mounts | sort >"$t/mounts.after"
check "tracefs mounts unchanged" cmp -s "$t/mounts.before" "$t/mounts.after"
check "report reads the trace file" "$VPMU_BENCH" report "$t/res" -o "$t/rep"
f=$(ls "$t/res"/*.json 2>/dev/null | head -n1)

# What the file says about this host decides which assertion applies.
state=$(python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = [r for r in d["results"] if r["collection"] == "host-trace"]
m = d["meta"]["trace"]
if m.get("tracepoints_why"):
    print("notrace", m["tracepoints_why"]); sys.exit()
if len(rows) == 1 and rows[0]["workload"] == "pio-user" and rows[0]["status"] == "skipped" \
   and "info" not in rows[0]:
    print("norun", rows[0]["reason"]); sys.exit()
fired = any(r.get("info", {}).get("verdict") == "ok" or
            r.get("info", {}).get("trace", {}).get("exits", 0) > 0 for r in rows)
print("fired" if fired else "silent")
PY
)
case $state in
notrace*|norun*)
	skip "unsupported-host reason" "the workload did not run here: ${state#* }"
	check "the skip reason is in the file, for the cost too" python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["results"] if r["collection"] == "host-trace"][0]
assert r["status"] == "skipped" and r["reason"], r
c = [r for r in d["results"] if r["collection"] == "trace-cost"][0]
assert c["status"] == "skipped" and c["reason"] == r["reason"], c
PY
	;;
silent)
	check "kvm_exit silent: unsupported host with the guest's exit count, not 0 exits" \
		python3 - "$f" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
rows = [r for r in d["results"] if r["collection"] == "host-trace"]
assert len(rows) == 1, rows
r = rows[0]
assert r["status"] == "skipped" and r["samples"] == [] and r["summary"] is None, r
assert r["info"]["verdict"] == "unsupported", r["info"]
m = re.search(r"unsupported host: kvm:kvm_exit fired 0 times while the guest exited (\d+) times",
              r["reason"])
assert m and int(m.group(1)) > 0, r["reason"]
assert r["info"]["kvm_userspace_exit_events"] > 0   # pio-user exits to userspace every op
PY
	check "stdout says unsupported host" grep -q "unsupported host" "$t/stdout"
	;;
fired)
	skip "unsupported-host reason" "kvm_exit fires on this host"
	check "kvm_exit fires: one ok row per exit reason, IO among them" python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = [r for r in d["results"] if r["collection"] == "host-trace" and r["status"] == "ok"]
assert rows, d["results"]
for r in rows:
    st = r["info"]["reason"]
    assert r["unit"] == "ns" and len(r["samples"]) == st["count"] > 0
    assert sum(st["log2_ns_histogram"]) == st["count"]
    assert st["median_ns"] <= st["p99_ns"] <= st["max_ns"]
assert any("io" in r["workload"].lower() for r in rows), [r["workload"] for r in rows]
PY
	;;
esac
case $state in
silent|fired)
	check "tracing cost measured as per-round ratios" python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["results"] if r["collection"] == "trace-cost"][0]
assert r["status"] == "ok" and r["unit"] == "ratio" and len(r["samples"]) == 2, r
assert all(x > 0 for x in r["samples"])
assert len(r["info"]["medians"]) == 2
PY
	;;
esac
# tracefs not mounted: trace mounts it in a private namespace of its own,
# says so in the file, and the mounts it was started with are unchanged.
# Run in a mount namespace of the test's own where tracefs is unmounted.
if unshare -m --propagation private true 2>/dev/null; then
	unshare -m --propagation private bash -c '
		for m in $(awk "\$3 == \"tracefs\" { print \$2 }" /proc/self/mounts); do
			umount "$m" || exit 3
		done
		grep -c tracefs /proc/self/mounts >"$1/ns.before"
		"$2" trace -w cpuid --reps 3 --rounds 1 --no-perf-kvm --out "$1/ns" >/dev/null 2>&1
		echo $? >"$1/ns.rc"
		grep -c tracefs /proc/self/mounts >"$1/ns.after"' _ "$t" "$VPMU_BENCH"
	check "no tracefs mounted: trace exits 0" test "$(cat "$t/ns.rc" 2>/dev/null)" = 0
	check "no tracefs mounted: the namespace it ran in still has none" \
		test "$(cat "$t/ns.before" 2>/dev/null)" = 0 -a "$(cat "$t/ns.after" 2>/dev/null)" = 0
	check "no tracefs mounted: the file says it was mounted privately" python3 - "$t/ns" <<'PY'
import glob, json, sys
d = json.load(open(glob.glob(sys.argv[1] + "/*.json")[0]))
m = d["meta"]["trace"]
assert "private mount namespace" in m.get("tracefs_note", "") or m["tracepoints_why"], m
PY
else
	skip "tracefs mounted privately" "cannot make a mount namespace here (not root?)"
fi

# Ctrl-C: exit 130, no temp file, nothing of perf's left in TMPDIR, no
# vpmu-guest left running; a file, if any, is whole and marked interrupted.
mkdir -p "$t/tmp"
TMPDIR=$t/tmp setsid "$VPMU_BENCH" trace -w pio-user --reps 3 --rounds 3 --out "$t/int" \
	>/dev/null 2>"$t/int.err" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
check "SIGINT: exit 130 ($(tail -n1 "$t/int.err"))" test $rc -eq 130
check "SIGINT: no temp file left in --out" \
	test -z "$(ls -A "$t/int" 2>/dev/null | grep -v '\.json$')"
check "SIGINT: perf's temp directory removed" test -z "$(ls -A "$t/tmp")"
check "SIGINT: a file written is whole and marked interrupted" python3 - "$t/int" <<'PY'
import glob, json, sys
for f in glob.glob(sys.argv[1] + "/*.json"):
    assert json.load(open(f))["meta"]["interrupted"] is True
PY
# A run under perf kvm stat record is perf's child: trace kills and reaps
# perf, the guest then gets its death signal (setpriv --pdeathsig KILL)
# and may still be tearing its VM down for a moment when trace exits.
none_left() {
	! pgrep -f "$(dirname "$VPMU_BENCH")/vpmu-guest run --workload pio-user --reps [3] " >/dev/null
}
for _ in $(seq 50); do none_left && break; sleep 0.1; done
check "SIGINT: no vpmu-guest of this run left (within 5 s)" none_left
done_testing
