#include "service/extension_collectors.h"

#include <spdlog/spdlog.h>

#include "collectors/performancecounter.h"
#include "collectors/textfile.h"
#include "http/prometheus/own_families.h"
#include "service/app.h"

namespace sysmetrics {

namespace {

std::shared_ptr<Collector> makeTextfileCollector(const TextfileConfig& config) {
    TextfileOptions options;
    options.directories = config.directories;
    options.max_file_bytes = config.max_file_bytes;
    if (options.directories.empty()) {
        options.directories.push_back(defaultTextfileDirectory());
        if (auto made = ensureTextfileDirectory(options.directories.front()); !made.ok()) {
            spdlog::warn("textfile: cannot create the default directory {}: {}",
                         options.directories.front(), made.error().describe());
        }
    }
    const MetricNaming naming = platformNaming();
    options.reserved = [naming](const std::string& name) { return isOwnMetricName(name, naming); };
    return std::make_shared<TextfileCollector>(std::move(options));
}

}  // namespace

std::string checkEnabledPerformanceCounters(const Config& config) {
    auto it = config.collectors.find(PerformanceCounterSection::kName);
    if (it == config.collectors.end() || !it->second.enabled) {
        return "";
    }
    return checkPerformanceCounters(config.performancecounter);
}

std::shared_ptr<Collector> makeExtensionCollector(const std::string& name, const Config& config) {
    if (name == TextfileSection::kName) {
        return makeTextfileCollector(config.textfile);
    }
    if (name == PerformanceCounterSection::kName) {
        return makePerformanceCounterCollector(config.performancecounter);
    }
    return nullptr;
}

}  // namespace sysmetrics
