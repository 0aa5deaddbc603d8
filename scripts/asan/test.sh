#!/usr/bin/env bash
# npm run test:asan [-- system|bundled]: builds the sanitizer addon for each variant (both by
# default; see scripts/asan/build.sh) and runs the suite and the corpus on it (run.sh).
# Exit status 1 if any variant fails; each run prints its sanitizer reports.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(system bundled)
status=0 summary=""
for v in "${variants[@]}"; do
  if bash "$here/build.sh" "$v" >/dev/null && bash "$here/run.sh" "$v"; then
    summary+="  $v: clean"$'\n'
  else
    status=1 summary+="  $v: FAILED"$'\n'
  fi
done
printf '[asan] summary:\n%s' "$summary" >&2
exit "$status"
