#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kmod/load, against a fake /sys and /proc (its VPMU_SYSFS_ROOT and
# VPMU_PROC_ROOT test hook) and the test doubles of the kmod tools in
# tests/data/kmod: usage errors; the journal and restore plan a --dry-run
# prints; recording before the first change and restoring exactly that on
# --restore, on a failed step and on TERM, from stock modules with runtime
# parameters, from no KVM at all and from a previously loaded build; the
# journal kept across runs; each refusal as one line, with nothing changed.
# The real kernel is never touched; only the refusal on a kernel that cannot
# load modules also runs against the real /proc, where that is the case.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
load=$top/kmod/load
doubles=$top/tests/data/kmod/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nf=0

# ---- the fake host -----------------------------------------------------------

fake_module() {	# file name id depends parm:default...
	local f=$1 name=$2 id=$3 deps=$4 p

	shift 4
	{
		echo "# test double: a fake module for tests/data/kmod/bin"
		echo "name=$name"
		case $id in
		sv:*) echo "srcversion=${id#sv:}" ;;
		*) echo "build_id=$id" ;;
		esac
		echo "vermagic=7.2.13+deb14-amd64 SMP preempt mod_unload modversions"
		echo "depends=$deps"
		for p in "$@"; do echo "parm=$p"; done
	} >"$f"
}

# A fresh fake Intel host with module support, the "distribution's"
# modules in $F/lib and a build of the series in $F/build; nothing loaded.
fake_host() {
	nf=$((nf + 1))
	F=$tmp/host$nf
	mkdir -p "$F/sys/module/module/parameters" "$F/sys/kernel/security" \
		"$F/proc/sys/kernel" "$F/lib" "$F/build"
	echo "[none] integrity confidentiality" >"$F/sys/kernel/security/lockdown"
	echo N >"$F/sys/module/module/parameters/sig_enforce"
	: >"$F/proc/modules"
	echo "BOOT_IMAGE=/boot/vmlinuz ro quiet" >"$F/proc/cmdline"
	echo 0 >"$F/proc/sys/kernel/modules_disabled"
	printf 'vendor_id\t: GenuineIntel\n' >"$F/proc/cpuinfo"
	echo "ffffffff81234560 T perf_create_mediated_pmu" >"$F/proc/kallsyms"

	fake_module "$F/lib/irqbypass.ko" irqbypass 1bb0 ""
	fake_module "$F/lib/ccp.ko" ccp cc90 ""
	fake_module "$F/lib/kvm.ko" kvm d15700 irqbypass enable_pmu:Y halt_poll_ns:200000:rw
	fake_module "$F/lib/kvm-intel.ko" kvm_intel d15701 kvm enable_mediated_pmu:N nested:Y \
		"vmentry_l1d_flush:not required:rw:reject=not required"
	fake_module "$F/lib/kvm-amd.ko" kvm_amd d15702 kvm,ccp enable_mediated_pmu:N nested:1
	fake_build b01d
	export VPMU_SYSFS_ROOT=$F/sys VPMU_PROC_ROOT=$F/proc FAKE_KMOD_LIB=$F/lib \
		FAKE_KMOD_LOG=$F/log FAKE_UNAME_R=7.2.13+deb14-amd64
	unset FAKE_KMOD_FAIL FAKE_KMOD_HANG
	j=$F/journal/journal
}

fake_build() {	# id prefix: (re)build the series' modules in $F/build
	fake_module "$F/build/kvm.ko" kvm "${1}00" irqbypass enable_pmu:Y halt_poll_ns:200000:rw
	fake_module "$F/build/kvm-intel.ko" kvm_intel "${1}01" kvm enable_mediated_pmu:N \
		nested:Y force_perf_global_ctrl_autostore:N \
		"vmentry_l1d_flush:not required:rw:reject=not required"
	fake_module "$F/build/kvm-amd.ko" kvm_amd "${1}02" kvm,ccp enable_mediated_pmu:N nested:1
	printf 'ksrc=/src/linux-7.2.13\nksrc_version=7.2.13\nkbuild=/lib/modules/7.2.13+deb14-amd64/build\nkbuild_version=7.2.13\n' \
		>"$F/build/vpmu-build.info"
}

# Run a fake tool or kmod/load with the test doubles first in PATH.
fake() { PATH=$doubles:$PATH "$@"; }
L() { PATH=$doubles:$PATH bash "$load" --modules "$F/build" --journal "$F/journal" "$@"; }

# Every file of the fake /sys/module with its content, for comparing.
snap() {
	(cd "$F/sys/module" && find . -type f ! -name '.fake_*' | sort |
		while read -r f; do
			printf '%s %s\n' "$f" "$(od -An -tx1 -v "$f" | tr -d ' \n')"
		done)
}

# has OUTPUT LINE...: every LINE appears as a whole line of OUTPUT.
has() {
	local out=$1 l

	shift
	for l in "$@"; do
		grep -qxF -- "$l" <<<"$out" || { echo "# missing: $l"; return 1; }
	done
}

same() {	# before after
	[ "$1" = "$2" ] || { diff <(echo "$1") <(echo "$2") | sed 's/^/# /' | head -n 20; return 1; }
}

# ---- usage ---------------------------------------------------------------------

err=$(bash "$load" bogus 2>&1 >/dev/null)
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
	[[ "$err" == *"unknown mode 'bogus' (valid: stock legacy mediated-vmcs mediated-autostore)"* ]]
check "unknown mode: exit 2 ($rc), one line naming the valid modes" [ $? -eq 0 ]

bash "$load" >/dev/null 2>&1; r1=$?
bash "$load" --frobnicate legacy >/dev/null 2>&1; r2=$?
bash "$load" --vendor intel legacy >/dev/null 2>&1; r3=$?
bash "$load" --restore legacy >/dev/null 2>&1; r4=$?
[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ] && [ $r4 -eq 2 ]
check "no mode / unknown option / --vendor without --dry-run / --restore with a mode: exit 2 ($r1 $r2 $r3 $r4)" [ $? -eq 0 ]

# ---- dry runs --------------------------------------------------------------------

# Stock modules loaded with runtime parameters (what modprobe.d or the
# kernel command line would give), the journal and restore plan printed.
fake_host
fake modprobe kvm halt_poll_ns=0
fake modprobe kvm_intel enable_mediated_pmu=Y
before=$(snap)
: >"$F/log"
out=$(L legacy --dry-run 2>&1)
rc=$?
check "legacy --dry-run: the journal it would record (stock modules, build-ids, every parameter, deps)" \
	has "$out" "# journal $j, recorded before the first change:" \
	"journal version 1" \
	"journal module kvm build-id:d15700 distribution" \
	"journal param kvm enable_pmu ro Y" \
	"journal param kvm halt_poll_ns rw 0" \
	"journal module kvm_intel build-id:d15701 distribution" \
	"journal param kvm_intel enable_mediated_pmu ro Y" \
	"journal param kvm_intel nested ro Y" \
	"journal param kvm_intel vmentry_l1d_flush rw not required" \
	"journal dep irqbypass loaded"
check "legacy --dry-run: the plan (deps, unload, insmod with the mode's parameters, verify)" \
	has "$out" "load    modprobe irqbypass (if not loaded)" \
	"unload  rmmod kvm_intel (if loaded)" "unload  rmmod kvm (if loaded)" \
	"load    insmod $F/build/kvm.ko enable_pmu=Y" \
	"load    insmod $F/build/kvm-intel.ko enable_mediated_pmu=N" \
	"verify  $F/sys/module/kvm_intel/parameters/enable_mediated_pmu = N"
check "legacy --dry-run: the exact restore plan (modprobe, then the recorded parameters)" \
	has "$out" "restore unload rmmod kvm_intel (if loaded)" \
	"restore load   modprobe irqbypass (if not loaded)" \
	"restore load   modprobe kvm" \
	"restore set    $F/sys/module/kvm/parameters/halt_poll_ns = 0 (if it reads otherwise)" \
	"restore reload rmmod kvm; modprobe kvm with those of enable_pmu=Y that read otherwise (read-only)" \
	"restore verify kvm is build-id:d15700, every parameter as recorded" \
	"restore load   modprobe kvm_intel" \
	"restore set    $F/sys/module/kvm_intel/parameters/vmentry_l1d_flush = not required (if it reads otherwise)" \
	"restore reload rmmod kvm_intel; modprobe kvm_intel with those of enable_mediated_pmu=Y nested=Y that read otherwise (read-only)" \
	"restore verify kvm_intel is build-id:d15701, every parameter as recorded"
[ $rc -eq 0 ] && ! grep -q "^# preflight .*: [^o]" <<<"$out" &&
	grep -qx "# a real run on this host would proceed" <<<"$out"
check "legacy --dry-run: preflight all ok, a real run would proceed (exit $rc)" [ $? -eq 0 ]
after=$(snap)
same "$before" "$after" && [ ! -e "$F/journal" ] && [ ! -s "$F/log" ]
check "--dry-run changes nothing (fake /sys unchanged, no journal, no kmod command)" [ $? -eq 0 ]

out=$(L mediated-autostore --dry-run 2>&1)
check "mediated-autostore --dry-run: both parameters inserted and verified" \
	has "$out" "load    insmod $F/build/kvm-intel.ko enable_mediated_pmu=Y force_perf_global_ctrl_autostore=Y" \
	"verify  $F/sys/module/kvm_intel/parameters/force_perf_global_ctrl_autostore = Y"
out=$(L mediated-vmcs --vendor amd --dry-run 2>&1)
check "mediated-vmcs --dry-run --vendor amd: kvm-amd.ko, ccp and irqbypass loaded first" \
	has "$out" "load    modprobe ccp (if not loaded)" "load    modprobe irqbypass (if not loaded)" \
	"load    insmod $F/build/kvm-amd.ko enable_mediated_pmu=Y"
out=$(L stock --dry-run 2>&1)
has "$out" "load    modprobe kvm_intel" && ! grep -q "insmod" <<<"$(grep -v ^restore <<<"$out")"
check "stock --dry-run: modprobe kvm_intel, no insmod" [ $? -eq 0 ]

# ---- record and restore -------------------------------------------------------------

# From stock modules with runtime parameters: the mode, then --restore.
out=$(L legacy 2>&1)
rc=$?
echo "$out" | sed 's/^/# /' | tail -n 3
mid=$(snap)
[ $rc -eq 0 ] && grep -qx "./kvm_intel/parameters/enable_mediated_pmu 4e0a" <<<"$mid" &&
	grep -q "force_perf_global_ctrl_autostore" <<<"$mid"
check "legacy from stock with runtime parameters: the build loaded, enable_mediated_pmu=N (exit $rc)" [ $? -eq 0 ]
grep -qx "module kvm_intel build-id:d15701 distribution" "$j" &&
	grep -qx "installed kvm_intel build-id:b01d01" "$j" && grep -qx "mode legacy" "$j"
check "legacy: the journal holds the state before and the modules installed" [ $? -eq 0 ]
: >"$F/log"
out=$(L --restore 2>&1)
rc=$?
after=$(snap)
restore_log=$(cat "$F/log")
[ $rc -eq 0 ] && same "$before" "$after" && [ ! -e "$j" ]
check "--restore: stock modules back with halt_poll_ns=0 and enable_mediated_pmu=Y, journal removed (exit $rc)" [ $? -eq 0 ]
grep -qx "modprobe kvm_intel enable_mediated_pmu=Y" <<<"$restore_log" &&
	! grep -q "vmentry_l1d_flush=\|halt_poll_ns=" <<<"$restore_log"
check "--restore: a differing read-only parameter by reloading, a writable one in sysfs, values that read back but are no input never passed" [ $? -eq 0 ]
out=$(L --restore 2>&1)
[ $? -eq 0 ] && grep -q "nothing to restore" <<<"$out"
check "--restore without a journal: nothing to restore, exit 0" [ $? -eq 0 ]

# KVM not loaded at all, not even irqbypass.
fake_host
before=$(snap)
L mediated-vmcs >/dev/null 2>&1
rc1=$?
loaded_now=$(ls "$F/sys/module" | tr '\n' ' ')
L --restore >/dev/null 2>&1
rc2=$?
after=$(snap)
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$loaded_now" = "irqbypass kvm kvm_intel module " ] &&
	same "$before" "$after"
check "KVM not loaded at all: mediated-vmcs loads irqbypass kvm kvm_intel, --restore unloads all three ($rc1 $rc2)" [ $? -eq 0 ]

# A previously loaded build, rebuilt while another mode is active: the
# journal's copy puts the old one back.
fake_host
fake insmod "$F/lib/irqbypass.ko"
fake insmod "$F/build/kvm.ko" enable_pmu=Y
fake insmod "$F/build/kvm-intel.ko" enable_mediated_pmu=Y force_perf_global_ctrl_autostore=Y
before=$(snap)
L stock >/dev/null 2>&1
rc1=$?
recorded=$(grep '^module kvm_intel' "$j")
fake_build b02d
L --restore >/dev/null 2>&1
rc2=$?
after=$(snap)
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] &&
	[ "$recorded" = "module kvm_intel build-id:b01d01 build $F/journal/kvm-intel.ko" ] &&
	same "$before" "$after" && [ ! -e "$F/journal" ]
check "a previously loaded build: recorded as a build and copied, back after a rebuild ($rc1 $rc2)" [ $? -eq 0 ]

# Modules with a srcversion are identified by it.
fake_host
fake_module "$F/lib/kvm-intel.ko" kvm_intel sv:A1B2C3D4E5F6 kvm enable_mediated_pmu:N nested:Y \
	"vmentry_l1d_flush:not required:rw:reject=not required"
fake modprobe kvm_intel
before=$(snap)
out=$(L legacy --dry-run 2>&1)
L legacy >/dev/null 2>&1 && L --restore >/dev/null 2>&1
rc=$?
after=$(snap)
has "$out" "journal module kvm_intel srcversion:A1B2C3D4E5F6 distribution" &&
	[ $rc -eq 0 ] && same "$before" "$after"
check "srcversion, where a module has one, identifies it (exit $rc)" [ $? -eq 0 ]

# A step fails: restored at once, journal removed, exit 1.
fake_host
fake modprobe kvm_intel enable_mediated_pmu=Y
before=$(snap)
err=$(FAKE_KMOD_FAIL=insmod:$F/build/kvm-intel.ko L legacy 2>&1 >/dev/null)
rc=$?
after=$(snap)
echo "$err" | sed 's/^/# /' | tail -n 2
[ $rc -eq 1 ] && same "$before" "$after" && [ ! -e "$F/journal" ] &&
	grep -q "restoring the KVM modules recorded in" <<<"$err"
check "a failed insmod: the recorded state is restored, journal removed, exit 1 ($rc)" [ $? -eq 0 ]

# TERM in the middle: restored, exit 143.
fake_host
fake modprobe kvm_intel enable_mediated_pmu=Y
before=$(snap)
(
	export FAKE_KMOD_HANG=insmod:$F/build/kvm-intel.ko PATH=$doubles:$PATH
	exec bash "$load" --modules "$F/build" --journal "$F/journal" legacy
) >"$F/term.out" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -e "$F/log.hang" ] && break; sleep 0.1; done
kill -TERM $pid
wait $pid
rc=$?
after=$(snap)
[ $rc -eq 143 ] && same "$before" "$after" && [ ! -e "$F/journal" ]
check "TERM during insmod: the recorded state is restored, exit 143 ($rc)" [ $? -eq 0 ]

# Two runs: the journal of the first is kept, --restore returns before both.
fake_host
fake modprobe kvm_intel enable_mediated_pmu=Y
before=$(snap)
L legacy >/dev/null 2>&1; r1=$?
out=$(L mediated-vmcs 2>&1); r2=$?
L --restore >/dev/null 2>&1; r3=$?
after=$(snap)
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ $r3 -eq 0 ] && grep -q "keeping $F/journal/journal" <<<"$out" &&
	same "$before" "$after"
check "legacy then mediated-vmcs: the first journal is kept, --restore goes back before both ($r1 $r2 $r3)" [ $? -eq 0 ]

# ---- refusals: one line, exit 1, nothing changed ---------------------------------------

refuses() {	# description expected-substring mode
	local want=$2 m=${3:-legacy} b a e rc jb ja

	b=$(snap)
	jb=$(cat "$j" 2>/dev/null)
	: >"$F/log"
	e=$(L "$m" 2>&1 >/dev/null)
	rc=$?
	a=$(snap)
	ja=$(cat "$j" 2>/dev/null)
	echo "# $e"
	[ $rc -eq 1 ] && [ "$(grep -c . <<<"$e")" -eq 1 ] &&
		[[ "$e" == "kmod/load: error: refusing: "*"$want"* ]] &&
		same "$b" "$a" && [ ! -s "$F/log" ] && [ "$jb" = "$ja" ]
	check "refuses: $1 (exit $rc, one line, nothing changed)" [ $? -eq 0 ]
}

fake_host
sed -i 's/^kbuild_version=.*/kbuild_version=7.2.14/' "$F/build/vpmu-build.info"
refuses "KBUILD of another kernel version than the KVM sources" \
	"KBUILD /lib/modules/7.2.13+deb14-amd64/build is Linux 7.2.14, the KVM sources (KSRC) are 7.2.13"
fake_host
rm "$F/build/vpmu-build.info"
refuses "modules built without the KSRC/KBUILD record" "vpmu-build.info is missing"
fake_host
echo "none [integrity] confidentiality" >"$F/sys/kernel/security/lockdown"
refuses "lockdown (Secure Boot) rejects unsigned modules" "kernel lockdown is 'integrity'"
fake_host
echo Y >"$F/sys/module/module/parameters/sig_enforce"
refuses "module.sig_enforce=Y rejects unsigned modules" "module.sig_enforce=Y"
fake_host
mkdir -p "$F/proc/4242/fd"
ln -s /dev/kvm "$F/proc/4242/fd/7"
refuses "a process holding /dev/kvm, no VM needed" "/dev/kvm or a VM is held by pid(s) 4242"
fake_host
fake modprobe kvm_intel
echo 1 >"$F/sys/module/kvm_intel/refcnt"
refuses "kvm_intel in use (an open /dev/kvm seen only through its refcount)" "kvm_intel is in use (refcnt 1)"
fake_host
fake_module "$tmp/other-kvm-intel.ko" kvm_intel 0dd001 kvm enable_mediated_pmu:N
fake modprobe kvm
fake insmod "$tmp/other-kvm-intel.ko"
refuses "a loaded build it could not put back" "kvm_intel is loaded from a build that is neither the distribution's nor in $F/build (build-id:0dd001)"
fake_host
mkdir -p "$F/sys/module/kvm/parameters"
refuses "KVM built into the kernel" "kvm is built into the kernel"
fake_host
fake modprobe kvm_intel
L legacy >/dev/null 2>&1
fake rmmod kvm_intel
fake modprobe kvm_intel
refuses "a journal that no longer matches the loaded modules" "the KVM modules changed since kmod/load recorded $F/journal/journal"
fake_host
sed -i 's/^vermagic=.*/vermagic=7.2.12+deb14-amd64 SMP/' "$F/build/kvm.ko"
refuses "a build for another kernel (vermagic)" "vermagic mismatch"
fake_host
rm "$F/proc/modules"
refuses "a kernel without module support" "this kernel cannot load modules: $F/proc/modules is missing"
fake_host
printf 'vendor_id\t: AuthenticAMD\n' >"$F/proc/cpuinfo"
refuses "mediated-autostore on AMD" "mediated-autostore is Intel-only" mediated-autostore

out=$(L --restore --dry-run 2>&1)
check "--restore --dry-run without a journal: nothing to restore" grep -q "nothing to restore" <<<"$out"

# ---- the real kernel ---------------------------------------------------------------------

unset VPMU_SYSFS_ROOT VPMU_PROC_ROOT
why=
[ -e /proc/modules ] || why="/proc/modules is missing"
grep -qw nomodule /proc/cmdline 2>/dev/null && why="${why:+$why; }'nomodule' is on the kernel command line"
if [ -n "$why" ]; then
	err=$(bash "$load" --modules "$tmp/none" --journal "$tmp/journal" legacy 2>&1 >/dev/null)
	rc=$?
	echo "# $err"
	[ $rc -eq 1 ] && [ "$(grep -c . <<<"$err")" -eq 1 ] &&
		[[ "$err" == *"refusing: this kernel cannot load modules: "*"${why%%;*}"* ]]
	check "real kernel: refuses to load modules, with the reason (exit $rc)" [ $? -eq 0 ]
else
	skip "real kernel: refuses on a kernel without module support" \
		"this kernel can load modules; the test never reloads KVM"
fi

done_testing
