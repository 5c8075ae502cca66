#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "config/config.h"

namespace sysmetrics {

// The "remote_write" section of the config file. Secret files are read here once, so a
// missing or unreadable one is an error naming its key at load time.
ConfigStatus applyRemoteWriteJson(RemoteWriteConfig& remote_write, const std::string& origin,
                                  const nlohmann::json& value);

// Checks that need the whole config (collector names).
ConfigStatus checkRemoteWriteConfig(const Config& config, const std::string& origin);

nlohmann::json remoteWriteConfigJson(const RemoteWriteConfig& remote_write);

}  // namespace sysmetrics
