#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/deps.sh: the package list has what the tests run, the kernel
# packages are pinned by exact Debian version (an unoffered one is one
# error line naming the way out, and no partial files), a wrong KSRC= is
# one line, and the plain run (what `make run` and `make check` use) never
# touches the headers package, which only the kmod compile test needs.
#
# Nothing here uses the network: apt-get is a stand-in that fails and logs
# its arguments, apt-cache reads a private copy of the package list that
# `make deps` left in the cache, and the kernel tree and .debs are reused
# from that cache read-only (linked, never written).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
deps=$top/bench/deps.sh
real=${CACHE:-$top/.cache}
pin=7.2.13
hdr_pkg=linux-headers-$pin+deb14-amd64
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 fail=0

ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); echo "not ok $n $1"; fail=1; }
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }
show() { sed 's/^/#   /' "$1"; }

# Stand-ins that log every call; apt-get always fails, as without network.
mkdir -p "$t/bin"
for c in apt-get apt-cache; do
	cat >"$t/bin/$c" <<EOF
#!/bin/sh
echo "$c \$*" >>"$t/apt.log"
[ "$c" = apt-cache ] && exec $(command -v apt-cache) "\$@"
echo "E: test stand-in for apt-get: no network" >&2
exit 100
EOF
	chmod +x "$t/bin/$c"
done

# run NAME ENV...: deps.sh with a private CACHE and BUILD under $t/NAME and
# the stand-ins first in PATH; output in $t/NAME.out, exit status in $rc.
run() {
	local name=$1
	shift
	mkdir -p "$t/$name/cache"
	: >"$t/apt.log"
	env -u KSRC -u DEPS_PIN_DEB -u HDRS PATH="$t/bin:$PATH" \
		CACHE="$t/$name/cache" BUILD="$t/$name/build" "$@" \
		>"$t/$name.out" 2>&1 </dev/null
	rc=$?
}

# A copy of the cached package list, marked as just read: deps.sh decides
# from it alone and has no reason to refresh it.
seed_list() {	# name
	local d=$t/$1/cache/apt-sid/lists
	mkdir -p "$d"
	find "$real/apt-sid/lists" -maxdepth 1 -type f ! -name lock -exec cp {} "$d/" \;
	touch "$t/$1/cache/apt-sid/lists.stamp"
}
have_list=
if [ -n "$(find "$real/apt-sid/lists" -maxdepth 1 -name '*_Packages*' 2>/dev/null)" ]; then
	have_list=1
fi
no_list="no cached sid package list in $real/apt-sid/lists (make deps writes it)"

# Files a failed fetch must not leave: .debs, unpacked trees, headers.
leftovers() {	# name
	find "$t/$1/cache" \( -name '*.deb' -o -name 'linux-*' -o -name 'headers-*' \
		-o -name 'srcpkg' -o -name 'hdrpkg' -o -name '.part.*' \) -print
	[ ! -e "$t/$1/build/ksrc" ] || echo "$t/$1/build/ksrc"
}

# 1-2: the package list (through run(): a deps.sh that did not know the
# option would do a whole run, and must not do it in the real cache).
run list bash "$deps" --list-packages
for p in python3 jq; do
	if [ $rc -eq 0 ] && grep -qx "$p" "$t/list.out"; then
		ok "deps.sh installs $p (the tests run it)"
	else
		notok "deps.sh installs $p (the tests run it): not in --list-packages"
	fi
done

# 3: an unoffered version of the source package.
bogus=0.0-0~vpmu.test
want="deps: error: linux-source-7.2 version $bogus is no longer offered by the Debian archive; pass KSRC=/path/to/linux-$pin (a Linux $pin source tree) instead"
if [ -z "$have_list" ]; then
	skip "unoffered linux-source-7.2 version: one line naming KSRC=, exit 1, no files" "$no_list"
else
	seed_list gone
	# Another version's .deb in the cache must not stand in for the pin.
	mkdir -p "$t/gone/cache/apt-sid/debs"
	: >"$t/gone/cache/apt-sid/debs/linux-source-7.2_7.2.13-1_all.deb"
	run gone DEPS_PIN_DEB=$bogus bash "$deps"
	rm -f "$t/gone/cache/apt-sid/debs/linux-source-7.2_7.2.13-1_all.deb"
	left=$(leftovers gone)
	if [ $rc -eq 1 ] && [ "$(cat "$t/gone.out")" = "$want" ] && [ -z "$left" ] &&
	   ! grep -q '^apt-get' "$t/apt.log"; then
		ok "unoffered linux-source-7.2 version: one line naming KSRC=, exit 1, no files"
	else
		notok "unoffered linux-source-7.2 version: one line naming KSRC=, exit 1, no files (exit $rc)"
		show "$t/gone.out"
		echo "# left: $left"
		show "$t/apt.log"
	fi
fi

# 4: the pinned version is offered and asked for exactly; a download that
# fails leaves nothing behind.
if [ -z "$have_list" ]; then
	skip "pinned version requested exactly; a failed download leaves no files" "$no_list"
else
	seed_list fetch
	run fetch bash "$deps"
	left=$(leftovers fetch)
	if [ $rc -eq 1 ] && [ "$(grep -c . "$t/fetch.out")" -eq 2 ] &&
	   grep -qx 'deps: apt: downloading linux-source-7.2 7.2.13-1' "$t/fetch.out" &&
	   grep -q '^deps: error: could not download linux-source-7.2 7.2.13-1 from Debian sid: E: test stand-in' "$t/fetch.out" &&
	   grep -q ' download linux-source-7.2=7.2.13-1$' "$t/apt.log" && [ -z "$left" ]; then
		ok "pinned version requested exactly; a failed download leaves no files"
	else
		notok "pinned version requested exactly; a failed download leaves no files (exit $rc)"
		show "$t/fetch.out"
		echo "# left: $left"
		show "$t/apt.log"
	fi
fi

# 5: the same pin for the headers package (deps.sh --headers, which
# kmod/kbuild.sh runs), naming HDRS= as the way out.
want="deps: error: $hdr_pkg version $bogus is no longer offered by the Debian archive; pass HDRS=/path/to/dir (the .config and Module.symvers of a Debian $pin amd64 build) instead"
if [ -z "$have_list" ]; then
	skip "unoffered headers version: one line naming HDRS=, exit 1, no files" "$no_list"
else
	seed_list hgone
	run hgone DEPS_PIN_DEB=$bogus bash "$deps" --headers
	left=$(leftovers hgone)
	if [ $rc -eq 1 ] && [ "$(cat "$t/hgone.out")" = "$want" ] && [ -z "$left" ]; then
		ok "unoffered headers version: one line naming HDRS=, exit 1, no files"
	else
		notok "unoffered headers version: one line naming HDRS=, exit 1, no files (exit $rc)"
		show "$t/hgone.out"
		echo "# left: $left"
	fi
fi

# 6: kmod/kbuild.sh fetches the headers files itself, from the pinned
# .deb (linked from the cache), without apt.
hdeb=$(ls "$real"/apt-sid/debs/"${hdr_pkg}"_7.2.13-1_amd64.deb 2>/dev/null | head -n1)
if [ -z "$hdeb" ]; then
	skip "kbuild.sh headers: .config and Module.symvers from the pinned .deb" \
		"no $hdr_pkg 7.2.13-1 .deb in $real/apt-sid/debs"
else
	mkdir -p "$t/kb/cache/apt-sid/debs"
	ln -s "$hdeb" "$t/kb/cache/apt-sid/debs/"
	run kb bash "$top/kmod/kbuild.sh" headers
	h=$t/kb/cache/headers-$pin
	if [ $rc -eq 0 ] && [ -s "$h/.config" ] && [ -s "$h/Module.symvers" ] &&
	   grep -q '^CONFIG_KVM_INTEL=m' "$h/.config" && [ ! -s "$t/apt.log" ]; then
		ok "kbuild.sh headers: .config and Module.symvers from the pinned .deb"
	else
		notok "kbuild.sh headers: .config and Module.symvers from the pinned .deb (exit $rc)"
		show "$t/kb.out"
		show "$t/apt.log"
	fi
fi

# 7: the plain run uses the cached tree and never asks for the headers
# package.  The build stamps say the libraries are built, so it only links.
if [ ! -f "$real/linux-$pin/Makefile" ]; then
	skip "plain deps.sh: no headers package, no apt call" "no unpacked tree in $real/linux-$pin"
else
	k=$t/plain/cache/linux-$pin
	mkdir -p "$t/plain/cache" "$t/plain/build/stamps"
	ln -s "$real/linux-$pin" "$k"
	echo "$k" >"$t/plain/build/stamps/headers"
	echo "$k" >"$t/plain/build/stamps/libperf"
	echo "$k QUIET" >"$t/plain/build/stamps/libkvm"
	touch "$t/plain/build/stamps/ksrc-unpacked"
	run plain bash "$deps"
	if [ $rc -eq 0 ] && [ ! -s "$t/apt.log" ] && [ ! -e "$t/plain/cache/headers-$pin" ] &&
	   [ ! -e "$t/plain/cache/apt-sid" ] && [ "$(readlink "$t/plain/build/ksrc")" = "$k" ]; then
		ok "plain deps.sh: no headers package, no apt call"
	else
		notok "plain deps.sh: no headers package, no apt call (exit $rc)"
		show "$t/plain.out"
		show "$t/apt.log"
	fi
fi

# 8-9: a wrong KSRC= is one line, before anything is installed or written.
mkdir -p "$t/notree"
for c in "/nonexistent|deps: error: KSRC=/nonexistent: no such directory (expected a Linux source tree)" \
	 "$t/notree|deps: error: KSRC=$t/notree: not a Linux source tree (expected Makefile, tools/lib/perf, tools/testing/selftests/kvm)"; do
	ks=${c%%|*} want=${c#*|}
	run ksrc KSRC="$ks" bash "$deps"
	if [ $rc -eq 1 ] && [ "$(cat "$t/ksrc.out")" = "$want" ] && [ ! -e "$t/ksrc/build" ] &&
	   [ ! -s "$t/apt.log" ]; then
		ok "KSRC=$ks: one error line, exit 1, nothing written"
	else
		notok "KSRC=$ks: one error line, exit 1, nothing written (exit $rc)"
		show "$t/ksrc.out"
	fi
	rm -rf "$t/ksrc"
done

echo "1..$n"
exit $fail
