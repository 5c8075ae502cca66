#pragma once

#include <cstdint>

namespace sysmetrics {

// Raises this process's soft limit on open descriptors to its hard limit. The usual soft
// limit, 1,024, leaves little beside the HTTP front's up to 512 connections and the process
// collector's kept /proc files.
void raiseOpenFileLimit();

// The soft limit on open descriptors now (0 if it cannot be read).
std::uint64_t openFileSoftLimit();

}  // namespace sysmetrics
