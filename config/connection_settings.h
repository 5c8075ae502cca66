#pragma once

#include <string>
#include <vector>

#include "config/collector_schema.h"

namespace sysmetrics {

// collectors.connections.
struct ConnectionSettings : CollectorSettings {
    static constexpr const char* kCollector = "connections";

    bool per_process = false;  // sysmetrics_process_connections{process,pid,state}
    // The per-state TCP and UDP counts on /metrics.
    bool state_counts = kStateCountsByDefault;
#ifdef _WIN32
    // windows_exporter's tcp collector exports them by default; the table costs in proportion
    // to the connections in it.
    static constexpr bool kStateCountsByDefault = true;
#else
    // As node_exporter's tcpstat: a TCP dump walks the kernel's whole established hash table,
    // sized by memory (262,144 buckets at 24 GiB, about 1.5 ms a walk), whatever it holds.
    static constexpr bool kStateCountsByDefault = false;
#endif

    static std::vector<std::string> keys() {
        return {"per_process", "state_counts"};
    }
    ConfigStatus apply(const std::string& key, const nlohmann::json& value,
                       const std::string& origin, const std::string& path);
    nlohmann::json toJson() const {
        return {{"per_process", per_process}, {"state_counts", state_counts}};
    }
};

}  // namespace sysmetrics
