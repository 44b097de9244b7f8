#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kmod/load: the --dry-run plan of every mode, usage errors, and the
# refusal on a kernel that cannot load modules.  Nothing here loads or
# unloads a module: the real-run case is only exercised where the kernel
# refuses modules anyway, and skipped elsewhere.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
load=$top/kmod/load
n=0
fail=0
tap() {	# 0|1 description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		fail=1
	fi
}
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

# has OUTPUT LINE...: every LINE appears as a whole line of OUTPUT.
has() {
	local out=$1 l
	shift
	for l in "$@"; do
		grep -qxF -- "$l" <<<"$out" || { echo "# missing: $l"; return 1; }
	done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mods=$tmp/mods

# 1. Unknown mode: exit 2, one line naming the valid modes.
err=$(bash "$load" bogus 2>&1 >/dev/null)
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
	[[ "$err" == *"unknown mode 'bogus' (valid: stock legacy mediated-vmcs mediated-autostore)"* ]]
tap $? "unknown mode: exit 2 ($rc), one line naming the valid modes"

# 2. Missing mode and unknown option are usage errors too.
bash "$load" >/dev/null 2>&1; r1=$?
bash "$load" --frobnicate legacy >/dev/null 2>&1; r2=$?
bash "$load" --vendor intel legacy >/dev/null 2>&1; r3=$?
[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ]
tap $? "no mode / unknown option / --vendor without --dry-run: exit 2 ($r1 $r2 $r3)"

# 3-6. The plan of each mode on an Intel host.
dry() { bash "$load" --dry-run --modules "$mods" "$@"; }
common=("unload  rmmod kvm_intel (if loaded)" "unload  rmmod kvm_amd (if loaded)"
	"unload  rmmod kvm (if loaded)")

out=$(dry --vendor intel stock); rc=$?
[ $rc -eq 0 ] && has "$out" "${common[@]}" "load    modprobe kvm_intel" &&
	! grep -q '^load    insmod' <<<"$out"
tap $? "stock --dry-run: unload, modprobe kvm_intel, no insmod"

out=$(dry --vendor intel legacy); rc=$?
[ $rc -eq 0 ] && has "$out" "${common[@]}" \
	"load    insmod $mods/kvm.ko enable_pmu=Y" \
	"load    insmod $mods/kvm-intel.ko enable_mediated_pmu=N" \
	"verify  /sys/module/kvm_intel/parameters/enable_mediated_pmu = N"
tap $? "legacy --dry-run: kvm-intel.ko enable_mediated_pmu=N, verified in sysfs"

out=$(dry --vendor intel mediated-vmcs); rc=$?
[ $rc -eq 0 ] && has "$out" "${common[@]}" \
	"load    insmod $mods/kvm-intel.ko enable_mediated_pmu=Y" \
	"verify  /sys/module/kvm_intel/parameters/enable_mediated_pmu = Y" &&
	! grep -q force_perf_global_ctrl_autostore <<<"$out"
tap $? "mediated-vmcs --dry-run: enable_mediated_pmu=Y, no autostore forcing"

out=$(dry mediated-autostore); rc=$?
[ $rc -eq 0 ] && has "$out" "${common[@]}" \
	"load    insmod $mods/kvm.ko enable_pmu=Y" \
	"load    insmod $mods/kvm-intel.ko enable_mediated_pmu=Y force_perf_global_ctrl_autostore=Y" \
	"verify  /sys/module/kvm_intel/parameters/enable_mediated_pmu = Y" \
	"verify  /sys/module/kvm_intel/parameters/force_perf_global_ctrl_autostore = Y" \
	"trap    INT TERM EXIT: on failure rmmod kvm_intel kvm, then modprobe kvm_intel (stock)"
tap $? "mediated-autostore --dry-run: both parameters, verified, stock restore on failure"

# 7. AMD plans use kvm-amd.ko.
out=$(dry --vendor amd mediated-vmcs); rc=$?
[ $rc -eq 0 ] && has "$out" "load    insmod $mods/kvm-amd.ko enable_mediated_pmu=Y"
tap $? "mediated-vmcs --dry-run --vendor amd: kvm-amd.ko enable_mediated_pmu=Y"

# 8. Unload comes before load, restore is planned before anything is changed.
out=$(dry --vendor intel legacy)
u=$(grep -n '^unload' <<<"$out" | tail -n1 | cut -d: -f1)
l=$(grep -n '^load' <<<"$out" | head -n1 | cut -d: -f1)
[ -n "$u" ] && [ -n "$l" ] && [ "$u" -lt "$l" ]
tap $? "plan order: every unload before the first load"

# 9. The dry run reports what a real run would find, and a missing build.
out=$(dry mediated-autostore)
grep -q "^# preflight built: $mods/kvm.ko is not built (run 'make kmod')$" <<<"$out" &&
	grep -q '^# a real run on this host would ' <<<"$out"
tap $? "dry run reports preflight results (modules not built in an empty dir)"

# 10. On a kernel that cannot take modules a real run refuses with the reason.
why=
[ -e /proc/modules ] || why="/proc/modules is missing"
grep -qw nomodule /proc/cmdline 2>/dev/null && why="${why:+$why; }'nomodule' is on the kernel command line"
if [ -n "$why" ]; then
	err=$(bash "$load" --modules "$mods" legacy 2>&1 >/dev/null)
	rc=$?
	echo "# $err"
	[ $rc -eq 1 ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
		[[ "$err" == *"refusing: this kernel cannot load modules: "* ]] &&
		[[ "$err" == *"$why"* || "$err" == *"${why%%;*}"* ]]
	tap $? "real run refuses: kernel cannot load modules, with the reason (exit $rc)"
else
	skip "real run refuses on a kernel without module support" \
		"this kernel can load modules; the test never reloads KVM"
fi

echo "1..$n"
exit $fail
