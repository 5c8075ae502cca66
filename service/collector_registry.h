#pragma once

#include <memory>
#include <string>

#include "collectors/collector.h"
#include "config/config.h"

namespace sysmetrics {

// A fresh collector for a name from knownCollectors(), set up from the configuration; null for
// an unknown name.
std::shared_ptr<Collector> makeCollector(const std::string& name, const Config& config);

// The part of the configuration makeCollector(name, config) reads, as text: equal text, an
// equal collector (so a reload may keep the running one and its state).
std::string collectorSettings(const std::string& name, const Config& config);

}  // namespace sysmetrics
