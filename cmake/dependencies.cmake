# One place that finds every dependency, for both builds. Targets made here:
#   sysmetrics_deps_json, sysmetrics_deps_log, sysmetrics_deps_httplib, sysmetrics_deps_ssl
#   (OpenSSL's libssl and libcrypto), sysmetrics_deps_zlib, sysmetrics_deps_protozero,
#   sysmetrics_deps_snappy, prometheus-cpp::core,
#   and GTest::gtest / GTest::gtest_main when tests are on.
set(SYSMETRICS_CACHE_DIR "${PROJECT_SOURCE_DIR}/.cache" CACHE PATH "Where scripts/setup.sh keeps sources")

add_library(sysmetrics_deps_json INTERFACE)
add_library(sysmetrics_deps_log INTERFACE)
add_library(sysmetrics_deps_httplib INTERFACE)  # links sysmetrics_httplib (CMakeLists.txt)
add_library(sysmetrics_deps_httplib_api INTERFACE)  # its header, definitions and libraries
add_library(sysmetrics_deps_ssl INTERFACE)
add_library(sysmetrics_deps_zlib INTERFACE)  # gzip for /metrics
add_library(sysmetrics_deps_protozero INTERFACE)  # remote write's protobuf (header-only)
add_library(sysmetrics_deps_snappy INTERFACE)     # remote write's compression
# TLS in cpp-httplib comes from OpenSSL on both builds.
target_compile_definitions(sysmetrics_deps_httplib_api INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT
  # httplib's default accept backlog of 5 dropped SYNs under 64 connections, each retried
  # after 1 s by the client: a p99 of ~1 s in bench/compare_node_exporter.sh.
  CPPHTTPLIB_LISTEN_BACKLOG=128)
if(NOT WIN32)
  # select() writes past its fd_set for a descriptor of 1,024 or more, and the service raises
  # its descriptor limit and keeps /proc files open: the remote-write client's socket can be
  # that high. Windows' fd_set holds sockets by value, not by number.
  target_compile_definitions(sysmetrics_deps_httplib_api INTERFACE CPPHTTPLIB_USE_POLL)
endif()
target_link_libraries(sysmetrics_deps_httplib_api INTERFACE sysmetrics_deps_ssl)

# cpp-httplib split into its declarations (httplib.h) and its implementation (httplib.cc) by
# its own split.py (scripts/setup.sh), the same on both builds: Debian's /usr/include/httplib.h
# belongs to its shared library, which MinGW cannot use.
if(NOT EXISTS "${SYSMETRICS_CACHE_DIR}/httplib/httplib.cc")
  message(FATAL_ERROR "cpp-httplib's split header and source missing: run scripts/setup.sh first")
endif()
target_include_directories(sysmetrics_deps_httplib_api BEFORE INTERFACE "${SYSMETRICS_CACHE_DIR}/httplib")

# RE2 from its Debian source, for both builds: linear-time matching of user patterns.
if(NOT EXISTS "${SYSMETRICS_CACHE_DIR}/re2/CMakeLists.txt")
  message(FATAL_ERROR "RE2 source missing: run scripts/setup.sh first")
endif()
set(RE2_BUILD_TESTING OFF CACHE BOOL "" FORCE)
set(BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
add_subdirectory("${SYSMETRICS_CACHE_DIR}/re2" re2 EXCLUDE_FROM_ALL)
target_compile_options(re2 PRIVATE -w)

if(WIN32)
  # Never -I/usr/include here: a folder of links to just the header-only libraries.
  set(_inc "${SYSMETRICS_CACHE_DIR}/mingw-include")
  if(NOT EXISTS "${_inc}/nlohmann")
    message(FATAL_ERROR "${_inc} missing: run scripts/setup.sh --windows first")
  endif()
  target_include_directories(sysmetrics_deps_json SYSTEM INTERFACE "${_inc}")
  target_include_directories(sysmetrics_deps_log SYSTEM INTERFACE "${_inc}")
  # Wide file names and the event log through ReportEventW: our strings are UTF-8, and the narrow
  # Windows calls would read them in the ANSI code page (service/logging.cpp).
  target_compile_definitions(sysmetrics_deps_log INTERFACE FMT_HEADER_ONLY SPDLOG_WCHAR_FILENAMES
    SPDLOG_WCHAR_TO_UTF8_SUPPORT)
  target_link_libraries(sysmetrics_deps_httplib_api INTERFACE ws2_32)
  # Debian's libz-mingw-w64-dev; the static archive, as the exe links statically. (MSYS2 on a
  # Windows runner: /mingw64/lib/libz.a, see .github/workflows/windows.yml.)
  set(SYSMETRICS_MINGW_ZLIB "/usr/x86_64-w64-mingw32/lib/libz.a" CACHE FILEPATH "static zlib")
  target_link_libraries(sysmetrics_deps_zlib INTERFACE "${SYSMETRICS_MINGW_ZLIB}")
  # Debian's libprotozero-dev through the link folder; snappy built from Debian's source by
  # scripts/setup.sh --windows.
  if(NOT EXISTS "${_inc}/protozero/pbf_writer.hpp")
    message(FATAL_ERROR "${_inc}/protozero missing: run scripts/setup.sh --windows first")
  endif()
  target_include_directories(sysmetrics_deps_protozero SYSTEM INTERFACE "${_inc}")
  set(_snappy "${SYSMETRICS_CACHE_DIR}/snappy-mingw")
  if(NOT EXISTS "${_snappy}/lib/libsnappy.a")
    message(FATAL_ERROR "${_snappy} missing: run scripts/setup.sh --windows first")
  endif()
  target_include_directories(sysmetrics_deps_snappy SYSTEM INTERFACE "${_snappy}/include")
  target_link_libraries(sysmetrics_deps_snappy INTERFACE "${_snappy}/lib/libsnappy.a")
  # Built from Debian's source by scripts/setup.sh --windows.
  set(_ossl "${SYSMETRICS_CACHE_DIR}/openssl-mingw")
  if(NOT EXISTS "${_ossl}/lib/libssl.a")
    message(FATAL_ERROR "${_ossl} missing: run scripts/setup.sh --windows first")
  endif()
  target_include_directories(sysmetrics_deps_ssl SYSTEM INTERFACE "${_ossl}/include")
  target_link_libraries(sysmetrics_deps_ssl INTERFACE "${_ossl}/lib/libssl.a"
    "${_ossl}/lib/libcrypto.a" ws2_32 gdi32 crypt32)

  set(ENABLE_PULL OFF CACHE BOOL "" FORCE)
  set(ENABLE_PUSH OFF CACHE BOOL "" FORCE)
  set(ENABLE_COMPRESSION OFF CACHE BOOL "" FORCE)
  set(ENABLE_TESTING OFF CACHE BOOL "" FORCE)
  set(USE_THIRDPARTY_LIBRARIES OFF CACHE BOOL "" FORCE)
  set(BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
  set(GENERATE_PKGCONFIG OFF CACHE BOOL "" FORCE)
  add_subdirectory("${SYSMETRICS_CACHE_DIR}/prometheus-cpp" prometheus-cpp EXCLUDE_FROM_ALL)

  if(SYSMETRICS_BUILD_TESTS)
    set(gtest_force_shared_crt OFF CACHE BOOL "" FORCE)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
    set(SYSMETRICS_GTEST_SOURCE /usr/src/googletest CACHE PATH "googletest source tree")
    add_subdirectory("${SYSMETRICS_GTEST_SOURCE}" googletest EXCLUDE_FROM_ALL)
  endif()
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(spdlog REQUIRED)
  find_package(prometheus-cpp CONFIG REQUIRED)
  find_package(Threads REQUIRED)
  find_package(OpenSSL 3 REQUIRED)
  find_package(ZLIB REQUIRED)
  target_link_libraries(sysmetrics_deps_zlib INTERFACE ZLIB::ZLIB)
  find_path(SYSMETRICS_PROTOZERO_INCLUDE protozero/pbf_writer.hpp REQUIRED)
  find_path(SYSMETRICS_SNAPPY_INCLUDE snappy.h REQUIRED)
  find_library(SYSMETRICS_SNAPPY_LIBRARY snappy REQUIRED)
  target_include_directories(sysmetrics_deps_protozero SYSTEM INTERFACE "${SYSMETRICS_PROTOZERO_INCLUDE}")
  target_include_directories(sysmetrics_deps_snappy SYSTEM INTERFACE "${SYSMETRICS_SNAPPY_INCLUDE}")
  target_link_libraries(sysmetrics_deps_snappy INTERFACE "${SYSMETRICS_SNAPPY_LIBRARY}")
  target_link_libraries(sysmetrics_deps_ssl INTERFACE OpenSSL::SSL OpenSSL::Crypto)
  target_link_libraries(sysmetrics_deps_json INTERFACE nlohmann_json::nlohmann_json)
  target_link_libraries(sysmetrics_deps_log INTERFACE spdlog::spdlog)
  target_link_libraries(sysmetrics_deps_httplib_api INTERFACE Threads::Threads)
  if(SYSMETRICS_BUILD_TESTS)
    find_package(GTest REQUIRED)
  endif()
endif()
