#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Interruption trials: `vpmu-bench run` is started and sent SIGINT,
# SIGTERM or SIGKILL at a random point (seeded, so a failure can be
# replayed with TRIAL_SEED=N), many times. After each trial: a whole
# result file or none, no temp file, no process of the run left behind,
# and this shell's CPU affinity as it was. SIGINT/SIGTERM must end with
# exit 130 (or 0/1 when the run finished first); SIGKILL cannot be caught,
# so only "no orphan, no temp file" is asked of it.
set -u
. "$(dirname "$0")/../lib.sh"
require_kvm
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

seed=${TRIAL_SEED:-20261202}
trials=${TRIALS:-60}
budget=${TRIAL_BUDGET_S:-240}
RANDOM=$seed
affinity0=$(taskset -pc $$ 2>/dev/null | sed 's/.*: //')
sigs=(INT TERM KILL)
bad_file=0 bad_tmp=0 bad_orphan=0 bad_rc=0 ran=0
start=$SECONDS

for i in $(seq 1 "$trials"); do
	[ $((SECONDS - start)) -lt "$budget" ] || break
	sig=${sigs[$((RANDOM % 3))]}
	# 0..1.5 s: from inside the probe to deep in the rows
	delay=$(printf '0.%03d' $((RANDOM % 1000)))
	[ $((RANDOM % 2)) -eq 0 ] && delay=1.$((RANDOM % 5))
	out=$t/trial$i
	"$VPMU_BENCH" run --workload rdtsc --workload cpuid --workload pio-user \
		--reps 300 --cpu 0 --out "$out" >/dev/null 2>"$t/err$i" &
	pid=$!
	sleep "$delay"
	kids=$(descendants $pid)
	kill -"$sig" $pid 2>/dev/null
	wait $pid 2>/dev/null
	rc=$?
	ran=$((ran + 1))
	# Whatever was killed must be gone: SIGKILL leaves the children to
	# their PDEATHSIG, which fires at once. A zombie waiting for init to
	# reap it runs nothing, so it counts as gone.
	for k in $kids; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			alive "$k" || break
			sleep 0.2
		done
		if alive "$k"; then
			echo "# trial $i ($sig after ${delay}s): process $k survived: $(ps -o pid,ppid,stat,cmd -p "$k" | tail -n1)"
			bad_orphan=$((bad_orphan + 1))
			kill -9 "$k" 2>/dev/null
		fi
	done
	if ls -A "$out" 2>/dev/null | grep -q '^\.'; then
		echo "# trial $i ($sig after ${delay}s): temp file left: $(ls -A "$out")"
		bad_tmp=$((bad_tmp + 1))
	fi
	for f in "$out"/*.json; do
		[ -e "$f" ] || continue
		if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["results"]' "$f" 2>/dev/null; then
			echo "# trial $i ($sig after ${delay}s): $f is not a whole result file"
			bad_file=$((bad_file + 1))
		fi
	done
	case $sig in
	INT|TERM)
		case $rc in
		130|0|1) ;;
		*) echo "# trial $i ($sig after ${delay}s): exit $rc: $(tail -n1 "$t/err$i")"
		   bad_rc=$((bad_rc + 1)) ;;
		esac ;;
	esac
done
echo "# $ran trials (seed $seed) in $((SECONDS - start)) s"
check "at least 50 interruption trials ran ($ran)" test "$ran" -ge 50
check "every result file left is whole ($bad_file not)" test "$bad_file" -eq 0
check "no temp file left behind ($bad_tmp trials left one)" test "$bad_tmp" -eq 0
check "no process outlived its run ($bad_orphan survived)" test "$bad_orphan" -eq 0
check "SIGINT/SIGTERM end with 130, or 0/1 when the run had finished ($bad_rc other)" \
	test "$bad_rc" -eq 0
check "this shell's CPU affinity is as it was" \
	test "$(taskset -pc $$ 2>/dev/null | sed 's/.*: //')" = "$affinity0"
done_testing
