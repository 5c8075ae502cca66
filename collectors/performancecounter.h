#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/config_error.h"
#include "collectors/collector.h"
#include "collectors/section.h"

namespace sysmetrics {

using PerfLabels = std::vector<std::pair<std::string, std::string>>;

// One value of a configured performance counter, named and labelled for /metrics.
struct PerfCounterValue {
    std::string metric;
    bool is_counter = false;  // a Prometheus counter (a raw rate counter), else a gauge
    PerfLabels labels;        // instance first, then the object's extra labels
    double value = 0;
};

struct PerformanceCounterSection : Section {
    static constexpr const char* kName = "performancecounter";
    std::vector<PerfCounterValue> values;
};

// One configured counter as the collector reads it: its PDH name and the metric name it takes
// as a gauge or as a Prometheus counter (which one follows the PDH counter type unless the
// configuration forces it).
struct PerfCounterSpec {
    std::string name;  // the English PDH counter name
    std::string gauge_metric;
    std::string counter_metric;
    std::optional<bool> as_counter;  // set when the configuration says "counter" or "gauge"
};

// One PDH object: one query per object per cycle.
struct PerfObjectSpec {
    std::string object;                  // the English PDH object name
    std::vector<std::string> instances;  // empty = a single-instance object
    std::vector<PerfCounterSpec> counters;
    PerfLabels labels;
    bool formatted = false;  // PDH's cooked values as gauges, rate counters included
};

using PerfObjectSpecs = std::vector<PerfObjectSpec>;

// Implemented per platform (collectors/windows/perfcounter_probe.cpp; on Linux a collector
// that reports itself unsupported).
std::shared_ptr<Collector> makePerfCounterCollector(const PerfObjectSpecs& objects);

// Checks every object and counter against this machine: the error, one line, names the first
// that does not exist (objects[i] is its index in the configuration). Called when a
// configuration is loaded or reloaded.
ConfigStatus checkPerformanceCounters(const PerfObjectSpecs& objects);

}  // namespace sysmetrics
