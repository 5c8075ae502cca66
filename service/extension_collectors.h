#pragma once

#include <memory>
#include <string>

#include "collectors/collector.h"
#include "config/config.h"

namespace sysmetrics {

// The collectors configured by the admin's files and counters (textfile, performancecounter);
// null for any other name.
std::shared_ptr<Collector> makeExtensionCollector(const std::string& name, const Config& config);

// The configured performance counters checked against this machine when the collector is
// enabled: "" when every object and counter exists, else one line naming the first missing.
std::string checkEnabledPerformanceCounters(const Config& config);

}  // namespace sysmetrics
