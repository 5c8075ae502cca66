#pragma once

#include <cstddef>
#include <string>

#include "base/result.h"

namespace sysmetrics {

// The whole content of a (small) text file such as one under /proc; errno names the failure.
Result<std::string> readTextFile(const std::string& path);

// The most a file the configuration names may hold: the config file itself, a TLS certificate,
// key or CA bundle, a token or password file.
constexpr std::size_t kMaxConfiguredFileBytes = 4 * 1024 * 1024;

// The whole content of a file the configuration names, read only when it is a regular file of at
// most `max_bytes`: a FIFO would wait forever for a writer, a device such as /dev/zero would never
// end. `kind` names such a file in the error, as in "a config file".
// A file that cannot be opened or read is the OS's error (not_found, access_denied, ..., with its
// code) on "open PATH" or "read PATH". One that is not such a file is invalid_data on "open PATH",
// its detail a phrase to follow the file's name: "is a directory", "is not a regular file (a FIFO,
// device or socket cannot be a config file)", "is 5242880 bytes; a config file may have at most
// 4194304", "grew beyond 4194304 bytes while read".
Result<std::string> readConfiguredFile(const std::string& path, const std::string& kind,
                                       std::size_t max_bytes = kMaxConfiguredFileBytes);

// What readConfiguredFile's error says, as a phrase to follow the file's name: the detail of an
// invalid_data ("is a directory"), else "cannot be read: " and the OS's error.
std::string configuredFileFailure(const Error& error);

}  // namespace sysmetrics
