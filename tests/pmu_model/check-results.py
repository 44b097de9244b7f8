#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# TEST DOUBLE support: checks one result file produced under the software
# PMU model (build/tests/vpmu-guest-model) against what the model was
# told, exactly, and prints one TAP-style line per PMU row:
#   accuracy  every sample (measured - expected) is 0
#   pmi       every skid_instructions sample equals the configured skid
#   topdown   each level-1 series equals the scenario's PERF_METRICS byte
#             * 100 / 255, and slots the scenario's SLOTS
#   features  the row passes where the version has the feature
#   pmu-msr   one exit per operation (exits_per_op median 1)
# Skipped rows must carry a reason. A check that fails prints the fault
# variant the model ran with, so a faulty variant's lines name it.
# The issue-10 part-4 defects it caught (PMI skid one low, status rows
# with no GP counter) are failures like any other.
#
#   check-results.py --scenario S --fault F --skid N --rows OUT RESULT.json
# OUT gets one line per row: "ok|fail|skip collection/workload".
import argparse
import json
import sys

# Scenario facts the checks need (tests/pmu_model/scenario.c).
METRICS = 0x6f302040
SLOTS = 4000000
SCENARIOS = {
    "v2-8gp-3fixed": dict(v=2, gp=8, metrics=False),
    "v4-8gp-4fixed-metrics": dict(v=4, gp=8, metrics=True),
    "v5-4fixed-metrics": dict(v=5, gp=8, metrics=True),
    "v5-sparse-fixed": dict(v=5, gp=8, metrics=True),
    "v2-spr-stock-kvm": dict(v=2, gp=8, metrics=True),
    "v4-1gp": dict(v=4, gp=1, metrics=False),
    "v4-0gp": dict(v=4, gp=0, metrics=False),
}
TD_NAMES = ["retiring", "bad_speculation", "frontend_bound", "backend_bound"]
PMU = ("accuracy", "pmi", "topdown", "features", "pmu-msr")


def values(row, name):
    s = (row.get("series") or {}).get(name) or {}
    return s.get("values") or []


def check_row(r, a, sc, lab):
    """(verdict, text): verdict ok, fail or skip."""
    coll, st = r["collection"], r["status"]
    reason = r.get("reason") or ""
    if st == "skipped":
        if not reason:
            return "fail", "skipped without a reason"
        return "skip", "skips: " + reason
    # vpmu-guest-model labels its answers; `run` keeps the label in the
    # meta (bench/run.c take_test_double) and fails a row with another.
    want = {"name": "software PMU model", "scenario": a.scenario, "faults": a.fault}
    if any(lab.get(k) != v for k, v in want.items()):
        return "fail", "not labelled as the model's run: meta.test_double %s" % json.dumps(lab)
    if st != "ok":
        return "fail", "failed: " + reason
    if coll == "accuracy":
        s = r.get("samples") or []
        bad = [x for x in s if x != 0]
        if not s or bad:
            return "fail", "errors %s, expected all 0" % s
        return "ok", "count exact (error 0 in %d samples)" % len(s)
    if coll == "pmi":
        sk = values(r, "skid_instructions")
        if sk and all(x == a.skid for x in sk):
            return "ok", "skid %d as configured" % a.skid
        return "fail", "skid %s, configured %d" % (sk, a.skid)
    if coll == "topdown":
        want = [((METRICS >> (8 * i)) & 0xff) * 100.0 / 255 for i in range(4)]
        for i, n in enumerate(TD_NAMES):
            got = values(r, n)
            if not got or any(abs(x - want[i]) > 1e-9 for x in got):
                return "fail", "%s %s, PERF_METRICS set gives %.6f" % (n, got, want[i])
        sl = values(r, "slots")
        if not sl or any(x != SLOTS for x in sl):
            return "fail", "slots %s, the model added %d" % (sl, SLOTS)
        return "ok", "fractions equal the PERF_METRICS set"
    if coll == "features":
        return "ok", "passes"
    ex = values(r, "exits_per_op")
    ex = sorted(ex)
    med = ex[len(ex) // 2] if ex else None
    if med != 1:
        return "fail", "exits_per_op %s, expected 1 per operation" % ex
    return "ok", "one exit per operation"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--fault", default="none")
    ap.add_argument("--skid", type=int, default=0)
    ap.add_argument("--rows")
    ap.add_argument("result")
    a = ap.parse_args()
    if a.scenario not in SCENARIOS:
        print("check-results: --scenario %s: unknown" % a.scenario, file=sys.stderr)
        return 2
    try:
        doc = json.load(open(a.result))
    except (OSError, ValueError) as e:
        print("check-results: %s: %s" % (a.result, e), file=sys.stderr)
        return 2
    sc = SCENARIOS[a.scenario]
    out = []
    n = fails = 0
    for r in doc.get("results", []):
        if r.get("collection") not in PMU:
            continue
        v, text = check_row(r, a, sc, (doc.get("meta") or {}).get("test_double") or {})
        name = "%s/%s" % (r["collection"], r["workload"])
        n += 1
        where = "%s (fault %s, skid %d): %s" % (a.scenario, a.fault, a.skid, name)
        if v == "ok":
            print("ok %s %s" % (where, text))
        elif v == "skip":
            print("ok %s # SKIP %s" % (where, text))
        else:
            fails += 1
            print("not ok %s %s [model fault: %s]" % (where, text, a.fault))
        out.append("%s %s" % (v, name))
    if a.rows:
        with open(a.rows, "w") as f:
            f.write("".join(x + "\n" for x in out))
    print("# %d rows, %d failed" % (n, fails))
    return 1 if fails or not n else 0


if __name__ == "__main__":
    sys.exit(main())
