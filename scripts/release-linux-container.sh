#!/bin/sh
# Builds the Linux prebuild inside a release container (run by .github/workflows/release.yml):
#   quay.io/pypa/manylinux_2_28_x86_64 / _aarch64  (AlmaLinux 8, glibc 2.28): h5tables.glibc.node
#   node:20-alpine                                  (musl):                    h5tables.musl.node
#
#   docker run --rm -v "$PWD:/src" -w /src -v "$CACHE:/cache" -e H5TABLES_CACHE=/cache \
#     <image> sh scripts/release-linux-container.sh
#
# Installs what the image lacks (Node 20, cmake, zlib headers, bash), builds HDF5 and the
# addon with `npm run prebuildify`, then checks the result loads in this container: that
# is the oldest glibc the prebuild supports. Its glibc is the baseline, so no sysroot is
# used here (scripts/prebuildify-sysroot.js); libstdc++ and libgcc are linked statically,
# as in the sysroot build on a newer host, so the result needs no GLIBCXX/CXXABI version
# (prebuildify checks it). Without Docker, on Debian or Ubuntu, `npm run prebuildify`
# alone makes the glibc prebuild against a Debian 11 sysroot (README, Building from source).
set -eu

if [ -f /etc/alpine-release ]; then
  apk add --no-cache bash build-base cmake samurai zlib-dev linux-headers curl tar xz binutils
elif command -v dnf >/dev/null 2>&1; then
  # CMake starts its linker flags from LDFLAGS (HDF5's build and cmake-js's alike).
  export LDFLAGS="${LDFLAGS:-} -static-libstdc++ -static-libgcc"
  dnf -y -q install zlib-devel xz tar
  if ! command -v node >/dev/null 2>&1; then
    dnf -y -q module enable nodejs:20
    dnf -y -q install nodejs npm
  fi
  command -v cmake >/dev/null 2>&1 || dnf -y -q install cmake
else
  echo "release-linux-container.sh: unsupported image (need dnf or apk)" >&2
  exit 1
fi

echo "node $(node --version), npm $(npm --version), $(cmake --version | head -n1), $(${CC:-cc} --version | head -n1)"
ldd --version 2>&1 | head -n1 || true

# Only this build's prebuild goes into the artifact (not the committed linux-x64 one).
rm -rf prebuilds

# --ignore-scripts: the package's own install script would build against a system HDF5.
npm ci --ignore-scripts --no-audit --no-fund

H5TABLES_HDF5_PREFIX="$(bash scripts/build-hdf5.sh | tail -n1)"
export H5TABLES_HDF5_PREFIX
npm run prebuildify

# The prebuild loads here, on the oldest supported libc, without anything of a system HDF5.
PREBUILDS_ONLY=1 node -e "
  const b = require('node-gyp-build')(process.cwd());
  const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
  if (/libhdf5/.test(maps)) { console.error('a libhdf5 shared library is loaded'); process.exit(1); }
  console.log('prebuild loads: HDF5', b.hdf5Version, 'thread-safe:', b.hdf5ThreadSafe);
"
# Nothing linked but the C/C++ runtime and zlib (test/package/prebuild.test.ts checks the same).
for f in prebuilds/linux-*/*.node; do
  echo "ldd $f:"; ldd "$f"
  bad=$(ldd "$f" | awk '{print $1}' | sed 's|.*/||' |
    grep -Ev '^(linux-vdso|linux-gate|ld-linux|ld-musl|libc\.|libc\.musl|libm\.|libstdc\+\+\.|libgcc_s\.|libz\.|libpthread\.|libdl\.|librt\.)' || true)
  if [ -n "$bad" ]; then echo "unexpected libraries: $bad" >&2; exit 1; fi
done
node scripts/prebuild-hash.js --check
