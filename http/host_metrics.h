#pragma once

#include <string>

#include "collectors/section.h"
#include "http/metric_families.h"

namespace sysmetrics {

// Host metrics follow the incumbent of each platform so existing dashboards work:
// windows_exporter's names on Windows, node_exporter's on Linux.
enum class MetricNaming { windows, linux };

// Appends the families of one collector's section; false when no mapping exists for it.
bool appendSectionMetrics(const std::string& collector, const Section& section, MetricNaming naming,
                          FamilyList& out);

}  // namespace sysmetrics
