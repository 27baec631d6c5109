# Cross-compiling the Windows addon on Linux with mingw-w64 (Debian: g++-mingw-w64-x86-64-posix,
# mingw-w64-x86-64-dev, binutils-mingw-w64-x86-64; scripts/install-system-deps.sh windows).
# Used by scripts/build-win32.mjs as cmake-js --CDCMAKE_TOOLCHAIN_FILE=<this file>.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(LAM_MINGW_PREFIX x86_64-w64-mingw32)
# The -posix variant: std::thread and std::mutex need the winpthreads threading model (the -win32 variant of
# GCC 12 has no std::thread), and the core's service threads are std::threads.
find_program(CMAKE_CXX_COMPILER NAMES ${LAM_MINGW_PREFIX}-g++-posix ${LAM_MINGW_PREFIX}-g++ REQUIRED)
find_program(CMAKE_C_COMPILER NAMES ${LAM_MINGW_PREFIX}-gcc-posix ${LAM_MINGW_PREFIX}-gcc)
find_program(CMAKE_RC_COMPILER NAMES ${LAM_MINGW_PREFIX}-windres)
find_program(CMAKE_DLLTOOL NAMES ${LAM_MINGW_PREFIX}-dlltool REQUIRED)
find_program(LAM_MINGW_OBJDUMP NAMES ${LAM_MINGW_PREFIX}-objdump)

# Libraries and headers come from the mingw sysroot only; programs (cmake's own helpers, node) from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${LAM_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
