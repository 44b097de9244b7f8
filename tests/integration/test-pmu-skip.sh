#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The PMU collections (pmu-msr, accuracy, pmi, topdown, features) on this
# host: every row is in the result, each skipped row carries a reason,
# and where KVM offers no guest PMU every row is skipped with the probe's
# reason ("guest PMU version 0: ...") before any PMU instruction runs
# (a guest RDPMC would otherwise end the run). On a host with a PMU the
# rows run; then only the result shape is checked, no timing. With
# --mode nopmu every row is skipped before any guest runs.
# Also: `vpmu-bench native --collection topdown` speaks TAP and exits 0
# (measured) or 4 (nothing measurable here, every line says why), and
# writes its result file where --out says (tests/integration/test-native.sh
# checks that file).
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

require_kvm

"$VPMU_BENCH" run -c pmu-msr -c accuracy -c pmi -c topdown -c features --reps 3 \
	--timeout 20 --out "$t/out" --format json >"$t/run.json" 2>"$t/stderr"
check "run of the PMU collections exits 0" test $? -eq 0
"$VPMU_BENCH" probe --json >"$t/probe.json" 2>/dev/null
"$VPMU_BENCH" list >"$t/list.txt" 2>&1

py() { python3 - "$t/run.json" "$t/probe.json" "$t/list.txt" "$@"; }
check "every PMU row of 'list' is in the result" py <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
got = {(r["collection"], r["workload"]) for r in d["results"]}
coll, want = None, set()
for line in open(sys.argv[3]):
    m = re.match(r"^(\S+): ", line)
    if m:
        coll = m.group(1)
        continue
    m = re.match(r"^  (\S+)\s", line)
    if m and coll in ("pmu-msr", "accuracy", "pmi", "topdown", "features"):
        want.add((coll, m.group(1)))
missing = want - got
print("# rows listed:", len(want), "missing:", sorted(missing))
sys.exit(0 if want and not missing else 1)
PY
check "each collection has rows (pmu-msr 29, accuracy 6, pmi 2, topdown 4, features 4)" py <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
n = collections.Counter(r["collection"] for r in d["results"])
want = {"pmu-msr": 29, "accuracy": 6, "pmi": 2, "topdown": 4, "features": 4}
print("# rows:", dict(n))
sys.exit(0 if all(n[c] == k for c, k in want.items()) else 1)
PY
check "skipped and failed rows have a reason and no samples" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [r["workload"] for r in d["results"]
       if r["status"] != "ok" and (not r.get("reason") or r["samples"])]
sys.exit(1 if bad else 0)
PY
if python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["guest_pmu"]["version"] != 0)' \
	"$t/probe.json"; then
	check "no guest PMU: every row skipped with the probe's reason" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
why = json.load(open(sys.argv[2]))["guest_pmu"]["why"]
bad = [r["workload"] for r in d["results"]
       if r["status"] != "skipped" or r["reason"] != why or not why.startswith("guest PMU version 0")]
print("# reason:", why)
sys.exit(1 if bad else 0)
PY
else
	skip "no guest PMU: every row skipped with the probe's reason" "this host offers a guest PMU"
	check "ok rows have samples with named units" py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [r["workload"] for r in d["results"]
       if r["status"] == "ok" and (not r["samples"] or not r["unit"])]
sys.exit(1 if bad else 0)
PY
fi

# The run's arguments decide too, once per row before any guest runs:
# mode nopmu leaves no PMU row runnable. The host's own reason (no PMU,
# not Intel, too old a version) comes first; otherwise the mode is named.
"$VPMU_BENCH" run -c pmu-msr -c accuracy -c pmi -c topdown -c features --reps 1 \
	--mode nopmu --guest-gp-counters 0 --timeout 20 --out "$t/out" --format json \
	>"$t/nopmu.json" 2>/dev/null
check "run --mode nopmu --guest-gp-counters 0 exits 0" test $? -eq 0
check "mode nopmu: every PMU row skipped, the host's reason or the mode's" \
	python3 - "$t/nopmu.json" "$t/probe.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
why = json.load(open(sys.argv[2]))["guest_pmu"].get("why")
nopmu = "mode nopmu: the VM has no vPMU (KVM_PMU_CAP_DISABLE)"
host_first = ("Intel architectural PMU only", "guest PMU version")
def expected(reason):
    if why:
        return reason == why
    return reason == nopmu or reason.startswith(host_first)
bad = [r["workload"] for r in d["results"]
       if r["status"] != "skipped" or r["samples"] or not expected(r["reason"])]
print("# rows:", len(d["results"]), "not skipped with the expected reason:", bad)
sys.exit(1 if bad or len(d["results"]) != 45 else 0)
PY

"$VPMU_BENCH" native --collection topdown --reps 1 --out "$t/native" >"$t/native.txt" 2>/dev/null
rc=$?
check "native --collection topdown exits 0 or 4 (got $rc)" test $rc -eq 0 -o $rc -eq 4
check "native prints a plan and one line per shape" \
	test "$(grep -c '^1\.\.4$' "$t/native.txt")" -eq 1 -a \
	"$(grep -cE '^(not )?ok [1-4] topdown-' "$t/native.txt")" -eq 4
if [ $rc -eq 4 ]; then
	check "native: every skip says why" \
		test "$(grep -cE '^ok [1-4] topdown-[a-z]+ # SKIP .+' "$t/native.txt")" -eq 4
fi
"$VPMU_BENCH" native --collection exit --out "$t/native-exit" >/dev/null 2>&1
check "native: other collections are a usage error (2)" test $? -eq 2
done_testing
