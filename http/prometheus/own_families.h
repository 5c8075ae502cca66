#pragma once

#include <string>

#include "http/prometheus/render_context.h"

namespace sysmetrics {

// True when `name` is, or may become, a metric sysmetrics exports itself under `naming`: a
// textfile family with such a name is refused, so /metrics never holds one family twice.
// Whole subsystems are reserved (windows_cpu_*, node_memory_*...), not only today's names,
// so a new metric of ours cannot start clashing with a file that was accepted before.
bool isOwnMetricName(const std::string& name, MetricNaming naming);

}  // namespace sysmetrics
