#!/usr/bin/env bash
# Formats the C++ in binding/ with clang-format (.clang-format), or with --check reports
# files that are not formatted. Debian: apt-get install clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format not found: apt-get install clang-format" >&2; exit 1; }
mapfile -t files < <(find binding -type f \( -name '*.cc' -o -name '*.h' \) | sort)
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror "${files[@]}"
else
  clang-format -i "${files[@]}"
fi
