#!/bin/sh
# The C compiler for the sanitized HDF5 (CC of scripts/build-hdf5.sh): the compiler, with -O1
# after the build type's -O3, as the sanitizers' documentation advises: reports closer to
# the source, and a build about twice as fast.
exec "${H5TABLES_ASAN_REAL_CC:-cc}" "$@" -O1
