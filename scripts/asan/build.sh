#!/usr/bin/env bash
# Builds the addon with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/<variant>/Release/h5tables.node (never build/, which would shadow the prebuild).
#
#   bash scripts/asan/build.sh system    # against Debian's HDF5 (apt-get install libhdf5-dev)
#   bash scripts/asan/build.sh bundled   # against scripts/build-hdf5.sh's HDF5, built sanitized
#
# Variables: H5TABLES_JOBS (default 2), and build-hdf5.sh's own (H5TABLES_CACHE, ...).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
variant=$(asan_variant "${1:-}")
jobs="${H5TABLES_JOBS:-2}"
out=$(asan_build_dir "$variant")

args=(--out "$out" --CDH5TABLES_SANITIZE=ON)
if [ "$variant" = bundled ]; then
  asan_log "building (or finding cached) HDF5 with $ASAN_HDF5_CFLAGS"
  # HDF5's build runs programs it just compiled: no leak report may fail it.
  prefix=$(CC="$ASAN_ROOT/scripts/asan/cc.sh" CFLAGS="$ASAN_HDF5_CFLAGS" H5TABLES_JOBS="$jobs" ASAN_OPTIONS=detect_leaks=0 \
    bash "$ASAN_ROOT/scripts/build-hdf5.sh" | tail -n1)
  args+=(--CDH5TABLES_HDF5_PREFIX="$prefix")
else
  # An environment prefix would make CMake pick the bundled HDF5.
  unset H5TABLES_HDF5_PREFIX
fi

cd "$ASAN_ROOT"
# configure, then an incremental build: a second run rebuilds only what changed.
asan_log "cmake-js configure ${args[*]}"
npx cmake-js configure "${args[@]}" >&2
npx cmake-js build --out "$out" --parallel "$jobs" >&2
[ -f "$(asan_addon "$variant")" ] || asan_die "no $(asan_addon "$variant") after the build"
asan_addon "$variant"
