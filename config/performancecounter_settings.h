#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/collector_schema.h"

namespace sysmetrics {

// One counter of a performance-counter object.
struct PerfCounterConfig {
    std::string name;    // the English PDH counter name, such as "Current Connections"
    std::string metric;  // "" = windows_performancecounter_<object>_<counter>
    std::string type;    // "counter", "gauge" or "" (from the PDH counter type)
};

// One PDH object (one query per object), as windows_exporter's performancecounter collector.
struct PerfObjectConfig {
    std::string name;                    // names the derived metrics; defaults to `object`
    std::string object;                  // the English PDH object name, such as "Web Service"
    std::vector<std::string> instances;  // "*", "_Total" or names; empty = a single-instance object
    std::vector<PerfCounterConfig> counters;
    std::vector<std::pair<std::string, std::string>> labels;  // extra constant labels
    bool formatted = false;  // "type": "formatted" exports PDH's cooked values as gauges
};

// collectors.performancecounter: any PDH counter named in the configuration.
struct PerformanceCounterSettings : CollectorSettings {
    static constexpr const char* kCollector = "performancecounter";

    std::vector<PerfObjectConfig> objects;

    static std::vector<std::string> keys() { return {"objects"}; }
    ConfigStatus apply(const std::string& key, const nlohmann::json& value,
                       const std::string& origin, const std::string& path);
    nlohmann::json toJson() const;
};

// The metric name a counter is exported under: `metric` when set, else derived from the object
// and counter names (lower snake case; a counter exported as a Prometheus counter loses a
// trailing "/sec" and ends in _total).
std::string perfCounterMetricName(const PerfObjectConfig& object, const PerfCounterConfig& counter,
                                  bool as_counter);

}  // namespace sysmetrics
