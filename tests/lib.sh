# SPDX-License-Identifier: GPL-2.0
# kselftest TAP for shell tests: source it, call check/skip, end with done_testing.
VPMU_BENCH=${VPMU_BENCH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/vpmu-bench}
_n=0 _fail=0
# check "description" command...   (ok if the command succeeds)
check() {
	local d=$1; shift
	_n=$((_n + 1))
	if "$@"; then echo "ok $_n $d"; else echo "not ok $_n $d"; _fail=$((_fail + 1)); fi
}
skip() { _n=$((_n + 1)); echo "ok $_n $1 # SKIP $2"; }
done_testing() { echo "1..$_n"; [ "$_fail" -eq 0 ]; }
# one_line FILE: the file holds exactly one non-empty line
one_line() { [ "$(grep -c . "$1")" -eq 1 ]; }
# require_kvm: skip the whole test (kselftest exit 4) without a usable /dev/kvm
require_kvm() {
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo "1..0 # SKIP /dev/kvm is not usable by this user"
		exit 4
	fi
}
# jqt FILTER FILE: the filter holds (jq -e, its output dropped)
jqt() { jq -e "$@" >/dev/null; }
# descendants PID: the processes whose parent chain leads to PID, to find
# what an interrupted command left running
descendants() {
	local p
	for p in $(pgrep -P "$1"); do
		echo "$p"
		descendants "$p"
	done
}
# alive PID: running (not gone, not a zombie)
alive() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $st in Z*) return 1 ;; esac
	return 0
}
