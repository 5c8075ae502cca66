#include "service/reload.h"

#include <spdlog/spdlog.h>

#include "service/collector_catalog.h"
#include "service/collector_factories.h"
#include "service/file_trust_check.h"

namespace sysmetrics {

ConfigStatus reloadConfiguration(App& app, const CommandLine& line,
                                 const std::string& default_config_path) {
    auto config = resolveConfig(line, defaultConfig(), default_config_path);
    if (!config.ok()) {
        return config.error();
    }
    if (auto trusted = checkConfiguredFileTrust(config.value()); !trusted.ok()) {
        return trusted.error();
    }
    if (auto counters = checkEnabledPerformanceCounters(config.value()); !counters.ok()) {
        return counters.error();
    }
    const std::string level = config->log_level;
    if (auto applied = app.reload(std::move(config).value()); !applied.ok()) {
        // Not the user's text but the OS's (a listen address that cannot be bound): said as is.
        return ConfigError{applied.error().describe()};
    }
    spdlog::default_logger()->set_level(spdlog::level::from_str(level));
    return {};
}

}  // namespace sysmetrics
