#pragma once

#include <string>

namespace sysmetrics {

// Where the service looks for its configuration when --config is not given: under the
// ProgramData known folder on Windows, /etc/sysmetrics on Linux.
std::string defaultConfigPath();

}  // namespace sysmetrics
