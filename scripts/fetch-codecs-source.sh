#!/usr/bin/env bash
# Obtains the upstream source of one compression codec for the bundled build and prints
# its directory on stdout (the last line; logs go to stderr).
#
#   bash scripts/fetch-codecs-source.sh PACKAGE VERSION     e.g. c-blosc 1.21.5+ds
#
# PACKAGE and VERSION name a Debian source package and its upstream version (the part of
# the Debian version before the revision: c-blosc 1.21.5+ds, bzip2 1.0.8, liblzf 3.6,
# lz4 1.10.0, libzstd 1.5.7+dfsg, snappy 1.2.2). scripts/build-codecs.sh pins them.
# The .orig tarball is fetched with `apt-get source --download-only` from the suites sid,
# trixie and bookworm of the Debian mirror this machine has configured, with a throwaway
# sources file and apt state folder (nothing in /etc/apt or /var/lib/apt changes), and
# cached in $H5TABLES_CACHE/downloads; none of Debian's patches are applied.
#
# Variables (as for scripts/fetch-hdf5-source.sh):
#   H5TABLES_CACHE          cache folder (default $XDG_CACHE_HOME/h5tables or ~/.cache/h5tables)
#   H5TABLES_CODECS_SOURCE  a folder holding PACKAGE_VERSION.orig.tar.* files to use instead
#   H5TABLES_DEBIAN_MIRROR  Debian mirror URI (default: from /etc/apt)
#   H5TABLES_CODECS_SUITE   Debian suites, space-separated (default: sid trixie bookworm)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/hdf5-common.sh"

[ $# -eq 2 ] || h5t_die "usage: fetch-codecs-source.sh PACKAGE VERSION"
pkg="$1" ver="$2"
SRC_ROOT="$H5T_CACHE/src"
DL_DIR="$H5T_CACHE/downloads"
mkdir -p "$SRC_ROOT" "$DL_DIR"
dest="$SRC_ROOT/$pkg-$ver"

if [ -f "$dest/.h5tables-source" ]; then
  h5t_log "$pkg $ver source: $dest"
  printf '%s\n' "$dest"
  exit 0
fi

shopt -s nullglob
orig=("$DL_DIR/${pkg}_$ver".orig.tar.*)
if [ ${#orig[@]} -eq 0 ] && [ -n "${H5TABLES_CODECS_SOURCE:-}" ]; then
  orig=("$H5TABLES_CODECS_SOURCE/${pkg}_$ver".orig.tar.*)
fi
if [ ${#orig[@]} -eq 0 ]; then
  command -v apt-get >/dev/null 2>&1 ||
    h5t_die "no ${pkg}_$ver.orig.tar.* and this is no Debian system: put it in H5TABLES_CODECS_SOURCE"
  mirror="${H5TABLES_DEBIAN_MIRROR:-}"
  if [ -z "$mirror" ]; then
    # The first URI of the machine's own Debian archive, as fetch-hdf5-source.sh finds it.
    mirror=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
                cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                  sed -n 's/^deb\(-src\)\{0,1\}[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\3/p'
              } | grep -E '/debian/?$' | head -n1 || true)
  fi
  [ -n "$mirror" ] || h5t_die "found no Debian mirror in /etc/apt: set H5TABLES_DEBIAN_MIRROR"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || h5t_die "$keyring is missing (apt-get install debian-archive-keyring)"

  # One throwaway apt state per cache, reused by the codecs fetched in one build.
  work="$H5T_CACHE/apt-codecs"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  for suite in ${H5TABLES_CODECS_SUITE:-sid trixie bookworm}; do
    printf 'deb-src [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite"
  done > "$work/sources.list.new"
  apt_opts=(
    -o "Dir::Etc::SourceList=$work/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "APT::Sandbox::User=root"
    -o "Debug::NoLocking=1"
  )
  # Update when the suites changed or the lists are older than a day.
  if ! cmp -s "$work/sources.list.new" "$work/sources.list" 2>/dev/null ||
     [ -z "$(find "$work/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null | head -n1)" ]; then
    mv "$work/sources.list.new" "$work/sources.list"
    h5t_log "apt-get update of Debian source lists from $mirror (throwaway state in $work)"
    apt-get -q "${apt_opts[@]}" update >&2 || h5t_die "apt-get update of Debian source lists failed"
  else
    rm -f "$work/sources.list.new"
  fi
  # Debian revisions of the upstream version wanted, newest first. The mirror may lack a
  # revision's .dsc or Debian tarball: only the .orig tarball matters (apt checks its hash
  # against the signed Sources index), so the next revision is tried only when it is missing.
  wants=$(apt-cache "${apt_opts[@]}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -u |
    while read -r v; do up=${v#*:}; up=${up%-*}; [ "$up" = "$ver" ] && printf '%s\n' "$v"; done |
    sort -r -V || true)
  [ -n "$wants" ] || h5t_die "Debian has no source package $pkg of upstream version $ver"
  dl=$(mktemp -d "$H5T_CACHE/.dl.XXXXXX")
  got=()
  for want in $wants; do
    h5t_log "apt-get source --download-only $pkg=$want"
    (cd "$dl" && apt-get -q "${apt_opts[@]}" source --download-only "$pkg=$want" >&2) ||
      h5t_log "apt-get source $pkg=$want reported errors; checking for the .orig tarball"
    got=("$dl/${pkg}_$ver".orig.tar.*)
    [ ${#got[@]} -ge 1 ] && break
  done
  [ ${#got[@]} -ge 1 ] || { rm -rf "$dl"; h5t_die "apt-get source $pkg gave no ${pkg}_$ver.orig.tar.*"; }
  for f in "${got[@]}"; do case "$f" in *.asc) ;; *) cp "$f" "$DL_DIR/" ;; esac; done
  rm -rf "$dl"
  orig=("$DL_DIR/${pkg}_$ver".orig.tar.*)
fi
tarball=""
for f in "${orig[@]}"; do case "$f" in *.asc) ;; *) tarball="$f" ;; esac; done
[ -n "$tarball" ] || h5t_die "no ${pkg}_$ver.orig.tar.* found"

tmp=$(mktemp -d "$SRC_ROOT/.extract.XXXXXX")
tar -xf "$tarball" -C "$tmp"
# The tarball holds one top folder (its name varies: c-blosc-1.21.5, lz4-1.10.0, ...).
tops=("$tmp"/*)
if [ ${#tops[@]} -eq 1 ] && [ -d "${tops[0]}" ]; then top="${tops[0]}"; else top="$tmp"; fi
printf 'package %s\nversion %s\norigin Debian source package, %s (upstream source, no Debian patches)\nsha256 %s\n' \
  "$pkg" "$ver" "$(basename "$tarball")" "$(h5t_sha256 "$tarball")" > "$top/.h5tables-source"
rm -rf "$dest"
mv "$top" "$dest"
rm -rf "$tmp"
h5t_log "$pkg $ver source: $dest"
printf '%s\n' "$dest"
