#!/usr/bin/env node
'use strict'
// npm's install script (shipped in the package). Where a prebuilt addon for this platform
// loads, it does nothing: the user gets no compiler run and no build tooling. Otherwise
// it builds from source with cmake-js against a system HDF5, when cmake-js and
// node-addon-api are installed beside h5tables (optional peer dependencies, not installed
// by default: the way sharp asks for node-addon-api and node-gyp), and else stops the
// install with one message saying what to install.
//
//   H5TABLES_BUILD_FROM_SOURCE=1 (or npm's --build-from-source)   build even if a prebuild loads

const { spawnSync } = require('child_process')
const os = require('os')
const path = require('path')

const ROOT = path.resolve(__dirname, '..')
const say = (s) => console.error('h5tables: ' + s)

function forced () {
  return process.env.H5TABLES_BUILD_FROM_SOURCE === '1' ||
    ['true', '1'].includes(process.env.npm_config_build_from_source || '')
}

// null when the addon (a local build or a prebuild) loads here, else why not.
function loadProblem () {
  try {
    require('node-gyp-build')(ROOT)
    return null
  } catch (e) {
    return String(e && e.message ? e.message : e).split('\n')[0]
  }
}

function resolveFromPackage (id) {
  try {
    return require.resolve(id, { paths: [ROOT] })
  } catch {
    return null
  }
}

function platformName () {
  const report = process.platform === 'linux' ? process.report.getReport().header : {}
  const libc = process.platform !== 'linux' ? ''
    : report.glibcVersionRuntime ? ` glibc ${report.glibcVersionRuntime}` : ' musl'
  return `${process.platform}-${os.arch()}${libc}, Node ${process.version}`
}

function main () {
  let why = 'a build from source was asked for'
  if (!forced()) {
    const problem = loadProblem()
    if (problem === null) return 0
    why = problem
  }
  const cmakeJs = resolveFromPackage('cmake-js/bin/cmake-js')
  const addonApi = resolveFromPackage('node-addon-api')
  if (cmakeJs && addonApi) {
    say(`building from source with cmake-js against the system HDF5 (${why})`)
    const r = spawnSync(process.execPath, [cmakeJs, 'rebuild', '--directory', ROOT], { cwd: ROOT, stdio: 'inherit' })
    if (r.error) say(r.error.message)
    return r.status === null ? 1 : r.status
  }
  say([
    `no prebuilt addon loads on ${platformName()} (${why}).`,
    'To build it from source, install:',
    '  - a C++17 compiler, CMake >= 3.18 and HDF5 >= 1.10 with its development files',
    '      Debian/Ubuntu: sudo apt-get install cmake g++ libhdf5-dev',
    '      Fedora:        sudo dnf install cmake gcc-c++ hdf5-devel',
    '      macOS:         brew install cmake hdf5',
    '  - the build tools beside h5tables: npm install cmake-js node-addon-api',
    'then run: npm rebuild h5tables',
  ].join('\n'))
  return 1
}

process.exit(main())
