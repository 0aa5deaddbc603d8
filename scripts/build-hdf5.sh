#!/usr/bin/env bash
# Builds HDF5 (C library only) from source as a static, position-independent library
# into a cached install prefix outside the source tree, and prints that prefix on stdout
# (the last line; logs go to stderr). A second run with the same inputs prints the cached
# prefix at once.
#
# patches/hdf5/NNNN-*.patch (fixes for crashes and hangs on corrupt files, each naming the
# reproducer it fixes; written for the version in scripts/hdf5-version) are applied in name
# order with `patch -p1` to a copy of the source, never to the cached tree. They are part of
# the cache key, so a changed patch means a new build.
#
#   bash scripts/build-hdf5.sh                 # source from scripts/fetch-hdf5-source.sh
#   cmake-js rebuild --CDH5TABLES_HDF5_PREFIX="$(bash scripts/build-hdf5.sh)"
#
# Variables:
#   H5TABLES_CACHE             cache folder (see scripts/hdf5-common.sh)
#   H5TABLES_HDF5_SOURCE_DIR   use this HDF5 source tree instead of fetching one
#   H5TABLES_HDF5_SOURCE, H5TABLES_HDF5_VERSION, ...   see scripts/fetch-hdf5-source.sh
#   H5TABLES_HDF5_THREADSAFE   ON/OFF; default ON, OFF on Windows (HDF5 1.14 refuses
#                              thread-safe + static there; the addon then serialises calls)
#   H5TABLES_ZLIB_SOURCE       a zlib source tarball, directory or URL: build zlib statically
#                              into the same prefix (for Windows, which has no system zlib).
#                              Unset: link the system zlib (zlib1g-dev / zlib-devel / zlib-dev).
#   H5TABLES_JOBS              parallel build jobs (default: number of cores)
#   H5TABLES_SYSROOT           Linux: an older-glibc sysroot from scripts/sysroot.sh; HDF5 is
#                              then compiled against its glibc and zlib
#                              (cmake/linux-sysroot.toolchain.cmake), for prebuilds that load on
#                              older distributions. Part of the cache key.
#   CMAKE_GENERATOR, CC, CFLAGS, CMAKE_OSX_ARCHITECTURES, MACOSX_DEPLOYMENT_TARGET: as usual
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/hdf5-common.sh"

# --- the platform --------------------------------------------------------------------
os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$os" in
  linux*) os=linux ;;
  darwin*) os=darwin ;;
  mingw*|msys*|cygwin*) os=win32 ;;
esac
arch=$(uname -m)
[ -n "${CMAKE_OSX_ARCHITECTURES:-}" ] && arch="$CMAKE_OSX_ARCHITECTURES"
case "$arch" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; esac
libc=""
if [ "$os" = linux ] && { ldd --version 2>&1 | grep -qi musl || [ -e /etc/alpine-release ]; }; then libc=-musl; fi

# Windows paths for native tools (cmake, MSVC) when run from Git Bash / MSYS.
native_path() { if command -v cygpath >/dev/null 2>&1; then cygpath -m "$1"; else printf '%s\n' "$1"; fi; }

if [ -n "${H5TABLES_HDF5_THREADSAFE:-}" ]; then threadsafe="$H5TABLES_HDF5_THREADSAFE"
elif [ "$os" = win32 ]; then threadsafe=OFF
else threadsafe=ON; fi

jobs="${H5TABLES_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)}"

# --- what is needed ------------------------------------------------------------------
command -v cmake >/dev/null 2>&1 || h5t_die "cmake (>= 3.18) is needed: apt-get install cmake / dnf install cmake / brew install cmake"
cmver=$(cmake --version | sed -n 's/^cmake version \([0-9]*\.[0-9]*\).*/\1/p')
case "$cmver" in 3.1[89]|3.[2-9][0-9]|[4-9].*) ;; *) h5t_die "cmake >= 3.18 is needed, found $cmver" ;; esac

# --- an older-glibc sysroot (optional; Linux prebuilds) ------------------------------
sysroot_args=()
sysroot_key="sysroot none"
sysroot_tag=""
if [ -n "${H5TABLES_SYSROOT:-}" ]; then
  [ "$os" = linux ] || h5t_die "H5TABLES_SYSROOT is for Linux builds only"
  sysroot=$(cd "$H5TABLES_SYSROOT" && pwd) && [ -f "$sysroot/.h5tables-sysroot" ] ||
    h5t_die "H5TABLES_SYSROOT=$H5TABLES_SYSROOT is no sysroot made by scripts/sysroot.sh"
  toolchain="$H5T_ROOT/cmake/linux-sysroot.toolchain.cmake"
  sysroot_args=(-DCMAKE_TOOLCHAIN_FILE="$toolchain" -DH5TABLES_SYSROOT="$sysroot")
  # What the sysroot holds (suite, package versions) and how it is used, not where it lies.
  sysroot_key="sysroot $(cat "$sysroot/.h5tables-sysroot" "$toolchain" "$H5T_ROOT/cmake/glibc-compat.h" |
    (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-12) $(sed -n 's/^suite //p' "$sysroot/.h5tables-sysroot")"
  sysroot_tag="-$(sed -n 's/^suite //p' "$sysroot/.h5tables-sysroot")"
fi

# The sysroot brings its own zlib (scripts/sysroot.sh checks it).
if [ -z "${H5TABLES_ZLIB_SOURCE:-}" ] && [ "$os" != win32 ] && [ -z "${H5TABLES_SYSROOT:-}" ]; then
  cc="${CC:-cc}"
  probe=$(mktemp -d)
  printf '#include <zlib.h>\nint main(void) { return zlibVersion() == 0; }\n' > "$probe/z.c"
  if ! "$cc" "$probe/z.c" -o "$probe/z" -lz >/dev/null 2>&1; then
    rm -rf "$probe"
    h5t_die "zlib's headers and library are needed to build HDF5 with compression:
    Debian/Ubuntu: apt-get install zlib1g-dev
    Fedora/RHEL/AlmaLinux: dnf install zlib-devel
    Alpine: apk add zlib-dev
    macOS: xcode-select --install (the SDK has zlib)
  or set H5TABLES_ZLIB_SOURCE to a zlib source tarball/URL to build it statically."
  fi
  rm -rf "$probe"
fi

# --- the source ----------------------------------------------------------------------
if [ -n "${H5TABLES_HDF5_SOURCE_DIR:-}" ]; then
  src=$(cd "$H5TABLES_HDF5_SOURCE_DIR" && pwd)
else
  src=$(bash "$H5T_ROOT/scripts/fetch-hdf5-source.sh" | tail -n1)
fi
ver=$(h5t_source_version "$src") || h5t_die "$src is not an HDF5 source tree"
origin=$(cat "$src/.h5tables-source" 2>/dev/null || echo "directory $src")

# Our patches to HDF5, in the order they apply.
patch_dir="$H5T_ROOT/patches/hdf5"
patches=()
if [ -d "$patch_dir" ]; then
  shopt -s nullglob
  patches=("$patch_dir"/*.patch)
  shopt -u nullglob
fi
if [ ${#patches[@]} -gt 0 ] && ! command -v patch >/dev/null 2>&1; then
  h5t_die "patch is needed to apply patches/hdf5: apt-get install patch / dnf install patch / apk add patch"
fi
patch_key=""
for p in ${patches[@]+"${patches[@]}"}; do
  # Line endings normalised, as in scripts/prebuild-hash.js, so a Windows checkout keys the same.
  patch_key+="patch $(basename "$p") $(tr -d '\r' < "$p" | (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-64)
"
done

# --- the cache key: everything that changes the library ------------------------------
key_text="hdf5 $ver
$origin
threadsafe $threadsafe
zlib ${H5TABLES_ZLIB_SOURCE:-system}
cc ${CC:-default} ${CFLAGS:-} ${CMAKE_OSX_ARCHITECTURES:-} ${MACOSX_DEPLOYMENT_TARGET:-}
$sysroot_key
${patch_key}$(cat "${BASH_SOURCE[0]}")"
key=$(printf '%s' "$key_text" | (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-12)
name="hdf5-$ver-$os-$arch$libc$sysroot_tag-$key"
prefix="$H5T_CACHE/$name"
if [ -f "$prefix/.h5tables-build" ]; then
  h5t_log "HDF5 $ver (static, threadsafe=$threadsafe) already built: $prefix"
  native_path "$prefix"
  exit 0
fi

build="$H5T_CACHE/build/$name"
rm -rf "$build" "$prefix"
mkdir -p "$build"
start=$(date +%s)

if [ ${#patches[@]} -gt 0 ]; then
  h5t_log "applying ${#patches[@]} patch(es) from patches/hdf5 to a copy of the source"
  cp -R "$src" "$build/src"
  src="$build/src"
  for p in "${patches[@]}"; do
    # CRs dropped: a Windows checkout with autocrlf has CRLF patches, HDF5's source has LF.
    tr -d '\r' < "$p" > "$build/current.patch"
    patch -p1 -N -s -d "$src" < "$build/current.patch" >&2 ||
      h5t_die "patches/hdf5/$(basename "$p") does not apply to HDF5 $ver ($origin): update it for this version"
  done
  rm -f "$build/current.patch"
fi

cmake_common=(
  ${sysroot_args[@]+"${sysroot_args[@]}"}
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  -DCMAKE_C_VISIBILITY_PRESET=hidden
)
[ "$os" = win32 ] && cmake_common+=(-DCMAKE_MSVC_RUNTIME_LIBRARY=MultiThreadedDLL)
# Ninja builds HDF5 noticeably faster than make where it is installed (not on Windows,
# where it would need the MSVC environment; the Visual Studio generator is used there).
if [ -z "${CMAKE_GENERATOR:-}" ] && [ "$os" != win32 ] && command -v ninja >/dev/null 2>&1; then
  cmake_common+=(-G Ninja)
fi

# --- zlib from source (optional; Windows) --------------------------------------------
zlib_args=()
if [ -n "${H5TABLES_ZLIB_SOURCE:-}" ]; then
  zs="$H5TABLES_ZLIB_SOURCE"
  mkdir -p "$build/zlib-src"
  case "$zs" in
    http://*|https://*|file://*)
      h5t_log "downloading zlib from $zs"
      curl -fsSL --retry 2 -o "$build/zlib.tar.gz" "$zs" || h5t_die "could not download $zs"
      tar -xf "$build/zlib.tar.gz" -C "$build/zlib-src" --strip-components=1 ;;
    *) if [ -d "$zs" ]; then cp -R "$zs/." "$build/zlib-src/"
       else tar -xf "$zs" -C "$build/zlib-src" --strip-components=1; fi ;;
  esac
  h5t_log "building zlib (static)"
  cmake -S "$(native_path "$build/zlib-src")" -B "$(native_path "$build/zlib")" "${cmake_common[@]}" \
    -DCMAKE_INSTALL_PREFIX="$(native_path "$prefix")" -DBUILD_SHARED_LIBS=OFF -DZLIB_BUILD_EXAMPLES=OFF >&2
  cmake --build "$(native_path "$build/zlib")" --config Release --parallel "$jobs" >&2
  cmake --install "$(native_path "$build/zlib")" --config Release >&2
  # zlib's CMake builds both libz and libz-static: keep only the static one.
  rm -f "$prefix"/lib/libz.so* "$prefix"/lib/libz.*dylib "$prefix"/lib/zlib.lib "$prefix"/bin/zlib*.dll
  zlib_args=(-DZLIB_ROOT="$(native_path "$prefix")" -DZLIB_USE_STATIC_LIBS=ON -DHDF5_USE_ZLIB_STATIC=ON)
fi

# --- HDF5 ----------------------------------------------------------------------------
# Option names checked against HDF5 1.14.6's CMakeLists.txt, CMakeFilters.cmake,
# CMakePlugins.cmake, utils/CMakeLists.txt and config/cmake/ConfigureChecks.cmake.
h5t_log "configuring HDF5 $ver (static, PIC, threadsafe=$threadsafe, zlib ${H5TABLES_ZLIB_SOURCE:+static}${H5TABLES_ZLIB_SOURCE:-system})"
cmake -S "$(native_path "$src")" -B "$(native_path "$build/hdf5")" "${cmake_common[@]}" \
  -DCMAKE_INSTALL_PREFIX="$(native_path "$prefix")" \
  -DBUILD_SHARED_LIBS=OFF \
  -DBUILD_STATIC_LIBS=ON \
  -DONLY_SHARED_LIBS=OFF \
  -DBUILD_TESTING=OFF \
  -DHDF5_BUILD_TOOLS=OFF \
  -DHDF5_BUILD_UTILS=OFF \
  -DHDF5_BUILD_EXAMPLES=OFF \
  -DHDF5_BUILD_CPP_LIB=OFF \
  -DHDF5_BUILD_FORTRAN=OFF \
  -DHDF5_BUILD_JAVA=OFF \
  -DHDF5_BUILD_HL_LIB=OFF \
  -DHDF5_BUILD_DOC=OFF \
  -DHDF5_BUILD_GENERATORS=OFF \
  -DHDF5_ENABLE_THREADSAFE="$threadsafe" \
  -DHDF5_ENABLE_PARALLEL=OFF \
  -DHDF5_ENABLE_Z_LIB_SUPPORT=ON \
  -DHDF5_ENABLE_SZIP_SUPPORT=OFF \
  -DHDF5_ENABLE_SZIP_ENCODING=OFF \
  -DHDF5_ENABLE_PLUGIN_SUPPORT=OFF \
  -DHDF5_ALLOW_EXTERNAL_SUPPORT=NO \
  -DHDF5_ENABLE_ROS3_VFD=OFF \
  -DHDF5_ENABLE_HDFS=OFF \
  -DHDF5_ENABLE_DIRECT_VFD=OFF \
  -DHDF5_ENABLE_MIRROR_VFD=OFF \
  -DHDF5_ENABLE_SUBFILING_VFD=OFF \
  -DHDF5_ENABLE_MAP_API=OFF \
  -DHDF5_ENABLE_SANITIZERS=OFF \
  -DHDF5_NO_PACKAGES=ON \
  -DHDF5_ENABLE_ALL_WARNINGS=OFF \
  -DHDF5_DISABLE_COMPILER_WARNINGS=ON \
  "${zlib_args[@]}" >&2

# HDF5's CMake quietly drops zlib when it cannot find it: make that an error.
grep -q '^#define H5_HAVE_FILTER_DEFLATE 1' "$build/hdf5/src/H5pubconf.h" ||
  h5t_die "HDF5 was configured without zlib (H5_HAVE_FILTER_DEFLATE missing): see the cmake output above"

h5t_log "configured in $(( $(date +%s) - start )) s; building HDF5 with $jobs jobs"
cmake --build "$(native_path "$build/hdf5")" --config Release --parallel "$jobs" >&2
cmake --install "$(native_path "$build/hdf5")" --config Release >&2

# HDF5's license must travel with binaries built from it.
mkdir -p "$prefix/licenses"
cp "$src/COPYING" "$prefix/licenses/HDF5-COPYING"
[ -f "$src/COPYING_LBNL_HDF5" ] && cp "$src/COPYING_LBNL_HDF5" "$prefix/licenses/HDF5-COPYING_LBNL_HDF5"

{ printf '%s\n' "$key_text" | head -n 5; printf '%s\n' "$sysroot_key"; printf '%s' "$patch_key"; } > "$prefix/.h5tables-build"
rm -rf "$build"
h5t_log "HDF5 $ver built in $(( $(date +%s) - start )) s: $prefix"
native_path "$prefix"
