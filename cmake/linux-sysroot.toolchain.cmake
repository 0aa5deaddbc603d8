# CMake toolchain file for Linux prebuilds against an older-glibc sysroot (scripts/sysroot.sh):
# the host's gcc/g++ compile against the sysroot's glibc, zlib and libstdc++ headers and link
# against its libc and libz, with the sysroot's libstdc++ and libgcc_eh linked statically (no
# GLIBCXX/CXXABI/GCC_ versions needed at run time), and cmake/glibc-compat.h forced into
# every file.
# Used for HDF5 (scripts/build-hdf5.sh) and the addon (scripts/prebuildify-cmake.js):
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/linux-sysroot.toolchain.cmake -DH5TABLES_SYSROOT=<dir> ...
# (or H5TABLES_SYSROOT in the environment). Not a cross toolchain: the build runs where it
# is made, so HDF5's configure-time test programs still run.

if(NOT H5TABLES_SYSROOT AND DEFINED ENV{H5TABLES_SYSROOT})
  set(H5TABLES_SYSROOT "$ENV{H5TABLES_SYSROOT}")
endif()
if(NOT H5TABLES_SYSROOT OR NOT EXISTS "${H5TABLES_SYSROOT}/.h5tables-sysroot")
  message(FATAL_ERROR "h5tables: H5TABLES_SYSROOT='${H5TABLES_SYSROOT}' is no sysroot made by scripts/sysroot.sh")
endif()
# try_compile projects (HDF5's configure checks) read this file again: pass the variable on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES H5TABLES_SYSROOT)

file(STRINGS "${H5TABLES_SYSROOT}/.h5tables-sysroot" _h5t_multiarch REGEX "^multiarch ")
string(REGEX REPLACE "^multiarch " "" _h5t_multiarch "${_h5t_multiarch}")
file(STRINGS "${H5TABLES_SYSROOT}/.h5tables-sysroot" _h5t_gcc REGEX "^gcc ")
string(REGEX REPLACE "^gcc " "" _h5t_gcc "${_h5t_gcc}")
if(NOT _h5t_gcc OR NOT EXISTS "${H5TABLES_SYSROOT}/h5tables-cxx/libstdc++.a")
  message(FATAL_ERROR "h5tables: ${H5TABLES_SYSROOT} has no C++ runtime (made by an older scripts/sysroot.sh): make it again")
endif()

set(CMAKE_SYSROOT "${H5TABLES_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${H5TABLES_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# A native gcc searches its own multiarch folder (/usr/lib/<multiarch>) before the sysroot's
# even with --sysroot: -B (start files, crti.o) and -L put the sysroot's libc first.
set(_h5t_lib "${H5TABLES_SYSROOT}/usr/lib/${_h5t_multiarch}")
# h5tables-cxx first: the suite's static libstdc++, libsupc++ and libgcc_eh (scripts/sysroot.sh).
set(_h5t_link "-B${_h5t_lib}/ -L${H5TABLES_SYSROOT}/h5tables-cxx -L${_h5t_lib} -L${H5TABLES_SYSROOT}/lib/${_h5t_multiarch} -static-libstdc++ -static-libgcc")
# set(), not string(APPEND): CMake reads a toolchain file more than once.
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${_h5t_link}")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "${_h5t_link}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_h5t_link}")
# A compile option, not CMAKE_<LANG>_FLAGS_INIT: cmake-js sets CMAKE_CXX_FLAGS itself, which
# would drop the forced include from the addon's files. Added once per directory scope.
# C++ files use the suite's libstdc++ headers, matching the libstdc++.a they link.
set(_h5t_cxx "${H5TABLES_SYSROOT}/usr/include/c++/${_h5t_gcc}")
if(NOT _h5t_compat_added)
  add_compile_options("SHELL:-include ${CMAKE_CURRENT_LIST_DIR}/glibc-compat.h"
    "$<$<COMPILE_LANGUAGE:CXX>:-nostdinc++>"
    "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-isystem ${_h5t_cxx}>"
    "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-isystem ${H5TABLES_SYSROOT}/usr/include/${_h5t_multiarch}/c++/${_h5t_gcc}>"
    "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-isystem ${_h5t_cxx}/backward>")
  set(_h5t_compat_added TRUE)
endif()
