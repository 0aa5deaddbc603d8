#!/usr/bin/env bash
# Obtains an HDF5 source tree for the bundled (static) build and prints its path on
# stdout (the last line; everything else goes to stderr).
#
#   bash scripts/fetch-hdf5-source.sh
#
# Where the source comes from, in order:
#   1. $H5TABLES_HDF5_SOURCE: a source directory, a tarball (.tar.gz/.tar.bz2/.tar.xz), or
#      a URL of a tarball (http, https, ftp, file).
#   2. The HDF Group's release tarball of the version in scripts/hdf5-version.
#   3. Debian's source package of that version (`apt-get source --download-only`), looked
#      up in the suites sid, forky, trixie and experimental of the mirror this machine
#      already has configured, with a throwaway sources file and apt state folder: nothing
#      in /etc/apt or /var/lib/apt is changed. Only the upstream .orig tarball is used;
#      none of Debian's patches are applied (ours, patches/hdf5/, are: scripts/build-hdf5.sh).
#
# Other variables:
#   H5TABLES_CACHE          cache folder (default $XDG_CACHE_HOME/h5tables or ~/.cache/h5tables)
#   H5TABLES_HDF5_VERSION   HDF5 version wanted (default: scripts/hdf5-version)
#   H5TABLES_HDF5_SHA256    if set, the downloaded tarball must have this SHA-256
#   H5TABLES_DEBIAN_MIRROR  Debian mirror URI for step 3 (default: from /etc/apt)
#   H5TABLES_DEBIAN_SUITE   Debian suite(s) for step 3, space-separated (default: sid forky
#                           trixie experimental; 1.14.6 is in sid, beside 2.x)
#   H5TABLES_NO_DEBIAN=1    skip step 3
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/hdf5-common.sh"

VER="$H5T_HDF5_VERSION"
SRC_ROOT="$H5T_CACHE/src"
DL_DIR="$H5T_CACHE/downloads"
mkdir -p "$SRC_ROOT" "$DL_DIR"

# --- helpers -------------------------------------------------------------------------

download() { # url dest
  local url="$1" dest="$2"
  h5t_log "downloading $url"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --connect-timeout 15 --retry 2 -o "$dest.part" "$url" || { rm -f "$dest.part"; return 1; }
  elif command -v wget >/dev/null 2>&1; then
    wget -q -T 15 -t 2 -O "$dest.part" "$url" || { rm -f "$dest.part"; return 1; }
  else
    h5t_log "neither curl nor wget is installed"; return 1
  fi
  mv "$dest.part" "$dest"
}

check_sha256() { # file
  [ -n "${H5TABLES_HDF5_SHA256:-}" ] || return 0
  local got; got=$(h5t_sha256 "$1")
  [ "$got" = "$H5TABLES_HDF5_SHA256" ] ||
    h5t_die "$1: SHA-256 is $got, H5TABLES_HDF5_SHA256 wants $H5TABLES_HDF5_SHA256"
}

# Extracts tarball $1 into $2 (which must not exist yet) and checks it is an HDF5 tree
# of the wanted version. $3 describes the origin, recorded in $2/.h5tables-source.
extract() {
  local tarball="$1" dest="$2" origin="$3" tmp top got
  tmp=$(mktemp -d "$SRC_ROOT/.extract.XXXXXX")
  h5t_log "extracting $(basename "$tarball")"
  tar -xf "$tarball" -C "$tmp"
  top=$(find "$tmp" -maxdepth 3 -path '*/src/H5public.h' | head -n1)
  [ -n "$top" ] || { rm -rf "$tmp"; h5t_die "$tarball holds no HDF5 source tree (no src/H5public.h)"; }
  top=$(dirname "$(dirname "$top")")
  got=$(h5t_source_version "$top")
  if [ "$got" != "$VER" ]; then
    rm -rf "$tmp"
    h5t_die "$tarball is HDF5 $got, but $VER is wanted (set H5TABLES_HDF5_VERSION=$got to use it, and update scripts/hdf5-version)"
  fi
  printf 'version %s\norigin %s\nsha256 %s\n' "$got" "$origin" "$(h5t_sha256 "$tarball")" > "$top/.h5tables-source"
  rm -rf "$dest"
  mv "$top" "$dest"
  rm -rf "$tmp"
}

done_with() { h5t_log "HDF5 $VER source: $1"; printf '%s\n' "$1"; exit 0; }

# --- 1. an explicit source -----------------------------------------------------------

if [ -n "${H5TABLES_HDF5_SOURCE:-}" ]; then
  s="$H5TABLES_HDF5_SOURCE"
  if [ -d "$s" ]; then
    s=$(cd "$s" && pwd)
    got=$(h5t_source_version "$s") || h5t_die "$s is not an HDF5 source tree (no src/H5public.h)"
    [ "$got" = "$VER" ] ||
      h5t_die "$s is HDF5 $got, but $VER is wanted (set H5TABLES_HDF5_VERSION=$got to use it)"
    done_with "$s"
  fi
  case "$s" in
    http://*|https://*|ftp://*|file://*)
      name=$(basename "${s%%\?*}")
      key=$(printf '%s' "$s" | (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-12)
      dest="$SRC_ROOT/url-$key-hdf5-$VER"
      [ -f "$dest/.h5tables-source" ] && done_with "$dest"
      tarball="$DL_DIR/url-$key-$name"
      [ -f "$tarball" ] || download "$s" "$tarball" || h5t_die "could not download $s"
      check_sha256 "$tarball"
      extract "$tarball" "$dest" "$s"
      done_with "$dest" ;;
    *)
      [ -f "$s" ] || h5t_die "H5TABLES_HDF5_SOURCE=$s is neither a directory, a file nor a URL"
      tarball=$(cd "$(dirname "$s")" && pwd)/$(basename "$s")
      check_sha256 "$tarball"
      key=$(h5t_sha256 "$tarball" | cut -c1-12)
      dest="$SRC_ROOT/file-$key-hdf5-$VER"
      [ -f "$dest/.h5tables-source" ] && done_with "$dest"
      extract "$tarball" "$dest" "$tarball"
      done_with "$dest" ;;
  esac
fi

# --- 2. the HDF Group's release tarball ----------------------------------------------

dest="$SRC_ROOT/hdf5-$VER"
[ -f "$dest/.h5tables-source" ] && done_with "$dest"

mm=${VER%.*}                  # 1.14
tag_dir="v${mm//./_}/v${VER//./_}"   # v1_14/v1_14_5
urls=(
  "https://support.hdfgroup.org/releases/hdf5/$tag_dir/downloads/hdf5-$VER.tar.gz"
  "https://github.com/HDFGroup/hdf5/releases/download/hdf5_$VER/hdf5-$VER.tar.gz"
)
tarball="$DL_DIR/hdf5-$VER.tar.gz"
if [ ! -f "$tarball" ]; then
  for u in "${urls[@]}"; do
    download "$u" "$tarball" && break
    h5t_log "could not download $u"
  done
fi
if [ -f "$tarball" ]; then
  check_sha256 "$tarball"
  extract "$tarball" "$dest" "HDF Group release tarball hdf5-$VER.tar.gz"
  done_with "$dest"
fi

# --- 3. Debian's source package (upstream .orig tarball only) -------------------------

[ "${H5TABLES_NO_DEBIAN:-}" = 1 ] && h5t_die "no HDF5 source: set H5TABLES_HDF5_SOURCE to a tarball, directory or URL"
command -v apt-get >/dev/null 2>&1 ||
  h5t_die "the HDF Group's tarball could not be downloaded and this is no Debian system: set H5TABLES_HDF5_SOURCE to a tarball, directory or URL"

suites="${H5TABLES_DEBIAN_SUITE:-sid forky trixie experimental}"
shopt -s nullglob
deb_orig=("$DL_DIR"/hdf5_"$VER"*.orig.tar.*)
if [ ${#deb_orig[@]} -eq 0 ]; then
  mirror="${H5TABLES_DEBIAN_MIRROR:-}"
  if [ -z "$mirror" ]; then
    # The first URI of the machine's own Debian archive (deb822 'URIs:' lines or one-line
    # 'deb' entries), skipping security and third-party repositories.
    mirror=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
                cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                  sed -n 's/^deb\(-src\)\{0,1\}[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\3/p'
              } | grep -E '/debian/?$' | head -n1 || true)
  fi
  [ -n "$mirror" ] || h5t_die "found no Debian mirror in /etc/apt: set H5TABLES_DEBIAN_MIRROR (or H5TABLES_HDF5_SOURCE)"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || h5t_die "$keyring is missing (apt-get install debian-archive-keyring)"

  work=$(mktemp -d "$H5T_CACHE/apt.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/dl"
  for suite in $suites; do
    printf 'deb-src [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite"
  done > "$work/sources.list"
  apt_opts=(
    -o "Dir::Etc::SourceList=$work/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "APT::Sandbox::User=root"
    -o "Debug::NoLocking=1"
  )
  h5t_log "fetching Debian's hdf5 $VER source package from $mirror ($suites; throwaway apt state in $work)"
  apt-get -q "${apt_opts[@]}" update >&2 || h5t_die "apt-get update for $suites failed"
  # The suites hold several versions (sid has 1.14.6 beside 2.x): take the newest Debian
  # revision of the upstream version wanted.
  debvers=$(apt-cache "${apt_opts[@]}" showsrc hdf5 2>/dev/null | sed -n 's/^Version: //p' | sort -u)
  want=""
  for v in $debvers; do
    case "$v" in
      "$VER"-*|"$VER"+*) if [ -z "$want" ] || dpkg --compare-versions "$v" gt "$want" 2>/dev/null; then want="$v"; fi ;;
    esac
  done
  [ -n "$want" ] ||
    h5t_die "Debian ($suites) has hdf5 $(echo $debvers), not $VER (set H5TABLES_HDF5_VERSION or H5TABLES_HDF5_SOURCE)"
  # --download-only: the .dsc, the .orig tarball and Debian's packaging; nothing applied.
  (cd "$work/dl" && apt-get -q "${apt_opts[@]}" source --download-only "hdf5=$want" >&2) ||
    h5t_die "apt-get source hdf5=$want failed"
  deb_orig=("$work/dl"/hdf5_*.orig.tar.*)
  [ ${#deb_orig[@]} -eq 1 ] || h5t_die "expected one hdf5_*.orig.tar.* from apt-get source, got: $(ls "$work/dl")"
  debver=$(basename "${deb_orig[0]}"); debver=${debver#hdf5_}; debver=${debver%%.orig.tar.*}
  case "$debver" in
    "$VER"|"$VER"+*) ;;
    *) h5t_die "Debian's hdf5=$want came with $debver, not $VER (set H5TABLES_HDF5_VERSION or H5TABLES_HDF5_SOURCE)" ;;
  esac
  cp "${deb_orig[0]}" "$DL_DIR/"
  cp "$work/dl"/*.dsc "$DL_DIR/" 2>/dev/null || true
  deb_orig=("$DL_DIR/$(basename "${deb_orig[0]}")")
fi
check_sha256 "${deb_orig[0]}"
extract "${deb_orig[0]}" "$dest" "Debian source package, $(basename "${deb_orig[0]}") (upstream source, no Debian patches)"
done_with "$dest"
