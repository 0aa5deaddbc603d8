#!/usr/bin/env bash
# Makes an older-glibc sysroot from Debian's binary packages, for Linux prebuilds that load
# on older distributions, and prints its path on stdout (the last line; logs go to stderr).
# A second run with the same inputs prints the cached sysroot at once.
#
#   bash scripts/sysroot.sh                      # Debian 11 (bullseye): glibc 2.31
#   H5TABLES_SYSROOT="$(bash scripts/sysroot.sh)" npm run prebuildify
#
# The sysroot holds libc6, libc6-dev, linux-libc-dev, zlib1g, zlib1g-dev, libstdc++-N-dev and
# libgcc-N-dev of that suite (and the runtime libstdc++6 and libgcc-s1, for the load check
# of scripts/prebuildify.js),
# unpacked with dpkg-deb (nothing is installed; absolute symlinks are made relative so the
# tree works where it lies), with the suite's libstdc++ and libgcc development packages.
# The host's g++ then compiles against its C and C++ headers and links against its libc and
# libz (cmake/linux-sysroot.toolchain.cmake), with the suite's libstdc++ and libgcc_eh
# linked statically, so the addon needs no GLIBCXX/CXXABI version, and
# cmake/glibc-compat.h binds the few libm functions whose default version is newer than
# the baseline (exp, log, pow... GLIBC_2.29) to their older versions.
# Why bullseye: older suites (buster, glibc 2.28) are no longer on Debian's main mirror.
#
# Packages come with `apt-get download` through a throwaway sources file, state and cache
# folder (Dir::State::status points at an empty file, so the host's installed versions do
# not interfere): nothing in /etc/apt or /var/lib is changed. apt-get is needed (Debian or
# Ubuntu host); apt checks the packages' signatures against Debian's keyring.
#
# Variables:
#   H5TABLES_CACHE             cache folder (see scripts/hdf5-common.sh)
#   H5TABLES_SYSROOT_SUITE     Debian suite (default bullseye)
#   H5TABLES_DEBIAN_MIRROR     Debian mirror URI (default: the machine's own, from /etc/apt)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/hdf5-common.sh"

suite="${H5TABLES_SYSROOT_SUITE:-bullseye}"
# The suite's own C++ runtime: the host's libstdc++.a and libgcc_eh.a were built against
# the host's glibc and call what an older one lacks (__libc_single_threaded, arc4random,
# _dl_find_object), so the addon links the suite's GCC ones statically, with their headers.
case "$suite" in
  bullseye) gcc_major=10 ;;
  bookworm) gcc_major=12 ;;
  *) h5t_die "no GCC version known for Debian $suite (bullseye: 10)" ;;
esac
# libstdc++6 and libgcc-s1 are never linked (static linking takes the .a files): they let
# Node itself run on the sysroot's glibc, through its dynamic loader, to check that the
# prebuild loads there.
packages=(libc6 libc6-dev linux-libc-dev zlib1g zlib1g-dev "libstdc++-$gcc_major-dev" "libgcc-$gcc_major-dev" libstdc++6 libgcc-s1)

[ "$(uname -s)" = Linux ] || h5t_die "a glibc sysroot is for Linux builds only"
case "$(uname -m)" in
  x86_64) debarch=amd64 multiarch=x86_64-linux-gnu loader=lib64/ld-linux-x86-64.so.2 ;;
  aarch64) debarch=arm64 multiarch=aarch64-linux-gnu loader=lib/ld-linux-aarch64.so.1 ;;
  *) h5t_die "no sysroot recipe for $(uname -m)" ;;
esac
for t in apt-get dpkg-deb; do
  command -v "$t" >/dev/null 2>&1 || h5t_die "$t is needed to make a sysroot from Debian's packages (a Debian or Ubuntu host)"
done

key=$(printf '%s\n' "$suite $debarch ${packages[*]}" "$(cat "${BASH_SOURCE[0]}")" |
  (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-12)
root="$H5T_CACHE/sysroot-$suite-$debarch-$key"
if [ -f "$root/.h5tables-sysroot" ]; then
  h5t_log "sysroot ($(sed -n 's/^glibc //p' "$root/.h5tables-sysroot")) already made: $root"
  printf '%s\n' "$root"
  exit 0
fi

mirror="${H5TABLES_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  # The first Debian archive URI the machine has (deb822 'URIs:' or one-line 'deb' entries).
  mirror=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
              cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\2/p'
            } | grep -E '/debian/?$' | head -n1 || true)
fi
[ -n "$mirror" ] || h5t_die "found no Debian mirror in /etc/apt: set H5TABLES_DEBIAN_MIRROR"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || h5t_die "$keyring is missing (apt-get install debian-archive-keyring)"

mkdir -p "$H5T_CACHE"
work=$(mktemp -d "$H5T_CACHE/sysroot-apt.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/root"
printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite" > "$work/sources.list"
: > "$work/status"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::State::status=$work/status"
  -o "Dir::Cache=$work/cache"
  -o "APT::Architecture=$debarch"
  -o "APT::Sandbox::User=root"
  -o "Debug::NoLocking=1"
)
h5t_log "fetching ${packages[*]} from $mirror $suite ($debarch; throwaway apt state in $work)"
apt-get -q "${apt_opts[@]}" update >&2 || h5t_die "apt-get update for $suite failed (is $suite on $mirror?)"
(cd "$work/debs" && apt-get -q "${apt_opts[@]}" download "${packages[@]}" >&2) ||
  h5t_die "apt-get download ${packages[*]} from $suite failed"

versions=""
for p in "${packages[@]}"; do
  deb=$(ls "$work/debs/${p}_"*.deb)
  dpkg-deb -x "$deb" "$work/root"
  versions+="$p $(dpkg-deb -f "$deb" Version)
"
done

# Absolute symlinks (libz.so -> /lib/.../libz.so.1.2.11, the dynamic loader) would point
# into the host: make each relative to its place inside the sysroot.
find "$work/root" -type l -lname '/*' | while read -r link; do
  target=$(readlink "$link")
  ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$work/root$target")" "$link"
done

# The static C++ runtime alone in one folder, searched first when the addon links, so
# -static-libstdc++ -static-libgcc take these; libgcc.a (arithmetic helpers, no libc
# calls) stays the compiler's own, which knows what that compiler emits.
mkdir -p "$work/root/h5tables-cxx"
for a in libstdc++.a libsupc++.a libgcc_eh.a; do
  [ -f "$work/root/usr/lib/gcc/$multiarch/$gcc_major/$a" ] || h5t_die "the sysroot lacks usr/lib/gcc/$multiarch/$gcc_major/$a"
  ln -s "../usr/lib/gcc/$multiarch/$gcc_major/$a" "$work/root/h5tables-cxx/$a"
done

glibc=$(sed -n 's/^#define[[:space:]]*__GLIBC_MINOR__[[:space:]]*\([0-9]*\).*/2.\1/p' "$work/root/usr/include/features.h")
[ -n "$glibc" ] || h5t_die "the sysroot has no usr/include/features.h"
for f in "usr/lib/$multiarch/libc.so" "usr/lib/$multiarch/libz.so" "usr/include/zlib.h" "$loader"; do
  [ -e "$work/root/$f" ] || h5t_die "the sysroot lacks $f"
done
printf 'suite %s\narch %s\nglibc %s\nmultiarch %s\nloader %s\ngcc %s\n%s' "$suite" "$debarch" "$glibc" "$multiarch" "$loader" "$gcc_major" "$versions" \
  > "$work/root/.h5tables-sysroot"
rm -rf "$root"
mv "$work/root" "$root"
h5t_log "sysroot with glibc $glibc ($suite): $root"
printf '%s\n' "$root"
