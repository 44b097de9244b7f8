# SPDX-License-Identifier: GPL-2.0
#
# TEST DOUBLE.  Shared by the fake kmod tools in tests/data/kmod/bin, which
# tests/integration/test-kmod-load.sh puts first in PATH: they load and
# unload "modules" by creating and removing directories in a fake /sys
# ($VPMU_SYSFS_ROOT/module), never in the kernel.  A fake module is a text
# file (see README.md here): name=, build_id= or srcversion=, vermagic=,
# depends=, signer=, and one parm=NAME:DEFAULT[:rw[:reject=VALUE]] per
# parameter (mode 0444 unless rw; insmod with NAME=VALUE fails, as the
# kernel's parser refuses a value it can print but not parse).
#
# FAKE_KMOD_LIB	  the "distribution's" modules, NAME.ko (modprobe, modinfo NAME)
# FAKE_KMOD_LOG	  every command the doubles ran, one a line
# FAKE_KMOD_FAIL  "insmod:PATH": the insmod of that file fails
# FAKE_KMOD_HANG  "insmod:PATH": that insmod writes $FAKE_KMOD_LOG.hang
#		  and sleeps 3 s (the test signals kmod/load meanwhile)

set -u
if [ -z "${VPMU_SYSFS_ROOT:-}" ] || [ -z "${FAKE_KMOD_LIB:-}" ]; then
	echo "$(basename "$0"): test double: VPMU_SYSFS_ROOT and FAKE_KMOD_LIB must be set" >&2
	exit 99
fi
SYSM=$VPMU_SYSFS_ROOT/module

fake_log() { echo "$*" >>"${FAKE_KMOD_LOG:-/dev/null}"; }
fake_field() { sed -n "s/^$2=//p" "$1" | head -n1; }	# file field
fake_name_file() { echo "$FAKE_KMOD_LIB/${1//_/-}.ko"; }	# name -> file
fake_loaded() { [ -f "$SYSM/$1/initstate" ]; }

# The GNU build-id ELF note, as the kernel shows it in /sys/module/*/notes.
fake_note() {	# hex
	local hex=$1 n i

	n=$(( ${#hex} / 2 ))
	printf '\x04\x00\x00\x00'
	printf "\\x$(printf %02x "$n")\\x00\\x00\\x00"
	printf '\x03\x00\x00\x00GNU\x00'
	for ((i = 0; i < ${#hex}; i += 2)); do
		printf "\\x${hex:i:2}"
	done
}
