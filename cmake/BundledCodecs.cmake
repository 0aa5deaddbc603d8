# The compression filters of binding/hdf5/filters/ and the codecs they need, added to the
# addon target (included from CMakeLists.txt after the target is defined).
#
# With the bundled HDF5 (cmake/BundledHDF5.cmake): the static, PIC codecs of
# scripts/build-codecs.sh (c-blosc with lz4, zstd, snappy and zlib; bzip2; liblzf), from
# H5TABLES_CODECS_PREFIX (a CMake or environment variable) or else built here by running
# that script (cached, so only the first build pays). Every filter is then present.
#
# With a system HDF5: the system's libblosc, libbz2 and liblzf where found (Debian:
# libblosc-dev libbz2-dev liblzf-dev); a filter whose library is missing is left out, and
# reading a dataset that needs it is the error "filter 'blosc' (32001) is not available in
# this build".
#
# Defines H5T_HAVE_BLOSC, H5T_HAVE_BZIP2, H5T_HAVE_LZF for the filters that are in.

# (The sources, binding/hdf5/filters/ and binding/js/filters_testing.cc, are in the
# target through CMakeLists.txt's recursive glob of binding/.)

set(_h5t_filters "")
if(H5TABLES_HDF5_BUNDLED)
  if(NOT DEFINED H5TABLES_CODECS_PREFIX AND DEFINED ENV{H5TABLES_CODECS_PREFIX}
     AND NOT "$ENV{H5TABLES_CODECS_PREFIX}" STREQUAL "")
    set(H5TABLES_CODECS_PREFIX "$ENV{H5TABLES_CODECS_PREFIX}")
  endif()
  if(NOT H5TABLES_CODECS_PREFIX)
    find_program(_h5t_bash bash REQUIRED)
    message(STATUS "h5tables: building the codecs (scripts/build-codecs.sh; cached after the first time)")
    # Built with the addon's sysroot when it has one (cmake/linux-sysroot.toolchain.cmake).
    set(_h5t_env "")
    if(H5TABLES_SYSROOT)
      set(_h5t_env "H5TABLES_SYSROOT=${H5TABLES_SYSROOT}")
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E env ${_h5t_env}
      "${_h5t_bash}" "${CMAKE_CURRENT_SOURCE_DIR}/scripts/build-codecs.sh"
      OUTPUT_VARIABLE _h5t_out RESULT_VARIABLE _h5t_rc)
    if(NOT _h5t_rc EQUAL 0)
      message(FATAL_ERROR "h5tables: scripts/build-codecs.sh failed (see its output above)")
    endif()
    string(STRIP "${_h5t_out}" _h5t_out)
    string(REGEX REPLACE ".*\n" "" H5TABLES_CODECS_PREFIX "${_h5t_out}")
  endif()
  file(TO_CMAKE_PATH "${H5TABLES_CODECS_PREFIX}" _h5t_cp)
  if(NOT EXISTS "${_h5t_cp}/.h5tables-build")
    message(FATAL_ERROR "h5tables: H5TABLES_CODECS_PREFIX=${_h5t_cp} holds no codecs build "
      "(no .h5tables-build). Build one with: bash scripts/build-codecs.sh")
  endif()
  set(_h5t_libs "")
  foreach(_l blosc snappy lz4 zstd bz2 lzf)
    if(NOT EXISTS "${_h5t_cp}/lib/lib${_l}.a")
      message(FATAL_ERROR "h5tables: ${_h5t_cp}/lib/lib${_l}.a is missing")
    endif()
    list(APPEND _h5t_libs "${_h5t_cp}/lib/lib${_l}.a")
  endforeach()
  find_package(ZLIB REQUIRED)  # blosc's zlib codec: the system libz HDF5 links already
  target_include_directories(${PROJECT_NAME} PRIVATE "${_h5t_cp}/include")
  target_link_libraries(${PROJECT_NAME} PRIVATE ${_h5t_libs} ${ZLIB_LIBRARIES})
  target_compile_definitions(${PROJECT_NAME} PRIVATE H5T_HAVE_BLOSC H5T_HAVE_BZIP2 H5T_HAVE_LZF)
  set(_h5t_filters "blosc bzip2 lzf (bundled, ${_h5t_cp})")
else()
  find_path(_h5t_blosc_inc blosc.h)
  find_library(_h5t_blosc_lib blosc)
  if(_h5t_blosc_inc AND _h5t_blosc_lib)
    target_include_directories(${PROJECT_NAME} PRIVATE "${_h5t_blosc_inc}")
    target_link_libraries(${PROJECT_NAME} PRIVATE "${_h5t_blosc_lib}")
    target_compile_definitions(${PROJECT_NAME} PRIVATE H5T_HAVE_BLOSC)
    string(APPEND _h5t_filters "blosc ")
  endif()
  find_package(BZip2 QUIET)
  if(BZIP2_FOUND)
    target_include_directories(${PROJECT_NAME} PRIVATE ${BZIP2_INCLUDE_DIRS})
    target_link_libraries(${PROJECT_NAME} PRIVATE ${BZIP2_LIBRARIES})
    target_compile_definitions(${PROJECT_NAME} PRIVATE H5T_HAVE_BZIP2)
    string(APPEND _h5t_filters "bzip2 ")
  endif()
  find_path(_h5t_lzf_inc lzf.h PATH_SUFFIXES liblzf)  # Debian: /usr/include/liblzf/lzf.h
  find_library(_h5t_lzf_lib lzf)
  if(_h5t_lzf_inc AND _h5t_lzf_lib)
    target_include_directories(${PROJECT_NAME} PRIVATE "${_h5t_lzf_inc}")
    target_link_libraries(${PROJECT_NAME} PRIVATE "${_h5t_lzf_lib}")
    target_compile_definitions(${PROJECT_NAME} PRIVATE H5T_HAVE_LZF)
    string(APPEND _h5t_filters "lzf ")
  endif()
  if(_h5t_filters STREQUAL "blosc bzip2 lzf ")
    set(_h5t_filters "${_h5t_filters}(system libraries)")
  else()
    set(_h5t_filters "${_h5t_filters}(system libraries; for the missing ones: apt-get install libblosc-dev libbz2-dev liblzf-dev)")
  endif()
endif()
message(STATUS "h5tables: compression filters: ${_h5t_filters}")
