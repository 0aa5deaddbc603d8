/* Forced into every C and C++ file of a sysroot build (cmake/linux-sysroot.toolchain.cmake):
 * binds the libm functions that glibc 2.29 gave new default versions (the same math without
 * the old SVID error wrappers) to their older versions, so the prebuild needs no glibc newer
 * than the README's baseline (2.28). test/package/glibc.test.ts checks the result.
 * A function listed here but not used by a file costs nothing. Not in assembly (zstd's
 * huf_decompress_amd64.S in the bundled codecs), where C declarations are an error. */
#ifndef H5TABLES_GLIBC_COMPAT_H
#define H5TABLES_GLIBC_COMPAT_H
#if defined(__linux__) && !defined(__ANDROID__) && !defined(__ASSEMBLER__)
#  if defined(__x86_64__)
#    define H5TABLES_OLD_LIBM "GLIBC_2.2.5"
#  elif defined(__aarch64__)
#    define H5TABLES_OLD_LIBM "GLIBC_2.17"
#  endif
#  ifdef H5TABLES_OLD_LIBM
__asm__(".symver exp,exp@" H5TABLES_OLD_LIBM);
__asm__(".symver exp2,exp2@" H5TABLES_OLD_LIBM);
__asm__(".symver log,log@" H5TABLES_OLD_LIBM);
__asm__(".symver log2,log2@" H5TABLES_OLD_LIBM);
__asm__(".symver pow,pow@" H5TABLES_OLD_LIBM);
#  endif
/* The sysroot's libstdc++ headers were configured for its glibc (2.31) and would call
 * pthread_cond_clockwait and pthread_{mutex,rwlock}_clocklock (GLIBC_2.30) for waits on
 * steady_clock: turn them off, as a libstdc++ configured for glibc 2.28 has them, so those
 * waits use pthread_cond_timedwait on the system clock (the pre-2.30 path). */
#  if defined(__cplusplus) && __has_include(<bits/c++config.h>)
#    include <bits/c++config.h>
#    undef _GLIBCXX_USE_PTHREAD_COND_CLOCKWAIT
#    undef _GLIBCXX_USE_PTHREAD_MUTEX_CLOCKLOCK
#    undef _GLIBCXX_USE_PTHREAD_RWLOCK_CLOCKLOCK
#  endif
#endif
#endif
