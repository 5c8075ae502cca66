#pragma once

#include <array>
#include <string>

#include "config/command_line.h"

namespace sysmetrics {

enum class StartType { automatic, delayed, manual };

inline constexpr const char* kServiceDisplayName = "sysmetrics host metrics";
inline constexpr const char* kServiceDescription =
    "Serves host metrics over HTTP: Prometheus at /metrics and REST JSON at /api/v1.";
// Restart after 5 s, 10 s, then 60 s; the failure count resets after a day.
inline constexpr std::array<unsigned long, 3> kRestartDelaysMs = {5000, 10000, 60000};
inline constexpr unsigned long kFailureResetSeconds = 86400;

// What `sysmetrics install` registers, worked out from its flags (portable, so it is tested on
// every platform).
struct ServiceDefinition {
    std::string exe_path;
    std::string config_path;
    std::string command_line;  // the service's binPath
    StartType start_type = StartType::automatic;
    std::string account_name = "LocalSystem";  // as CreateServiceW takes it
};

ConfigResult<ServiceDefinition> makeServiceDefinition(const CommandLine& line,
                                                      const std::string& exe_path,
                                                      const std::string& default_config_path);

}  // namespace sysmetrics
