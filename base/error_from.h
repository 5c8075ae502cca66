#pragma once

#include <string>
#include <system_error>

#include "base/result.h"

namespace sysmetrics {

// A std::error_code (std::filesystem, <system_error>) as an Error: its kind mapped to ours, its
// value kept as the OS code and its message as the detail.
Error errorFrom(const std::error_code& error, std::string where);

}  // namespace sysmetrics
