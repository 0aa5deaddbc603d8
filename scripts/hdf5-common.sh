# Shared by scripts/fetch-hdf5-source.sh and scripts/build-hdf5.sh (sourced, not run).
# Everything here lives outside the source tree, in one cache folder:
#   $H5TABLES_CACHE, else $XDG_CACHE_HOME/h5tables, else ~/.cache/h5tables.

H5T_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
H5T_CACHE="${H5TABLES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/h5tables}"
# The HDF5 release the prebuilds carry. One place only: scripts/hdf5-version.
H5T_HDF5_VERSION="${H5TABLES_HDF5_VERSION:-$(tr -d ' \r\n' < "$H5T_ROOT/scripts/hdf5-version")}"

h5t_log() { printf '%s\n' "[h5tables] $*" >&2; }
h5t_die() { printf '%s\n' "[h5tables] error: $*" >&2; exit 1; }

# Prints "1.14.5" for an HDF5 source tree (read from src/H5public.h).
h5t_source_version() {
  local h="$1/src/H5public.h"
  [ -f "$h" ] || return 1
  local maj min rel
  maj=$(sed -n 's/^#define H5_VERS_MAJOR[[:space:]]*\([0-9]*\).*/\1/p' "$h")
  min=$(sed -n 's/^#define H5_VERS_MINOR[[:space:]]*\([0-9]*\).*/\1/p' "$h")
  rel=$(sed -n 's/^#define H5_VERS_RELEASE[[:space:]]*\([0-9]*\).*/\1/p' "$h")
  [ -n "$maj" ] && [ -n "$min" ] && [ -n "$rel" ] || return 1
  printf '%s.%s.%s\n' "$maj" "$min" "$rel"
}

h5t_sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
