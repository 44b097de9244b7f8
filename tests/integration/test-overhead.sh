#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench overhead on this host, short (--quick --runs 2 --warmup 0):
# one result file per mode with the rows e2e-none and e2e-pmi-1000. Where
# /dev/kvm is usable and hyperfine installed, nopmu's rate 0 is measured:
# 2 runs in seconds, exactly hyperfine's. Otherwise, and for every rate
# that needs a guest PMU the host lacks, the row is skipped with the exact
# reason `vpmu-bench list` gives for its guest row. Without hyperfine in
# PATH: one line saying so, the reason in the file. Bad options: one
# line, exit 2, nothing written. `report` renders table (e) from it.
#
# Where KVM emulates every guest instruction (nested kvm_pvm: no PMU, so
# nopmu is the only mode and only rate 0 runs), `overhead` sizes its runs
# to 2 work blocks (at most ~0.6 s of guest work per run): the whole test
# then takes some 20 s there, a few seconds without /dev/kvm. Its duration is
# reported, never asserted: performance claims live in `make bench`.
set -u
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

start=$SECONDS
"$VPMU_BENCH" overhead --quick --runs 2 --warmup 0 --out "$t/d" >"$t/out" 2>"$t/err"
rc=$?
check "overhead --quick exits 0 (rc $rc)" test $rc -eq 0
"$VPMU_BENCH" list >"$t/list" 2>&1
kvm=n
[ -r /dev/kvm ] && [ -w /dev/kvm ] && kvm=y
hf=n
command -v hyperfine >/dev/null && hf=y
echo "# /dev/kvm usable: $kvm, hyperfine: $hf"

py() { python3 - "$t/d" "$t/list" "$kvm" "$hf" "$@"; }
check "one nopmu result file, schema vpmu-bench/result/1, rows e2e-none and e2e-pmi-1000" py <<'PY'
import glob, json, sys
fs = glob.glob(sys.argv[1] + "/*-nopmu-overhead-*.json")
assert len(fs) == 1, fs
d = json.load(open(fs[0]))
assert d["schema"] == "vpmu-bench/result/1"
assert d["meta"]["mode"] == "nopmu" and d["meta"]["label"] == "nopmu"
names = [r["workload"] for r in d["results"]]
assert names == ["e2e-none", "e2e-pmi-1000"], names
assert all(r["collection"] == "overhead" for r in d["results"])
PY

# The reason `list` gives for a guest row: its "not here:" line.
check "each row measured (2 runs, s, hyperfine's numbers) or skipped with list's reason" \
	py <<'PY'
import glob, json, re, sys
why, cur = {}, None
for line in open(sys.argv[2]):
    m = re.match(r"^  (\S+)\s", line)
    if m:
        cur = m.group(1)
    m = re.match(r"^\s+not here: (.*)$", line)
    if m and cur:
        why[cur] = m.group(1)
for f in glob.glob(sys.argv[1] + "/*.json"):
    d = json.load(open(f))
    meta = d["meta"]["overhead"]
    assert meta["hyperfine"]["found"] == (sys.argv[4] == "y"), meta
    for r in d["results"]:
        guest = r["info"]["guest_workload"]
        assert r["info"]["rate_hz"] == (0 if r["workload"] == "e2e-none" else 1000)
        if r["status"] == "ok":
            hf = r["info"]["hyperfine"]
            assert r["unit"] == "s" and len(r["samples"]) == 2 and hf["runs"] == 2, r
            assert hf["warmup"] == 0
            assert abs(sum(r["samples"]) / 2 - hf["mean_s"]) < 1e-9, r
            assert min(r["samples"]) == hf["min_s"] and max(r["samples"]) == hf["max_s"]
            assert r["summary"]["n"] == 2
            continue
        assert r["status"] == "skipped" and r["samples"] == [] and r["reason"], r
        if guest in why:
            # the host's reason comes first in every mode: list's, exactly
            assert r["reason"] == why[guest], (r["reason"], why[guest])
        elif d["meta"]["mode"] == "nopmu" and r["info"]["rate_hz"] > 0:
            assert r["reason"].startswith("mode nopmu: "), r["reason"]
        else:
            # runnable per list: only hyperfine's absence may skip it
            assert "hyperfine not found" in r["reason"], r["reason"]
PY
if [ "$kvm" = y ] && [ "$hf" = y ]; then
	check "nopmu rate 0 measured here" py <<'PY'
import glob, json, sys
d = json.load(open(glob.glob(sys.argv[1] + "/*-nopmu-overhead-*.json")[0]))
assert d["results"][0]["status"] == "ok", d["results"][0]
PY
else
	skip "nopmu rate 0 measured here" "needs /dev/kvm ($kvm) and hyperfine ($hf)"
fi
check "progress and the written files on stderr" grep -q "written to $t/d/" "$t/err"
check "stdout: one table per mode naming the rows" grep -q "^  e2e-none " "$t/out"

# hyperfine missing: PATH without it (the binaries are called by path)
mkdir -p "$t/empty"
PATH="$t/empty" "$VPMU_BENCH" overhead --quick --runs 2 --warmup 0 --mode nopmu \
	--out "$t/nohf" >/dev/null 2>"$t/nohf.err"
check "without hyperfine: exit 0" test $? -eq 0
check "without hyperfine: one line says so" \
	grep -qx "vpmu-bench overhead: warning: hyperfine not found in PATH (Debian package $(
	)hyperfine; 'make deps' installs it): every row is recorded as skipped" "$t/nohf.err"
check "without hyperfine: the file says so too" py "$t/nohf" <<'PY'
import glob, json, sys
d = json.load(open(glob.glob(sys.argv[5] + "/*.json")[0]))
h = d["meta"]["overhead"]["hyperfine"]
assert h["found"] is False and h["why"].startswith("hyperfine not found in PATH"), h
assert all(r["status"] == "skipped" for r in d["results"])
PY

# a mode KVM is not in: every row skipped with that reason, in its own file
"$VPMU_BENCH" overhead --quick --runs 2 --warmup 0 --mode mediated-vmcs --out "$t/vmcs" \
	>/dev/null 2>&1
check "an unreachable mode: exit 0, every row skipped with the mode's reason" py "$t/vmcs" <<'PY'
import glob, json, sys
fs = glob.glob(sys.argv[5] + "/*-mediated-vmcs-overhead-*.json")
assert len(fs) == 1, fs
d = json.load(open(fs[0]))
for r in d["results"]:
    assert r["status"] == "skipped" and r["reason"].startswith("mode mediated-vmcs"), r
PY

bad() {
	local want=$1; shift
	"$VPMU_BENCH" overhead "$@" --out "$t/bad" >/dev/null 2>"$t/bad.err"
	local rc=$?
	[ $rc -eq 2 ] && one_line "$t/bad.err" && grep -q -- "$want" "$t/bad.err" && [ ! -e "$t/bad" ]
}
check "--rates 50: one line, exit 2, nothing written" \
	bad "'50' is not one of 0, 100, 1000, 10000" --rates 50
check "--rates '': one line, exit 2" bad "--rates" --rates ""
check "--kinds pebs: one line, exit 2" bad "'pebs' is not one of pmi, rdpmc" --kinds pebs
check "--runs 0: one line, exit 2" bad "--runs" --runs 0
check "--warmup x: one line, exit 2" bad "--warmup" --warmup x
check "--mode bogus: one line, exit 2" bad "--mode bogus" --mode bogus
check "an operand: one line, exit 2" bad "extra: unexpected argument" extra
: >"$t/file"
"$VPMU_BENCH" overhead --quick --out "$t/file" >/dev/null 2>"$t/file.err"
rc=$?
check "--out naming a file: one line, exit 2, before any run (rc $rc)" \
	eval '[ $rc -eq 2 ] && one_line "$t/file.err" &&
	      grep -q "exists and is not a directory" "$t/file.err"'

"$VPMU_BENCH" report "$t/d" --format text >"$t/report" 2>"$t/report.err"
check "report over the result: exit 0" test $? -eq 0
check "report: table (e) section present" grep -q "(e) End-to-end overhead" "$t/report"
echo "# the whole test took $((SECONDS - start)) s"
done_testing
