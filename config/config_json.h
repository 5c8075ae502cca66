#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/config_error.h"
#include "base/safe_regex.h"

namespace sysmetrics {

// Shared wording and readers for config-file values; every error names the key (`path`) and the
// file (`origin`).
std::string typeName(const nlohmann::json& value);
// A value as an error may show it: a scalar as JSON text, cut after 64 characters; an array or
// object by its type alone (dump() would recurse through every level of a deep one).
std::string valueText(const nlohmann::json& value);
ConfigError wrongType(const std::string& origin, const std::string& path, const char* expected,
                      const nlohmann::json& got);
ConfigError unknownKey(const std::string& origin, const std::string& path,
                       const std::vector<std::string>& known);

ConfigStatus readBool(bool& target, const nlohmann::json& value, const std::string& origin,
                      const std::string& path);
ConfigStatus readWholeNumber(std::int64_t& target, const nlohmann::json& value, std::int64_t low,
                             std::int64_t high, const std::string& origin, const std::string& path);
// "" clears the pattern; anything else must compile.
ConfigStatus readPattern(std::optional<SafeRegex>& target, const nlohmann::json& value,
                         const std::string& origin, const std::string& path);
// An array of patterns that must each compile, kept as text.
ConfigStatus readPatternList(std::vector<SafeRegex>& target, const nlohmann::json& value,
                             const std::string& origin, const std::string& path);
std::string patternText(const std::optional<SafeRegex>& pattern);
std::vector<std::string> patternTexts(const std::vector<SafeRegex>& patterns);

}  // namespace sysmetrics
