#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "collectors/collector.h"
#include "collectors/section.h"
#include "config/extension_config.h"

namespace sysmetrics {

// One value of a configured performance counter, named and labelled for /metrics.
struct PerfCounterValue {
    std::string metric;
    bool is_counter = false;  // a Prometheus counter (a raw rate counter), else a gauge
    std::vector<std::pair<std::string, std::string>> labels;  // instance first, then extras
    double value = 0;
};

struct PerformanceCounterSection : Section {
    static constexpr const char* kName = "performancecounter";
    std::vector<PerfCounterValue> values;
};

// Implemented per platform (collectors/windows/perfcounter_probe.cpp; on Linux a collector
// that reports itself unsupported).
std::shared_ptr<Collector> makePerformanceCounterCollector(const PerformanceCounterConfig& config);

// Checks every configured object and counter against this machine: "" when all exist, else
// one line naming the first that does not. Called when a configuration is loaded or reloaded.
std::string checkPerformanceCounters(const PerformanceCounterConfig& config);

}  // namespace sysmetrics
