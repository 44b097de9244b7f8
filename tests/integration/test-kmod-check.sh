#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kmod/ compile test: the cover letter and the patches' [PATCH i/N]
# subjects agree, the series applies to the pinned tree with no fuzz, the
# three KVM modules compile after every patch in order, the series' KVM
# selftests build against the pinned tree's selftests library, and
# checkpatch.pl --strict reports no error or warning (each remaining CHECK
# justified in the cover letter).  Runs kmod/kbuild.sh check (what
# `make kmod-check` runs; a repeat with unchanged inputs reports the cached
# result) and turns each of its result lines into a TAP line; then checks
# what the built modules and selftests carry, runs the selftests (they skip
# unless kmod/load has loaded the series), and that a changed tree, a wrong
# subject and an unjustified CHECK are refused.
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

if grep -qx 'ksrc_version=7.2.13' "$kvm/vpmu-build.info" 2>/dev/null &&
   grep -qx 'kbuild_version=7.2.13' "$kvm/vpmu-build.info"; then
	tap ok "vpmu-build.info records KSRC and KBUILD 7.2.13 (what kmod/load checks)"
else
	tap notok "vpmu-build.info records KSRC and KBUILD 7.2.13 (what kmod/load checks)"
fi

# The selftests: built, and each either passes (the series is loaded) or
# skips with its reason (exit 4); anything else fails.
bin=$BUILD/kmod/selftests/bin
for src in "$top"/kmod/selftests/x86/*_test.c; do
	t=$(basename "$src" .c)
	if [ ! -x "$bin/$t" ]; then
		tap notok "selftest $t built"
		continue
	fi
	out=$(timeout 600 "$bin/$t" 2>&1)
	rc=$?
	sed 's/^/# /' <<<"$out" | tail -n 3
	case $rc in
	0) tap ok "selftest $t passes (the series is loaded here)" ;;
	4) tap ok "selftest $t built; skips here: $(grep -m1 -o 'SKIP.*' <<<"$out")" ;;
	*) tap notok "selftest $t (exit $rc)" ;;
	esac
done

# The series' own consistency checks refuse what they should: a copy of
# kmod/ with one subject renumbered, and with a CHECK type no longer
# justified in the cover letter.
bad=$(mktemp -d)
cp -a "$top/kmod" "$bad/kmod"
p2=$(ls "$bad"/kmod/patches/0002-*.patch)
sed -i 's/^Subject: \[PATCH 2\//Subject: [PATCH 3\//' "$p2"
msg=$(BUILD=$bad/build bash "$bad/kmod/kbuild.sh" series 2>&1)
rc=$?
echo "# $msg"
if [ $rc -ne 0 ] && [[ "$msg" == *"$(basename "$p2"): subject '[PATCH 3/"*"expected '[PATCH 2/"* ]]; then
	tap ok "a patch numbered out of order is refused, naming it"
else
	tap notok "a patch numbered out of order is refused, naming it"
fi
cp -a "$top/kmod/patches/." "$bad/kmod/patches/"
sed -i 's/CHECK:OPEN_ENDED_LINE/(removed)/' "$bad/kmod/patches/0000-cover-letter.patch"
msg=$(BUILD=$bad/build KSRC=$KSRC bash "$bad/kmod/kbuild.sh" checkpatch 2>&1)
rc=$?
grep '^fail' <<<"$msg" | sed 's/^/# /'
if [ $rc -ne 0 ] && grep -q '^fail 0002-.*(OPEN_ENDED_LINE PARENTHESIS_ALIGNMENT: not justified in the cover letter: OPEN_ENDED_LINE)$' <<<"$msg"; then
	tap ok "a CHECK the cover letter does not justify fails checkpatch"
else
	tap notok "a CHECK the cover letter does not justify fails checkpatch"
fi
rm -rf "$bad"

# A tree that is not the pinned base is refused, naming the patch.
fake=$(mktemp -d)
mkdir -p "$fake/arch/x86" "$fake/virt" "$fake/include/trace"
cp -a "$KSRC/arch/x86/kvm" "$fake/arch/x86/"
cp -a "$KSRC/virt/kvm" "$fake/virt/"
cp -a "$KSRC/include/trace/define_trace.h" "$fake/include/trace/"
sed -i 's/^module_param(enable_mediated_pmu, bool, 0444);$/module_param(enable_mediated_pmu, bool, 0644);/' \
	"$fake/arch/x86/kvm/vmx/vmx.c"
first=$(printf "%s\n" "$top"/kmod/patches/000[1-9]-*.patch | sort | head -n1)
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
