#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/config_error.h"

namespace sysmetrics {

// The "metrics" section of the config file: how /metrics is written.
struct MetricsConfig {
    // The families windows_exporter dropped or renamed (windows_cs_*, the old windows_os_*,
    // windows_system_system_up_time, ...), so dashboards written for v0.25-v0.30 keep working.
    bool legacy_names = true;
};

ConfigStatus applyMetricsJson(MetricsConfig& metrics, const std::string& origin,
                              const nlohmann::json& value);

nlohmann::json metricsConfigJson(const MetricsConfig& metrics);

}  // namespace sysmetrics
