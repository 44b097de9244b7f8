#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# How much the instrument adds to each measured operation, read from the
# disassembly of the built binary: every timed region is bracketed by the
# global labels vpmu_timed_<name>_begin/_end (guest-workloads/harness.h),
# and holds BATCH_OPS unrolled operations. Everything in the region that
# is not the operation itself is instrument overhead.
#   bench/instrument-overhead.sh build/vpmu-guest
set -euo pipefail
bin=${1:-build/vpmu-guest}
ops=$(sed -n 's/^#define BATCH_OPS \([0-9]*\)/\1/p' "$(dirname "$0")/../guest-workloads/harness.h")
[ -x "$bin" ] || { echo "instrument-overhead: $bin: not built (run make)" >&2; exit 2; }
command -v objdump >/dev/null || { echo "instrument-overhead: objdump missing (binutils)" >&2; exit 2; }

printf '%-28s %8s %6s %12s  %s\n' "timed region" "instrs" "ops" "extra/op" "instructions per operation"
bad=0
nm "$bin" | awk '$3 ~ /^vpmu_timed_.*_begin$/ { print $1, $3 }' | sort -k2 |
while read -r addr sym; do
	name=${sym#vpmu_timed_}; name=${name%_begin}
	end=$(nm "$bin" | awk -v s="vpmu_timed_${name}_end" '$3 == s { print $1 }')
	# one line per instruction between the labels
	mapfile -t ins < <(objdump -d --no-show-raw-insn --start-address=0x"$addr" \
		--stop-address=0x"$end" "$bin" | awk -F'\t' '/^ +[0-9a-f]+:\t/ { print $2 }')
	n=${#ins[@]}
	per=$(printf '%s\n' "${ins[@]:0:$((n / ops))}" | awk '{print $1}' | paste -sd' ')
	extra=$(awk -v n="$n" -v o="$ops" 'BEGIN { printf "%.3f", (n - o) / o }')
	printf '%-28s %8d %6d %12s  %s\n' "$name" "$n" "$ops" "$extra" "$per"
	awk -v e="$extra" 'BEGIN { exit !(e > 1) }' && bad=1
	[ "$bad" = 0 ] || { echo "instrument-overhead: $name adds more than one instruction per operation" >&2; exit 1; }
done
