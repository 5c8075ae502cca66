#pragma once

#include <string>

#include "base/result.h"

namespace sysmetrics {

// A message for the user that names what was wrong and where.
struct ConfigError {
    std::string message;
};

template <typename T>
using ConfigResult = Result<T, ConfigError>;
using ConfigStatus = Status<ConfigError>;

}  // namespace sysmetrics
