#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "config/config.h"

namespace sysmetrics {

// The "web" section of the config file: REST API address, TLS, auth and limits.
ConfigStatus applyWebJson(WebConfig& web, const std::string& origin, const nlohmann::json& value);

// Checks that need the whole config (the REST address against `listen`).
ConfigStatus checkWebConfig(const Config& config, const std::string& origin);

nlohmann::json webConfigJson(const WebConfig& web);

}  // namespace sysmetrics
