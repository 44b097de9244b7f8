#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench report's options, parsed by the one option parser
# (bench/util/cli.c): a short or abbreviated option means what the long
# one means, bad usage is one line naming the input (and, for an unknown
# option, a pointer to --help), exit 2 and nothing written. And
# --synthetic writes result files the way `run` does, under workload
# names the tool has. Inputs: tests/data/synthetic-small (synthetic).
set -u
. "$(dirname "$0")/../lib.sh"
BIN=${VPMU_BENCH:-build/vpmu-bench}
SRC=tests/data/synthetic-small
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# baseline_is MODE ARGS...: the report names MODE as the baseline, and the
# first deltas, (a'), are against it
baseline_is() {
	local mode=$1
	shift
	"$BIN" report "$SRC" --no-plots --format human "$@" >"$T/stdout" 2>"$T/stderr" &&
		grep -q "Baseline mode: $mode\.$" "$T/stdout" &&
		[ "$(grep -m1 -o 'delta = median(mode) - median([a-z-]*)' "$T/stdout")" = \
		  "delta = median(mode) - median($mode)" ]
}
check "-b legacy: legacy is the baseline" baseline_is legacy -b legacy
check "--base legacy (a unique prefix): legacy is the baseline" baseline_is legacy --base legacy
check "--baseline=mediated-vmcs: mediated-vmcs is the baseline" \
	baseline_is mediated-vmcs --baseline=mediated-vmcs
check "no --baseline: nopmu is the baseline" baseline_is nopmu

# usage_fails PATTERN ARGS...: exit 2, one stderr line matching PATTERN, nothing on stdout, no $T/out
usage_fails() {
	local pat=$1 rc
	shift
	rm -rf "$T/out"
	"$BIN" report "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	if [ $rc -eq 2 ] && one_line "$T/stderr" && grep -Eq -- "$pat" "$T/stderr" &&
	   [ ! -s "$T/stdout" ] && [ ! -e "$T/out" ]; then
		return 0
	fi
	echo "# exit $rc, stderr:"
	sed 's/^/#   /' "$T/stderr"
	return 1
}
modes="nopmu, legacy, mediated-vmcs or mediated-autostore"
check "--baseline bogus: one line naming it and the labels there are, exit 2, nothing written" \
	usage_fails "^vpmu-bench report: error: --baseline bogus: not a mode or label of these results \(labels: legacy, mediated-autostore, mediated-vmcs, nopmu\)\$" \
	"$SRC" --baseline bogus --out "$T/out"
check "--baseline 'a b': one line naming modes, exit 2, nothing written" \
	usage_fails "^vpmu-bench report: error: --baseline a b: expected a mode \($modes\) or a run label\$" \
	"$SRC" --baseline 'a b' --out "$T/out"
check "-b '': one line, exit 2, nothing written" \
	usage_fails "error: --baseline : expected a mode" "$SRC" -b '' --out "$T/out"
check "an unknown option: one line with a pointer to --help, exit 2" \
	usage_fails "^vpmu-bench report: error: --bogus: unknown or ambiguous option \(see 'vpmu-bench report --help'\)\$" \
	"$SRC" --bogus --out "$T/out"
check "an unknown short option: one line with a pointer to --help, exit 2" \
	usage_fails "^vpmu-bench report: error: -x: unknown option \(see 'vpmu-bench report --help'\)\$" \
	"$SRC" -x --out "$T/out"
check "--baseline without its argument: one line, exit 2" \
	usage_fails "--baseline: missing its argument \(see 'vpmu-bench report --help'\)" \
	"$SRC" --out "$T/out" --baseline
check "--format xml: one line, exit 2" \
	usage_fails "--format: expected human, markdown, text, csv or json, got 'xml'" "$SRC" --format xml --out "$T/out"
check "--resamples 5: one line, exit 2" \
	usage_fails "--resamples: expected an integer in \[100, 1000000\], got '5'" \
	"$SRC" --resamples 5 --out "$T/out"
check "no input: one line, exit 2" usage_fails "no result file or directory given" --out "$T/out"
check "--synthetic without --out: one line, exit 2" usage_fails "--synthetic needs --out DIR" --synthetic 10

help_ok() {
	"$BIN" report --help >"$T/stdout" 2>"$T/stderr" && [ ! -s "$T/stderr" ] &&
		grep -q "^usage: vpmu-bench report" "$T/stdout" &&
		grep -q -- "--baseline MODE" "$T/stdout"
}
check "--help: usage on stdout, exit 0" help_ok

# --synthetic: the files `run` writes (summary_text, wall_s, summary on ok rows) ...
"$BIN" report --synthetic 400 --out "$T/syn" >/dev/null 2>"$T/syn.err"
check "--synthetic 400: four files, one line on stderr" \
	test "$(ls "$T/syn" | tr '\n' ' ')" = "synthetic-legacy.json synthetic-mediated-autostore.json synthetic-mediated-vmcs.json synthetic-nopmu.json "
shape_ok() {
	local f
	for f in "$T"/syn/*.json; do
		jq -e '.meta.synthetic == true and
			(.results | length > 0) and
			all(.results[]; has("summary_text") and has("wall_s") and has("ops_per_sample") and
			    (.summary_text | test("not a measurement")) and
			    (if .status == "ok" then (.summary | type) == "object"
			     else .summary == null and (.samples | length) == 0 end))' "$f" >/dev/null || return 1
	done
}
check "--synthetic: every row as run writes it, each saying it is not a measurement" shape_ok
check "--synthetic 400 reproduces tests/data/synthetic-small byte for byte" \
	diff -r "$SRC" "$T/syn"
# ... under names the tool has: every row of a collection `vpmu-bench list` knows is one of its rows
if "$BIN" list >"$T/list" 2>/dev/null; then
	awk '/^[a-z]/ { c = $1; sub(":", "", c) } /^  [a-z]/ { print c "/" $1 }' "$T/list" | sort -u >"$T/known"
	# overhead/e2e-X is vpmu-bench overhead's hyperfine timing of the listed row overhead/ovh-X
	jq -r '.results[] | .collection + "/" + .workload' "$T"/syn/*.json |
		sed 's|^overhead/e2e-|overhead/ovh-|' | sort -u >"$T/used"
	cut -d/ -f1 "$T/known" | sort -u >"$T/colls"
	grep -F -f <(sed 's|$|/|' "$T/colls") "$T/used" >"$T/used-known"
	names_ok() {
		comm -23 "$T/used-known" "$T/known" >"$T/unknown"
		sed 's/^/# not a workload of this tool: /' "$T/unknown"
		[ -s "$T/used-known" ] && [ ! -s "$T/unknown" ]
	}
	check "--synthetic: rows of exit, pmu-msr, accuracy and topdown carry the tool's workload names" names_ok
else
	skip "--synthetic: rows carry the tool's workload names" "vpmu-bench list failed here"
fi
done_testing
