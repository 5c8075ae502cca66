#include "service/reload.h"

#include <spdlog/spdlog.h>

#include "service/collector_catalog.h"
#include "service/collector_factories.h"
#include "service/file_trust_check.h"

namespace sysmetrics {

bool reloadConfiguration(App& app, const CommandLine& line,
                         const std::string& default_config_path) {
    auto config = resolveConfig(line, defaultConfig(), default_config_path);
    if (!config.ok()) {
        spdlog::error("reload rejected, the running configuration stays: {}",
                      config.error().message);
        return false;
    }
    if (auto trusted = checkConfiguredFileTrust(config.value()); !trusted.ok()) {
        spdlog::error("reload rejected, the running configuration stays: {}",
                      trusted.error().message);
        return false;
    }
    if (auto counters = checkEnabledPerformanceCounters(config.value()); !counters.ok()) {
        spdlog::error("reload rejected, the running configuration stays: {}",
                      counters.error().message);
        return false;
    }
    const std::string level = config->log_level;
    auto applied = app.reload(std::move(config).value());
    if (!applied.ok()) {
        spdlog::error("reload rejected, the running configuration stays: {}",
                      applied.error().describe());
        return false;
    }
    spdlog::default_logger()->set_level(spdlog::level::from_str(level));
    return true;
}

}  // namespace sysmetrics
