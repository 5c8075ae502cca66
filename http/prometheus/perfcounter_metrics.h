#pragma once

#include "collectors/performancecounter.h"
#include "http/host_metrics.h"

namespace sysmetrics {

void appendPerformanceCounterMetrics(const PerformanceCounterSection& section, MetricNaming naming,
                                     FamilyList& out);

}  // namespace sysmetrics
