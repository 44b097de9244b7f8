#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Writes the two test inputs of this directory: HAND-MADE, NOT A
# MEASUREMENT. A guest topdown run (mode mediated-vmcs) and a native run
# (meta.mode "native", as `vpmu-bench native` writes it) of one made-up
# host, in the result schema (bench/result-schema.md). Every series is
# constant, so each bootstrap CI collapses to one value and the numbers
# of report table (d) can be worked out by hand:
#   error = guest - native (pct_points), SLOTS ratio = guest / native.
# Run from this directory: python3 make-inputs.py
import json

HOST = {"cpu_vendor": "GenuineIntel",
        "cpu_model_name": "Test input CPU (hand-made, not a measurement)",
        "kernel_release": "0.0.0-test", "hypervisor": False}
METRICS = ("frontend_bound", "bad_speculation", "retiring", "backend_bound")
DOMINANT = {"retiring": "retiring", "backend": "backend_bound",
            "frontend": "frontend_bound", "badspec": "bad_speculation"}
N = 5


def meta(mode):
    return {"tool": "vpmu-bench", "tool_version": "0.1.0", "git_commit": "test-input",
            "command_line": "tests/data/native-pair/make-inputs.py (hand-made test input)",
            "started_at": "2026-12-01T00:00:00Z", "hostname": "testhost",
            "mode": mode, "label": mode, "guest_execution": "hardware",
            "tsc_hz": 2.0e9, "cpu_pinned": 2, "host": HOST,
            "kvm": {}, "test_input": True}


def ok_row(shape, fe, bs, ret, be, slots):
    vals = dict(zip(METRICS, (fe, bs, ret, be)))
    series = {m: {"unit": "pct_points", "values": [vals[m]] * N} for m in METRICS}
    series["slots"] = {"unit": "slots", "values": [slots] * N}
    dom = vals[DOMINANT[shape]]
    return {"collection": "topdown", "workload": "topdown-" + shape,
            "summary_text": "hand-made test input, not a measurement",
            "status": "ok", "reason": None, "unit": "pct_points",
            "ops_per_sample": None, "calibration": None,
            "samples": [dom] * N, "series": series,
            "summary": {"n": N, "median": dom}, "wall_s": 1.0}


def skipped_row(coll, wl, why):
    return {"collection": coll, "workload": wl,
            "summary_text": "hand-made test input, not a measurement",
            "status": "skipped", "reason": why, "unit": None, "ops_per_sample": None,
            "calibration": None, "samples": [], "series": {}, "summary": None,
            "wall_s": 0.0}


guest = [
    ok_row("retiring", 10.0, 5.0, 60.0, 25.0, 1.2e9),
    ok_row("backend", 34.0, 4.6, 11.7, 49.7, 1.21e9),
    ok_row("frontend", 40.0, 10.0, 20.0, 30.0, 3.0e8),
    skipped_row("topdown", "topdown-badspec",
                "test input: guest row skipped"),
]
native = [
    ok_row("retiring", 8.0, 4.0, 70.0, 18.0, 1.0e9),
    ok_row("backend", 32.0, 5.2, 13.8, 49.0, 1.0e9),
    skipped_row("topdown", "topdown-frontend",
                "perf_event_open(type 4, config 0x400, this thread): "
                "No such file or directory (errno 2)"),
    ok_row("badspec", 5.0, 30.0, 40.0, 25.0, 2.0e9),
    skipped_row("accuracy", "perf-insns",
                "perf_event_open(type 0, config 0x1, this thread): "
                "No such file or directory (errno 2)"),
]
for name, mode, rows in (("guest-mediated-vmcs.json", "mediated-vmcs", guest),
                         ("native.json", "native", native)):
    with open(name, "w") as f:
        json.dump({"schema": "vpmu-bench/result/1", "meta": meta(mode), "results": rows},
                  f, indent=1)
        f.write("\n")
