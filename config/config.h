#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/config_error.h"
#include "base/result.h"
#include "config/collector_schema.h"
#include "config/metrics_config.h"
#include "config/remote_write_config.h"
#include "config/web_config.h"

namespace sysmetrics {

struct CollectorConfig {
    bool enabled = true;
    std::chrono::milliseconds interval{5000};
    // 0: always collect at `interval`; else the interval while nobody reads the data.
    std::chrono::milliseconds idle_interval{0};
    // Idling never collects more often than `interval`: a longer interval set by a flag or a
    // file over a shorter default idle interval wins.
    std::chrono::milliseconds effectiveIdleInterval() const {
        return idle_interval.count() > 0 && idle_interval < interval ? interval : idle_interval;
    }
    // While its data is read at a steady period of two intervals or more (a Prometheus
    // scraping), collect once per read, shortly before it is due.
    bool pace_to_readers = true;
};

struct Config {
    ListenAddress listen;
    WebConfig web;
    MetricsConfig metrics;
    std::string log_level = "info";
    std::string log_file;
    // Every known collector, enabled or not, and the settings of those that have their own.
    std::map<std::string, CollectorConfig> collectors;
    SettingsMap settings;
    RemoteWriteConfig remote_write;  // the top-level "remote_write" section
    // What the catalog says of each collector (service/collector_catalog.cpp).
    std::shared_ptr<const CollectorSchemas> schemas;
    std::string fault_hang_collector;  // test only, from --fault-hang-collector
    // Where the file came from ("" when only defaults and flags were used).
    std::string source_path;

    std::vector<std::string> enabledCollectors() const;
    std::vector<std::string> knownCollectors() const;
};

// Every collector at its defaults, as `schemas` describe them.
Config defaultConfig(CollectorSchemas schemas);

// Applies a JSON document onto `base`. `origin` names the source in messages.
ConfigResult<Config> applyConfigJson(Config base, const std::string& json_text,
                                     const std::string& origin);

ConfigResult<ListenAddress> parseListenAddress(const std::string& text);
// `what` names the setting in the message ("key 'collectors.cpu.interval_seconds'").
ConfigResult<std::chrono::milliseconds> parseInterval(const std::string& what, double seconds);
bool isValidLogLevel(const std::string& level);

// `config` as a config file (defaults as JSON text, documented in docs/config.md).
std::string configJson(const Config& config);

}  // namespace sysmetrics
