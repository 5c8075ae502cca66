#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/safe_regex.h"
#include "config/collector_schema.h"

namespace sysmetrics {

// collectors.services: which services become Prometheus series.
struct ServiceSettings : CollectorSettings {
    static constexpr const char* kCollector = "services";

    std::optional<SafeRegex> include;  // on the name; none = every service
    std::optional<SafeRegex> exclude;

    static std::vector<std::string> keys() { return {"include", "exclude"}; }
    ConfigStatus apply(const std::string& key, const nlohmann::json& value,
                       const std::string& origin, const std::string& path);
    nlohmann::json toJson() const;
};

}  // namespace sysmetrics
