#!/usr/bin/env bash
# Builds the compression codecs the addon carries (c-blosc with lz4, zstd, snappy and the
# system zlib; bzip2; liblzf) from their released sources as static, position-independent
# libraries with hidden symbols, into one cached install prefix outside the source tree,
# and prints that prefix on stdout (the last line; logs go to stderr). A second run with
# the same inputs prints the cached prefix at once.
#
#   bash scripts/build-codecs.sh
#   H5TABLES_CODECS_PREFIX="$(bash scripts/build-codecs.sh | tail -n1)" cmake-js rebuild ...
#
# cmake/BundledCodecs.cmake runs this itself when the bundled HDF5 is used and
# H5TABLES_CODECS_PREFIX is not set. Sources: scripts/fetch-codecs-source.sh (Debian's
# source packages of the versions below; only the upstream .orig tarballs are used).
#
# The prefix holds lib/lib{blosc,snappy,lz4,zstd,bz2,lzf}.a, their headers in include/,
# licenses/<codec>.txt and .h5tables-build (what was built, from which tarballs).
#
# Variables:
#   H5TABLES_CACHE   cache folder (see scripts/hdf5-common.sh)
#   H5TABLES_JOBS    parallel build jobs (default: number of cores)
#   H5TABLES_SYSROOT Linux: an older-glibc sysroot from scripts/sysroot.sh; the codecs are
#                    then built against it with cmake/linux-sysroot.toolchain.cmake, as
#                    HDF5 and the addon are, and keyed by it
#   CC, CXX, CFLAGS, CXXFLAGS: as usual (the compilers' versions are part of the cache key)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/hdf5-common.sh"

# The pinned codecs: Debian source package and upstream version. Changing one changes the
# cache key and the prebuild hash (scripts/prebuild-hash.js hashes this file).
CODECS=(
  "c-blosc 1.21.5+ds"
  "lz4 1.10.0"
  "libzstd 1.5.7+dfsg"
  "snappy 1.2.2"
  "bzip2 1.0.8"
  "liblzf 3.6"
)
# What blosc must offer once built (PyTables 3.7's list).
BLOSC_COMPRESSORS="blosclz,lz4,lz4hc,snappy,zlib,zstd"

os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$os" in linux*) os=linux ;; darwin*) os=darwin ;; mingw*|msys*|cygwin*) os=win32 ;; esac
arch=$(uname -m)
case "$arch" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; esac
jobs="${H5TABLES_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}"
command -v cmake >/dev/null 2>&1 || h5t_die "cmake (>= 3.18) is needed to build the codecs"
# The compilers by version, not by path: CMake's execute_process sets CC to a full path.
compilers="cc $("${CC:-cc}" --version 2>/dev/null | head -n1); c++ $("${CXX:-c++}" --version 2>/dev/null | head -n1)"

# An older-glibc sysroot, used exactly as scripts/build-hdf5.sh uses it.
sysroot_args=()
sysroot_key="sysroot none"
sysroot_tag=""
if [ -n "${H5TABLES_SYSROOT:-}" ]; then
  [ "$os" = linux ] || h5t_die "H5TABLES_SYSROOT is for Linux builds only"
  sysroot=$(cd "$H5TABLES_SYSROOT" && pwd) && [ -f "$sysroot/.h5tables-sysroot" ] ||
    h5t_die "H5TABLES_SYSROOT=$H5TABLES_SYSROOT is no sysroot made by scripts/sysroot.sh"
  toolchain="$H5T_ROOT/cmake/linux-sysroot.toolchain.cmake"
  [ -f "$toolchain" ] || h5t_die "$toolchain is missing"
  sysroot_args=(-DCMAKE_TOOLCHAIN_FILE="$toolchain" -DH5TABLES_SYSROOT="$sysroot")
  sysroot_key="sysroot $(cat "$sysroot/.h5tables-sysroot" "$toolchain" "$H5T_ROOT/cmake/glibc-compat.h" 2>/dev/null |
    (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-12)"
  sysroot_tag="-$(sed -n 's/^suite //p' "$sysroot/.h5tables-sysroot")"
fi

declare -A SRC
sources_text=""
for entry in "${CODECS[@]}"; do
  set -- $entry
  dir=$(bash "$H5T_ROOT/scripts/fetch-codecs-source.sh" "$1" "$2" | tail -n1)
  [ -f "$dir/.h5tables-source" ] || h5t_die "no source for $1 $2"
  SRC[$1]="$dir"
  sources_text+="$1 $2 $(sed -n 's/^sha256 //p' "$dir/.h5tables-source")
"
done

key_text="codecs $os-$arch
${sources_text}${compilers} ${CFLAGS:-} ${CXXFLAGS:-}
$sysroot_key
$(cat "${BASH_SOURCE[0]}")"
key=$(printf '%s' "$key_text" | (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-12)
name="codecs-$os-$arch$sysroot_tag-$key"
prefix="$H5T_CACHE/$name"
if [ -f "$prefix/.h5tables-build" ]; then
  h5t_log "codecs already built: $prefix"
  printf '%s\n' "$prefix"
  exit 0
fi

build="$H5T_CACHE/build/$name"
rm -rf "$build" "$prefix"
# A failed build leaves no prefix behind that looks half usable.
trap '[ -f "$prefix/.h5tables-build" ] || rm -rf "$prefix"' EXIT
mkdir -p "$build" "$prefix/lib" "$prefix/include" "$prefix/licenses"
start=$(date +%s)

common=(
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_INSTALL_PREFIX="$prefix"
  -DCMAKE_INSTALL_LIBDIR=lib
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  -DCMAKE_C_VISIBILITY_PRESET=hidden
  -DCMAKE_CXX_VISIBILITY_PRESET=hidden
  -DCMAKE_VISIBILITY_INLINES_HIDDEN=ON
  -DBUILD_SHARED_LIBS=OFF
  ${sysroot_args[@]+"${sysroot_args[@]}"}
)
cmake_build() { # name source-dir cmake-args...
  local n="$1" s="$2"; shift 2
  h5t_log "building $n"
  cmake -S "$s" -B "$build/$n" "${common[@]}" "$@" >"$build/$n.log" 2>&1 ||
    { tail -n 30 "$build/$n.log" >&2; h5t_die "configuring $n failed (log: $build/$n.log)"; }
  { cmake --build "$build/$n" --config Release --parallel "$jobs" && cmake --install "$build/$n" --config Release; } \
    >>"$build/$n.log" 2>&1 || { tail -n 30 "$build/$n.log" >&2; h5t_die "building $n failed (log: $build/$n.log)"; }
}

cmake_build lz4 "${SRC[lz4]}/build/cmake" -DLZ4_BUILD_CLI=OFF -DLZ4_BUILD_LEGACY_LZ4C=OFF \
  -DBUILD_STATIC_LIBS=ON -DLZ4_POSITION_INDEPENDENT_LIB=ON
cmake_build zstd "${SRC[libzstd]}/build/cmake" -DZSTD_BUILD_PROGRAMS=OFF -DZSTD_BUILD_TESTS=OFF \
  -DZSTD_BUILD_SHARED=OFF -DZSTD_BUILD_STATIC=ON -DZSTD_MULTITHREAD_SUPPORT=OFF -DZSTD_LEGACY_SUPPORT=OFF
cmake_build snappy "${SRC[snappy]}" -DSNAPPY_BUILD_TESTS=OFF -DSNAPPY_BUILD_BENCHMARKS=OFF
# Blosc with the codecs above (its Debian source has no internal copies) and the system
# zlib the addon already links for HDF5.
cmake_build blosc "${SRC[c-blosc]}" -DBUILD_STATIC=ON -DBUILD_SHARED=OFF -DBUILD_TESTS=OFF \
  -DBUILD_FUZZERS=OFF -DBUILD_BENCHMARKS=OFF -DDEACTIVATE_SNAPPY=OFF \
  -DPREFER_EXTERNAL_LZ4=ON -DPREFER_EXTERNAL_ZSTD=ON -DPREFER_EXTERNAL_ZLIB=ON \
  -DLZ4_INCLUDE_DIR="$prefix/include" -DLZ4_LIBRARY="$prefix/lib/liblz4.a" \
  -DZSTD_INCLUDE_DIR="$prefix/include" -DZSTD_LIBRARY="$prefix/lib/libzstd.a" \
  -DSNAPPY_INCLUDE_DIR="$prefix/include" -DSNAPPY_LIBRARY="$prefix/lib/libsnappy.a"

# bzip2 and liblzf ship a Makefile / an autoconf script: a small CMake project compiles
# their few files, so the same toolchain (and sysroot) applies to them.
small_lib() { # name source-dir library header files...
  local n="$1" s="$2" lib="$3" header="$4"; shift 4
  local files="" f
  for f in "$@"; do files+=" \"$s/$f\""; done
  mkdir -p "$build/$n-project"
  printf '%s\n' \
    "cmake_minimum_required(VERSION 3.18)" \
    "project($n C)" \
    "add_library($lib STATIC$files)" \
    "target_include_directories($lib PRIVATE \"$s\")" \
    "install(TARGETS $lib ARCHIVE DESTINATION lib)" \
    "install(FILES \"$s/$header\" DESTINATION include)" > "$build/$n-project/CMakeLists.txt"
  cmake_build "$n" "$build/$n-project"
}
small_lib bzip2 "${SRC[bzip2]}" bz2 bzlib.h blocksort.c huffman.c crctable.c randtable.c compress.c decompress.c bzlib.c
# liblzf's lzfP.h settings are its defaults, which are what h5py builds with.
small_lib lzf "${SRC[liblzf]}" lzf lzf.h lzf_c.c lzf_d.c

# The compressors blosc really has: a probe linked as the addon links them.
probe="$build/probe-project"
mkdir -p "$probe"
printf '%s\n' '#include <stdio.h>' '#include <blosc.h>' \
  'int main(void) { printf("%s\n", blosc_list_compressors()); return 0; }' > "$probe/p.c"
libs=""
for l in blosc snappy lz4 zstd; do libs+=" \"$prefix/lib/lib$l.a\""; done
printf '%s\n' \
  "cmake_minimum_required(VERSION 3.18)" \
  "project(probe C CXX)" \
  "find_package(ZLIB REQUIRED)" \
  "find_package(Threads REQUIRED)" \
  "add_executable(probe p.c)" \
  "target_include_directories(probe PRIVATE \"$prefix/include\")" \
  "target_link_libraries(probe PRIVATE$libs \${ZLIB_LIBRARIES} Threads::Threads m)" \
  "set_target_properties(probe PROPERTIES LINKER_LANGUAGE CXX)" > "$probe/CMakeLists.txt"
h5t_log "probing blosc's compressors"
{ cmake -S "$probe" -B "$build/probe" "${common[@]}" && cmake --build "$build/probe"; } >"$build/probe.log" 2>&1 ||
  { tail -n 30 "$build/probe.log" >&2; h5t_die "the blosc probe did not build (log: $build/probe.log)"; }
have=$("$build/probe/probe")
[ "$have" = "$BLOSC_COMPRESSORS" ] || h5t_die "blosc was built with compressors '$have', not $BLOSC_COMPRESSORS"

# Licenses, which must travel with binaries built from these sources.
lic() { # name files...
  local n="$1"; shift
  { for f in "$@"; do printf '==> %s <==\n' "$(basename "$f")"; cat "$f"; printf '\n'; done; } > "$prefix/licenses/$n.txt"
}
lic c-blosc "${SRC[c-blosc]}/LICENSE.txt" "${SRC[c-blosc]}/LICENSES/BITSHUFFLE.txt" "${SRC[c-blosc]}/LICENSES/FASTLZ.txt"
lic lz4 "${SRC[lz4]}/lib/LICENSE"
lic zstd "${SRC[libzstd]}/LICENSE"
lic snappy "${SRC[snappy]}/COPYING"
lic bzip2 "${SRC[bzip2]}/LICENSE"
lic liblzf "${SRC[liblzf]}/LICENSE"

{ printf '%s' "$sources_text"; printf '%s\n%s\nblosc compressors %s\n' "$compilers" "$sysroot_key" "$have"; } \
  > "$prefix/.h5tables-build"
rm -rf "$build"
h5t_log "codecs built in $(( $(date +%s) - start )) s: $prefix"
printf '%s\n' "$prefix"
