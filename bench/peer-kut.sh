#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Our exit costs next to kvm-unit-tests' x86/vmexit, from one invocation.
#
#   KUT=/path/to/kvm-unit-tests bench/peer-kut.sh     (or: make bench-peer KUT=...)
#
# The user's kvm-unit-tests tree is only read: it is copied to
# $BUILD/kut-src and built there (./configure; make x86/vmexit.flat).
# Then, in this invocation, `vpmu-bench run` measures our rows and
# x86/run boots vmexit.flat once per matching test, each bounded by a
# timeout; a test that hangs (vmcall on an emulating nested host) is
# recorded as "timed out", never waited for. The table gives, per exit
# type, our median tsc_cycles per operation, the cycles vmexit.flat
# printed, and ours/theirs; a row that failed shows its reason.
#
# Environment:
#   KUT           kvm-unit-tests checkout (required)
#   VPMU_BENCH    our CLI (default $BUILD/vpmu-bench)
#   BUILD         build directory (default <repo>/build)
#   PEER_EXITS    our exit rows to compare (default: every row with a peer)
#   PEER_REPS     samples per workload for vpmu-bench run (default 21)
#   PEER_TIMEOUT  seconds each of ours and each kvm-unit-tests test may take
#                 (default 30)
# Exit status: 0 the table was printed (rows may show failures), 1 setup,
# build or run failure before any table, 2 bad KUT or arguments.
set -uo pipefail

me=peer-kut
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
VPMU_BENCH=${VPMU_BENCH:-$BUILD/vpmu-bench}
PEER_REPS=${PEER_REPS:-21}
PEER_TIMEOUT=${PEER_TIMEOUT:-30}

usage_err() { printf '%s: %s\n' "$me" "$*" >&2; exit 2; }
die() { printf '%s: error: %s\n' "$me" "$*" >&2; exit 1; }
log() { printf '%s: %s\n' "$me" "$*" >&2; }

# Our row : their x86/vmexit.c test name : how the two operations differ.
# Their names are the ones in the tests[] table of x86/vmexit.c.
PAIRS=(
	"cpuid:cpuid:both CPUID leaf 0"
	"vmcall:vmcall:ours KVM_HC_VAPIC_POLL_IRQ (nr 1); theirs nr 0 (-KVM_ENOSYS) after is_intel() (2 CPUIDs, strcmp) each call"
	"pio-kernel:inl_from_kernel:ours IN 0x61 (in-kernel PIT), theirs INB 0x4d0 (in-kernel PIC ELCR)"
	"pio-user:inl_from_qemu:ours OUT 0x80 to our VMM, theirs INL 0x1234 to QEMU"
	"rdmsr:rd_tsc_adjust_msr:both RDMSR IA32_TSC_ADJUST"
	"wrmsr:wr_tsc_adjust_msr:both WRMSR IA32_TSC_ADJUST (ours the value there, theirs 0)"
)

# --- the user's tree -------------------------------------------------------
[ $# -eq 0 ] || usage_err "unexpected argument '$1' (the tree is given as KUT=/path)"
[ -n "${KUT:-}" ] ||
	usage_err "KUT is not set: give a kvm-unit-tests checkout, e.g. make bench-peer KUT=/path/to/kvm-unit-tests"
[ -d "$KUT" ] || usage_err "KUT=$KUT: no such directory"
for f in configure x86/vmexit.c x86/run x86/unittests.cfg scripts/arch-run.bash; do
	[ -e "$KUT/$f" ] || usage_err "KUT=$KUT: not a kvm-unit-tests tree (no $f)"
done
KUT=$(cd "$KUT" && pwd)
[[ $PEER_REPS =~ ^[1-9][0-9]*$ ]] || usage_err "PEER_REPS=$PEER_REPS: not a positive integer"
[[ $PEER_TIMEOUT =~ ^[1-9][0-9]*$ ]] || usage_err "PEER_TIMEOUT=$PEER_TIMEOUT: not a positive integer"
[ -x "$VPMU_BENCH" ] || usage_err "$VPMU_BENCH: not built (run make)"

declare -A THEIRS NOTE
ROWS=()
for p in "${PAIRS[@]}"; do
	IFS=: read -r ours theirs note <<<"$p"
	THEIRS[$ours]=$theirs NOTE[$ours]=$note
done
if [ -n "${PEER_EXITS:-}" ]; then
	for r in $PEER_EXITS; do
		[ -n "${THEIRS[$r]:-}" ] ||
			usage_err "PEER_EXITS: '$r' has no x86/vmexit equivalent (have: ${!THEIRS[*]})"
		ROWS+=("$r")
	done
else
	for p in "${PAIRS[@]}"; do ROWS+=("${p%%:*}"); done
fi
# Their test names must still be in the table of this vmexit.c.
for r in "${ROWS[@]}"; do
	grep -q "\"${THEIRS[$r]}\"" "$KUT/x86/vmexit.c" ||
		usage_err "KUT=$KUT: x86/vmexit.c has no test \"${THEIRS[$r]}\" (needed for $r)"
done

# --- packages --------------------------------------------------------------
# command -> Debian package. qemu-system-x86 brings qemu-system-x86_64 and
# SeaBIOS for x86/run; the rest builds vmexit.flat and reads our JSON.
declare -A PKG_OF=(
	[qemu-system-x86_64]=qemu-system-x86 [gcc]=gcc [make]=make [ld]=binutils
	[objcopy]=binutils [rsync]=rsync [jq]=jq [timeout]=coreutils
)
missing=()
for c in "${!PKG_OF[@]}"; do
	command -v "$c" >/dev/null 2>&1 || missing+=("${PKG_OF[$c]}")
done
if [ ${#missing[@]} -gt 0 ]; then
	mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
	[ "$(id -u)" -eq 0 ] ||
		die "missing Debian packages (${missing[*]}); run as root or install them"
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || log "apt-get update failed; trying the existing package lists"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
fi

# --- build out of the user's tree ------------------------------------------
src=$BUILD/kut-src
mkdir -p "$src" || die "cannot create $src"
log "copying $KUT to $src"
rsync -a --exclude=.git "$KUT"/ "$src"/ || die "copying $KUT to $src failed"
blog=$src/peer-build.log
log "building x86/vmexit.flat (log: $blog)"
if ! { (cd "$src" && ./configure && make -j"$(nproc)" x86/vmexit.flat) >"$blog" 2>&1; }; then
	tail -n 5 "$blog" | sed 's/^/  /' >&2
	die "building kvm-unit-tests' x86/vmexit.flat failed (full log: $blog)"
fi
kut_rev=$(git -C "$KUT" describe --always --dirty 2>/dev/null) ||
	kut_rev="(revision unknown: $KUT is not a git checkout)"
qemu_ver=$(qemu-system-x86_64 --version 2>/dev/null | head -n1)

run_dir=$BUILD/peer/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$run_dir/ours" || die "cannot create $run_dir"

# --- ours ------------------------------------------------------------------
args=()
for r in "${ROWS[@]}"; do args+=(--workload "$r"); done
log "vpmu-bench run ${args[*]} --reps $PEER_REPS --timeout $PEER_TIMEOUT"
"$VPMU_BENCH" run "${args[@]}" --reps "$PEER_REPS" --timeout "$PEER_TIMEOUT" \
	--out "$run_dir/ours" --format json >"$run_dir/ours.stdout" 2>"$run_dir/ours.stderr"
ours_rc=$?
ours_json=$(ls "$run_dir"/ours/*.json 2>/dev/null | head -n1)
ours_why=""
if [ -z "$ours_json" ]; then
	ours_why="no result file (vpmu-bench run exited $ours_rc: $(tail -n1 "$run_dir/ours.stderr"))"
elif ! jq -e . "$ours_json" >/dev/null 2>&1; then
	ours_why="result file $ours_json is not valid JSON"
fi

# Sets o_val (a number) or o_why (why there is none) for our row $1.
ours_row() {
	local st
	o_val="" o_why=""
	if [ -n "$ours_why" ]; then o_why=$ours_why; return; fi
	st=$(jq -r --arg w "$1" '[.results[] | select(.workload == $w)][0] |
		if . == null then "missing\tno result row"
		elif .status == "ok" and .summary.median != null then
			if .unit == "tsc_cycles" then "ok\t\(.summary.median)"
			else "bad\tunit is \(.unit), not tsc_cycles" end
		else "\(.status)\t\(.reason // "no reason given")" end' "$ours_json")
	case ${st%%$'\t'*} in
	ok) o_val=${st#*$'\t'} ;;
	*) o_why="${st%%$'\t'*}: ${st#*$'\t'}" ;;
	esac
}

# --- theirs ----------------------------------------------------------------
# x86/run prints the guest's serial output; vmexit.c's do_test() prints
# "<name> <cycles>\n" (printf "%s %d\n") or "<name> (skipped)\n".
declare -A T_VAL T_WHY
for r in "${ROWS[@]}"; do
	t=${THEIRS[$r]} tlog=$run_dir/kut-$t.log
	log "kvm-unit-tests x86/vmexit $t (timeout $PEER_TIMEOUT s, log: $tlog)"
	echo "# cd $src && ACCEL=kvm TIMEOUT=${PEER_TIMEOUT}s ./x86/run x86/vmexit.flat -smp 1 -append $t" >"$tlog"
	(cd "$src" && ACCEL=kvm TIMEOUT=${PEER_TIMEOUT}s timeout -k 5 $((PEER_TIMEOUT + 15)) \
		./x86/run x86/vmexit.flat -smp 1 -append "$t") </dev/null >>"$tlog" 2>&1
	rc=$?
	out=$(tr -d '\r' <"$tlog")
	val=$(awk -v n="$t" '$1 == n && NF == 2 && $2 ~ /^-?[0-9]+$/ { print $2; exit }' <<<"$out")
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		T_WHY[$r]="failed: timed out after $PEER_TIMEOUT s (x86/run killed it${val:+ after printing $val})"
	elif grep -qxF "$t (skipped)" <<<"$out"; then
		T_WHY[$r]="skipped: vmexit.flat printed \"$t (skipped)\" (its valid() check)"
	elif [ "$rc" -ne 0 ]; then
		T_WHY[$r]="failed: x86/run exited $rc: $(grep -v '^[[:space:]]*$' <<<"$out" | tail -n1)"
	elif [ -z "$val" ]; then
		T_WHY[$r]="failed: no \"$t <cycles>\" line in the output: $(grep -v '^[[:space:]]*$' <<<"$out" | tail -n1)"
	else
		T_VAL[$r]=$val
	fi
done

# What their timed loop executes per operation, from the disassembly of
# the vmexit.elf just built: run_test()'s loop from the indirect call to
# the backward branch, plus the test function (straight to its first ret),
# the functions it calls, and the exit-causing instructions in its body.
elf=$src/x86/vmexit.elf
kut_insns() {
	local fn loop body
	fn=$(sed -n "s/^[[:space:]]*{ *\([a-z_0-9]*\), *\"$1\".*/\1/p" "$KUT/x86/vmexit.c" | head -n1)
	command -v objdump >/dev/null && [ -n "$fn" ] && [ -f "$elf" ] || { echo "not found"; return; }
	loop=$(objdump -d --no-show-raw-insn "$elf" | awk '
		/<run_test>:$/ { f = 1; next } f && /^$/ { exit }
		f && /\tcall +\*%/ { c = 1 } c { n++ } c && /\tj[a-z]+ / { print n; exit }')
	body=$(objdump -d --no-show-raw-insn "$elf" | awk -F'\t' -v s="<$fn>:" '
		$0 ~ s"$" { f = 1; next } f && /^$/ { exit }
		f && /^ +[0-9a-f]+:/ {
			split($2, w, " "); m = w[1]
			if (!r) n++
			if (m == "ret") r = 1
			if (m == "call") { sub(/.*</, "", $2); sub(/>.*/, "", $2); calls = calls " " $2 }
			if (m ~ /^(cpuid|vmcall|vmmcall|rdmsr|wrmsr|in|out|hlt|wbinvd|invd)$/) ex = ex " " m
		}
		END { printf "%d%s%s", n, calls ? ", calls" calls : "", ex ? ", exiting:" ex : "" }')
	[ -n "$loop" ] && echo "$loop loop + $body" || echo "unexpected code shape"
}

# --- the table -------------------------------------------------------------
getm() { [ -n "$ours_json" ] && jq -r "$1 // \"unknown\"" "$ours_json" 2>/dev/null || echo unknown; }
ge=$(getm .meta.guest_execution)
ger=$(getm .meta.guest_execution_ratio)
[[ $ger =~ ^[0-9.]+$ ]] && ger=$(printf '%.0f' "$ger")
echo
echo "vpmu-bench vs kvm-unit-tests x86/vmexit (one run, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -r))"
printf '%-11s %15s  %-20s %15s %12s\n' "exit type" "ours" "their test" "theirs" "ours/theirs"
printf '%-11s %15s  %-20s %15s %12s\n' "" "tsc_cycles/op" "" "cycles/op" ""
for r in "${ROWS[@]}"; do
	ours_row "$r"
	ocell=${o_val:-${o_why%%:*}} tcell=${T_VAL[$r]:-${T_WHY[$r]%%:*}} ratio=-
	[ -n "$o_val" ] && ocell=$(printf '%.1f' "$o_val")
	if [ -n "$o_val" ] && [ -n "${T_VAL[$r]:-}" ]; then
		ratio=$(awk -v a="$o_val" -v b="${T_VAL[$r]}" \
			'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	fi
	printf '%-11s %15s  %-20s %15s %12s\n' "$r" "$ocell" "${THEIRS[$r]}" "$tcell" "$ratio"
	[ -z "$o_val" ] && printf '  ours:   %s\n' "$o_why"
	[ -z "${T_VAL[$r]:-}" ] && printf '  theirs: %s\n' "${T_WHY[$r]}"
done
cat <<EOF

How each side measures (read the ratio with this in mind):
  ours    vpmu-bench run, $PEER_REPS samples per row, KVM selftests VMM, 1 vCPU.
          Each sample times an unrolled batch of $(getm '[.results[].ops_per_sample | select(. != null)][0]') operations between serialized
          TSC reads (lfence; rdtsc; lfence), minus the calibrated cost of the same
          region left empty; the column is the median per operation (p10-p90
          and the 95 % CI of the median are in the result file).
          Instructions per operation in our timed region (bench/instrument-overhead.sh;
          the calibration region is empty, so all of them are in our number):
$(ovh=$(bash "$top/bench/instrument-overhead.sh" "$VPMU_BENCH" 2>&1)
for r in "${ROWS[@]}"; do
	printf '            %-18s %s\n' "$r" "$(awk -v n="${r//-/_}" '$1 == n { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print; f = 1 }
		END { if (!f) print "not found" }' <<<"$ovh")"
done)
  theirs  kvm-unit-tests x86/vmexit.flat under QEMU (-smp 1, accel=kvm), one boot per test.
          A loop calls the test function once per operation (call, ret, loop
          overhead included, nothing subtracted); iterations double from 64 until
          the loop takes >= 2^30 TSC cycles; it prints total/iterations as an int,
          one number, no spread. Instructions per operation in their loop
          (objdump of vmexit.elf; function counted to its first ret):
$(for r in "${ROWS[@]}"; do printf '            %-18s %s\n' "${THEIRS[$r]}" "$(kut_insns "${THEIRS[$r]}")"; done)
  pairs   $(for r in "${ROWS[@]}"; do printf '%s=%s: %s\n' "$r" "${THEIRS[$r]}" "${NOTE[$r]}"; done | sed '2,$s/^/          /')
host      guest_execution: $ge (guest/host loop cycles ratio $ger, from our probe)
EOF
[ "$ge" = emulated ] &&
	echo "          WARNING: every guest instruction is emulated on this host: both columns
          measure KVM's instruction emulator, not VMX/SVM exits."
cat <<EOF
files     ours: ${ours_json:-none} (vpmu-bench run exited $ours_rc)
          theirs: $run_dir/kut-*.log
          kvm-unit-tests $kut_rev, built in $src; $qemu_ver
EOF
exit 0
