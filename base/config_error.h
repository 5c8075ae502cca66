#pragma once

#include <string>

#include "base/result.h"

namespace sysmetrics {

// What is wrong with something a user gave (a config key, a flag, a query parameter, a
// pattern): a message for that user, naming the key or flag and the fault. Failures of the OS or
// at run time are Error (base/result.h). Here in base so that base's own parsers (SafeRegex)
// can answer in it.
struct ConfigError {
    std::string message;
};

template <typename T>
using ConfigResult = Result<T, ConfigError>;
using ConfigStatus = Status<ConfigError>;

}  // namespace sysmetrics
