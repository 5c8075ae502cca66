#pragma once

#include <string>
#include <vector>

#include "config/collector_schema.h"

namespace sysmetrics {

// collectors.connections.
struct ConnectionSettings : CollectorSettings {
    static constexpr const char* kCollector = "connections";

    bool per_process = false;  // sysmetrics_process_connections{process,pid,state}

    static std::vector<std::string> keys() { return {"per_process"}; }
    ConfigStatus apply(const std::string& key, const nlohmann::json& value,
                       const std::string& origin, const std::string& path);
    nlohmann::json toJson() const { return {{"per_process", per_process}}; }
};

}  // namespace sysmetrics
