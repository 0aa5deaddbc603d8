#!/usr/bin/env bash
# Runs the vitest suite and the hostile-file corpus on a sanitizer build of the addon
# (scripts/asan/build.sh), and fails when a sanitizer reported anything, printing each report.
#
#   bash scripts/asan/run.sh system|bundled [--corpus DIR] [--no-vitest] [--no-corpus]
#                            [--no-lifetime] [VITEST ARGS...]
#
# Three parts: the vitest suite; every file of the corpus in every way of opening
# (corpus.ts); buffers freed by JavaScript while the binding uses them (lifetime.ts).
#
# Node itself is not instrumented: the sanitizer runtimes are preloaded into every node
# process (vitest's forks and the children tests start inherit the environment), and the
# tests load the build through H5TABLES_ADDON (lib/native.ts). Reports go to files
# (log_path) in build-asan/<variant>/reports/, so none is lost in a child's captured stderr.
# Variables: H5TABLES_ASAN_CORPUS (the corpus; default test/fixtures/hostile), and those of
# scripts/asan/corpus.ts.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
variant=$(asan_variant "${1:-}")
shift
corpus="${H5TABLES_ASAN_CORPUS:-$ASAN_ROOT/test/fixtures/hostile}"
do_vitest=1 do_corpus=1 do_lifetime=1
vitest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus="$2"; shift 2 ;;
    --no-vitest) do_vitest=0; shift ;;
    --no-corpus) do_corpus=0; shift ;;
    --no-lifetime) do_lifetime=0; shift ;;
    *) vitest_args+=("$1"); shift ;;
  esac
done

addon=$(asan_addon "$variant")
[ -f "$addon" ] || asan_die "$addon is missing: run bash scripts/asan/build.sh $variant"
# The runtimes the addon was linked with (gcc's), found from the addon itself.
runtime() { ldd "$addon" | awk -v n="$1" '$1 ~ "^" n "\\.so" { print $3 }'; }
libasan=$(runtime libasan) libubsan=$(runtime libubsan)
[ -n "$libasan" ] && [ -n "$libubsan" ] || asan_die "$addon is not linked with libasan and libubsan (built without H5TABLES_SANITIZE?)"

reports="$(asan_build_dir "$variant")/reports"
# The system variant's reports from inside Debian's HDF5 (see corpus.ts), kept apart.
system_hdf5="$(asan_build_dir "$variant")/system-hdf5-reports"
rm -rf "$reports" "$system_hdf5"
mkdir -p "$reports/vitest" "$reports/corpus" "$reports/lifetime"

# detect_leaks=0: V8 and Node leave memory behind at exit by design.
# allocator_may_return_null=1: an absurd malloc returns NULL as with glibc, so the binding's
# own out-of-memory path runs instead of ASan's "allocation-size-too-big" abort.
asan_env() { # phase
  export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:allocator_may_return_null=1:detect_stack_use_after_return=0:log_path=$reports/$1/asan${ASAN_EXTRA:+:$ASAN_EXTRA}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/$1/ubsan"
  export LD_PRELOAD="$libasan $libubsan"
  export H5TABLES_ADDON="$addon"
}

cd "$ASAN_ROOT"
asan_log "$variant: $addon"
npm run --silent build:ts # tests of workers load dist/

status=0
if [ "$do_vitest" = 1 ]; then
  # test/package/ tests the committed prebuild, not this build (and
  # ldd lists LD_PRELOAD's libraries as the prebuild's). external-memory.test.ts bounds RSS,
  # which ASan inflates by design: freed memory waits in its quarantine (256 MiB) so that a
  # use after free is caught (measured: 240 MiB over its 150 MiB bound under ASan).
  # robustness/reproducers.test.ts expects the patched HDF5 the prebuild ships: against
  # Debian's 1.10.8 its files crash inside HDF5 (patch 0001's dense link table bug), so the
  # system variant leaves it to the corpus part, which runs the same files and says where
  # each report is.
  excludes=(--exclude 'test/package/**' --exclude test/native/external-memory.test.ts)
  [ "$variant" = system ] && excludes+=(--exclude test/robustness/reproducers.test.ts)
  asan_log "vitest (without$(printf ' %s' "${excludes[@]}" | sed 's/ --exclude//g'))"
  (asan_env vitest
   npx vitest run "${excludes[@]}" "${vitest_args[@]}") || status=1
fi
if [ "$do_corpus" = 1 ]; then
  if [ -d "$corpus" ]; then
    asan_log "corpus $corpus"
    # hard_rss_limit_mb: a file that makes HDF5 allocate without end is a report, not the OOM killer.
    (ASAN_EXTRA="hard_rss_limit_mb=${H5TABLES_ASAN_RSS_MB:-6144}" asan_env corpus
     [ "$variant" = system ] && export H5TABLES_ASAN_SYSTEM_HDF5="$system_hdf5"
     H5TABLES_ASAN_REPORTS="$reports/corpus" node --import tsx scripts/asan/corpus.ts "$corpus") || status=1
  else
    asan_log "FAIL: no corpus at $corpus (set H5TABLES_ASAN_CORPUS or --corpus DIR)"
    status=1
  fi
fi
if [ "$do_lifetime" = 1 ]; then
  asan_log "buffer lifetimes"
  (asan_env lifetime; node --expose-gc --import tsx scripts/asan/lifetime.ts) || status=1
fi

# Every report: the error and the top frames of each stack in it (where it happened, where
# the memory was allocated and freed), plus deeper frames in binding/; no shadow map. The
# whole report stays in its file.
# Two kinds of file are no finding, and are only counted: allocation-size warnings (with
# allocator_may_return_null an absurd malloc returns NULL and ASan says so: the binding's
# out-of-memory path, which tests provoke on purpose), and "Failed to mmap" alone (a process
# started under `ulimit -v`, as read-limits.test.ts probes: ASan reserves terabytes of
# address space, so Node cannot start there and that test has nothing to show).
notices=0
found=""
for r in $(find "$reports" -type f | sort); do
  if ! grep -qvE '^(==[0-9]+==WARNING: AddressSanitizer failed to allocate 0x[0-9a-f]+ bytes|=+|ERROR: Failed to mmap|)$' "$r"; then
    notices=$((notices + 1))
  else
    found+="$r"$'\n'
  fi
done
found=${found%$'\n'}
[ "$notices" = 0 ] || asan_log "$variant: $notices notice(s) without a finding (refused absurd allocations, ASan under ulimit -v)"
if [ -n "$found" ]; then
  status=1
  for r in $found; do
    printf '\n===== %s\n' "${r#"$ASAN_ROOT"/}" >&2
    awk -v max="${H5TABLES_ASAN_FRAMES:-12}" '
      /^Shadow bytes around/ { skip = 1 }
      /^==[0-9]+==ABORTING/ { skip = 0 }
      skip { next }
      /^ *#[0-9]+ / {
        n = substr($1, 2) + 0
        if (n == 0) gap = 0
        if (n < max || (/\/binding\// && n < 60)) { print; gap = 0 } else if (!gap) { print "    ..."; gap = 1 }
        next
      }
      { print }' "$r" >&2
  done
  asan_log "$variant: $(printf '%s\n' "$found" | wc -l) sanitizer report(s), listed above"
fi
if [ -d "$system_hdf5" ]; then
  asan_log "$variant: $(find "$system_hdf5" -type f | wc -l) report(s) inside the system's libhdf5 (not ours, no failure), in ${system_hdf5#"$ASAN_ROOT"/}/"
fi
[ "$status" = 0 ] && asan_log "$variant: clean" || asan_log "$variant: FAILED"
exit "$status"
