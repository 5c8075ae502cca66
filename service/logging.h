#pragma once

#include <string>

#include "base/result.h"
#include "config/config.h"

namespace sysmetrics {

enum class LogTarget { console, service };

// Console mode logs to stderr; a service has no console. A configured log file is added to either.
Status<> setupLogging(const Config& config, LogTarget target);

}  // namespace sysmetrics
