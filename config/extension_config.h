#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sysmetrics {

struct Config;
struct ConfigError;

// collectors.textfile: *.prom files written by other programs, served with our metrics.
struct TextfileConfig {
    std::vector<std::string> directories;  // empty = the platform's default directory
    std::uint64_t max_file_bytes = 4 * 1024 * 1024;
};

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

struct PerformanceCounterConfig {
    std::vector<PerfObjectConfig> objects;
};

// The keys of collectors.textfile / collectors.performancecounter other than enabled and
// interval_seconds: nullopt when `key` is not one of them, else the error or none.
std::optional<std::optional<ConfigError>> applyTextfileKey(TextfileConfig& textfile,
                                                           const std::string& origin,
                                                           const std::string& key,
                                                           const std::string& path,
                                                           const nlohmann::json& field);
std::optional<std::optional<ConfigError>> applyPerformanceCounterKey(
    PerformanceCounterConfig& counters, const std::string& origin, const std::string& key,
    const std::string& path, const nlohmann::json& field);

// Both at once for collector `name`: nullopt when it is neither (or `key` is a common one).
std::optional<std::optional<ConfigError>> applyExtensionKey(
    Config& config, const std::string& origin, const std::string& name, const std::string& key,
    const std::string& path, const nlohmann::json& field);

// The metric name a counter is exported under: `metric` when set, else derived from the object
// and counter names (lower snake case; a counter exported as a Prometheus counter loses a
// trailing "/sec" and ends in _total).
std::string perfCounterMetricName(const PerfObjectConfig& object, const PerfCounterConfig& counter,
                                  bool as_counter);

nlohmann::json textfileConfigJson(const TextfileConfig& textfile);
nlohmann::json performanceCounterConfigJson(const PerformanceCounterConfig& counters);

}  // namespace sysmetrics
