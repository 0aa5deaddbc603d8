# Bundled HDF5: link the static, position-independent HDF5 that scripts/build-hdf5.sh
# builds (prebuilds use it) instead of a system HDF5.
#
# Used when H5TABLES_HDF5_PREFIX is set, as a CMake variable or an environment variable:
#   cmake-js rebuild --CDH5TABLES_HDF5_PREFIX="$(bash scripts/build-hdf5.sh)"
#   H5TABLES_HDF5_PREFIX="$(bash scripts/build-hdf5.sh)" cmake-js rebuild
#
# Sets, when used:
#   H5TABLES_HDF5_BUNDLED       TRUE
#   H5TABLES_HDF5_INCLUDE_DIRS  the prefix's include/
#   H5TABLES_HDF5_LIBRARIES     libhdf5.a, zlib (the prefix's static one, else the system's
#                               shared libz), threads, dl, m; and on Linux the linker flag
#                               -Wl,--exclude-libs,ALL so no HDF5 symbol is exported
#   H5TABLES_HDF5_DEFINITIONS   compile definitions HDF5's headers expect
#   H5TABLES_HDF5_VERSION       e.g. 1.14.5
# and H5TABLES_HDF5_BUNDLED FALSE (nothing else) when H5TABLES_HDF5_PREFIX is not set.

if(NOT DEFINED H5TABLES_HDF5_PREFIX AND DEFINED ENV{H5TABLES_HDF5_PREFIX}
   AND NOT "$ENV{H5TABLES_HDF5_PREFIX}" STREQUAL "")
  set(H5TABLES_HDF5_PREFIX "$ENV{H5TABLES_HDF5_PREFIX}")
endif()

if(NOT H5TABLES_HDF5_PREFIX)
  set(H5TABLES_HDF5_BUNDLED FALSE)
  return()
endif()

file(TO_CMAKE_PATH "${H5TABLES_HDF5_PREFIX}" _h5t_prefix)
if(NOT EXISTS "${_h5t_prefix}/include/H5pubconf.h")
  message(FATAL_ERROR
    "h5tables: H5TABLES_HDF5_PREFIX=${_h5t_prefix} holds no HDF5 install "
    "(no include/H5pubconf.h). Build one with: bash scripts/build-hdf5.sh")
endif()

# The static library (names: Unix libhdf5.a; Windows libhdf5.lib, or hdf5.lib with
# HDF5_MSVC_NAMING_CONVENTION). Plain if(EXISTS) rather than find_library, so that a
# changed prefix is never shadowed by a cached path.
set(_h5t_lib "")
foreach(_c lib/libhdf5.a lib64/libhdf5.a lib/libhdf5.lib lib/hdf5.lib)
  if(NOT _h5t_lib AND EXISTS "${_h5t_prefix}/${_c}")
    set(_h5t_lib "${_h5t_prefix}/${_c}")
  endif()
endforeach()
if(NOT _h5t_lib)
  message(FATAL_ERROR "h5tables: no static libhdf5 in ${_h5t_prefix}/lib (scripts/build-hdf5.sh builds one)")
endif()

# zlib: a static one built into the prefix (H5TABLES_ZLIB_SOURCE, used on Windows), else
# the system's shared libz (libz.so.1 is on every Linux and macOS system).
set(_h5t_zlib "")
foreach(_c lib/libz.a lib/zlibstatic.lib lib/zlibstatic.a lib/zs.lib)
  if(NOT _h5t_zlib AND EXISTS "${_h5t_prefix}/${_c}")
    set(_h5t_zlib "${_h5t_prefix}/${_c}")
  endif()
endforeach()
if(NOT _h5t_zlib)
  find_package(ZLIB REQUIRED)
  set(_h5t_zlib ${ZLIB_LIBRARIES})
endif()

set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)

# The version, from H5public.h.
file(STRINGS "${_h5t_prefix}/include/H5public.h" _h5t_vers REGEX "^#define H5_VERS_(MAJOR|MINOR|RELEASE)[ \t]")
string(REGEX REPLACE ".*H5_VERS_MAJOR[ \t]+([0-9]+).*" "\\1" _h5t_major "${_h5t_vers}")
string(REGEX REPLACE ".*H5_VERS_MINOR[ \t]+([0-9]+).*" "\\1" _h5t_minor "${_h5t_vers}")
string(REGEX REPLACE ".*H5_VERS_RELEASE[ \t]+([0-9]+).*" "\\1" _h5t_release "${_h5t_vers}")
set(H5TABLES_HDF5_VERSION "${_h5t_major}.${_h5t_minor}.${_h5t_release}")

file(STRINGS "${_h5t_prefix}/include/H5pubconf.h" _h5t_ts REGEX "^#[ \t]*define[ \t]+H5_HAVE_THREADSAFE[ \t]+1")
if(_h5t_ts)
  set(_h5t_ts_text "thread-safe")
else()
  set(_h5t_ts_text "not thread-safe")
endif()

set(H5TABLES_HDF5_BUNDLED TRUE)
set(H5TABLES_HDF5_INCLUDE_DIRS "${_h5t_prefix}/include")
set(H5TABLES_HDF5_LIBRARIES "${_h5t_lib}" ${_h5t_zlib} Threads::Threads ${CMAKE_DL_LIBS})
set(H5TABLES_HDF5_DEFINITIONS "")
if(WIN32)
  list(APPEND H5TABLES_HDF5_LIBRARIES shlwapi ws2_32 wsock32)
elseif(UNIX)
  list(APPEND H5TABLES_HDF5_DEFINITIONS _LARGEFILE_SOURCE _FILE_OFFSET_BITS=64)
  if(NOT APPLE)
    list(APPEND H5TABLES_HDF5_LIBRARIES m)
  endif()
endif()
# Keep HDF5's (and zlib's) symbols out of the addon's dynamic symbol table, so two addons
# carrying different HDF5 builds never bind to each other's functions. HDF5 is compiled
# with hidden visibility too (scripts/build-hdf5.sh); this covers archives built without.
# target_link_libraries() passes items starting with '-' to the linker as flags.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  list(APPEND H5TABLES_HDF5_LIBRARIES "-Wl,--exclude-libs,ALL")
endif()

message(STATUS "h5tables: bundled static HDF5 ${H5TABLES_HDF5_VERSION} (${_h5t_ts_text}) from ${_h5t_prefix}; zlib: ${_h5t_zlib}")
