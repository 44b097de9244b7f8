#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kmod/ compile test: the series applies to the pinned tree, the three KVM
# modules compile after every patch in order, and checkpatch.pl --no-tree is
# clean on every patch.  Runs kmod/kbuild.sh check (what `make kmod-check`
# runs; a repeat with unchanged inputs reports the cached result) and turns
# each of its result lines into a TAP line.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
export BUILD
KSRC=${KSRC:-$BUILD/ksrc}
HDRS=${HDRS:-$top/.cache/headers-7.2.13}

if [ ! -f "$KSRC/arch/x86/kvm/Makefile" ] || [ ! -f "$HDRS/Module.symvers" ]; then
	echo "1..0 # SKIP no pinned tree or headers-package files (run 'make deps' and 'bash kmod/kbuild.sh headers')"
	exit 4
fi

n=0
fail=0
tap() {	# ok|notok description
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		fail=1
	fi
}

out=$(mktemp)
trap 'rm -rf "$out" "${fake:-}"' EXIT
t0=$SECONDS
KSRC=$KSRC bash "$top/kmod/kbuild.sh" check >"$out" 2>"$out.err"
rc=$?
sed 's/^/# /' "$out.err"
rm -f "$out.err"
echo "# kbuild.sh check: exit $rc in $((SECONDS - t0)) s"
lines=0
while read -r word step secs desc; do
	lines=$((lines + 1))
	if [ "$word" = ok ]; then
		tap ok "$desc [$step, ${secs} s]"
	else
		tap notok "$desc [$step, ${secs} s]"
	fi
done <"$out"
[ $lines -gt 0 ] || tap notok "kbuild.sh check reported no results"
[ $rc -eq 0 ] || [ $fail -eq 1 ] || tap notok "kbuild.sh check exited $rc"

# The modules of the whole series carry what the series adds.
kvm=$BUILD/kmod/check-src/arch/x86/kvm
modinfo_parms() {	# objcopy cannot write to a pipe: use a file
	objcopy -O binary --only-section=.modinfo "$1" "$out.modinfo" 2>/dev/null &&
		tr '\0' '\n' <"$out.modinfo"
	rm -f "$out.modinfo"
}
if [ -f "$kvm/kvm.ko" ] && [ -f "$kvm/kvm-intel.ko" ] && [ -f "$kvm/kvm-amd.ko" ]; then
	tap ok "kvm.ko, kvm-intel.ko, kvm-amd.ko built"
else
	tap notok "kvm.ko, kvm-intel.ko, kvm-amd.ko built (missing in $kvm)"
fi
if modinfo_parms "$kvm/kvm-intel.ko" | grep -qx 'parmtype=force_perf_global_ctrl_autostore:bool'; then
	tap ok "kvm-intel.ko has parameter force_perf_global_ctrl_autostore"
else
	tap notok "kvm-intel.ko has parameter force_perf_global_ctrl_autostore"
fi
if nm "$kvm/kvm.ko" 2>/dev/null | grep -q ' __tracepoint_kvm_pmu_mediated_load$' &&
   nm "$kvm/kvm.ko" 2>/dev/null | grep -q ' __tracepoint_kvm_pmu_mediated_put$'; then
	tap ok "kvm.ko defines tracepoints kvm_pmu_mediated_load/put"
else
	tap notok "kvm.ko defines tracepoints kvm_pmu_mediated_load/put"
fi

# A tree that is not the pinned base is refused, naming the patch.
fake=$(mktemp -d)
mkdir -p "$fake/arch/x86" "$fake/virt" "$fake/include/trace"
cp -a "$KSRC/arch/x86/kvm" "$fake/arch/x86/"
cp -a "$KSRC/virt/kvm" "$fake/virt/"
cp -a "$KSRC/include/trace/define_trace.h" "$fake/include/trace/"
sed -i 's/^module_param(enable_mediated_pmu, bool, 0444);$/module_param(enable_mediated_pmu, bool, 0644);/' \
	"$fake/arch/x86/kvm/vmx/vmx.c"
first=$(ls "$top"/kmod/patches/[0-9][0-9][0-9][0-9]-*.patch | sort | head -n1)
msg=$(KSRC=$fake bash "$top/kmod/kbuild.sh" src "$fake/out" 2>&1 >/dev/null)
rc=$?
echo "# on a changed tree: $msg"
if [ $rc -ne 0 ] && [[ "$msg" == *"$(basename "$first") does not apply"* ]]; then
	tap ok "a tree that is not the pinned base is refused, naming the failing patch"
else
	tap notok "a tree that is not the pinned base is refused, naming the failing patch"
fi

echo "1..$n"
exit $fail
