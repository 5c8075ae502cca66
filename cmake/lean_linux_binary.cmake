# The Linux build's resident size. Most of the service's RSS is pages of mapped files (its own
# code, the libraries', and the tables the dynamic loader reads to relocate them), so less of
# them is less RSS (docs/performance.md, "Default installation"):
# - every function and datum in its own section, and the linker drops those nothing reaches
#   (12% of the text: parts of the header-only libraries the service never calls);
# - relative relocations packed (DT_RELR, glibc 2.36 and binutils 2.38 on): a bitmap instead
#   of 24 bytes each, which the loader reads at every start;
# - OpenSSL from its static libraries, as the Windows build links it: only what httplib and the
#   service call, and no loading of libcrypto's 5,500 exported symbols and 18,000 relocations.
#   Security fixes in Debian's libssl-dev reach the binary when it is built again (the README's
#   start command builds it). -DSYSMETRICS_STATIC_OPENSSL=OFF links the shared libraries.
# Sanitizer and fuzz builds are tests, not what runs on a host: they keep the plain flags.
set(SYSMETRICS_LEAN_LINUX_BINARY OFF)
if(NOT WIN32 AND NOT SYSMETRICS_SANITIZE AND NOT SYSMETRICS_FUZZ)
  set(SYSMETRICS_LEAN_LINUX_BINARY ON)
endif()
option(SYSMETRICS_STATIC_OPENSSL "Link OpenSSL's static libraries (Linux service build)" ON)

if(SYSMETRICS_LEAN_LINUX_BINARY)
  add_compile_options(-ffunction-sections -fdata-sections)
  add_link_options(LINKER:--gc-sections)
  include(CheckLinkerFlag)
  check_linker_flag(CXX "LINKER:-z,pack-relative-relocs" SYSMETRICS_LINKER_PACKS_RELOCS)
  if(SYSMETRICS_LINKER_PACKS_RELOCS)
    add_link_options(LINKER:-z,pack-relative-relocs)
  endif()
endif()

# Before find_package(OpenSSL): FindOpenSSL reads it. A build directory configured the other
# way keeps the libraries it found in its cache; they are looked up again.
if(NOT WIN32)
  set(static_openssl OFF)
  if(SYSMETRICS_LEAN_LINUX_BINARY AND SYSMETRICS_STATIC_OPENSSL)
    set(static_openssl ON)
  endif()
  if(OPENSSL_CRYPTO_LIBRARY)
    string(REGEX MATCH "\\.a$" cached_static "${OPENSSL_CRYPTO_LIBRARY}")
    if((static_openssl AND NOT cached_static) OR (NOT static_openssl AND cached_static))
      unset(OPENSSL_CRYPTO_LIBRARY CACHE)
      unset(OPENSSL_SSL_LIBRARY CACHE)
    endif()
  endif()
  set(OPENSSL_USE_STATIC_LIBS ${static_openssl})
endif()
