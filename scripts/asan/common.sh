# Shared by scripts/asan/*.sh (sourced, not run): where each sanitizer build lives.
#   variant "system":  Debian's shared HDF5 (libhdf5-dev), only the addon instrumented
#   variant "bundled": scripts/build-hdf5.sh's static HDF5, itself built with the sanitizers
ASAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Compiler flags of the sanitized HDF5; part of build-hdf5.sh's cache key (through CFLAGS),
# so that build gets its own prefix beside the plain one.
ASAN_HDF5_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -g"

asan_log() { printf '%s\n' "[asan] $*" >&2; }
asan_die() { printf '%s\n' "[asan] error: $*" >&2; exit 1; }

asan_variant() { # checks $1, prints it
  case "${1:-}" in
    system|bundled) printf '%s\n' "$1" ;;
    *) asan_die "variant must be 'system' or 'bundled', got '${1:-}'" ;;
  esac
}

# build-asan/<variant>/: outside build/, so node-gyp-build never picks it up.
asan_build_dir() { printf '%s\n' "$ASAN_ROOT/build-asan/$1"; }
asan_addon() { printf '%s\n' "$ASAN_ROOT/build-asan/$1/Release/h5tables.node"; }
