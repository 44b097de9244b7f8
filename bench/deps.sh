#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what vpmu-bench needs and prepare the pinned kernel tree.
#
#   bench/deps.sh [--packages-only]
#
# Environment: KSRC=/path/to/linux  use this tree instead of Debian's
#              linux-source-7.2; CACHE (default .cache), BUILD (default build).
# A second run is a no-op: every step leaves a stamp in $BUILD/stamps.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-$top/.cache}
BUILD=${BUILD:-$top/build}
PIN_VERSION=7.2.13
PIN_PKG=linux-source-7.2
HDR_PKG=linux-headers-${PIN_VERSION}+deb14-amd64
STAMPS=$BUILD/stamps

# Debian packages and why (README.md "Dependencies" repeats this list).
PACKAGES=(
	build-essential		# compiler, make
	pkg-config		# finds jansson/gsl flags
	libjansson-dev		# result files (JSON)
	libgsl-dev		# quantiles, bootstrap RNG in analysis/
	gnuplot-nox		# plots/
	time			# make bench: elapsed time and peak RSS of report
	libelf-dev		# KVM selftests library, kernel module build
	flex bison bc		# kernel kconfig / selftests build
	rsync			# make headers_install
	dwarves			# pahole: BTF for the out-of-tree kvm modules
	libssl-dev		# modules_prepare (sign-file)
	xz-utils cpio		# unpacking the kernel source package
	binutils		# objdump: instrument overhead from the disassembly
	kmod			# insmod/rmmod/modprobe/modinfo for kmod/load
)

log() { printf 'deps: %s\n' "$*" >&2; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }

need_packages() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them"
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || log "apt-get update failed; trying the existing package lists"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A private apt configuration pointing at sid, built from the system's own
# archive URI so no mirror host name is written into the repository.
sid_apt() {
	local dir=$CACHE/apt-sid uri
	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	[ -n "$uri" ] || uri=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
	[ -n "$uri" ] || die "cannot find a Debian archive URI in /etc/apt/sources.list.d/debian.sources"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main" \
		>"$dir/sources.list"
	SID_OPTS=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
		  -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache::Archives=$dir/archives"
		  -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
	if [ ! -f "$dir/lists.stamp" ]; then
		log "apt: reading the sid package list"
		apt-get "${SID_OPTS[@]}" update -qq || die "apt-get update of the private sid list failed"
		touch "$dir/lists.stamp"
	fi
}

sid_download() {	# package -> path of the .deb in the cache
	local pkg=$1 dir=$CACHE/apt-sid deb
	deb=$(ls "$dir"/debs/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		sid_apt
		mkdir -p "$dir/debs"
		log "apt: downloading $pkg"
		(cd "$dir/debs" && apt-get "${SID_OPTS[@]}" download "$pkg" >/dev/null) ||
			die "could not download $pkg from Debian sid"
		deb=$(ls "$dir"/debs/"${pkg}"_*.deb | head -n1)
	fi
	echo "$deb"
}

pinned_tree() {
	local src=$CACHE/linux-$PIN_VERSION deb tarball
	if [ -f "$src/Makefile" ] && [ -f "$STAMPS/ksrc-unpacked" ]; then
		echo "$src"; return
	fi
	deb=$(sid_download $PIN_PKG)
	rm -rf "$CACHE/srcpkg" "$src.tmp"
	mkdir -p "$CACHE/srcpkg" "$src.tmp"
	dpkg-deb -x "$deb" "$CACHE/srcpkg"
	tarball=$(ls "$CACHE"/srcpkg/usr/src/linux-source-*.tar.* | head -n1)
	log "unpacking $(basename "$tarball") (about 15 s)"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	rm -rf "$src" "$CACHE/srcpkg"
	mv "$src.tmp" "$src"
	mkdir -p "$STAMPS"; touch "$STAMPS/ksrc-unpacked"
	echo "$src"
}

pinned_headers() {	# .config and Module.symvers of the matching Debian build
	local dst=$CACHE/headers-$PIN_VERSION deb tmp
	[ -f "$dst/Module.symvers" ] && [ -f "$dst/.config" ] && return 0
	deb=$(sid_download "$HDR_PKG")
	tmp=$CACHE/hdrpkg; rm -rf "$tmp"; mkdir -p "$tmp" "$dst"
	dpkg-deb -x "$deb" "$tmp"
	cp "$tmp"/usr/src/"$HDR_PKG"/.config "$tmp"/usr/src/"$HDR_PKG"/Module.symvers "$dst"/
	rm -rf "$tmp"
}

check_ksrc() {
	local k=$1
	[ -d "$k" ] || die "KSRC=$k: no such directory (expected a Linux source tree)"
	[ -f "$k/Makefile" ] && [ -d "$k/tools/testing/selftests/kvm/lib" ] && [ -d "$k/tools/lib/perf" ] ||
		die "KSRC=$k: not a Linux source tree (expected Makefile, tools/lib/perf, tools/testing/selftests/kvm)"
	local v
	v=$(make -s -C "$k" kernelversion 2>/dev/null) || die "KSRC=$k: 'make kernelversion' failed"
	case $v in 7.*) ;; *) die "KSRC=$k: kernel $v, expected 7.x (mediated vPMU landed in 7.0)";; esac
}

build_tree_libs() {
	local k=$1 j
	j=$(nproc)
	mkdir -p "$STAMPS"
	if [ ! -f "$STAMPS/headers" ] || [ "$(cat "$STAMPS/headers")" != "$k" ]; then
		log "make headers_install"
		make -s -C "$k" headers_install INSTALL_HDR_PATH="$BUILD/usr" >/dev/null
		echo "$k" >"$STAMPS/headers"
		rm -f "$STAMPS/libperf" "$STAMPS/libkvm"
	fi
	if [ ! -f "$STAMPS/libperf" ]; then
		log "building libperf (tools/lib/perf)"
		mkdir -p "$BUILD/libperf"
		make -s -C "$k/tools/lib/perf" -j"$j" OUTPUT="$BUILD/libperf/" libs >/dev/null 2>&1 ||
			die "libperf build failed in $k/tools/lib/perf"
		echo "$k" >"$STAMPS/libperf"
	fi
	# -DQUIET: the library's pr_info() (e.g. "Random seed: ...") would
	# otherwise print on stdout of every vpmu-bench command.
	if [ ! -f "$STAMPS/libkvm" ] || [ "$(cat "$STAMPS/libkvm")" != "$k QUIET" ]; then
		log "building the KVM selftests library (about 30 s)"
		mkdir -p "$BUILD/kvm-selftests"
		# The selftests Makefile has no library target: build one small
		# test, which builds every library object, and archive those.
		make -s -C "$k/tools/testing/selftests/kvm" -j"$j" \
			OUTPUT="$BUILD/kvm-selftests" KHDR_INCLUDES="-isystem $BUILD/usr/include" \
			EXTRA_CFLAGS=-DQUIET "$BUILD/kvm-selftests/x86/sync_regs_test" >/dev/null 2>&1 ||
			die "KVM selftests library build failed in $k/tools/testing/selftests/kvm"
		rm -f "$BUILD/kvm-selftests/libkvm.a"
		find "$BUILD/kvm-selftests/lib" -name '*.o' -print0 |
			xargs -0 ar rcs "$BUILD/kvm-selftests/libkvm.a"
		echo "$k QUIET" >"$STAMPS/libkvm"
	fi
	ln -sfn "$k" "$BUILD/ksrc"
}

need_packages
[ "${1:-}" = --packages-only ] && exit 0
if [ -n "${KSRC:-}" ]; then
	check_ksrc "$KSRC"
	k=$(cd "$KSRC" && pwd)
else
	k=$(pinned_tree)
	pinned_headers
fi
build_tree_libs "$k"
log "ready: KSRC=$k"
