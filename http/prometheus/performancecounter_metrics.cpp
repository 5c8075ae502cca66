#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

void appendPerformanceCounterMetrics(const PerformanceCounterSection& section, const RenderContext&,
                                     FamilyList& out) {
    for (const auto& value : section.values) {
        const std::string help = "Performance counter from the configuration (PDH).";
        if (value.is_counter) {
            out.counter(value.metric, help, value.value, value.labels);
        } else {
            out.gauge(value.metric, help, value.value, value.labels);
        }
    }
}

}  // namespace sysmetrics
