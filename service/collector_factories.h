#pragma once

#include <memory>
#include <string>

#include "collectors/collector.h"
#include "config/config.h"

namespace sysmetrics {

// The collectors set up from the configuration (their settings) or needing more than a probe
// or a source to read. The catalog (service/collector_catalog.cpp) binds them; it builds the
// rest from the platform's probe or source directly.
std::shared_ptr<Collector> makeProcessCollector(const Config& config);
std::shared_ptr<Collector> makeServiceCollector(const Config& config);
std::shared_ptr<Collector> makeTextfileCollector(const Config& config);
std::shared_ptr<Collector> makePerformanceCounterCollector(const Config& config);

// The configured performance counters checked against this machine when their collector is
// enabled: the error, one line, names the first object or counter missing. Called when a
// configuration is loaded or reloaded.
ConfigStatus checkEnabledPerformanceCounters(const Config& config);

// Test-only fault (--fault-hang-collector NAME): a collector that blocks forever in collect(),
// as an OS call that never returns would, so tests can prove it never blocks STOP.
std::shared_ptr<Collector> makeHangingCollector(const std::string& name);

}  // namespace sysmetrics
