#pragma once

#include <map>
#include <string>
#include <vector>

#include "http/prometheus/render_context.h"
#include "http/rest/rest_route.h"

namespace sysmetrics {

// What the http layer serves of one collector: its families at /metrics and its REST routes.
// The catalog (service/collector_catalog.cpp) gives one per collector.
struct CollectorHttp {
    std::string name;
    Exposition exposition;
    RestRoutes routes;
    ExpositionReads metrics_reads;  // null: /metrics reads its own section
};

using CollectorHttpList = std::vector<CollectorHttp>;

// What exporting each collector's families reads: collector -> the data it uses (its own
// section, unless its metrics_reads says otherwise for these settings).
using ReadsByCollector = std::map<std::string, std::vector<std::string>>;
inline ReadsByCollector metricsReadsOf(const CollectorHttpList& collectors,
                                       const SettingsMap& settings) {
    ReadsByCollector reads;
    for (const auto& collector : collectors) {
        reads[collector.name] = collector.metrics_reads ? collector.metrics_reads(settings)
                                                        : std::vector<std::string>{collector.name};
    }
    return reads;
}

}  // namespace sysmetrics
