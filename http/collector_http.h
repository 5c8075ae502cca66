#pragma once

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

}  // namespace sysmetrics
