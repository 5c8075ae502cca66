#pragma once

#include <memory>
#include <string>

#include "collectors/collector.h"

namespace sysmetrics {

// A fresh collector for a name from config's knownCollectors(), or null for an unknown name.
std::shared_ptr<Collector> makeCollector(const std::string& name);

}  // namespace sysmetrics
