#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The layers of README.md "Architecture" hold: every quoted #include of
# every product file resolves inside its own folder or a layer it may use
# (the map the Makefile compiles with, `make print-layers`), no include
# climbs out with "../", a wrong include really fails to compile with the
# layer's own flags, and the CLI is linked without the KVM selftests
# library (only vpmu-guest runs guests).
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
B=${BUILD:-$top/build}

make -s --no-print-directory print-layers BUILD="$B" >"$t/layers" 2>/dev/null
check "make print-layers names every layer" \
	test "$(cut -d: -f1 "$t/layers" | tr '\n' ' ')" = "util probe analysis shared guest cmd runner "

# dirs and uses of layer $1
dirs_of() { sed -n "s/^$1: dirs=\(.*\) uses=.*/\1/p" "$t/layers"; }
uses_of() { sed -n "s/^$1: .* uses=\(.*\) kvm=.*/\1/p" "$t/layers"; }
kvm_of() { sed -n "s/^$1: .* kvm=\(.*\)/\1/p" "$t/layers"; }
# The selftests library's headers, for the layers that run guests.
kst=$B/ksrc/tools/testing/selftests
kvm_dirs="$kst/kvm/include $kst/kvm/include/x86 $kst"

bad=0
while IFS=: read -r layer _; do
	allowed=$(dirs_of "$layer")
	for u in $(uses_of "$layer"); do allowed="$allowed $(dirs_of "$u")"; done
	[ "$(kvm_of "$layer")" = y ] && allowed="$allowed $kvm_dirs"
	for d in $(dirs_of "$layer"); do
		for f in "$d"/*.[ch]; do
			[ -e "$f" ] || continue
			while read -r inc; do
				found=
				# "x.h" is found beside the including file first
				[ -e "$(dirname "$f")/$inc" ] && found=1
				for a in $allowed; do [ -e "$a/$inc" ] && found=1; done
				case $inc in ../*|*/../*) found= ;; esac
				if [ -z "$found" ]; then
					echo "# $f ($layer layer) includes \"$inc\", outside its layers"
					bad=$((bad + 1))
				fi
			done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
		done
	done
done <"$t/layers"
check "every quoted include stays inside its layer's allowed folders ($bad outside)" \
	test "$bad" -eq 0

# The compiler enforces it: analysis cannot see the guest layer's header.
flags=$(make -s --no-print-directory print-cflags LAYER=analysis BUILD="$B" | sed 's/-MD -MP//')
printf '#include "probe.h"\nint x;\n' >"$t/ok.c"
printf '#include "harness.h"\nint x;\n' >"$t/bad.c"
# shellcheck disable=SC2086
check "an allowed include compiles with the analysis layer's flags" \
	cc $flags -c "$t/ok.c" -o "$t/ok.o"
# shellcheck disable=SC2086
check "a wrong include (analysis -> guest-workloads/harness.h) fails to compile" \
	sh -c "! cc $flags -c '$t/bad.c' -o '$t/bad.o' 2>'$t/bad.err'"
check "... and the compiler names the missing header" grep -q "harness.h" "$t/bad.err"
flags=$(make -s --no-print-directory print-cflags LAYER=cmd BUILD="$B" | sed 's/-MD -MP//')
printf '#include "kvm_util.h"\nint x;\n' >"$t/kvm.c"
# shellcheck disable=SC2086
check "the commands layer cannot include the selftests library" \
	sh -c "! cc $flags -c '$t/kvm.c' -o '$t/kvm.o' 2>/dev/null"

if [ -x "$B/vpmu-bench" ] && [ -x "$B/vpmu-guest" ]; then
	check "vpmu-bench has no selftests library in it (no kvm_selftest_init)" \
		sh -c "! nm '$B/vpmu-bench' | grep -qw kvm_selftest_init"
	check "vpmu-guest has it (the one executable that runs guests)" \
		sh -c "nm '$B/vpmu-guest' | grep -qw kvm_selftest_init"
else
	skip "vpmu-bench has no selftests library in it" "not built in $B"
	skip "vpmu-guest has it" "not built in $B"
fi
done_testing
