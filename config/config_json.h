#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "config/config.h"

namespace sysmetrics {

// Shared wording for config-file errors.
std::string typeName(const nlohmann::json& value);
ConfigError wrongType(const std::string& origin, const std::string& key, const char* expected,
                      const nlohmann::json& got);

}  // namespace sysmetrics
