# Cross-compiles the Windows build with MinGW-w64 (posix threads) on Debian; tests run under Wine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The emulator carries the Wine prefix, so ctest needs nothing exported.
get_filename_component(_sysmetrics_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(SYSMETRICS_WINEPREFIX "${_sysmetrics_root}/.cache/wineprefix" CACHE PATH "Wine prefix for tests")
set(CMAKE_CROSSCOMPILING_EMULATOR env WINEPREFIX=${SYSMETRICS_WINEPREFIX} WINEDEBUG=-all /usr/lib/wine/wine64)
set(CMAKE_STRIP x86_64-w64-mingw32-strip)
set(CMAKE_OBJCOPY x86_64-w64-mingw32-objcopy)
