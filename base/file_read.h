#pragma once

#include <string>

#include "base/result.h"

namespace sysmetrics {

// The whole content of a (small) text file such as one under /proc; errno names the failure.
Result<std::string> readTextFile(const std::string& path);

}  // namespace sysmetrics
