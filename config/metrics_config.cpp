#include "config/metrics_config.h"

#include "config/config_json.h"

namespace sysmetrics {

ConfigStatus applyMetricsJson(MetricsConfig& metrics, const std::string& origin,
                              const nlohmann::json& value) {
    if (!value.is_object()) {
        return wrongType(origin, "metrics", "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        if (key != "legacy_names") {
            return unknownKey(origin, "metrics." + key, {"legacy_names"});
        }
        if (auto status = readBool(metrics.legacy_names, field, origin, "metrics." + key);
            !status.ok()) {
            return status;
        }
    }
    return {};
}

nlohmann::json metricsConfigJson(const MetricsConfig& metrics) {
    return {{"legacy_names", metrics.legacy_names}};
}

}  // namespace sysmetrics
