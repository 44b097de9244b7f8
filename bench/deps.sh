#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what vpmu-bench needs and prepare the pinned kernel tree.
#
#   bench/deps.sh                  packages, pinned tree, libraries from it
#   bench/deps.sh --packages-only  only the Debian packages
#   bench/deps.sh --list-packages  print the Debian package list, one a line
#   bench/deps.sh --headers        only the .config and Module.symvers of the
#                                  pinned headers package, into
#                                  $CACHE/headers-7.2.13 (kmod/kbuild.sh runs
#                                  this: only the module compile test needs
#                                  them, so `make run` never downloads them)
#
# Environment: KSRC=/path/to/linux  use this tree instead of Debian's
#              linux-source-7.2; CACHE (default .cache), BUILD (default build);
#              DEPS_PIN_DEB overrides the pinned Debian version (for
#              tests/integration/test-deps.sh, which points it at a version
#              the archive does not offer).
# A second run is a no-op: every step leaves a stamp in $BUILD/stamps, and
# the downloaded and unpacked files stay in $CACHE.
set -euo pipefail
# A die() in a $(...) must stop the caller too, not only the subshell.
shopt -s inherit_errexit

top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-$top/.cache}
BUILD=${BUILD:-$top/build}
PIN_VERSION=7.2.13
# The exact Debian version of both packages (one upload of src:linux), so
# every machine gets byte-identical sources, .config and Module.symvers.
# sid keeps only its newest upload: when the archive moves on, this fails
# with one line naming KSRC= rather than silently using another build.
PIN_DEB=${DEPS_PIN_DEB:-7.2.13-1}
PIN_PKG=linux-source-7.2
HDR_PKG=linux-headers-${PIN_VERSION}+deb14-amd64
STAMPS=$BUILD/stamps

# Debian packages and why (README.md "Dependencies" repeats this list).
PACKAGES=(
	build-essential		# compiler, make
	pkg-config		# finds jansson/gsl flags
	libjansson-dev		# result files (JSON)
	libtraceevent-dev	# vpmu-bench trace: tracepoint records read by their format files
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
	python3			# tests read the probe/run JSON (test-probe, ...)
	jq			# tests edit result JSON (test-report-inputs); make bench-peer
	clang			# make fuzz / test-fuzz.sh: libFuzzer targets
	libclang-rt-14-dev	# libFuzzer, ASan and UBSan runtimes for clang
	valgrind		# test-valgrind.sh: memcheck over report and unit tests
	hyperfine		# vpmu-bench overhead: times whole guest runs (--export-json)
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
	[ -f "$dir/lists.stamp" ] || sid_update
}

sid_update() {
	local dir=$CACHE/apt-sid
	log "apt: reading the sid package list"
	apt-get "${SID_OPTS[@]}" update -qq || die "apt-get update of the private sid list failed"
	touch "$dir/lists.stamp"
	SID_UPDATED=1
}

# Re-read the list when it may predate the archive: not twice in one run,
# and not when it is younger than the archive's 6-hour publishing cycle.
sid_refresh() {
	[ "${SID_UPDATED:-0}" = 1 ] && return 1
	[ -n "$(find "$CACHE/apt-sid/lists.stamp" -mmin -360 2>/dev/null)" ] && return 1
	sid_update
}

offered() {	# package: does the list offer it at exactly $PIN_DEB?
	apt-cache "${SID_OPTS[@]}" madison "$1" 2>/dev/null |
		awk -F'|' -v v="$PIN_DEB" '{ gsub(/ /, "", $2) } $2 == v { f = 1 } END { exit !f }'
}

# Without the pinned upload nothing here can stand in for it: say so in one
# line, naming what the user can pass instead.
need_offered() {	# package instead
	offered "$1" && return 0
	sid_refresh && offered "$1" && return 0
	die "$1 version $PIN_DEB is no longer offered by the Debian archive; pass $2 instead"
}

sid_download() {	# package instead -> path of its pinned .deb in the cache
	local pkg=$1 instead=$2 dir=$CACHE/apt-sid deb tmp try why
	deb=$(ls "$dir/debs/${pkg}_${PIN_DEB}"_*.deb 2>/dev/null | head -n1 || true)
	if [ -n "$deb" ]; then
		echo "$deb"; return
	fi
	sid_apt
	mkdir -p "$dir/debs"
	# Left by an interrupted run; the cache lock says none is running.
	rm -rf "$dir"/debs/.part.*
	for try in 1 2; do
		need_offered "$pkg" "$instead"
		log "apt: downloading $pkg $PIN_DEB"
		# Into a directory of its own, moved into place whole: an
		# interrupted or failed download leaves no partial .deb.
		tmp=$(mktemp -d "$dir/debs/.part.XXXXXX")
		if (cd "$tmp" && apt-get "${SID_OPTS[@]}" download "$pkg=$PIN_DEB") \
			>/dev/null 2>"$tmp.err"; then
			deb=$(ls "$tmp/${pkg}_${PIN_DEB}"_*.deb)
			mv "$deb" "$dir/debs/"
			rm -rf "$tmp" "$tmp.err"
			echo "$dir/debs/$(basename "$deb")"
			return
		fi
		# A list older than the archive names a file that is gone:
		# refresh it once and decide again.
		if [ $try = 1 ] && sid_refresh; then
			rm -rf "$tmp" "$tmp.err"
			continue
		fi
		why=$(grep -m1 '^E:' "$tmp.err" || tail -n1 "$tmp.err")
		rm -rf "$tmp" "$tmp.err"
		die "could not download $pkg $PIN_DEB from Debian sid: $why"
	done
}

# One deps.sh at a time writes the cache: two first runs would otherwise
# both download 164 MB and replace each other's tree while it is in use.
lock_cache() {
	mkdir -p "$CACHE"
	exec 8>>"$CACHE/.deps.lock"
	flock 8
}

# The tree is complete when it exists: it is unpacked beside its final name
# and renamed into place, so a separate BUILD reuses it as it is.
pinned_tree() {
	local src=$CACHE/linux-$PIN_VERSION deb tarball
	lock_cache
	if [ -f "$src/Makefile" ]; then
		echo "$src"; return
	fi
	deb=$(sid_download $PIN_PKG \
		"KSRC=/path/to/linux-$PIN_VERSION (a Linux $PIN_VERSION source tree)")
	rm -rf "$CACHE/srcpkg" "$src.tmp"
	mkdir -p "$CACHE/srcpkg" "$src.tmp"
	dpkg-deb -x "$deb" "$CACHE/srcpkg"
	tarball=$(ls "$CACHE"/srcpkg/usr/src/linux-source-*.tar.* | head -n1)
	log "unpacking $(basename "$tarball") (about 15 s)"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	rm -rf "$src" "$CACHE/srcpkg"
	mv "$src.tmp" "$src"
	echo "$src"
}

pinned_headers() {	# .config and Module.symvers of the matching Debian build
	local dst=$CACHE/headers-$PIN_VERSION deb tmp
	lock_cache
	[ -f "$dst/Module.symvers" ] && [ -f "$dst/.config" ] && return 0
	deb=$(sid_download "$HDR_PKG" \
		"HDRS=/path/to/dir (the .config and Module.symvers of a Debian $PIN_VERSION amd64 build)")
	tmp=$CACHE/hdrpkg; rm -rf "$tmp" "$dst.tmp"; mkdir -p "$tmp" "$dst.tmp"
	dpkg-deb -x "$deb" "$tmp"
	cp "$tmp"/usr/src/"$HDR_PKG"/.config "$tmp"/usr/src/"$HDR_PKG"/Module.symvers "$dst.tmp"/
	rm -rf "$tmp" "$dst"
	mv "$dst.tmp" "$dst"
}

# The directory and its files first, before anything is installed: a wrong
# KSRC= is one line and nothing changed.  The version needs make.
check_ksrc_dir() {
	local k=$1
	[ -d "$k" ] || die "KSRC=$k: no such directory (expected a Linux source tree)"
	[ -f "$k/Makefile" ] && [ -d "$k/tools/testing/selftests/kvm/lib" ] && [ -d "$k/tools/lib/perf" ] ||
		die "KSRC=$k: not a Linux source tree (expected Makefile, tools/lib/perf, tools/testing/selftests/kvm)"
}

check_ksrc_version() {
	local k=$1 v
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

case ${1:-} in
--list-packages)
	printf '%s\n' "${PACKAGES[@]}"; exit 0 ;;
--headers)
	pinned_headers; exit 0 ;;
--packages-only|"") ;;
*)	die "usage: deps.sh [--packages-only | --list-packages | --headers]" ;;
esac
if [ -n "${KSRC:-}" ] && [ "${1:-}" != --packages-only ]; then
	check_ksrc_dir "$KSRC"
fi
need_packages
[ "${1:-}" = --packages-only ] && exit 0
# The headers package is not fetched here: only kmod/kbuild.sh's compile
# test needs it (bench/deps.sh --headers).
if [ -n "${KSRC:-}" ]; then
	check_ksrc_version "$KSRC"
	k=$(cd "$KSRC" && pwd)
else
	k=$(pinned_tree)
fi
build_tree_libs "$k"
log "ready: KSRC=$k"
